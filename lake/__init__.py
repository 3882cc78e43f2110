"""The Parquet data lake: reports/, indicators/ and checks/ datasets, documents keyed by content, the lake's state
in a SQLite catalogue (`catalog.py`), written only by the process that runs a batch (`batch.py`), converted in
bounded worker processes (`worker.py`, `jobs.py`: local cores or a Dask cluster)."""
