"""Tests of kg.store."""
