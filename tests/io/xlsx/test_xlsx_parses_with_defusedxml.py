"""Excel-specific defence behind the shared zip checks (see tests/io/test_office_files_refused.py)."""


def test_openpyxl_parses_with_defusedxml():
    import openpyxl

    assert openpyxl.DEFUSEDXML
