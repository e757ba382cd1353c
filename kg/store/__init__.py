"""The store: a pyoxigraph store on disk with record graphs, a consolidated graph and its view."""

STORE_DIR = "store"  # the store's folder inside a build's output folder
