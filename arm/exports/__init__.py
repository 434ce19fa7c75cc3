"""Exports: tables of typed columns (`table.py`), rendered as CSV or XLSX by the user's language."""
