"""`nianbao render` reads any readable format and writes the official layout."""

from __future__ import annotations

from click.testing import CliRunner

from nianbao.cli.main import cli
from nianbao.io.html import HtmlWriter
from nianbao.io.pdf import PdfWriter
from nianbao.io.registry import read_path
from tests.io.samples import seed_like


def test_it_renders_a_pdf_as_html_that_reads_back_the_same(tmp_path):
    source = tmp_path / "年报.pdf"
    source.write_bytes(PdfWriter().write(seed_like()))
    target = tmp_path / "out.html"
    result = CliRunner().invoke(cli, ["render", str(source), "--to", "html", "-o", str(target), "--appendix"])
    assert result.exit_code == 0, result.output
    assert "填写说明" in target.read_text(encoding="utf-8")
    assert read_path(target).report == seed_like()


def test_it_renders_html_as_pdf(tmp_path):
    source = tmp_path / "年报.html"
    source.write_bytes(HtmlWriter().write(seed_like()))
    target = tmp_path / "out.pdf"
    result = CliRunner().invoke(cli, ["render", str(source), "--to", "pdf", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF")
    assert read_path(target).report == seed_like()


def test_it_names_the_file_and_the_reason_when_it_cannot_read(tmp_path):
    source = tmp_path / "扫描.pdf"
    source.write_bytes(b"%PDF-1.4\nnot really\n")
    result = CliRunner().invoke(cli, ["render", str(source), "--to", "html", "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2
    assert "错误：扫描.pdf：PDF 文件已损坏" in result.output
    assert not (tmp_path / "x.html").exists()


def test_it_refuses_to_overwrite_its_input(tmp_path):
    source = tmp_path / "年报.html"
    source.write_bytes(HtmlWriter().write(seed_like()))
    result = CliRunner().invoke(cli, ["render", str(source), "--to", "html", "-o", str(source)])
    assert result.exit_code == 2
    assert "与输入文件相同" in result.output


def test_it_offers_only_the_registered_formats(tmp_path):
    result = CliRunner().invoke(cli, ["render", "x.html", "--to", "odt"])
    assert result.exit_code == 2
    assert "html" in result.output and "pdf" in result.output
