"""Write a report as JSON: every item of the template, blank as null, 无 as "无", values in plain form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import ClassVar

from nianbao.report.codec import encode_report
from nianbao.report.report import Report

FORMAT_VERSION = 1


def dumps(report: Report) -> str:
    """Return the report as a JSON document (UTF-8 text, Chinese kept readable)."""
    document = {
        "format": "nianbao-report",
        "version": FORMAT_VERSION,
        "template": report.template.id,
        # The region whose title the report carries ("" for the national title): the form is the same.
        "region": report.template.region,
        "year": report.year if report.year is not None else report.template.year,
        "values": encode_report(report),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_report(report: Report, path: str | Path) -> None:
    """Write the report as JSON to a file."""
    Path(path).write_text(dumps(report), encoding="utf-8")


class JsonWriter:
    format: ClassVar[str] = "json"
    suffix: ClassVar[str] = ".json"
    mimetype: ClassVar[str] = "application/json"

    def write(self, report: Report, *, appendix: bool = False) -> bytes:
        """Return the report as JSON; the 填写说明 belongs to the template, so `appendix` changes nothing."""
        return dumps(report).encode("utf-8")
