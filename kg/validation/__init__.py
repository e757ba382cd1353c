"""Validation: SHACL shapes run over the store (our engine or pyshacl), findings, reports."""
