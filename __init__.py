"""baocao: Vietnamese commune CCHC reports (PDF, scans, DOCX, text) to a Parquet data lake."""
from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("baocao")
except _metadata.PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0+unknown"
