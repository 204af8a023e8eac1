"""Run a demo: validate parameters, seed the generator, call run(), return its typed result."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import parse_params
from dlstudy.demos.registry import get_spec, module_for
from dlstudy.demos.result import DemoResult
from dlstudy.errors import UsageError

if TYPE_CHECKING:
    from numpy.random import Generator

MAX_SEED = 2**32 - 1


@dataclass
class DemoRun:
    demo_id: str
    params: dict[str, Any]
    seed: int
    result: DemoResult  # the demo's typed result, its fields plain Python (DemoResult.make_plain)

    def to_dict(self) -> dict[str, Any]:
        return self.result.to_dict()


def needs_torch_import(demo_id: str) -> bool:
    """Whether running this demo will first import torch (a second or more)."""
    import sys

    spec = get_spec(demo_id)
    return spec is not None and spec.uses_torch and "torch" not in sys.modules


def import_torch() -> None:
    import torch  # noqa: F401


def make_rng(seed: int) -> Generator:
    import numpy as np

    return np.random.default_rng(seed)


def run_demo(demo_id: str, params: dict[str, Any] | None = None, seed: int = 0, parsed: bool = False) -> DemoRun:
    """Validate params (unless already parsed) and run the demo deterministically for this seed."""
    spec = get_spec(demo_id)
    if spec is None:
        raise UsageError(f"no demo '{demo_id}' (see 'dlstudy demo' for the list)")
    if not 0 <= seed <= MAX_SEED:
        raise UsageError(f"--seed must be between 0 and {MAX_SEED}")
    values = dict(params or {}) if parsed else parse_params(spec, params or {})
    module = module_for(demo_id)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # demos capture the warnings they want to explain
        result = module.run(values, make_rng(seed))
    if not isinstance(result, DemoResult):
        raise TypeError(f"{module.__name__}.run must return a DemoResult dataclass, not {type(result).__name__}")
    result.make_plain()
    return DemoRun(demo_id=demo_id, params=values, seed=seed, result=result)
