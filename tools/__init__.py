"""Developer tools that are not part of the kg package (run from a checkout)."""
