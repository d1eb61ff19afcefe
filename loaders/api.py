"""What the read side (the dashboard) uses of the loaders package, in one place: it imports these
names rather than the loader's internals."""
from .export import csv_bytes, xlsx_bytes

__all__ = ["csv_bytes", "xlsx_bytes"]
