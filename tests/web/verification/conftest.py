import pytest

from tests.publication.sites import Site, serve


@pytest.fixture(scope="session")
def web_site():
    """A real website on 127.0.0.1 whose pages each test sets (the routes are cleared between tests)."""
    site = Site()
    server, _thread = serve(site)
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield site
    site.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def site(web_site, settings):
    web_site.routes.clear()
    settings.NIANBAO_VERIFY = {
        "allow_networks": "127.0.0.1/32",
        "timeout": "3",
        "contact_url": "https://nianbao.example.org/about",
    }
    return web_site
