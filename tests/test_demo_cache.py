"""The demo-result cache (dlstudy/demos/cache.py) and the commands that use it: `check` (the named
decks it checks), `export anki` and predict
questions in a quiz. A cache hit is shown by making every demo run fail."""

from __future__ import annotations

import json
import math
import sqlite3
import zipfile

import pytest

from tests.quiz.test_quiz_cli import DECK, deck_dir  # noqa: F401 - deck_dir: the fixture deck's folder

PARAMS = {"a": 2, "samples": 1000}  # the fixture deck's predict question (uniform-variance)


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """A cache folder of this test's own (conftest shares one across the run, for speed)."""
    monkeypatch.setenv("DLSTUDY_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def deck(deck_dir):  # noqa: F811
    return deck_dir


@pytest.fixture
def runs(monkeypatch):
    """Count real demo runs: the list of demo ids run (through dlstudy.demos.runner.run_demo)."""
    from dlstudy.demos import runner

    real = runner.run_demo
    seen: list[str] = []

    def counting(demo_id, *args, **kwargs):
        seen.append(demo_id)
        return real(demo_id, *args, **kwargs)

    monkeypatch.setattr(runner, "run_demo", counting)
    return seen


def no_demo_runs(monkeypatch):
    from dlstudy.demos import runner

    def fail(*args, **kwargs):
        raise AssertionError("a demo ran although its result is cached")

    monkeypatch.setattr(runner, "run_demo", fail)


# ----- the cache itself -----

def test_key_depends_on_demo_params_seed_and_version(monkeypatch):
    import dlstudy
    from dlstudy.demos import cache

    base = cache.key("uniform-variance", PARAMS, 0)
    assert cache.key("uniform-variance", dict(reversed(list(PARAMS.items()))), 0) == base  # order does not matter
    assert cache.key("uniform-variance", {"a": 3, "samples": 1000}, 0) != base
    assert cache.key("uniform-variance", PARAMS, 1) != base
    assert cache.key("kl-asymmetry", PARAMS, 0) != base
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT + 1)
    assert cache.key("uniform-variance", PARAMS, 0) != base
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT - 1)
    assert cache.key("uniform-variance", PARAMS, 0) == base
    monkeypatch.setattr(dlstudy, "__version__", "99.0")
    assert cache.key("uniform-variance", PARAMS, 0) != base


def test_another_version_does_not_read_the_entry(monkeypatch):
    import dlstudy
    from dlstudy.demos import cache

    assert cache.store("uniform-variance", PARAMS, 0, {"x": 1.0})
    assert cache.load("uniform-variance", PARAMS, 0).result == {"x": 1.0}
    monkeypatch.setattr(dlstudy, "__version__", "99.0")
    assert cache.load("uniform-variance", PARAMS, 0) is None


def test_round_trip_is_exact_and_strict_json():
    from dlstudy.demos import cache

    result = {"naive": [float("nan"), float("inf"), -float("inf"), -0.0, 1e-300, 3], "flag": True, "s": "ü"}
    assert cache.store("softmax-overflow", {"logits": [1000, 1001]}, 0, result, texts={"anki": "the text"})
    path = next(cache.folder().glob("*.json"))
    raw = path.read_text(encoding="utf-8")

    def no_constants(name):
        raise AssertionError(f"{name} in the cache file: not strict JSON")

    json.loads(raw, parse_constant=no_constants)
    got = cache.load("softmax-overflow", {"logits": [1000, 1001]}, 0)
    assert math.isnan(got.result["naive"][0]) and got.result["naive"][1:3] == [math.inf, -math.inf]
    assert math.copysign(1, got.result["naive"][3]) == -1 and got.result["naive"][4:] == [1e-300, 3]
    assert isinstance(got.result["naive"][5], int) and got.result["flag"] is True and got.result["s"] == "ü"
    assert got.texts == {"anki": "the text"}
    # a store without texts keeps the texts of the same run
    assert cache.store("softmax-overflow", {"logits": [1000, 1001]}, 0, result)
    assert cache.load("softmax-overflow", {"logits": [1000, 1001]}, 0).texts == {"anki": "the text"}


def test_a_hit_does_not_run_the_demo(monkeypatch, runs):
    from dlstudy.demos import cache

    first, hit = cache.cached_result("uniform-variance", PARAMS, 0)
    assert not hit and runs == ["uniform-variance"]
    no_demo_runs(monkeypatch)
    again, hit = cache.cached_result("uniform-variance", PARAMS, 0)
    assert hit and again == first


