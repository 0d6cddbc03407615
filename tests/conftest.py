"""Suite-wide test settings."""

import os

from hypothesis import HealthCheck, settings

# The machines that run these tests are shared: a per-example deadline turns load into failures, so
# examples are bounded by max_examples instead. In CI the examples are derandomised, so a landing run
# is reproducible; locally they vary, to keep finding new cases.
settings.register_profile(
    "nianbao",
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("nianbao")
