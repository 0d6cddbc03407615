import pytest

from . import personas


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the shared cast once; each test runs in a transaction rolled back afterwards."""
    with django_db_blocker.unblock():
        personas.build()


@pytest.fixture
def world(db):
    return personas.load()


@pytest.fixture
def login(client):
    """Return a function that signs a persona in on the test client."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
