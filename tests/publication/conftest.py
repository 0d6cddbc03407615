import pytest

from nianbao.publication import AddressPolicy, FetchPolicy
from seed_fixture import seed_report

from .sites import build_site, self_signed_context, serve

SLOW_SECONDS = 5.0  # the slow page answers after this, far past the tests' request timeout
MAX_BYTES = 1 * 2**20


@pytest.fixture(scope="session")
def approved():
    return seed_report()


@pytest.fixture(scope="session")
def site(approved):
    """The test website on 127.0.0.1, shared by every test of the folder (writing the layouts is slow)."""
    site = build_site(approved, huge_bytes=4 * MAX_BYTES, slow_seconds=SLOW_SECONDS)
    server, _thread = serve(site)
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield site
    site.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def tls_site(approved, tmp_path_factory):
    site = build_site(approved, huge_bytes=0, slow_seconds=0)
    folder = tmp_path_factory.mktemp("tls")
    server, _thread = serve(site, self_signed_context(folder))
    site.cert = str(folder / "cert.pem")
    site.base = f"https://127.0.0.1:{server.server_address[1]}"
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def policy():
    """The guard's allow-list lets the checks reach the test server on 127.0.0.1, and nothing else local."""
    return FetchPolicy(
        contact_url="https://nianbao.example.org/about",
        request_timeout=1.5,
        check_timeout=10,
        connect_timeout=0.5,
        max_bytes=MAX_BYTES,
        max_redirects=3,
        addresses=AddressPolicy.from_settings(networks=["127.0.0.1/32"]),
    )
