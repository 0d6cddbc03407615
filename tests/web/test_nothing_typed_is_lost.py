from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.web.reporting.core import Entry
from nianbao.web.reporting.models import Report, ReportValue
from nianbao.web.reporting.services import save_values

KEYS = ["access.uv", "interaction.messages.avg_days", "media.other", "signature.date", "basic.icp"]
typed_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(KEYS), text=typed_text)
def test_whatever_is_typed_is_kept_exactly(world, key, text):
    report = Report.unscoped.get(pk=world.report_a.pk)
    save_values(report, world.filler, {key: Entry(text=text)}, report.lock_version)
    row = ReportValue.objects.filter(report=report, key=key).first()
    stored_raw = row.raw if row else ""
    assert stored_raw == text
    value = Report.unscoped.get(pk=report.pk).core().get(key)
    if not text.strip():
        assert value.is_blank
    else:
        assert not value.is_blank  # a value (parsed or kept as typed), or 无 for a way of writing 无
