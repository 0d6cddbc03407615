"""Broken, legacy and hostile Word files are refused with a Chinese message naming the file and the reason."""

from __future__ import annotations

import pytest

from nianbao.io import ReadError
from nianbao.io.docx import DocxReader, DocxWriter
from nianbao.io.registry import read_bytes
from tests.io import zipfiles
from tests.io.samples import seed_like


@pytest.fixture(scope="module")
def good() -> bytes:
    return DocxWriter().write(seed_like())


def refusal(data: bytes) -> str:
    with pytest.raises(ReadError) as caught:
        DocxReader().read(data, name="年报.docx")
    message = str(caught.value)
    assert message.startswith("年报.docx：")
    return message


def test_a_file_that_is_not_a_zip_is_refused():
    assert "不是有效的 Word 文档" in refusal(b"<html>not a word file</html>")


def test_a_truncated_file_is_refused(good):
    assert "已损坏" in refusal(good[: len(good) // 2])


def test_a_zip_without_the_document_part_is_refused(good):
    assert "缺少 word/document.xml" in refusal(zipfiles.without_member(good, "word/document.xml"))
    assert "缺少 [Content_Types].xml" in refusal(zipfiles.plain_zip())


def test_a_legacy_or_encrypted_file_is_named_as_such():
    message = refusal(zipfiles.OLE_FILE)
    assert ".doc" in message and "加密" in message


def test_a_zip_bomb_is_refused_before_parsing(good):
    assert "压缩炸弹" in refusal(zipfiles.with_zero_bomb(good))


def test_too_many_members_are_refused(good):
    assert "文件过多" in refusal(zipfiles.with_many_members(good, 2100))


def test_a_total_beyond_the_limit_is_refused(good, monkeypatch):
    from nianbao.io import ziputil

    monkeypatch.setattr(ziputil, "MAX_TOTAL_UNCOMPRESSED", 10_000)
    assert "解压后总大小" in refusal(good)


def test_an_entity_bomb_is_refused(good):
    bomb = zipfiles.BILLION_LAUGHS + b'<w:document xmlns:w="x"><w:body>&lol3;</w:body></w:document>'
    assert "实体" in refusal(zipfiles.with_member(good, "word/document.xml", bomb))


def test_a_document_part_that_is_not_xml_is_refused(good):
    assert "损坏" in refusal(zipfiles.with_member(good, "word/document.xml", b"\x89PNG not xml"))


def test_the_registry_gives_the_same_refusal_by_file_name():
    with pytest.raises(ReadError, match=r"^年报\.docx：.*不是有效的 Word 文档"):
        read_bytes(b"PK\x03\x04garbage", "年报.docx")


def test_python_docx_would_not_expand_entities_either():
    # A second line of defence behind the zip check: python-docx's parser leaves entities unresolved.
    from docx.oxml.parser import parse_xml
    from lxml import etree

    element = parse_xml(zipfiles.BILLION_LAUGHS + b"<r>&lol3;</r>")
    assert etree.tostring(element) == b"<r>&lol3;</r>"


def test_an_entity_bomb_in_a_part_not_named_xml_is_refused(good):
    bomb = zipfiles.BILLION_LAUGHS + b"<xml>&lol3;</xml>"
    assert "实体" in refusal(zipfiles.with_member(good, "word/drawings/vmlDrawing1.vml", bomb))


def test_an_image_part_is_not_taken_for_xml(good):
    png = b"\x89PNG\r\n\x1a\n" + b"<!DOCTYPE not really>" * 10
    data = zipfiles.with_member(good, "word/media/image1.png", png)
    assert DocxReader().read(data, name="年报.docx").report is not None
