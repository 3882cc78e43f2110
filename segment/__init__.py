"""Repaired text → table rows and report fields, whatever source the text came from."""
