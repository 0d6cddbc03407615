"""Matching is on ASCII-lower-cased text: only A-Z change, whatever else the text holds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nianbao.evidence.logs.rules import ascii_lower, load_rules

TEXT = st.text(
    alphabet=st.sampled_from(["A", "Z", "a", "k", "K", "\u212a", "İ", "Σ", "中", " ", "-", "/", "Ä"])
)


@given(st.one_of(TEXT, st.text()))
def test_only_ascii_capitals_are_lowered(text):
    assert ascii_lower(text) == "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


def test_the_kelvin_sign_does_not_make_a_robot():
    # "\u212a" lower-cases to "k" in Unicode: "HttpClient" spelled with it must not match "httpclient"
    # unless its ASCII letters do; here the K is the Kelvin sign, so "okhttp" is not in the text.
    rules = load_rules()
    assert not rules.is_robot("O\u212aHttp/4.9")
    assert rules.is_robot("OKHttp/4.9")
