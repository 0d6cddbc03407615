"""The core (forms, report, io, evidence, analysis, publication, cli) never imports Django; only web does."""

import subprocess
import sys

CORE_PACKAGES = ["forms", "report", "io", "evidence", "analysis", "publication", "cli"]

PROBE = """
import importlib, pkgutil, sys
import nianbao
for package in {packages}:
    module = importlib.import_module("nianbao." + package)
    for info in pkgutil.walk_packages(module.__path__, module.__name__ + "."):
        importlib.import_module(info.name)
print(sorted(name for name in sys.modules if name == "django" or name.startswith("django.")))
"""


def test_importing_every_core_module_loads_no_django():
    probe = PROBE.format(packages=CORE_PACKAGES)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
