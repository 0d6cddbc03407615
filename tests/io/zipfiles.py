"""Hostile Office files made on the spot: zip bombs, entity bombs, broken and legacy files."""

from __future__ import annotations

import io
import zipfile

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
)


def with_member(data: bytes, name: str, content: bytes) -> bytes:
    """Return a copy of an Office file with one member added or replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info, src.read(info))
        dst.writestr(name, content)
    return out.getvalue()


def with_zero_bomb(data: bytes, megabytes: int = 24) -> bytes:
    """Return an Office file carrying a member of zeros that deflates over a thousandfold."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        with dst.open("customXml/item9.xml", "w") as member:
            chunk = b"\0" * 2**20
            for _ in range(megabytes):
                member.write(chunk)
    return out.getvalue()


def with_many_members(data: bytes, count: int) -> bytes:
    """Return an Office file padded with `count` tiny members."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        for n in range(count):
            dst.writestr(f"media/pad{n}.bin", b"x")
    return out.getvalue()


def without_member(data: bytes, name: str) -> bytes:
    """Return a copy of an Office file lacking one member."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info, src.read(info))
    return out.getvalue()


def plain_zip() -> bytes:
    """Return a zip that holds no Office document at all."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        dst.writestr("readme.txt", "这不是报表")
    return out.getvalue()


# The signature of an OLE compound file: legacy .doc/.xls, and password-protected .docx/.xlsx.
OLE_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
