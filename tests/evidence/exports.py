"""Writers of small exports for the tests: the same rows as CSV, JSON, JSON lines or XLSX."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def write_export(
    path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]], encoding: str = "utf-8"
) -> Path:
    """Write rows under headers in the format named by the path's suffix."""
    suffix = path.suffix
    if suffix == ".csv":
        with path.open("w", encoding=encoding, newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            writer.writerows(rows)
    elif suffix == ".json":
        path.write_text(
            json.dumps([dict(zip(headers, r, strict=True)) for r in rows], ensure_ascii=False, default=str)
        )
    elif suffix == ".jsonl":
        lines = [
            json.dumps(dict(zip(headers, r, strict=True)), ensure_ascii=False, default=str) for r in rows
        ]
        path.write_text("\n".join(lines) + "\n")
    elif suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(list(headers))
        for row in rows:
            sheet.append(list(row))
        book.save(path)
    else:
        raise ValueError(suffix)
    return path
