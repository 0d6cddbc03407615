"""JSON: the lossless exchange form, {"template": id, "year": 2020, "values": {key: plain value}}."""

from nianbao.io.json.reader import JsonReader, read_report
from nianbao.io.json.writer import JsonWriter, dumps, write_report

__all__ = ["JsonReader", "JsonWriter", "dumps", "read_report", "write_report"]
