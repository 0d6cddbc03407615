import re
from pathlib import Path

from nianbao.web.security.conf import SECURITY_SETTINGS

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"


def _rows():
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| `(NIANBAO_[A-Z0-9_]+)` \| `([^`]*)` \| (.+) \|$", line)
        if match:
            rows[match.group(1)] = (match.group(2), match.group(3))
    return rows


def _shown(default):
    return str(default).lower() if isinstance(default, bool) else str(default)


def test_every_security_setting_is_documented_with_its_default_and_help():
    rows = _rows()
    for setting in SECURITY_SETTINGS:
        assert setting.name in rows, f"{setting.name} is missing from docs/security.md"
        assert rows[setting.name] == (_shown(setting.default), setting.help)


def test_the_documentation_lists_no_setting_that_does_not_exist():
    assert set(_rows()) == {s.name for s in SECURITY_SETTINGS}
