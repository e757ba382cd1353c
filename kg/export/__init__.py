"""Open-data exports: serialisations, JSON-LD, CSV, DCAT-AP and VoID."""
