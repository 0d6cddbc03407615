"""Input that is not a text report is refused with a Chinese message naming the file and the reason."""

import os

import pytest

from nianbao.io.base import ReadError
from nianbao.io.registry import read_bytes, read_path
from nianbao.io.text import TextReader


def test_bytes_with_nul_are_not_a_text_file():
    with pytest.raises(ReadError, match=r"^图片\.txt：不是文本文件"):
        TextReader().read(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", name="图片.txt")


def test_random_bytes_are_not_a_text_file():
    data = bytes(range(1, 256)) * 8 + os.urandom(64).replace(b"\x00", b"\x01")
    with pytest.raises(ReadError, match="不是文本文件"):
        TextReader().read(data, name="x.txt")


def test_a_text_that_is_no_report_says_so():
    with pytest.raises(ReadError, match=r"^通知\.txt：未找到报表内容"):
        TextReader().read(
            "关于做好2020年度工作的通知\n\n各单位：请于1月底前报送总数。\n".encode(), name="通知.txt"
        )


def test_a_text_with_only_whitespace_says_so():
    with pytest.raises(ReadError, match="未找到报表内容"):
        TextReader().read(b"\n\t\n  \r\n", name="空白.txt")


def test_an_empty_file_is_named_empty(tmp_path):
    path = tmp_path / "空.txt"
    path.write_bytes(b"")
    with pytest.raises(ReadError, match=r"空\.txt：文件为空"):
        read_path(path)


def test_a_missing_path_is_named(tmp_path):
    with pytest.raises(ReadError, match="文件不存在"):
        read_path(tmp_path / "没有这个文件.txt")


def test_a_suffix_no_reader_takes_is_named():
    with pytest.raises(ReadError, match=r"不支持的文件类型“\.exe”"):
        read_bytes(b"MZ", "a.exe")
