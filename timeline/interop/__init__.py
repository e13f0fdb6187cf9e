"""Other formats: TimelineJS JSON and Google Sheets CSV, and our spreadsheet CSV and JSON."""

from __future__ import annotations

__all__ = ["EXPORT_FORMATS", "IMPORT_FORMATS"]

IMPORT_FORMATS = ("timelinejs-json", "timelinejs-csv", "csv", "json")
EXPORT_FORMATS = ("timelinejs-json", "timelinejs-csv", "csv", "json")
