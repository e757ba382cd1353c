"""Mapping: one parsed record to its RDF graph (entities, languages, reference data)."""
