"""Narrow terminals (issue 31 item 5): the question header never cuts the kind (only the card title is
shortened) and a long choice option wraps under its own text, on a real terminal at 60 and 100 columns."""

from __future__ import annotations

import pytest

from tests import terminal


@pytest.mark.parametrize("cols", [60, 100])
def test_the_header_keeps_number_and_kind_and_options_wrap_under_their_text(tmp_path, cols):
    # a long card title, an open question; then a choice question with long options
    cap = terminal.run_in_pty(["quiz", "--question", "bayes-rule/explain-terms", "--question",
                               "kl-divergence/kl-div-api"], ["s\r", "\r", "q\r"], tmp_path / "home", cols=cols)
    lines = cap.lines
    headers = [line for line in lines if line.startswith("Q1/2 · ") or line.startswith("Q2/2 · ")]
    assert len(headers) == 2, lines
    assert " · open ─" in headers[0] and " · choice ─" in headers[1], headers
    assert all(len(h) <= cols for h in headers)
    if cols == 60:
        assert "…" in headers[0]  # the long title is what gives way
    options = [i for i, line in enumerate(lines) if line.startswith("  a) ") or line.startswith("  b) ")]
    assert options, lines
    wrapped = [lines[i + 1] for i in options if lines[i + 1] and not lines[i + 1].lstrip().startswith(
        ("b)", "c)", "d)", "e)", "("))]
    if cols == 60:
        assert wrapped, lines  # at 60 columns the long options wrap ...
    assert all(w.startswith("     ") and not w.startswith("      ") for w in wrapped), wrapped  # ... under the text
