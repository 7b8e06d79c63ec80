"""Test XLSForms, written with openpyxl so the sheets stay readable in review."""
