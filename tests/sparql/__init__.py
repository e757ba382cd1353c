"""Tests of kg.sparql."""
