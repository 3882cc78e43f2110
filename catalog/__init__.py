"""The indicator catalogue of the CCHC statistics tables, and what it gives the lake: a key for every indicator row,
the arithmetic checks of a report, one key per commune and period, and the province's wide table."""
