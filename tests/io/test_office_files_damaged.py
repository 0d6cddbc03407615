"""A Word or Excel file damaged anywhere is still read or refused with ReadError: never another exception."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.io import ReadError, ReadResult
from tests.io.office_formats import OFFICE_FORMATS
from tests.io.samples import seed_like

GOOD = {fmt.suffix: fmt.writer().write(seed_like()) for fmt in OFFICE_FORMATS}
SHARE = st.floats(0, 1, exclude_max=True)  # where in the file, as a share of its length
BYTE_DAMAGE = st.lists(st.tuples(SHARE, st.integers(0, 255)), min_size=1, max_size=8)


def read_or_refuse(fmt, data: bytes) -> None:
    try:
        result = fmt.reader().read(data, name=f"坏{fmt.suffix}")
    except ReadError as exc:
        assert str(exc).startswith(f"坏{fmt.suffix}：")
    else:
        assert isinstance(result, ReadResult)


@pytest.mark.parametrize("fmt", OFFICE_FORMATS, ids=str)
@settings(max_examples=40)
@given(damage=BYTE_DAMAGE)
def test_flipped_bytes_are_read_or_refused(fmt, damage):
    data = bytearray(GOOD[fmt.suffix])
    for where, byte in damage:
        data[int(where * len(data))] = byte
    read_or_refuse(fmt, bytes(data))


@pytest.mark.parametrize("fmt", OFFICE_FORMATS, ids=str)
@settings(max_examples=20)
@given(share=SHARE)
def test_a_truncated_file_is_read_or_refused(fmt, share):
    good = GOOD[fmt.suffix]
    read_or_refuse(fmt, good[: int(share * len(good))])
