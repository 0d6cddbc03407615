import pytest

from nianbao.web.registry.models import Website
from nianbao.web.registry.scoping import UnscopedQueryError
from nianbao.web.reporting.models import Report


def test_an_unscoped_lookup_fails_loudly(world):
    with pytest.raises(UnscopedQueryError):
        Report.objects.get(pk=world.report_a.pk)


def test_a_filler_sees_only_their_own_site(world):
    assert list(Report.objects.for_user(world.filler)) == [world.report_a]
    assert list(Website.objects.for_user(world.outsider)) == [world.site_b]


def test_a_supervisor_sees_their_region_and_below_only(world):
    assert list(Website.objects.for_user(world.supervisor)) == [world.site_a]
    assert list(Website.objects.for_user(world.far_supervisor)) == [world.site_b]


def test_a_user_without_roles_sees_nothing(world):
    assert not Report.objects.for_user(world.nobody).exists()


def test_an_administrator_sees_everything(world):
    assert Report.objects.for_user(world.admin).count() == 2


def test_an_inactive_user_sees_nothing(world):
    world.filler.is_active = False
    world.filler.save()
    assert not Report.objects.for_user(world.filler).exists()
