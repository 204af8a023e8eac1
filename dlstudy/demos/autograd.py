"""What the torch demos share about autograd (torch is imported by the caller, never here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from torch import Tensor


def grad_of(tensor: Tensor) -> Tensor:
    """The gradient backward() left on a leaf tensor (or one that called retain_grad()). A missing one is
    a bug in the demo: the tensor took no part in the loss."""
    grad = tensor.grad
    if grad is None:
        raise RuntimeError("backward() left no gradient on this tensor: it took no part in the loss")
    return grad
