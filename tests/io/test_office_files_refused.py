"""Broken, legacy and hostile Word and Excel files are refused in Chinese, naming the file and the reason."""

from __future__ import annotations

import pytest

from nianbao.io import ReadError
from nianbao.io.registry import read_bytes
from tests.io import zipfiles
from tests.io.office_formats import OFFICE_FORMATS, OfficeFormat
from tests.io.samples import seed_like

pytestmark = pytest.mark.parametrize("fmt", OFFICE_FORMATS, ids=str)


@pytest.fixture(scope="module")
def good_files() -> dict[str, bytes]:
    return {fmt.suffix: fmt.writer().write(seed_like()) for fmt in OFFICE_FORMATS}


def refusal(fmt: OfficeFormat, data: bytes) -> str:
    name = f"年报{fmt.suffix}"
    with pytest.raises(ReadError) as caught:
        fmt.reader().read(data, name=name)
    message = str(caught.value)
    assert message.startswith(f"{name}：")
    return message


def test_a_file_that_is_not_a_zip_is_refused(fmt):
    assert fmt.not_valid in refusal(fmt, b"<html>not an office file</html>")


def test_a_truncated_file_is_refused(fmt, good_files):
    good = good_files[fmt.suffix]
    assert "已损坏" in refusal(fmt, good[: len(good) // 2])


def test_a_zip_without_the_main_part_is_refused(fmt, good_files):
    without_main = zipfiles.without_member(good_files[fmt.suffix], fmt.main_part)
    assert f"缺少 {fmt.main_part}" in refusal(fmt, without_main)
    assert "缺少 [Content_Types].xml" in refusal(fmt, zipfiles.plain_zip())


def test_a_legacy_or_encrypted_file_is_named_as_such(fmt):
    message = refusal(fmt, zipfiles.OLE_FILE)
    assert fmt.legacy_suffix in message and "加密" in message


def test_a_zip_bomb_is_refused_before_parsing(fmt, good_files):
    assert "压缩炸弹" in refusal(fmt, zipfiles.with_zero_bomb(good_files[fmt.suffix]))


def test_too_many_members_are_refused(fmt, good_files):
    assert "文件过多" in refusal(fmt, zipfiles.with_many_members(good_files[fmt.suffix], 2100))


def test_a_total_beyond_the_limit_is_refused(fmt, good_files, monkeypatch):
    from nianbao.io import ziputil

    monkeypatch.setattr(ziputil, "MAX_TOTAL_UNCOMPRESSED", 10_000)
    assert "解压后总大小" in refusal(fmt, good_files[fmt.suffix])


def test_an_entity_bomb_in_the_main_part_is_refused(fmt, good_files):
    bomb = zipfiles.BILLION_LAUGHS + b"<root>&lol3;</root>"
    assert "实体" in refusal(fmt, zipfiles.with_member(good_files[fmt.suffix], fmt.main_part, bomb))


def test_a_main_part_that_is_not_xml_is_refused(fmt, good_files):
    damaged = zipfiles.with_member(good_files[fmt.suffix], fmt.main_part, b"\x89PNG not xml")
    assert "损坏" in refusal(fmt, damaged)


def test_the_registry_gives_the_same_refusal_by_file_name(fmt):
    with pytest.raises(ReadError, match=rf"^年报\{fmt.suffix}：.*{fmt.not_valid}"):
        read_bytes(b"PK\x03\x04garbage", f"年报{fmt.suffix}")
