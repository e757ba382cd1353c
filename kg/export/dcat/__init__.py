"""DCAT-AP: the catalogue of the open release, its configuration and the VoID description."""
