"""GBK, GB18030, UTF-16, a byte-order mark and Windows or old Mac line endings read the same as UTF-8."""

import pytest

from nianbao.io.text import TextReader
from seed_fixture import seed_bytes


def _read(data: bytes):
    return TextReader().read(data, name="报表.txt")


@pytest.fixture(scope="module")
def reference():
    return _read(seed_bytes()).report


def _text() -> str:
    return seed_bytes().decode("utf-8")


def _gbk_safe(text: str) -> str:
    # GBK has neither the no-break spaces around the UV and PV figures nor ☑: a GBK copy has plain spaces
    # and √, as an editor saving in GBK leaves it. Both read the same.
    return text.replace("\u00a0", " ").replace("☑", "√")


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: _gbk_safe(t).encode("gbk"),
        lambda t: t.encode("gb18030"),
        lambda t: t.encode("utf-8-sig"),
        lambda t: t.encode("utf-16"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: _gbk_safe(t.replace("\n", "\r\n")).encode("gbk"),
        lambda t: t.replace("\n", "\r").encode("gb18030"),
    ],
    ids=["gbk", "gb18030", "utf-8-bom", "utf-16", "crlf", "gbk-crlf", "cr"],
)
def test_a_copy_reads_the_same_as_utf8(encode, reference):
    data = encode(_text())
    assert data != seed_bytes()
    result = _read(data)
    assert result.report == reference
    assert [f.code for f in result.findings] == ["W-NORMALISED"]


def test_gbk_bytes_are_not_mistaken_for_utf8():
    # GBK bytes of common characters are never valid UTF-8, so decoding falls through to GB18030.
    data = _gbk_safe(_text()).encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert _read(data).report.get("basic.site_name").data == "钦州市城市管理行政执法局网站"


def test_a_copy_without_the_leading_tabs_reads_the_same(reference):
    # Pasted from a web page or a PDF: one cell per line, no tabs, blank lines kept.
    untabbed = "\n".join(line.lstrip("\t") for line in _text().split("\n"))
    result = _read(untabbed.encode("utf-8"))
    assert result.report == reference
    assert [f.code for f in result.findings] == ["W-NORMALISED"]


def test_utf8_with_one_damaged_byte_is_still_read_as_utf8(reference):
    name = "钦州市城市管理行政执法局网站".encode()
    damaged = seed_bytes().replace(name, name[:-1], 1)  # the last character loses a byte
    result = _read(damaged)
    assert result.report.get("access.uv") == reference.get("access.uv")
    assert result.report.get("basic.sponsor") == reference.get("basic.sponsor")
    assert result.report.get("basic.site_name").data.startswith("钦州市城市管理行政执法局")
    damaged_finding = result.findings[0]
    assert (damaged_finding.code, damaged_finding.line) == ("W-READ-DAMAGED-BYTES", 7)
