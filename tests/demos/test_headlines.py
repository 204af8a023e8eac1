"""Every demo names 2-4 headline figures, and each resolves to a number or a boolean at default parameters."""

from __future__ import annotations

import pytest

from dlstudy.demos.registry import all_specs
from dlstudy.demos.result import lookup
from dlstudy.demos.runner import run_demo

SPECS = all_specs()


def test_demos_are_registered():
    assert len(SPECS) >= 39


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.id)
def test_headline_shape(spec):
    assert 2 <= len(spec.headline) <= 4, f"{spec.id}: {len(spec.headline)} headline figures"
    labels = [label for label, _path in spec.headline]
    assert len(set(labels)) == len(labels), f"{spec.id}: duplicate headline labels {labels}"
    for label, path in spec.headline:
        assert isinstance(label, str) and label.strip() == label and label, f"{spec.id}: bad label {label!r}"
        assert len(label) <= 40, f"{spec.id}: label {label!r} has {len(label)} characters (at most 40)"
        assert isinstance(path, str) and path.strip(), f"{spec.id}: bad path {path!r}"


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.id)
def test_headline_paths_resolve_to_scalars(spec):
    data = run_demo(spec.id, {}, 0).to_dict()  # one run per demo
    for label, path in spec.headline:
        value = lookup(data, path)  # KeyError names the missing key
        assert isinstance(value, (bool, int, float)), \
            f"{spec.id}: '{label}' ({path}) is {type(value).__name__}, not a number or boolean"
