# ruff: noqa: E501  (the pages are written out as sites write them, one long line per element)
"""Build the collection of published-report documents the reading benchmark reads.

    python benchmarks/published/build.py tests/fixtures/published/docs

Each document prints one of the fictional sites of tests/fixtures/published/sites.toml the way a real
site publishes it: CMS pages with navigation and footers, old GBK pages laid out in nested tables, pages in
traditional characters, reordered pages, Word documents typed by hand, workbooks typed by clerks, PDFs
exported from Word through LibreOffice, PDFs printed by a browser, and text. None of nianbao's writers is
used. The manifest (manifest.toml) says which site each document prints; the expected values are the
site's, written by hand in sites.toml. Needs LibreOffice and Chromium (Playwright) for the PDFs.
"""

from __future__ import annotations

import html
import io
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from forms import NOTES, Style, form_rows, signature_fields

SITES = Path(__file__).parents[2] / "tests" / "fixtures" / "published" / "sites.toml"
TITLE = "广西政府网站工作年度报表"


def traditional(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(text)


def grid(rows: list[list[tuple[str, int, int]]]) -> list[tuple[int, int, str, int, int]]:
    """Place cells on the grid as a browser does: each at the first column not taken by a cell above."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(rows):
        c = 0
        for text, colspan, rowspan in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, text, colspan, rowspan))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            c += colspan
    return placed


# -- HTML -------------------------------------------------------------------------------------------


def _table_html(rows: list[list[tuple[str, int, int]]], cell_style: str, wrap: str) -> str:
    out = []
    for row in rows:
        cells = []
        for text, colspan, rowspan in row:
            attrs = (f' colspan="{colspan}"' if colspan > 1 else "") + (
                f' rowspan="{rowspan}"' if rowspan > 1 else ""
            )
            body = "<br/>".join(html.escape(part) for part in text.split("\n"))
            cells.append(f'<td{attrs} style="{cell_style}">{wrap.format(body)}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join(out)


def cms_page(v: dict[str, str], style: Style, signature: str = "p", ruled: bool = True) -> str:
    """A CMS article page: header, navigation, breadcrumb, the report in the article, a footer; with
    `ruled` False the site's stylesheet draws the table without borders."""
    sig = "　　".join(f"{label}：{value}" for label, value in signature_fields(v))
    if signature == "unit":
        sig = f"填报单位：{v['header.unit']}　　{sig}"
    cell_style = "border:1px solid #000;padding:4px" if ruled else "border:none;padding:3px 6px"
    table = _table_html(form_rows(v, style), cell_style, '<p style="margin:0">{}</p>')
    border = 1 if ruled else 0
    unit_line = "" if signature == "unit" else f"<p>填报单位（盖章）：{html.escape(v['header.unit'])}</p>"
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{v["header.year"]}年政府网站工作年度报表_{html.escape(v["header.unit"])}</title>
<style>body{{font-family:sans-serif}} .nav a{{margin:0 8px}}</style></head>
<body>
<div class="header"><img src="logo.png" alt="logo"><span>{html.escape(v["basic.site_name"])}</span></div>
<nav class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/hdjl/">互动交流</a><a href="/bsfw/">办事服务</a></nav>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政府网站工作年度报表</div>
<div class="article">
<h1 class="art-title">{html.escape(v["header.unit"])}{v["header.year"]}年政府网站工作年度报表</h1>
<div class="info">发布时间：2021-01-15 10:32　来源：本网　浏览次数：<span id="hits">128</span></div>
<div class="content">
<p style="text-align:center"><strong>{TITLE}</strong></p>
<p style="text-align:center">（{v["header.year"]}年度）</p>
{unit_line}
<table style="border-collapse:collapse;width:100%" border="{border}" cellspacing="0">
<tbody>
{table}
</tbody></table>
<p>{html.escape(sig)}</p>
<p>{html.escape(NOTES)}</p>
</div>
<div class="share">分享到：微信 微博</div>
</div>
<footer><p>主办：{html.escape(v["basic.sponsor"])}　网站标识码：{v["basic.site_code"]}　{html.escape(v["basic.icp"])}</p></footer>
<script>var hits=1;</script>
</body></html>
"""


def old_page(v: dict[str, str], style: Style) -> str:
    """An old site: the article laid out in nested tables, <font> tags, the signature in a table row."""
    table = _table_html(form_rows(v, style), "", '<font size="2">{}</font>')
    sig = "".join(
        f"<td>{html.escape(label)}：{html.escape(value)}</td>" for label, value in signature_fields(v)
    )
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{TITLE}</title></head><body>
<table width="980" align="center"><tr><td><a href="/">网站首页</a> | <a href="/xxgk/">信息公开</a> | <a href="/bs/">在线办事</a></td></tr>
<tr><td>
<table width="100%"><tr><td width="200" valign="top"><ul><li>通知公告</li><li>工作动态</li><li>年度报表</li></ul></td>
<td valign="top">
<div align="center"><font size="4"><b>{TITLE}</b></font></div>
<div align="center">（{v["header.year"]}年度）</div>
<div>填报单位（盖章）：{html.escape(v["header.unit"])}</div>
<table border="1" cellpadding="3" cellspacing="0" width="100%">
{table}
</table>
<table width="100%"><tr>{sig}</tr></table>
<div>{html.escape(NOTES)}</div>
</td></tr></table>
</td></tr>
<tr><td align="center">版权所有：{html.escape(v["basic.sponsor"])}　技术支持：示例网络公司</td></tr></table>
</body></html>
"""


# -- Word and Excel ---------------------------------------------------------------------------------


def docx_bytes(
    v: dict[str, str], style: Style, signature: str = "tabs", convert=lambda text: text, ruled: bool = True
) -> bytes:
    """A Word document typed by hand: title paragraphs, one table with merged cells, a signature line;
    with `ruled` False the table has no borders (Word's 无框线)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    title = document.add_paragraph(convert(TITLE))
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    year = document.add_paragraph(f"（{v['header.year']}年度）")
    year.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if signature != "unit":
        document.add_paragraph(convert(f"填报单位（盖章）：{v['header.unit']}"))
    rows = form_rows(v, style)
    body = document.element.body
    body.insert(len(body) - 1, _table_element(rows, convert, ruled))  # before the section properties
    document.add_paragraph("")
    fields = signature_fields(v)
    if signature == "unit":
        document.add_paragraph(
            f"填报单位：{v['header.unit']}　　" + "　　".join(f"{label}：{value}" for label, value in fields)
        )
    else:
        document.add_paragraph(convert("\t".join(f"{label}：{value}" for label, value in fields)))
    document.add_paragraph(NOTES)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _table_element(rows: list[list[tuple[str, int, int]]], convert, ruled: bool = True) -> object:
    """A Word table with merged cells, as Word saves one: gridSpan across, vMerge down."""
    from lxml import etree

    placed = grid(rows)
    starts = {(r, c): (text, colspan, rowspan) for r, c, text, colspan, rowspan in placed}
    covered: dict[tuple[int, int], int] = {}  # (row, first column) of a cell merged down → its colspan
    for r, c, _, colspan, rowspan in placed:
        for dr in range(1, rowspan):
            covered[(r + dr, c)] = colspan
    body = []
    for r in range(len(rows)):
        cells = []
        c = 0
        while c < 8:
            if (r, c) in starts:
                text, colspan, rowspan = starts[(r, c)]
                merge = '<w:vMerge w:val="restart"/>' if rowspan > 1 else ""
                paragraphs = "".join(
                    f'<w:p><w:r><w:t xml:space="preserve">{html.escape(line)}</w:t></w:r></w:p>'
                    for line in convert(text).split("\n")
                )
            elif (r, c) in covered:
                colspan, merge, paragraphs = covered[(r, c)], "<w:vMerge/>", "<w:p/>"
            else:
                colspan, merge, paragraphs = 1, "", "<w:p/>"
            span = f'<w:gridSpan w:val="{colspan}"/>' if colspan > 1 else ""
            cells.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{1134 * colspan}" w:type="dxa"/>{span}{merge}</w:tcPr>{paragraphs}</w:tc>'
            )
            c += colspan
        body.append("<w:tr>" + "".join(cells) + "</w:tr>")
    line = "single" if ruled else "nil"
    borders = "".join(
        f'<w:{side} w:val="{line}" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    columns = '<w:gridCol w:w="1134"/>' * 8
    xml = (
        f'<w:tbl xmlns:w="{W}"><w:tblPr><w:tblW w:w="9072" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
        f"</w:tblPr><w:tblGrid>{columns}</w:tblGrid>{''.join(body)}</w:tbl>"
    )
    return etree.fromstring(xml)


def xlsx_bytes(v: dict[str, str], style: Style, typed_numbers: bool = True) -> bytes:
    """A workbook typed by a clerk: one sheet, merged cells, figures typed as numbers or as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.cell(1, 1, TITLE)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=8)
    sheet.cell(2, 1, f"（{v['header.year']}年度）")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=8)
    sheet.cell(3, 1, f"填报单位（盖章）：{v['header.unit']}")
    offset = 4
    for r, c, text, colspan, rowspan in grid(form_rows(v, style)):
        value: object = text
        if typed_numbers and text.isdigit() and len(text) < 12:
            value = int(text)
        elif typed_numbers and text.replace(".", "", 1).isdigit() and "." in text:
            value = float(text)
        cell = sheet.cell(offset + r, c + 1, value)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        if colspan > 1 or rowspan > 1:
            sheet.merge_cells(
                start_row=offset + r,
                start_column=c + 1,
                end_row=offset + r + rowspan - 1,
                end_column=c + colspan,
            )
    last = sheet.max_row + 2
    for n, (label, value) in enumerate(signature_fields(v)):
        sheet.cell(last, 1 + n * 2, f"{label}：{value}")
    sheet.cell(last + 1, 1, NOTES)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def th_page(v: dict[str, str], style: Style) -> str:
    """A page whose labels are <th> cells with &nbsp; padding, the year in the title, the signature as a
    two-column table (label | value) under the report."""
    out = []
    for row in form_rows(v, style):
        cells = []
        for n, (text, colspan, rowspan) in enumerate(row):
            attrs = (f' colspan="{colspan}"' if colspan > 1 else "") + (
                f' rowspan="{rowspan}"' if rowspan > 1 else ""
            )
            body = "<br>".join(html.escape(part) for part in text.split("\n"))
            tag = "td" if n % 2 else "th"
            cells.append(f'<{tag}{attrs}>&nbsp;<span style="font-size:14px">{body}</span>&nbsp;</{tag}>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    sig = "".join(
        f"<tr><td>{html.escape(label)}：</td><td>{html.escape(value)}</td></tr>"
        for label, value in signature_fields(v)
    )
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>年报</title></head><body>
<div id="top">网站首页 | 政务公开 | 年度报表</div>
<h2 style="text-align:center">{TITLE}（{v["header.year"]}年度）</h2>
<p>填报单位（盖章）：{html.escape(v["header.unit"])}</p>
<table class="MsoTableGrid" border="1">{"".join(out)}</table>
<table>{sig}</table>
<div class="foot">联系我们 | 网站地图</div></body></html>"""


# -- text -------------------------------------------------------------------------------------------


def text_layout(v: dict[str, str], style: Style) -> str:
    """The layout of the seed: a tab starts a cell, a blank line ends a row."""
    lines = [f"  {TITLE}", "", f"（{v['header.year']}年度）", f"填报单位（盖章）：{v['header.unit']}", ""]
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(form_rows(v, style)):
        c = 0
        cells = []
        for text, colspan, rowspan in row:
            while (r, c) in taken:
                cells.append("")
                c += 1
            cells.append(text)
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            c += colspan
        for cell in cells:
            parts = cell.split("\n")
            lines.append("\t" + parts[0])
            lines.extend(parts[1:])
        lines.append("")
    lines += ["", "  ".join(f"{label}：{value}" for label, value in signature_fields(v)), "", NOTES, ""]
    return "\n".join(lines)


# -- PDF --------------------------------------------------------------------------------------------


def libreoffice_pdf(document: Path, out_dir: Path) -> Path:
    """Export a Word document to PDF as a clerk's Word would, through LibreOffice."""
    soffice = shutil.which("libreoffice") or shutil.which("soffice")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                str(document),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    return out_dir / (document.stem + ".pdf")


