import pytest
from django.urls import reverse

from nianbao.io import get_writer, writer_formats

from .workflow_helpers import fill


@pytest.mark.parametrize("fmt", writer_formats())
def test_the_report_downloads_in_every_format_the_layouts_provide(world, client, fmt):
    fill(world.report_a, world.filler)
    client.force_login(world.reviewer)
    response = client.get(reverse("reporting:download", args=[world.report_a.pk, fmt]))
    assert response.status_code == 200
    assert response["Content-Type"] == get_writer(fmt).mimetype
    assert "4501020001" in response["Content-Disposition"]
    assert len(response.content) > 100


def test_an_unknown_format_is_not_found(world, client):
    client.force_login(world.filler)
    assert client.get(reverse("reporting:download", args=[world.report_a.pk, "exe"])).status_code == 404
