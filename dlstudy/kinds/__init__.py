"""Question kinds as plug-ins, one module per kind, and the answer matchers.

Question kinds as plug-ins: one module per kind (choice, numeric, short, open, predict), each with
its fields, a frozen `Spec`, pure functions on plain values (parse, grade, ...) and a `PLUGIN`
(kinds/plugin.py: `KindPlugin`) that gives the session, the exports and `check` everything they need
(prompt text, options, grading, feedback as data, the Anki back side, problems). No code outside this
package compares a kind's name.

This package sits below `content` (which validates a kind's fields with it) and above `demos`.
Adding a kind means one module here and its name in KIND_NAMES (docs/adding-a-kind.md).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from dlstudy.kinds.plugin import KindPlugin

KIND_NAMES = ("choice", "numeric", "short", "open", "predict")
Kind = Literal["choice", "numeric", "short", "open", "predict"]


def get(kind: str) -> KindPlugin[Any]:
    """The plug-in of a kind (KeyError for an unknown kind)."""
    if kind not in KIND_NAMES:
        raise KeyError(kind)
    plugin: KindPlugin[Any] = importlib.import_module(f"dlstudy.kinds.{kind}").PLUGIN
    return plugin


def narrow_name(kind: str) -> str:
    """A kind's name where columns are few (its plug-in's short name); an unknown name as it is."""
    return get(kind).narrow_name if kind in KIND_NAMES else kind