def browser_pdfs(pages: list[tuple[Path, Path]]) -> None:
    """Print HTML pages to PDF in Chromium, as a visitor's browser does (A4, default margins)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        for source, target in pages:
            page.goto(source.resolve().as_uri())
            page.pdf(path=str(target), format="A4", print_background=False)
        browser.close()


# -- the collection ---------------------------------------------------------------------------------


def build(out: Path) -> list[tuple[str, str]]:
    sites = tomllib.loads(SITES.read_text(encoding="utf-8"))["sites"]
    out.mkdir(parents=True, exist_ok=True)
    made: list[tuple[str, str]] = []
    to_print: list[tuple[Path, Path]] = []
    to_export: list[Path] = []

    def save(name: str, site: str, data: bytes | str, encoding: str = "utf-8") -> Path:
        path = out / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
        made.append((name, site))
        return path

    county, bureau, town, portal = sites["county"], sites["bureau"], sites["township"], sites["portal"]

    save("county-cms.html", "county", cms_page(county, Style(seed=1)))
    save(
        "county-old-gbk.html",
        "county",
        old_page(county, Style(unit_break="\n", number="mixed", ticks="√□", seed=2)),
        "gbk",
    )
    to_export.append(
        save("county-signature-paragraph.docx", "county", docx_bytes(county, Style(seed=3), "unit"))
    )
    save("county-clerk.xlsx", "county", xlsx_bytes(county, Style(unit_break="\n", seed=4)))
    save("county-traditional.txt", "county", traditional(text_layout(county, Style(seed=5))))
    to_print.append(
        (
            save(
                "county-reordered.html",
                "county",
                cms_page(county, Style(reorder_basic=True, pairs_per_row=1, seed=6)),
            ),
            out / "county-browser.pdf",
        )
    )

    save("bureau-traditional.html", "bureau", traditional(cms_page(bureau, Style(ticks="√□", seed=7))))
    save(
        "bureau-reordered.html",
        "bureau",
        cms_page(bureau, Style(reorder_basic=True, innovation="ticks", seed=8), "unit"),
    )
    to_export.append(
        save("bureau-words.docx", "bureau", docx_bytes(bureau, Style(ticks="", pairs_per_row=1, seed=9)))
    )
    to_print.append(
        (
            save("bureau-plain.html", "bureau", cms_page(bureau, Style(number="unit", seed=10))),
            out / "bureau-browser.pdf",
        )
    )
    save("bureau.txt", "bureau", text_layout(bureau, Style(seed=11)))
    save(
        "bureau-clerk-text.xlsx",
        "bureau",
        xlsx_bytes(bureau, Style(number="unit", seed=12), typed_numbers=False),
    )

    save("township-cms.html", "township", cms_page(town, Style(number="unit", unit_break="\n", seed=13)))
    save("township-old-gbk.html", "township", old_page(town, Style(ticks="■□", seed=14)), "gbk")
    to_export.append(save("township.docx", "township", docx_bytes(town, Style(levels_split=False, seed=15))))
    save("township-clerk.xlsx", "township", xlsx_bytes(town, Style(ticks="√□", seed=16)))
    save("township-gbk.txt", "township", text_layout(town, Style(seed=17)), "gb18030")

    to_print.append(
        (
            save("portal-fullwidth.html", "portal", cms_page(portal, Style(number="fullwidth", seed=18))),
            out / "portal-browser.pdf",
        )
    )
    to_export.append(
        save("portal-traditional.docx", "portal", docx_bytes(portal, Style(seed=19), convert=traditional))
    )
    to_export.append(
        save(
            "portal-separators.docx",
            "portal",
            docx_bytes(portal, Style(number="separators", innovation="ticks", seed=20), "unit"),
        )
    )
    save("portal-clerk.xlsx", "portal", xlsx_bytes(portal, Style(number="mixed", seed=21)))
    save("portal.txt", "portal", text_layout(portal, Style(unit_break="\n", seed=22)))

    # A second batch, added after the readers were tuned on the documents above: its first score is
    # reported as measured.
    save("bureau-th.html", "bureau", th_page(bureau, Style(number="separators", seed=23)))
    to_export.append(
        save("township-clerk-print.xlsx", "township", xlsx_bytes(town, Style(unit_break="\n", seed=24)))
    )
    save(
        "portal-th-gbk.html",
        "portal",
        th_page(portal, Style(ticks="√□", unit_break="\n", seed=25)).replace(
            'charset="utf-8"', 'charset="gbk"'
        ),
        "gbk",
    )
    to_print.append(
        (
            save(
                "township-th.html", "township", th_page(town, Style(innovation="ticks", ticks="■□", seed=26))
            ),
            out / "township-browser.pdf",
        )
    )

    # A third batch, unruled tables of other shapes than the clerk's print, added with the reader's
    # handling of unruled tables: its first score is reported as measured.
    to_export.append(
        save(
            "bureau-borderless.docx",
            "bureau",
            docx_bytes(bureau, Style(unit_break="\n", seed=27), ruled=False),
        )
    )
    to_print.append(
        (
            save(
                "county-borderless.html",
                "county",
                cms_page(county, Style(pairs_per_row=1, number="unit", seed=28), ruled=False),
            ),
            out / "county-borderless-browser.pdf",
        )
    )

    for document in to_export:
        pdf = libreoffice_pdf(document, out)
        made.append((pdf.name, dict(made)[document.name]))
    browser_pdfs(to_print)
    for source, target in to_print:
        made.append((target.name, dict(made)[source.name]))
    manifest = "# Document → the site it prints (tests/fixtures/published/sites.toml). Built by benchmarks/published/build.py.\n"
    manifest += "".join(f'"{name}" = "{site}"\n' for name, site in sorted(made))
    (out / "manifest.toml").write_text(manifest, encoding="utf-8")
    return made


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("tests/fixtures/published/docs")
    for name, site in build(target):
        print(f"{name}\t{site}")
