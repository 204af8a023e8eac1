"""The demo registry: demo modules live in dlstudy/demos/catalog/, one per demo, and the module name
is the demo id with '-' written '_' (xavier-variance -> xavier_variance.py).

Listing ids reads only the folder; a module is imported when its SPEC is needed, so commands that
do not show demos (cards, show, check with a warm cache) import none of them. Catalog modules never
import numpy or torch at module level.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from dlstudy.demos.spec import DemoSpec

_IDS: list[str] | None = None
_SPECS: dict[str, DemoSpec] = {}


def _module_name(demo_id: str) -> str:
    return "dlstudy.demos.catalog." + demo_id.replace("-", "_")


def demo_ids() -> list[str]:
    """Registered demo ids, from the catalog folder's module names (no imports)."""
    global _IDS
    if _IDS is None:
        import os

        from dlstudy.demos import catalog

        folder = os.path.dirname(catalog.__file__)
        _IDS = sorted(name[:-3].replace("_", "-") for name in os.listdir(folder)
                      if name.endswith(".py") and not name.startswith("_"))
    return list(_IDS)


def get_spec(demo_id: str) -> DemoSpec | None:
    if demo_id not in _SPECS:
        if demo_id not in demo_ids():
            return None
        from dlstudy.demos.spec import DemoSpec

        module = importlib.import_module(_module_name(demo_id))
        spec = getattr(module, "SPEC", None)
        if not isinstance(spec, DemoSpec) or spec.id != demo_id:
            raise RuntimeError(f"{module.__name__} must define SPEC = DemoSpec(id={demo_id!r}, ...)")
        _SPECS[demo_id] = spec
    return _SPECS[demo_id]


def spec_of(demo_id: str) -> DemoSpec:
    """The spec of a demo that must exist (a card's demo, checked when the card was loaded, or an id
    already looked up with get_spec): a missing one is a bug, raised here as a RuntimeError that names it."""
    spec = get_spec(demo_id)
    if spec is None:
        raise RuntimeError(f"no demo '{demo_id}' in the registry (dlstudy/demos/catalog/)")
    return spec


def all_specs() -> list[DemoSpec]:
    return [s for s in (get_spec(i) for i in demo_ids()) if s is not None]


def module_file(demo_id: str) -> Path | None:
    """The path of the demo's catalog module (not imported), or None for an unknown id."""
    if demo_id not in demo_ids():
        return None
    from pathlib import Path

    from dlstudy.demos import catalog

    return Path(catalog.__file__).parent / (demo_id.replace("-", "_") + ".py")


def module_for(demo_id: str) -> ModuleType:
    spec_of(demo_id)  # checks the module's SPEC
    return importlib.import_module(_module_name(demo_id))
