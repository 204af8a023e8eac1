"""Engine-wide checks that cover every registered demo: bounds, strict JSON, determinism, CLI errors."""

from __future__ import annotations

import json
import math

import pytest

from dlstudy.demos.params import ParamError, parse_params
from dlstudy.demos.registry import all_specs, get_spec
from dlstudy.demos.runner import run_demo

SPECS = all_specs()
IDS = [s.id for s in SPECS]


def _probe_values(p):
    """(value, must_fail) pairs: below, at and above each bound."""
    out = []
    if p.type in ("int", "float"):
        step = 1 if p.type == "int" else max(abs(p.max or p.min or 1.0) * 1e-3, 1e-9)
        if p.min is not None:
            out += [(p.min, False), (p.min - step, True)]
        if p.max is not None:
            out += [(p.max, False), (p.max + step, True)]
        out.append(("not-a-number", True))
    elif p.type == "choice":
        out += [(c, False) for c in p.choices] + [("no-such-choice", True)]
    elif p.type == "bool":
        out += [("true", False), ("false", False), ("maybe", True)]
    else:
        base = list(p.default) if p.default else [1]
        out.append((",".join(str(base[0]) for _ in range(p.max_len + 1)), True))
        if p.min is not None:
            out.append((",".join([str(p.min - 1)] + [str(v) for v in base[1:]]), True))
        if p.max is not None:
            out.append((",".join([str(p.max + 1)] + [str(v) for v in base[1:]]), True))
        out.append(("1,,2", True))
    return out


CASES = [(s.id, p.name, v, bad) for s in SPECS for p in s.params for v, bad in _probe_values(p)]


@pytest.mark.parametrize("demo_id,name,value,must_fail", CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}"[:80] for c in CASES])
def test_every_parameter_at_and_beyond_its_bounds(demo_id, name, value, must_fail):
    spec = get_spec(demo_id)
    if must_fail:
        with pytest.raises(ParamError) as err:
            parse_params(spec, {name: value})
        assert name in str(err.value)
        return
    try:
        params = parse_params(spec, {name: value})
    except ParamError as exc:  # a cross-parameter rule may refuse a bound combined with the defaults
        assert name in str(exc) or "parameter" in str(exc)
        return
    run = run_demo(demo_id, params, seed=0, parsed=True)
    json.dumps(run.to_dict(), default=str)  # plain data


@pytest.mark.parametrize("demo_id", IDS)
def test_json_is_strict_and_deterministic(cli, demo_id):
    first = cli("demo", demo_id, "--json", "--seed", "3")
    assert first.exit_code == 0, first.stderr
    data = json.loads(first.stdout, parse_constant=lambda c: pytest.fail(f"bare {c} in JSON"))
    assert isinstance(data, dict) and data
    again = cli("demo", demo_id, "--json", "--seed", "3")
    assert again.stdout == first.stdout


@pytest.mark.parametrize("demo_id", IDS)
def test_rich_output_runs(cli, demo_id):
    r = cli("demo", demo_id)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.strip()


@pytest.mark.parametrize("demo_id", IDS)
def test_demo_help_lists_parameters(cli, demo_id):
    r = cli("demo", demo_id, "--help")
    assert r.exit_code == 0
    for p in get_spec(demo_id).params:
        assert p.name in r.stdout


def test_every_demo_is_linked_from_its_cards():
    from dlstudy.content.loader import load_deck

    deck = load_deck(use_cache=False)
    for spec in SPECS:
        assert spec.cards, spec.id
        for card_id in spec.cards:
            card = deck.get(card_id)
            assert card is not None, f"{spec.id} names card {card_id} which does not exist"
            assert spec.id in card.demos, f"card {card_id} does not link demo {spec.id}"
        linked = [c for c in deck.cards if spec.id in c.demos]
        assert any(q.kind == "predict" and q.spec.demo == spec.id for c in linked for q in c.questions), spec.id


def test_unknown_key_wrong_type_and_bad_words(cli):
    r = cli("demo", "uniform-variance", "b=3")
    assert r.exit_code == 2 and "no parameter 'b'" in r.stderr and "Traceback" not in r.stderr
    r = cli("demo", "uniform-variance", "samples=ten")
    assert r.exit_code == 2 and "samples" in r.stderr and "10..2000000" in r.stderr
    r = cli("demo", "uniform-variance", "samples")
    assert r.exit_code == 2 and "key=value" in r.stderr
    r = cli("demo", "no-such-demo")
    assert r.exit_code == 2


def test_demo_list_groups_by_topic(cli):
    r = cli("demo")
    assert r.exit_code == 0
    for spec in SPECS:
        assert spec.id in r.stdout


def test_non_finite_numbers_become_strings():
    from dlstudy.demos.result import to_json

    text = to_json({"a": float("nan"), "b": [float("inf"), -float("inf")], "c": 1.5})
    assert json.loads(text) == {"a": "nan", "b": ["inf", "-inf"], "c": 1.5}
    assert not math.isnan(json.loads(text)["c"])


def test_spec_of_names_a_missing_demo_as_a_bug():
    from dlstudy.demos.registry import spec_of

    assert spec_of("kv-cache") is get_spec("kv-cache")
    assert get_spec("no-such-demo") is None
    with pytest.raises(RuntimeError, match="no demo 'no-such-demo'"):
        spec_of("no-such-demo")


def test_a_raw_field_stays_as_it_is_and_out_of_the_json():
    from dataclasses import dataclass, field

    import numpy as np

    from dlstudy.demos.result import DemoResult, raw_field, to_json

    @dataclass
    class Result(DemoResult):
        values: list = field(default_factory=list)
        inputs: dict = raw_field()

    result = Result(values=np.arange(3), inputs={"x": np.ones(2)})
    result.make_plain()
    assert result.values == [0, 1, 2] and type(result.values[0]) is int
    assert isinstance(result.inputs["x"], np.ndarray)  # not made plain: tests and scripts get the arrays
    assert result.to_dict() == {"values": [0, 1, 2]}
    assert json.loads(to_json(result)) == {"values": [0, 1, 2]}