@pytest.mark.parametrize("garbage", [b"{not json", b"\xff\xfe", b"[]", b'{"format": 1}', b"",
                                     b'{"format": 1, "result": "' + b"x" * 1_100_000 + b'"}'],
                         ids=["syntax", "not-utf8", "list", "fields-missing", "empty", "oversized"])
def test_a_corrupt_entry_is_ignored_and_rewritten(garbage, runs):
    from dlstudy.demos import cache

    result, _ = cache.cached_result("uniform-variance", PARAMS, 0)
    path = cache.folder() / f"{cache.key('uniform-variance', PARAMS, 0)}.json"
    assert path.is_file() and runs == ["uniform-variance"]
    path.write_bytes(garbage)
    assert cache.load("uniform-variance", PARAMS, 0) is None
    again, hit = cache.cached_result("uniform-variance", PARAMS, 0)
    assert not hit and again == result and runs == ["uniform-variance"] * 2
    assert cache.load("uniform-variance", PARAMS, 0).result == result  # rewritten


def test_an_entry_for_another_run_is_not_used():
    """A file under this run's name that records another demo (a hash collision, or a copied file)."""
    from dlstudy.demos import cache

    cache.store("uniform-variance", {"a": 3}, 0, {"x": 3.0})
    other = cache.folder() / f"{cache.key('uniform-variance', {'a': 3}, 0)}.json"
    mine = cache.folder() / f"{cache.key('uniform-variance', PARAMS, 0)}.json"
    mine.write_bytes(other.read_bytes())
    assert cache.load("uniform-variance", PARAMS, 0) is None


def test_an_oversized_result_is_not_stored(monkeypatch):
    from dlstudy.demos import cache

    monkeypatch.setattr(cache, "MAX_ENTRY_BYTES", 400)
    assert not cache.store("uniform-variance", PARAMS, 0, {"x": "y" * 400})
    assert cache.load("uniform-variance", PARAMS, 0) is None
    assert cache.store("uniform-variance", PARAMS, 0, {"x": 1})


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, monkeypatch, runs):
    from dlstudy.demos import cache

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("DLSTUDY_CACHE_DIR", str(blocker))
    assert cache.cached_result("uniform-variance", PARAMS, 0)[1] is False
    assert cache.cached_result("uniform-variance", PARAMS, 0)[1] is False
    assert runs == ["uniform-variance"] * 2


def test_no_cache_env_turns_it_off(monkeypatch, runs):
    from dlstudy.demos import cache

    monkeypatch.setenv("DLSTUDY_NO_CACHE", "1")
    cache.cached_result("uniform-variance", PARAMS, 0)
    cache.cached_result("uniform-variance", PARAMS, 0)
    assert runs == ["uniform-variance"] * 2 and not cache.root().exists()


def test_old_versions_folders_are_removed(monkeypatch):
    import dlstudy
    from dlstudy.demos import cache

    current = dlstudy.__version__
    monkeypatch.setattr(dlstudy, "__version__", "0.0.1")
    cache.store("uniform-variance", PARAMS, 0, {"x": 1})
    old = cache.folder()
    monkeypatch.setattr(dlstudy, "__version__", current)
    cache.store("uniform-variance", PARAMS, 0, {"x": 1})
    assert not old.exists() and cache.folder().is_dir()


# ----- check -----

def _check_json(cli, *args):
    r = cli("check", *args, "--json")
    return r, json.loads(r.stdout)


def test_check_path_checks_only_the_named_deck(cli, deck, runs, monkeypatch):
    r, data = _check_json(cli, str(deck))
    assert r.exit_code == 0, r.stdout
    assert runs == ["uniform-variance"]  # the named deck's predict demo; no bundled demo
    assert data["cards"] == 1 and data["predict"] == {"ran": 1, "from_cache": 0, "not_checked": 0}
    assert "bundled deck" not in cli("check", str(deck)).stdout

    r, data = _check_json(cli)  # no PATH: the bundled deck, its demos run (the fixture deck is not part of it)
    n_bundled = data["predict"]["ran"]
    assert r.exit_code == 0 and n_bundled > 40 and data["predict"]["from_cache"] == 0
    assert len(runs) > 40

    no_demo_runs(monkeypatch)
    r, data = _check_json(cli, str(deck))
    assert r.exit_code == 0, data["problems"]
    assert data["predict"] == {"ran": 0, "from_cache": 1, "not_checked": 0}
    r, data = _check_json(cli)
    assert r.exit_code == 0 and data["predict"] == {"ran": 0, "from_cache": n_bundled, "not_checked": 0}


