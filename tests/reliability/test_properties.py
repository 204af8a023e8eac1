"""Property tests: the loader, the answer parser and demo parameters never crash on bad input."""

from __future__ import annotations

import math
import random
import time

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlstudy.content.loader import parse_file
from dlstudy.content.problems import Problem
from dlstudy.content.schema import Card
from dlstudy.demos.params import ParamError, parse_params
from dlstudy.demos.registry import all_specs
from dlstudy.kinds.numexpr import ExprError, parse_number
from dlstudy.paths import bundled_content_dir

REAL_CARDS = sorted(bundled_content_dir().rglob("*.yaml"))
DEMO_IDS = None

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                    st.text(max_size=30))
documents = st.recursive(scalars, lambda c: st.one_of(st.lists(c, max_size=5),
                                                       st.dictionaries(st.text(max_size=12), c, max_size=6)),
                         max_leaves=30)


def _load(tmp_path, text: str):
    path = tmp_path / "card.yaml"
    path.write_text(text, encoding="utf-8")
    cards, problems = parse_file(path, "card.yaml", {"uniform-variance"})
    assert all(isinstance(c, Card) for c in cards)
    assert all(isinstance(p, Problem) for p in problems)
    assert cards or problems
    return cards, problems


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=documents)
def test_random_yaml_documents_give_cards_or_problems(tmp_path, doc):
    _load(tmp_path, yaml.safe_dump(doc, allow_unicode=True))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_random_text_gives_cards_or_problems(tmp_path, text):
    _load(tmp_path, text)


def _mutate(data, rnd: random.Random):
    """Delete, retype or rename a random node of a real card."""
    if isinstance(data, dict) and data:
        key = rnd.choice(list(data))
        action = rnd.randrange(4)
        if action == 0:
            del data[key]
        elif action == 1:
            data[key] = rnd.choice([None, 7, "text", [], {}, [1, 2], True, -1.5])
        elif action == 2:
            data[key + "x"] = data.pop(key)
        else:
            _mutate(data[key], rnd)
    elif isinstance(data, list) and data:
        i = rnd.randrange(len(data))
        if rnd.random() < 0.5:
            data[i] = rnd.choice([None, "x", 3, {}, []])
        else:
            _mutate(data[i], rnd)
    return data


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**9), n=st.integers(1, 4))
def test_mutations_of_real_cards_give_cards_or_problems(tmp_path, seed, n):
    rnd = random.Random(seed)
    source = rnd.choice(REAL_CARDS)
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    for _ in range(n):
        data = _mutate(data, rnd)
    _load(tmp_path, yaml.safe_dump(data, allow_unicode=True))


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet="0123456789.eE+-*/^()% sqrtexplog,", max_size=60))
def test_answer_parser_returns_a_number_or_a_clean_error_quickly(text):
    started = time.perf_counter()
    try:
        value = parse_number(text)
        assert isinstance(value, float) and not math.isnan(value)
    except ExprError as exc:
        assert str(exc)
    assert time.perf_counter() - started < 1.0  # bounded work; a hang would show up here, not a timing budget


def test_answer_parser_refuses_bombs():
    for text in ("9**9**9", "9^9^9^9", "10**400", "1" * 400, "(" * 1000 + ")" * 1000, "exp(exp(exp(10)))",
                 "2**2**2**2**2**2"):
        try:
            value = parse_number(text)
            assert math.isfinite(value) or math.isinf(value)
        except ExprError:
            pass


param_values = st.one_of(st.text(max_size=40), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                         st.lists(st.floats(allow_nan=True), max_size=80).map(lambda xs: ",".join(map(str, xs))),
                         st.booleans())


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_demo_parameters_are_validated_or_refused(data):
    spec = data.draw(st.sampled_from(all_specs()))
    names = [p.name for p in spec.params] + ["no_such_param"]
    given_params = data.draw(st.dictionaries(st.sampled_from(names), param_values, max_size=3))
    try:
        values = parse_params(spec, given_params)
    except ParamError as exc:
        assert "'" in str(exc)  # names the parameter
        return
    for p in spec.params:
        v = values[p.name]
        if p.type in ("int", "float"):
            assert (p.min is None or v >= p.min) and (p.max is None or v <= p.max)
        if p.type.endswith("_list"):
            assert p.min_len <= len(v) <= p.max_len
