"""Anki export with genanki: one note per question, stable GUIDs from card id + question id."""

from __future__ import annotations

import html
import io
import re

from dlstudy.content.schema import Card, Question

MODEL_ID = 1_607_392_319  # fixed: re-imports update the same note type
DECK_ID = 2_059_400_110
FIELDS = ["Front", "Back", "Explanation", "KeyPoints", "Demo", "Card", "Question"]

CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; }
.options li { margin: 4px 0; } pre { font-size: 12px; background: #f4f4f4; padding: 6px; }
.kp { color: #555; font-size: 15px; }"""


def guid(card_id: str, question_id: str) -> str:
    import genanki

    return genanki.guid_for("dlstudy", card_id, question_id)


def _mathjax(text: str) -> str:
    """Escape HTML; TeX written as $...$ or \\(...\\) becomes MathJax \\( ... \\)."""
    out = html.escape(text)
    return re.sub(r"\$([^$]+)\$", r"\\(\1\\)", out)


TEXT = "anki"  # the name under which the demo-result cache keeps the rendering made here
TEXT_WIDTH = 90


def _demo_key(spec) -> tuple:
    return spec.demo, repr(sorted(spec.params.items())), spec.seed


def run_text(run) -> str:
    """A demo run rendered as plain text at TEXT_WIDTH columns, without colour (the note's Demo field)."""
    from rich.console import Console

    from dlstudy.render.demo_run import render_run

    con = Console(record=True, width=TEXT_WIDTH, file=io.StringIO(), color_system=None, force_terminal=False)
    render_run(con, run)
    return con.export_text()


def remember_run(question: Question, run) -> None:
    """Keep a live run of a predict question's demo in the demo-result cache, with its note text, so
    that a later 'check' or 'export anki' need not run it again (nothing is done if it is there
    already; failures to write are ignored)."""
    from dlstudy.demos import cache

    spec = question.spec
    if not cache.enabled():
        return
    entry = cache.load(spec.demo, spec.params, spec.seed)
    if entry is None or TEXT not in entry.texts:
        cache.store(spec.demo, spec.params, spec.seed, run.to_dict(), texts={TEXT: run_text(run)})


def demo_texts(questions: list[Question], on_progress=None) -> dict[tuple, tuple[str, dict] | str]:
    """For each distinct demo run of these predict questions: (text, result dict) from the cache, or
    by running the demo (then cached), or the reason it cannot run. on_progress(i, n) before the i-th of
    the n runs needed."""
    from dlstudy.demos import cache
    from dlstudy.demos.runner import run_demo
    from dlstudy.errors import DlstudyError

    out: dict[tuple, tuple[str, dict] | str] = {}
    todo = {}
    for q in questions:
        spec = q.spec
        key = _demo_key(spec)
        if key in out or key in todo:
            continue
        entry = cache.load(spec.demo, spec.params, spec.seed)
        if entry is not None and TEXT in entry.texts:
            out[key] = (entry.texts[TEXT], entry.result)
        else:
            todo[key] = q
    for i, (key, q) in enumerate(todo.items(), 1):
        if on_progress:
            on_progress(i, len(todo))
        spec = q.spec
        try:
            run = run_demo(spec.demo, spec.params, spec.seed)
        except DlstudyError as exc:
            out[key] = exc.message
            continue
        text, result = run_text(run), run.to_dict()
        cache.store(spec.demo, spec.params, spec.seed, result, texts={TEXT: text})
        out[key] = (text, result)
    return out


def _demo_text(question: Question, texts: dict | None = None) -> tuple[str, object]:
    """The question's demo output as plain text and the value at its answer_from (cached runs reused)."""
    from dlstudy.demos.result import lookup

    spec = question.spec
    key = _demo_key(spec)
    if texts is None or key not in texts:
        texts = demo_texts([question])
    got = texts[key]
    if isinstance(got, str):
        raise NoteSkipped(f"its demo cannot run: {got}")
    text, result = got
    try:
        value = lookup(result, spec.answer_from)
    except KeyError as exc:
        raise NoteSkipped(f"answer_from {exc.args[0]} (run 'dlstudy check')") from None
    return text, value


def note_options(card: Card, q: Question) -> list:
    """The options in the note's own order: shuffled, seeded by the note's GUID, so the right answer is
    not always a) and a re-export keeps the order."""
    from dlstudy.kinds.choice import shuffled

    options = list(q.spec.options) if q.grades_as() == "choice" else []
    return shuffled(options, guid(card.id, q.id), "anki") if options else []


def note_fields(card: Card, q: Question, texts: dict | None = None) -> list[str]:
    """The note's fields; texts: the result of demo_texts() for the deck (else the demo is looked up
    in the cache or run here)."""
    from dlstudy import kinds
    from dlstudy.demos.result import option_index
    from dlstudy.kinds.base import LETTERS
    from dlstudy.kinds.choice import option_text

    front = f"<div>{_mathjax(q.prompt)}</div>"
    demo = ""
    spec = q.spec
    if q.kind == "predict":
        from dlstudy.demos.registry import get_spec

        demo_spec = get_spec(spec.demo)
        cmd = demo_spec.command(spec.params) if demo_spec else spec.demo
        front = f"<div><i>Predict what this demo computes:</i> <code>{html.escape(cmd)}</code></div>" + front
    order = note_options(card, q)
    if order:
        front += "<ol class='options' type='a'>" + "".join(f"<li>{_mathjax(option_text(o))}</li>" for o in order) + "</ol>"
    if q.kind == "choice":
        back = kinds.get("choice").anki_back(spec, order, _mathjax)
    elif q.kind in ("numeric", "short", "open"):
        back = kinds.get(q.kind).anki_back(spec, _mathjax if q.kind != "numeric" else html.escape)
    else:
        from dlstudy.kinds.predict import shown_value

        text, value = _demo_text(q, texts)
        if spec.format == "choice":
            idx = option_index(list(spec.options), value)
            right = order.index(spec.options[idx]) if idx is not None else None
            back = f"{LETTERS[right]}) {html.escape(option_text(order[right]))}" if right is not None \
                else html.escape(str(value))
        else:
            back = html.escape(shown_value(spec, value))
        if spec.label:
            back = f"{html.escape(spec.label)}: {back}"
        demo = f"<pre>{html.escape(text)}</pre>"
    key_points = "<ul class='kp'>" + "".join(f"<li>{_mathjax(k)}</li>" for k in card.key_points) + "</ul>"
    if card.formulas:
        key_points += "".join(f"<div>\\[{html.escape(f.tex)}\\]</div>" for f in card.formulas)
    return [front, back, _mathjax(q.explanation), key_points, demo, html.escape(card.title), q.id]


class NoteSkipped(Exception):
    """A question that cannot become a note (its demo fails or its answer_from path is wrong)."""


def write_package(package, path) -> None:
    """genanki's Package.write_to_file, with its temporary collection in a folder that is removed
    afterwards (genanki leaves a ~1.6 MB file in $TMPDIR on every export)."""
    import itertools
    import json
    import os
    import sqlite3
    import tempfile
    import time
    import zipfile

    with tempfile.TemporaryDirectory(prefix="dlstudy-anki-") as tmp:
        dbname = os.path.join(tmp, "collection.anki2")
        conn = sqlite3.connect(dbname)
        try:
            timestamp = time.time()
            package.write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        with zipfile.ZipFile(path, "w") as outzip:
            outzip.write(dbname, "collection.anki2")
            outzip.writestr("media", json.dumps({}))


def build_package(cards: list[Card], path, deck_name: str = "dlstudy", skipped: list | None = None,
                  on_progress=None) -> int:
    """Write the package to path; questions that cannot be exported are appended to `skipped` as
    (card id, question id, reason) and left out. on_progress(stage, i, n): stage "demos" before the
    i-th of n demo runs (cached ones need none), then "notes" with n the number of questions."""
    texts = demo_texts([q for c in cards for q in c.questions if q.kind == "predict"],
                       on_progress=(lambda i, n: on_progress("demos", i, n)) if on_progress else None)
    if on_progress:
        on_progress("notes", 0, sum(len(c.questions) for c in cards))
    import genanki

    model = genanki.Model(
        MODEL_ID, "dlstudy question",
        fields=[{"name": f} for f in FIELDS],
        templates=[{"name": "Question",
                    "qfmt": "<div class='kp'>{{Card}}</div>{{Front}}",
                    "afmt": "{{FrontSide}}<hr id='answer'><b>{{Back}}</b><p>{{Explanation}}</p>"
                            "{{#Demo}}{{Demo}}{{/Demo}}<details><summary>Key points</summary>{{KeyPoints}}</details>"}],
        css=CSS,
    )
    deck = genanki.Deck(DECK_ID, deck_name)
    n = 0
    for card in cards:
        tags = [f"dlstudy::{card.topic}"] + [re.sub(r"\s+", "_", t) for t in card.tags]
        for q in card.questions:
            try:
                fields = note_fields(card, q, texts)
            except NoteSkipped as exc:
                if skipped is not None:
                    skipped.append((card.id, q.id, str(exc)))
                continue
            note = genanki.Note(model=model, fields=fields, tags=tags, guid=guid(card.id, q.id), sort_field=0)
            deck.add_note(note)
            n += 1
    write_package(genanki.Package(deck), path)
    return n
