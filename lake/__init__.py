"""The Parquet data lake: reports/ and indicators/ datasets, keyed by content."""
