"""Any report, written as Word and retyped (traditional labels, full-width digits, other spellings of 无
and of ticks), reads back as the same report."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.io.docx import DocxReader, DocxWriter
from tests.io.retyping import label_texts, retype_text
from tests.strategies import reports


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(), st.randoms(use_true_random=False))
def test_a_retyped_word_form_reads_as_written(report, rnd):
    document = docx.Document(io.BytesIO(DocxWriter().write(report)))
    labels = label_texts(report)
    for text in document.element.body.iter(qn("w:t")):
        text.text = retype_text(text.text or "", labels, rnd)
    out = io.BytesIO()
    document.save(out)
    assert DocxReader().read(out.getvalue(), name="转载.docx").report == report
