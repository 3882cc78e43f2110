"""Repairing Vietnamese text: Unicode form, legacy encodings, lost glyphs; numbers and comparison forms."""
