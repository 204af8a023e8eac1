"""Anki export read back from the package (a zip with an SQLite collection), and history export."""

from __future__ import annotations

import csv
import json
import sqlite3
import zipfile

from tests.quiz.test_quiz_cli import DECK


def _read_notes(path, tmp_path):
    with zipfile.ZipFile(path) as z:
        assert "collection.anki2" in z.namelist()
        z.extract("collection.anki2", tmp_path)
    con = sqlite3.connect(tmp_path / "collection.anki2")
    notes = con.execute("SELECT guid, flds, tags FROM notes").fetchall()
    models = json.loads(con.execute("SELECT models FROM col").fetchone()[0])
    con.close()
    return notes, models


def _deck(tmp_path):
    d = tmp_path / "deck"
    d.mkdir()
    (d / "quiz-fixture.yaml").write_text(DECK, encoding="utf-8")
    return d


def test_anki_package_has_one_note_per_question_with_fields_and_tags(cli, tmp_path):
    d = _deck(tmp_path)
    out = tmp_path / "t.apkg"
    r = cli("--content", str(d), "export", "anki", str(out), "--topic", "testing")
    assert r.exit_code == 0, r.stderr
    notes, models = _read_notes(out, tmp_path / "x")
    assert len(notes) == 5
    fields = {n[1].split("\x1f")[6]: n[1].split("\x1f") for n in notes}
    assert set(fields) == {"pick", "number", "word", "talk", "guess-a2"}
    front, back = fields["pick"][0], fields["pick"][1]
    assert "Pick the right one." in front and "<li>right</li>" in front and "right" in back
    assert fields["number"][1].startswith("3")
    assert "Glorot" in fields["word"][1]
    assert "log-sum-exp" in fields["talk"][1]
    predict = fields["guess-a2"]
    assert "dlstudy demo uniform-variance" in predict[0]
    assert predict[1].startswith("1.33")  # the answer comes from running the demo, at the question's precision
    assert "a²/3" in predict[4] or "variance" in predict[4]  # the demo's output as text
    assert "first key point" in predict[3]
    assert all("dlstudy::testing" in n[2] for n in notes)
    model = next(iter(models.values()))
    assert [f["name"] for f in model["flds"]][:2] == ["Front", "Back"]


def test_guids_are_stable_across_exports(cli, tmp_path):
    d = _deck(tmp_path)
    a, b = tmp_path / "a.apkg", tmp_path / "b.apkg"
    cli("--content", str(d), "export", "anki", str(a), "--topic", "testing")
    path = d / "quiz-fixture.yaml"
    path.write_text(path.read_text().replace("Pick the right one.", "Pick the correct one."), encoding="utf-8")
    cli("--content", str(d), "export", "anki", str(b), "--topic", "testing")
    ga = {n[1].split("\x1f")[6]: n[0] for n in _read_notes(a, tmp_path / "ra")[0]}
    gb = {n[1].split("\x1f")[6]: n[0] for n in _read_notes(b, tmp_path / "rb")[0]}
    assert ga == gb and len(set(ga.values())) == 5


def test_tex_becomes_mathjax():
    from dlstudy.export.anki import _mathjax

    assert _mathjax("variance $a^2/3$ & more") == "variance \\(a^2/3\\) &amp; more"


def test_export_history_csv_and_json(cli, tmp_path):
    d = _deck(tmp_path)
    cli("--content", str(d), "quiz", "--card", "quiz-fixture", "--kind", "short", "-n", "1", input="glorot\n\n")
    c, j = tmp_path / "h.csv", tmp_path / "h.json"
    assert cli("export", "history", str(c), "--csv").exit_code == 0
    assert cli("export", "history", str(j), "--json").exit_code == 0
    rows = list(csv.DictReader(c.open()))
    assert rows[0]["card"] == "quiz-fixture" and rows[0]["question"] == "word" and rows[0]["source"] == "quiz"
    data = json.loads(j.read_text())
    assert data[0]["correct"] is True
    assert cli("export", "history", str(c)).exit_code == 2
    assert cli("export", "anki", str(tmp_path / "x.zip")).exit_code == 2
