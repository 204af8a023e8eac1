"""positional-encoding: the sinusoidal table, PE(pos + k) as a rotation of PE(pos), and PE(p)·PE(p+k) = f(k)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.params import ParamError
from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator


def _check(values: dict) -> None:
    if values["d_model"] % 2:
        raise ParamError(f"parameter 'd_model' must be even (sin/cos pairs), got {values['d_model']}")


SPEC = DemoSpec(
    id="positional-encoding",
    title="Sinusoidal positional encoding",
    description="PE(pos, 2i) = sin(pos/10000^(2i/d)), PE(pos, 2i+1) = cos(...): the table, rotations, and dot products.",
    topic="nlp",
    cards=("positional-encoding",),
    params=(
        Param("positions", "int", 50, "number of positions in the table (0 .. positions−1)", min=1, max=256),
        Param("d_model", "int", 16, "model dimension d (even)", min=2, max=256),
        Param("offset", "int", 3, "relative offset k for the rotation and dot-product checks", min=0, max=64),
        Param("base", "float", 10_000.0, "base of the geometric frequency progression", min=2.0, max=1e6),
    ),
    headline=(
        ("‖PE(pos)‖² (= d/2)", "norm_squared"),
        ("PE(pos)·PE(pos+k)", "dot.closed_form"),
        ("spread of PE(pos)·PE(pos+k)", "dot.spread"),
        ("longest wavelength", "wavelengths[-1]"),
    ),
    check=_check,
)


@dataclass
class PositionalEncodingResult(DemoResult):
    positions: int = 0
    d_model: int = 0
    base: float = 0.0
    table: list = field(default_factory=list)  # positions × d_model
    frequencies: list[float] = field(default_factory=list)  # ω_i = base^(−2i/d), one per sin/cos pair
    wavelengths: list[float] = field(default_factory=list)  # 2π/ω_i
    rotation: dict = field(default_factory=dict)  # PE(p+k) = R(k) PE(p): angles kω_i, first block, max error
    dot: dict = field(default_factory=dict)  # PE(p)·PE(p+k) for every p: values, spread, closed form Σ cos(kω_i)
    dot_by_offset: list = field(default_factory=list)  # PE(0)·PE(k) for k = 0, 1, ...
    norm_squared: float = 0.0  # PE(p)·PE(p) = d/2 for every p
    lesson: str = ""


def encode(pos, d: int, base: float):
    """Sinusoidal encodings for an array of positions: shape (len(pos), d)."""
    import numpy as np

    pos = np.asarray(pos, dtype=np.float64)[:, None]
    omega = base ** (-np.arange(0, d, 2, dtype=np.float64) / d)  # ω_i = 1 / base^(2i/d)
    pe = np.empty((pos.shape[0], d))
    pe[:, 0::2] = np.sin(pos * omega)
    pe[:, 1::2] = np.cos(pos * omega)
    return pe


def run(params: dict[str, Any], rng: Generator) -> PositionalEncodingResult:
    import numpy as np

    n, d, k, base = int(params["positions"]), int(params["d_model"]), int(params["offset"]), float(params["base"])
    p = np.arange(n)
    pe = encode(p, d, base)
    shifted = encode(p + k, d, base)
    omega = base ** (-np.arange(0, d, 2, dtype=np.float64) / d)

    # rotate each (sin, cos) pair by the angle kω_i: [s', c'] = [[cos, sin], [−sin, cos]] [s, c]
    ang = k * omega
    c, s = np.cos(ang), np.sin(ang)
    sin_part, cos_part = pe[:, 0::2], pe[:, 1::2]
    rotated = np.empty_like(pe)
    rotated[:, 0::2] = c * sin_part + s * cos_part
    rotated[:, 1::2] = -s * sin_part + c * cos_part
    max_error = float(np.max(np.abs(rotated - shifted)))

    dots = np.sum(pe * shifted, axis=1)
    closed = float(np.sum(np.cos(ang)))
    ks = np.arange(0, min(n, 33))
    by_offset = encode(ks, d, base) @ pe[0]

    return PositionalEncodingResult(
        positions=n,
        d_model=d,
        base=base,
        table=pe,
        frequencies=omega.tolist(),
        wavelengths=(2 * np.pi / omega).tolist(),
        rotation={"offset": k, "angles": ang, "first_block": [[c[0], s[0]], [-s[0], c[0]]],
                  "max_error": max_error},
        dot={"offset": k, "values": dots, "spread": float(np.max(dots) - np.min(dots)), "closed_form": closed},
        dot_by_offset=[{"k": int(j), "dot": float(v)} for j, v in zip(ks, by_offset)],
        norm_squared=float(np.sum(pe[0] ** 2)),
        lesson="Each sin/cos pair is a point on a circle turning at its own speed; moving k positions turns every "
               "circle by kω_i, a fixed rotation, so relative offsets are linear maps and dot products depend only on k.",
    )
