"""contrastive-temperature: a batch of N image–text pairs in a shared space (both views of a pair are the same
random point plus independent noise, L2-normalized). CLIP's symmetric InfoNCE loss on the logits cos/τ is computed
at several temperatures τ, with the retrieval accuracy (does each image's most similar caption belong to it, and
each caption's image?), which the temperature cannot change, and how much of the negatives' softmax mass the
hardest negative takes.

Result keys: batch, dim, noise, temperatures, losses, losses_image_to_text, losses_text_to_image, accuracy,
accuracy_image_to_text, accuracy_text_to_image, accuracy_constant, positive_prob, hardest_negative_share,
chance_loss, mean_positive_cosine, mean_negative_cosine, similarity, embeddings (image, text), lesson."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dlstudy.demos.result import DemoResult
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    from numpy.random import Generator

SPEC = DemoSpec(
    id="contrastive-temperature",
    title="CLIP's contrastive loss: temperature, loss and retrieval accuracy",
    description="Symmetric InfoNCE on cos(image, text)/τ over a batch of pairs: τ reshapes the loss and the weight "
                "on hard negatives, never the ranking, so retrieval accuracy stays put.",
    topic="vision",
    cards=("clip-multimodal",),
    params=(
        Param("batch", "int", 16, "image–text pairs in the batch (N; each has N − 1 negatives)", min=2, max=64),
        Param("dim", "int", 16, "embedding dimension", min=2, max=64),
        Param("noise", "float", 0.8, "noise added to each view before normalizing (0: identical views)", min=0.0,
              max=10.0),
        Param("temperatures", "float_list", [0.01, 0.03, 0.07, 0.1, 0.3, 1.0, 10.0], "temperatures τ to compare",
              min=0.001, max=1000.0, min_len=1, max_len=16),
    ),
    headline=(
        ("loss at the first temperature", "losses[0]"),
        ("loss at the last temperature", "losses[-1]"),
        ("chance loss ln N", "chance_loss"),
        ("retrieval accuracy (both directions)", "accuracy[0]"),
    ),
)


@dataclass
class ContrastiveTemperatureResult(DemoResult):
    batch: int  # N
    dim: int
    noise: float
    temperatures: list[float]
    losses: list[float]  # symmetric InfoNCE, ½(image → text + text → image), one per temperature
    losses_image_to_text: list[float]  # mean cross-entropy of the rows of cos/τ
    losses_text_to_image: list[float]  # of the columns
    accuracy: list[float]  # retrieval accuracy averaged over both directions, one per temperature
    accuracy_image_to_text: float  # share of images whose most similar caption is their own
    accuracy_text_to_image: float  # share of captions whose most similar image is their own
    accuracy_constant: bool  # the same accuracy at every temperature (argmax ignores a positive scale)
    positive_prob: list[float]  # mean softmax probability of the right caption, image → text, per temperature
    hardest_negative_share: list[float]  # mean share of the negatives' mass on the most similar negative, image → text
    chance_loss: float  # ln N: the loss when every similarity is equal
    mean_positive_cosine: float
    mean_negative_cosine: float
    similarity: list[list[float]]  # N × N cosines, rows images, columns captions
    embeddings: dict[str, list[list[float]]]  # image, text: N unit vectors each
    lesson: str


def _log_softmax_rows(z: Any) -> Any:
    import numpy as np

    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def run(params: dict[str, Any], rng: Generator) -> ContrastiveTemperatureResult:
    import numpy as np

    n, d, noise = int(params["batch"]), int(params["dim"]), float(params["noise"])
    temps = [float(t) for t in params["temperatures"]]
    z = rng.standard_normal((n, d))
    img = z + noise * rng.standard_normal((n, d))
    txt = z + noise * rng.standard_normal((n, d))
    img /= np.linalg.norm(img, axis=1, keepdims=True)
    txt /= np.linalg.norm(txt, axis=1, keepdims=True)
    sim = img @ txt.T
    diag = np.arange(n)

    acc_i = float(np.mean(np.argmax(sim, axis=1) == diag))
    acc_t = float(np.mean(np.argmax(sim, axis=0) == diag))
    off = ~np.eye(n, dtype=bool)
    rows_i, rows_t, losses, acc, pos, hard = [], [], [], [], [], []
    for tau in temps:
        logits = sim / tau
        lp_i = _log_softmax_rows(logits)  # image → text: each row over the captions
        lp_t = _log_softmax_rows(logits.T)  # text → image
        li, lt = float(-lp_i[diag, diag].mean()), float(-lp_t[diag, diag].mean())
        rows_i.append(li)
        rows_t.append(lt)
        losses.append((li + lt) / 2)
        acc.append(float((np.mean(np.argmax(logits, axis=1) == diag) + np.mean(np.argmax(logits, axis=0) == diag)) / 2))
        prob = np.exp(lp_i)
        pos.append(float(prob[diag, diag].mean()))
        neg = np.where(off, logits, -np.inf)  # the negatives' logits, row by row
        top = neg.max(axis=1, keepdims=True)
        hard.append(float(np.mean(1.0 / np.exp(neg - top).sum(axis=1))))  # e^max / Σ e^neg, without underflow

    return ContrastiveTemperatureResult(
        batch=n, dim=d, noise=noise, temperatures=temps, losses=losses, losses_image_to_text=rows_i,
        losses_text_to_image=rows_t, accuracy=acc, accuracy_image_to_text=acc_i, accuracy_text_to_image=acc_t,
        accuracy_constant=len(set(acc)) == 1, positive_prob=pos, hardest_negative_share=hard,
        chance_loss=math.log(n), mean_positive_cosine=float(sim[diag, diag].mean()),
        mean_negative_cosine=float(sim[off].mean()), similarity=sim.tolist(),
        embeddings={"image": img.tolist(), "text": txt.tolist()},
        lesson="Dividing the cosines by τ changes how sharp the softmax is, not which caption scores highest: the "
               "retrieval accuracy is the same at every τ. A small τ drives the loss toward 0 when every pair is "
               "ranked first, but blows it up on pairs ranked below a negative, and puts the gradient on the hardest "
               "negatives; a large τ flattens the loss toward ln N.",
    )
