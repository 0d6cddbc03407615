"""CSV: the long form a supervisor opens in a spreadsheet: key, section, label, unit, value per item."""

from nianbao.io.csv.reader import CsvReader
from nianbao.io.csv.writer import CsvWriter

__all__ = ["CsvReader", "CsvWriter"]
