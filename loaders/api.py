"""What the read side (dashboard/, pages/, streamlit_app.py) uses of the loaders package, in one place: it
imports these names rather than the loader's internals, and nothing from factory/.

Loading files (ingest and its constants) pulls in the PDF and Excel readers, and removing a document
the checks it changes: a second of imports that a page only reading the database must not pay, so
those names are imported on first use.
"""
from importlib import import_module


from .database.export import csv_bytes, xlsx_bytes
from .checklist import GROUPS as CHECK_GROUPS, SPECS as CHECK_SPECS, check_titles
from .judgement import FLATTERY, JUDGEMENT
from .run.limits import SettingError, setting
from .vocabulary import DISCLOSED, DOC_KINDS, FUNCTION_CLASSES, FUNDS, SANGONG_COMPONENTS, SANGONG_ITEMS, SCOPES, VEHICLE_KINDS
from .database.files import source_file
from .database.parquet import connect as connect_parquet
from .database.schema import ACCOUNTS, BOX, POSITION_COLUMNS, PRINTED, columns, holding, outdated, report_key
from .database.store import (ALTERED, DAMAGED, DatabaseBusy, DatabaseDamaged, bring_up_to_date, choose, connect,
                             damaged, opened, set_setting, unreadable)

_LATER = {"ingest": "run.ingest", "expand": "run.ingest", "FileResult": "run.ingest", "SUFFIXES": "run.ingest", "summary": "run.ingest",
          "in_order_shown": "run.ingest", "OUTCOMES": "run.ingest",
          "MAX_BYTES": "run.ingest", "decode": "read.text_source",
          "source_lines": "read.flow", "sheet_lines": "read.excel_source", "remove": "database.record"}

__all__ = ["CHECK_GROUPS", "CHECK_SPECS", "check_titles", "FLATTERY", "JUDGEMENT", "DISCLOSED", "DOC_KINDS", "FUNCTION_CLASSES", "FUNDS", "SANGONG_COMPONENTS", "SANGONG_ITEMS", "SCOPES", "VEHICLE_KINDS", "csv_bytes", "xlsx_bytes", "connect_parquet", "ALTERED", "DAMAGED", "DatabaseBusy", "DatabaseDamaged", "bring_up_to_date", "ACCOUNTS", "BOX", "POSITION_COLUMNS", "PRINTED", "columns", "holding", "outdated", "report_key",
           "choose", "connect", "damaged", "opened", "set_setting", "setting", "SettingError", "source_file", "unreadable", *_LATER]


def __getattr__(name: str):
    if name not in _LATER:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_LATER[name]}", __package__), name)
