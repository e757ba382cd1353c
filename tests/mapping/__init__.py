"""Tests of kg.mapping."""
