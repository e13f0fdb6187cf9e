"""Same events, same bytes: Office files are zip archives whose entries python-docx and
python-pptx stamp with the current time; :func:`fixed_zip` stamps them with the brief's own."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

__all__ = ["fixed_zip"]


def fixed_zip(data: bytes, when: dt.datetime) -> bytes:
    """The archive ``data`` with every entry dated ``when`` (same order, names and content)."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry))
    return out.getvalue()
