"""Readers and writers of real layouts, one folder per format, found through nianbao.io.registry."""

from nianbao.io.base import Cell, Reader, ReadError, ReadResult, Writer
from nianbao.io.registry import get_reader, get_writer, read_bytes, read_path, reader_for, writer_formats

__all__ = [
    "Cell",
    "ReadError",
    "ReadResult",
    "Reader",
    "Writer",
    "get_reader",
    "get_writer",
    "read_bytes",
    "read_path",
    "reader_for",
    "writer_formats",
]