def test_check_fast_runs_nothing_and_counts_every_predict_question(cli, deck, runs):
    r, data = _check_json(cli, str(deck), "--fast")
    assert r.exit_code == 0 and runs == []
    assert data["predict"] == {"ran": 0, "from_cache": 0, "not_checked": 1}
    r, data = _check_json(cli, "--fast")
    assert r.exit_code == 0 and runs == [] and data["predict"]["not_checked"] > 40


def test_a_cached_result_still_finds_a_wrong_answer_from(cli, tmp_path, runs, monkeypatch):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "c.yaml").write_text(DECK.replace("answer_from: theory.variance", "answer_from: theory.nope"),
                                encoding="utf-8")
    assert cli("check", str(bad)).exit_code == 1 and runs == ["uniform-variance"]
    no_demo_runs(monkeypatch)
    r = cli("check", str(bad))
    assert r.exit_code == 1 and "theory.nope" in r.stdout


@pytest.mark.parametrize("name", ["nonexistent", "notes.txt"])
def test_a_wrong_path_is_a_usage_error_before_anything_is_loaded(cli, tmp_path, monkeypatch, name):
    from dlstudy.content import loader

    def fail(*args, **kwargs):
        raise AssertionError("the deck was loaded before the PATH was checked")

    monkeypatch.setattr(loader, "load_deck", fail)
    if name == "notes.txt":
        (tmp_path / name).write_text("not a card")
    r = cli("check", str(tmp_path / name))
    assert r.exit_code == 2 and r.stdout == ""
    first = r.stderr.splitlines()[0]
    expected = "no such file or folder" if name == "nonexistent" else "not a card file"
    assert first == f"error: {expected}: {tmp_path / name}", r.stderr
    assert r.stderr.splitlines()[1].startswith("hint: ")


# ----- export anki and the quiz -----

def _notes(path, tmp_path):
    with zipfile.ZipFile(path) as z:
        z.extract("collection.anki2", tmp_path)
    con = sqlite3.connect(tmp_path / "collection.anki2")
    notes = sorted(con.execute("SELECT guid, flds, tags FROM notes").fetchall())
    con.close()
    return notes


def test_export_with_a_warm_cache_gives_the_same_notes(cli, deck, tmp_path, runs, monkeypatch):
    cold, warm = tmp_path / "cold.apkg", tmp_path / "warm.apkg"
    r = cli("--content", str(deck), "export", "anki", str(cold), "--topic", "testing")
    assert r.exit_code == 0 and runs == ["uniform-variance"]
    no_demo_runs(monkeypatch)
    r = cli("--content", str(deck), "export", "anki", str(warm), "--topic", "testing")
    assert r.exit_code == 0, r.stderr
    a, b = _notes(cold, tmp_path / "a"), _notes(warm, tmp_path / "b")
    assert len(a) == 5 and a == b
    predict = next(n[1].split("\x1f") for n in b if n[1].split("\x1f")[6] == "guess-a2")
    assert predict[1].startswith("1.33") and "a²/3" in predict[4]


def test_check_results_serve_the_export_after_one_render(cli, deck, tmp_path, runs, monkeypatch):
    """check caches results without the Anki text: the export runs the demo once for the text, then
    both are warm."""
    assert cli("check", str(deck)).exit_code == 0 and runs == ["uniform-variance"]
    assert cli("--content", str(deck), "export", "anki", str(tmp_path / "1.apkg"), "--topic", "testing").exit_code == 0
    assert runs == ["uniform-variance"] * 2
    no_demo_runs(monkeypatch)
    assert cli("--content", str(deck), "export", "anki", str(tmp_path / "2.apkg"), "--topic", "testing").exit_code == 0
    assert cli("check", str(deck)).exit_code == 0


def test_a_predict_question_in_a_quiz_fills_the_cache(cli, deck, tmp_path, runs, monkeypatch):
    r = cli("--content", str(deck), "quiz", "--card", "quiz-fixture", "--kind", "predict", "-n", "1",
            input="4/3\n\n")
    assert r.exit_code == 0 and "running uniform-variance live" in r.stdout
    assert runs == ["uniform-variance"]  # the quiz still runs its demo live
    no_demo_runs(monkeypatch)
    assert cli("check", str(deck)).exit_code == 0
    assert cli("--content", str(deck), "export", "anki", str(tmp_path / "q.apkg"), "--topic", "testing").exit_code == 0
    r = cli("--content", str(deck), "doctor", env={"COLUMNS": "300"})
    assert "demo-result cache: 1 result(s)" in r.stdout, r.stdout
