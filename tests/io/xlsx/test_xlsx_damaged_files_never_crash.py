"""A workbook damaged anywhere is either still read or refused with ReadError: never another exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.io import ReadError, ReadResult
from nianbao.io.xlsx import XlsxReader, XlsxWriter
from tests.io.samples import seed_like

GOOD = XlsxWriter().write(seed_like())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(GOOD) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_flipped_bytes_are_read_or_refused(damage):
    data = bytearray(GOOD)
    for at, byte in damage:
        data[at] = byte
    try:
        result = XlsxReader().read(bytes(data), name="坏.xlsx")
    except ReadError as exc:
        assert str(exc).startswith("坏.xlsx：")
    else:
        assert isinstance(result, ReadResult)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, len(GOOD) - 1))
def test_a_truncated_file_is_refused(cut):
    try:
        XlsxReader().read(GOOD[:cut], name="坏.xlsx")
    except ReadError as exc:
        assert str(exc).startswith("坏.xlsx：")
