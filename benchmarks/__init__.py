"""Measuring instruments: each module runs one comparison and prints its figures."""
