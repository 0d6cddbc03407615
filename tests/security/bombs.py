"""Small hostile workbooks built on the fly: each a few MB at most, each far costlier to parse than to send.

Every bomb is a real workbook (written by openpyxl, then one part swapped), so without the guards openpyxl
would open it and start parsing.
"""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _base() -> dict[str, bytes]:
    book = Workbook()
    book.active.append(["网站名称", "政府网站标识码"])
    out = io.BytesIO()
    book.save(out)
    with zipfile.ZipFile(out) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _pack(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _sheet(rows_xml: str) -> bytes:
    return f"{_HEAD}<worksheet {_NS}><sheetData>{rows_xml}</sheetData></worksheet>".encode()


def cells_bomb(cells: int = 1_200_000) -> bytes:
    """One row of over a million numeric cells (no references, varied values: an ordinary ratio)."""
    parts = _base()
    row = "".join(f"<c><v>{(n * 7919) % 100003}</v></c>" for n in range(cells))
    parts[SHEET] = _sheet(f'<row r="1">{row}</row>')
    return _pack(parts)


def far_cell_bomb(row: int = 2_000_000) -> bytes:
    """Two cells, one far below the first (beyond Excel's last row): a read-only sheet would yield every
    empty row in between."""
    parts = _base()
    parts[SHEET] = _sheet(
        f'<row r="1"><c r="A1"><v>1</v></c></row><row r="{row}"><c r="A{row}"><v>1</v></c></row>'
    )
    return _pack(parts)


def far_column_bomb() -> bytes:
    """Rows with one cell in the last column, XFD: each row read would be 16,384 cells wide."""
    parts = _base()
    rows = "".join(f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(1, 5001))
    parts[SHEET] = _sheet(rows)
    return _pack(parts)


def shared_strings_bomb(strings: int = 600_000) -> bytes:
    """Hundreds of thousands of shared strings, all loaded when the workbook opens."""
    parts = _base()
    body = "".join(f"<si><t>{n:x}</t></si>" for n in range(strings))
    parts[STRINGS] = f'{_HEAD}<sst {_NS} count="{strings}" uniqueCount="{strings}">{body}</sst>'.encode()
    return _pack(parts)


def entity_bomb() -> bytes:
    """“Billion laughs”: nested entities in the shared strings, expanding to gigabytes."""
    parts = _base()
    entities = '<!ENTITY lol0 "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10)
    )
    parts[STRINGS] = (
        f'{_HEAD}<!DOCTYPE sst [{entities}]><sst {_NS} count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    ).encode()
    return _pack(parts)


def ratio_bomb(megabytes: int = 60) -> bytes:
    """A sheet padded with tens of megabytes of spaces: tiny compressed, huge inflated."""
    parts = _base()
    padding = " " * (megabytes * 1024 * 1024)
    parts[SHEET] = _sheet(f'<row r="1"><c r="A1"><v>1</v></c></row>{padding}')
    return _pack(parts)


BOMBS = {
    "cells": cells_bomb,
    "far-cell": far_cell_bomb,
    "far-column": far_column_bomb,
    "shared-strings": shared_strings_bomb,
    "xml-entities": entity_bomb,
    "ratio": ratio_bomb,
}
