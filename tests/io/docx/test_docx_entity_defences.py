"""Word-specific defences behind the shared zip checks (see tests/io/test_office_files_refused.py)."""

from __future__ import annotations

import pytest

from nianbao.io import ReadError
from nianbao.io.docx import DocxReader, DocxWriter
from tests.io import zipfiles
from tests.io.samples import seed_like


@pytest.fixture(scope="module")
def good() -> bytes:
    return DocxWriter().write(seed_like())


def test_python_docx_would_not_expand_entities_either():
    # A second line of defence behind the zip check: python-docx's parser leaves entities unresolved.
    from docx.oxml.parser import parse_xml
    from lxml import etree

    element = parse_xml(zipfiles.BILLION_LAUGHS + b"<r>&lol3;</r>")
    assert etree.tostring(element) == b"<r>&lol3;</r>"


def test_an_entity_bomb_in_a_part_not_named_xml_is_refused(good):
    bomb = zipfiles.BILLION_LAUGHS + b"<xml>&lol3;</xml>"
    with pytest.raises(ReadError, match="实体"):
        DocxReader().read(zipfiles.with_member(good, "word/drawings/vmlDrawing1.vml", bomb), name="年报.docx")


def test_an_image_part_is_not_taken_for_xml(good):
    png = b"\x89PNG\r\n\x1a\n" + b"<!DOCTYPE not really>" * 10
    data = zipfiles.with_member(good, "word/media/image1.png", png)
    assert DocxReader().read(data, name="年报.docx").report is not None
