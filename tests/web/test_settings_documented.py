from pathlib import Path

from nianbao.web.settings.env import SETTINGS

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_setting_is_documented_in_the_readme():
    text = README.read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"| {s.name} |" not in text]
    assert not missing, f"README 的环境变量表缺少：{missing}"
