"""The demo registry: discovers demo modules in dlstudy/demos/catalog/ and reads their SPEC.

Importing a catalog module is cheap (no numpy/torch at module level), so listing demos, validating
cards and `dlstudy show` never pay for heavy imports.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from dlstudy.demos.spec import DemoSpec

_SPECS: dict[str, DemoSpec] | None = None
_MODULES: dict[str, str] = {}


def _discover() -> dict[str, DemoSpec]:
    global _SPECS
    if _SPECS is None:
        from dlstudy.demos import catalog

        specs: dict[str, DemoSpec] = {}
        for info in sorted(pkgutil.iter_modules(catalog.__path__), key=lambda i: i.name):
            if info.name.startswith("_"):
                continue
            name = f"dlstudy.demos.catalog.{info.name}"
            module = importlib.import_module(name)
            spec = getattr(module, "SPEC", None)
            if isinstance(spec, DemoSpec):
                specs[spec.id] = spec
                _MODULES[spec.id] = name
        _SPECS = specs
    return _SPECS


def all_specs() -> list[DemoSpec]:
    return list(_discover().values())


def demo_ids() -> list[str]:
    return list(_discover())


def get_spec(demo_id: str) -> DemoSpec | None:
    return _discover().get(demo_id)


def module_for(demo_id: str) -> ModuleType:
    _discover()
    return importlib.import_module(_MODULES[demo_id])


def renderer_for(demo_id: str):
    """The render(result, console, params) function from dlstudy/render/demos/<module>.py, if any."""
    _discover()
    short = _MODULES[demo_id].rsplit(".", 1)[-1]
    try:
        module = importlib.import_module(f"dlstudy.render.demos.{short}")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.endswith(short):
            return None
        raise
    return getattr(module, "render", None)
