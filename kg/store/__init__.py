"""The store: a pyoxigraph store on disk with record graphs, a consolidated graph and its view."""
