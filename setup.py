"""The one compiled part of nianbao: the native scanner of access logs (nianbao.evidence.logs._scan).

Everything else is declared in pyproject.toml. The scanner is plain C against the Python headers and the
C library, built with the machine's C compiler (Debian: gcc, with the headers of the Python in use). It is
optional: where it cannot be built, the install still succeeds and `nianbao logstats` counts with DuckDB.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "nianbao.evidence.logs._scan",
            sources=["src/nianbao/evidence/logs/_scan.c"],
            extra_compile_args=["-O2", "-std=c11", "-Wall", "-Wextra", "-Wno-unused-parameter"],
            optional=True,
        )
    ]
)
