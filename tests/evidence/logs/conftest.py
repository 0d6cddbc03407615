"""One Spark session for the whole run: starting the JVM takes seconds."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def spark_master():
    """Start local Spark once (two cores, as on the CI machine); stop it after the last test."""
    from nianbao.evidence.logs.engine_spark import spark_session

    master = "local[2]"
    session = spark_session(master)
    yield master
    session.stop()
