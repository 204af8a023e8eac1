"""The one number format (dlstudy.text.fmt): demo output (4 significant figures), feedback and the lab
(6) and parameter values (exact) follow the same rules. Expected strings are written out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlstudy.text import fmt, fmt_sig


@pytest.mark.parametrize("value,digits,text", [
    (0.0002711, 4, "0.0002711"),  # plain from 1e-4 up, in demo output as in feedback
    (0.0002711, 6, "0.0002711"),
    (2.711e-05, 4, "2.711e-05"),
    (0.000125, 6, "0.000125"),
    (1e-4, 4, "0.0001"),
    (0.005208333, 4, "0.005208"),
    (0.005208333, 6, "0.00520833"),
    (1.4693e48, 4, "1.469e+48"),  # scientific keeps the significant figures asked for
    (1.4693e48, 6, "1.46930e+48"),
    (6000000, 6, "6.00000e+06"),
    (12346.0, 4, "1.235e+04"),
    (9999.0, 4, "9999"),
    (256, 4, "256"),
    (-0.0, 4, "0"),  # never "-0"
    (-0.0, 6, "0"),
    (float("inf"), 4, "inf"),
    (float("-inf"), 6, "-inf"),
    (float("nan"), 6, "nan"),
    (True, 4, "yes"),
    ("n/a", 4, "n/a"),
    (1.0, None, "1"),  # exact: a parameter as it is typed
    (0.1, None, "0.1"),
    (1e-06, None, "1e-06"),
    (2_000_000, None, "2000000"),
])
def test_numbers_as_text(value, digits, text):
    assert fmt(value, digits) == text


def test_numpy_numbers_are_numbers():
    assert fmt(np.float32(0.5), 4) == "0.5" and fmt(np.int64(12346), 4) == "1.235e+04"
    assert fmt(np.float64(-0.0)) == "0"


def test_significant_figures():
    assert fmt_sig(0.35667, 2) == "0.36" and fmt_sig(2_500_000, 2) == "2.5e+06" and fmt_sig(-0.0, 3) == "0"


@given(st.floats(min_value=-1e30, max_value=1e30, allow_nan=False).filter(lambda v: v != 0))
def test_demo_output_and_feedback_write_a_figure_the_same_way(v):
    """The lab shows a headline figure with 6 digits right under the demo's own 4-digit rendering of it:
    one notation for both, and the 4-digit text is the 6-digit one rounded."""
    short, long = fmt(v, 4), fmt(v, 6)
    if 1e-4 <= abs(v) < 9990:  # (9999.7 rounds to 1e+04 at 4 figures)
        assert "e" not in short and "e" not in long
    assert math.isclose(float(short), float(long), rel_tol=6e-4)
