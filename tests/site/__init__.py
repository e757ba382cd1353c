"""Tests of kg.site."""
