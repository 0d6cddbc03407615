"""What the supervision pages share: the scope check, spreadsheet responses and the refusal page."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from openpyxl import Workbook

from nianbao.analysis.xlsx import write_xlsx
from nianbao.web.oversight.scope import Scope, scope_for


def refused(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Answer a request that has no supervised region at all."""
    return render(request, "reporting/refused.html", {"message": scope.error}, status=403)


def page_scope(request: HttpRequest) -> tuple[Scope, HttpResponse | None]:
    """Return the page's scope, or the response to give when the user supervises nothing."""
    scope = scope_for(request)
    if not scope.regions:
        return scope, refused(request, scope)
    return scope, None


def posted_scope(request: HttpRequest) -> tuple[Scope, HttpResponse | None]:
    """Return the region and year a form posted, or the response when they will not do: 403 for a user
    who supervises nothing, back to 填报进度 with the reason for a missing or refused region or year."""
    scope = scope_for(request, request.POST)
    if not scope.regions:
        return scope, refused(request, scope)
    if scope.error or not scope.ok:
        messages.error(request, scope.error or "请选择地区和年度")
        return scope, redirect("oversight:board")
    return scope, None


def attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(rows: Iterable[list[Any]], filename: str, title: str) -> HttpResponse:
    """Return rows (the first is the header) as a workbook of one sheet; dates are written as dates."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return attachment(buffer.getvalue(), XLSX, filename)


def fast_xlsx_response(rows: Iterable[list[Any]], filename: str, title: str) -> HttpResponse:
    """Return a large table of numbers and text as a workbook (nianbao.analysis.xlsx: no cell objects)."""
    return attachment(write_xlsx(rows, title), XLSX, filename)


def csv_response(rows: Iterable[list[Any]], filename: str) -> HttpResponse:
    """Return rows as UTF-8 CSV with a byte order mark, which spreadsheet programs need to read Chinese."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return attachment(buffer.getvalue().encode("utf-8"), "text/csv; charset=utf-8", filename)
