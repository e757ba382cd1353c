"""SPARQL: the stored queries, their output formats and remote endpoints."""
