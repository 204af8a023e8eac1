"""Question kinds as plug-ins: one module per kind (choice, numeric, short, open, predict), each with
its fields (`FIELDS`), a frozen `Spec`, validation (`parse`), `to_dict`/`from_dict`, the prompt `tip`,
`grade` (on plain values; feedback as data in a Grade) and its Anki back side.

This package sits below `content` (which validates a kind's fields with it) and above `demos`.
Adding a kind means one module here, its name in KIND_NAMES, and its tests.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Literal

KIND_NAMES = ("choice", "numeric", "short", "open", "predict")
Kind = Literal["choice", "numeric", "short", "open", "predict"]


def get(kind: str) -> ModuleType:
    """The module of a kind (KeyError for an unknown kind)."""
    if kind not in KIND_NAMES:
        raise KeyError(kind)
    return importlib.import_module(f"dlstudy.kinds.{kind}")
