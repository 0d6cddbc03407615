import pytest

from . import cast as cast_module


@pytest.fixture
def cast(db):
    return cast_module.build()


@pytest.fixture
def password():
    return cast_module.PASSWORD
