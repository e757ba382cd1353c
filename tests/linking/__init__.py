"""Tests of kg.linking."""
