"""Write the long form: one row per item: key, section, label, unit, value (无 for 无, empty for blank).

UTF-8 with a byte-order mark, so that spreadsheet programs open the Chinese correctly.
"""

from __future__ import annotations

import csv
import io
from typing import ClassVar

from nianbao.io.csv.cells import COLUMNS, protect
from nianbao.report.coerce import format_value
from nianbao.report.report import Report


class CsvWriter:
    format: ClassVar[str] = "csv"
    suffix: ClassVar[str] = ".csv"
    mimetype: ClassVar[str] = "text/csv; charset=utf-8"

    def write(self, report: Report, *, appendix: bool = False) -> bytes:
        """Return the report in long form; the 填写说明 has no place in it, so `appendix` changes nothing."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        template = report.template
        for item, value in report:
            text = protect(value, format_value(item, value))
            writer.writerow([item.key, template.section_label(item), item.label, item.unit, text])
        return out.getvalue().encode("utf-8-sig")
