from core.builders import GX_2020, tiny_template
from nianbao.report.rules import _CACHE_SIZE, compiled


def test_a_template_is_compiled_once_and_reused():
    assert compiled(GX_2020) is compiled(GX_2020)


def test_templates_loaded_again_and_again_do_not_pile_up():
    from nianbao.report import rules

    for _ in range(_CACHE_SIZE + 10):
        tiny_template()
    assert len(rules._CACHE) <= _CACHE_SIZE
    # the bundled template was evicted, and is compiled again on demand
    assert compiled(GX_2020).template is GX_2020
