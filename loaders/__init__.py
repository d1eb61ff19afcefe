"""Loaders: PDF reports and text exports → typed records → DuckDB (the write side)."""
