"""Tests of kg.cli."""
