"""Anki export with genanki: one note per question, stable GUIDs from card id + question id."""

from __future__ import annotations

import html
import io
import re
from typing import TYPE_CHECKING, Any, Callable, Literal

from dlstudy.content.schema import Card, Question
from dlstudy.kinds.plugin import DemoRef

if TYPE_CHECKING:
    from pathlib import Path

    from dlstudy.demos.runner import DemoRun

Stage = Literal["demos", "notes"]  # what build_package reports progress for
# per demo run (DemoRef.key): (its note text, its result as plain data), or why it cannot run
DemoTexts = dict[tuple[str, str, int], tuple[str, dict[str, Any]] | str]

MODEL_ID = 1_607_392_319  # fixed: re-imports update the same note type
DECK_ID = 2_059_400_110
FIELDS = ["Front", "Back", "Explanation", "KeyPoints", "Demo", "Card", "Question"]

CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; }
.options li { margin: 4px 0; } pre { font-size: 12px; background: #f4f4f4; padding: 6px; }
.kp { color: #555; font-size: 15px; }"""


def guid(card_id: str, question_id: str) -> str:
    import genanki

    return genanki.guid_for("dlstudy", card_id, question_id)


# Anki turns `[sound:FILE]` into a player and `[anki:...]` into text-to-speech (and other tags) in every
# field it shows; from shared decks that is an injection. The bracket becomes an HTML entity: the same
# text on the card, never a tag.
_MEDIA_TAG = re.compile(r"\[(?=\s*(?:sound|anki)\s*:)", re.IGNORECASE)


def neutralise(field: str) -> str:
    """A field's HTML with Anki's media and TTS syntax made plain text (`[sound:` -> `&#91;sound:`)."""
    return _MEDIA_TAG.sub("&#91;", field)


def _mathjax(text: str) -> str:
    """Escape HTML; TeX written as $...$ or \\(...\\) becomes MathJax \\( ... \\)."""
    out = html.escape(text)
    return re.sub(r"\$([^$]+)\$", r"\\(\1\\)", out)


TEXT = "anki"  # the name under which the demo-result cache keeps the rendering made here
TEXT_WIDTH = 90




def run_text(run: DemoRun) -> str:
    """A demo run rendered as plain text at TEXT_WIDTH columns, without colour (the note's Demo field)."""
    from rich.console import Console

    from dlstudy.render.demo_run import render_run

    con = Console(record=True, width=TEXT_WIDTH, file=io.StringIO(), color_system=None, force_terminal=False)
    render_run(con, run)
    return con.export_text()


def remember_run(question: Question, run: DemoRun) -> None:
    """Keep a live run of a predict question's demo in the demo-result cache, with its note text, so
    that a later 'check' or 'export anki' need not run it again (nothing is done if it is there
    already; failures to write are ignored)."""
    from dlstudy.demos import cache

    ref = question.plugin.demo_ref(question.spec)
    if ref is None or not cache.enabled():
        return
    entry = cache.load(ref.demo, ref.params, ref.seed)
    if entry is None or TEXT not in entry.texts:
        cache.store(ref.demo, ref.params, ref.seed, run.to_dict(), texts={TEXT: run_text(run)})


def demo_texts(questions: list[Question], on_progress: Callable[[int, int], None] | None = None) -> DemoTexts:
    """For each distinct demo run of these questions (those whose answer comes from a demo): (text, result
    dict) from the cache, or by running the demo (then cached), or the reason it cannot run.
    on_progress(i, n) before the i-th of the n runs needed."""
    from dlstudy.demos import cache
    from dlstudy.demos.runner import run_demo
    from dlstudy.errors import DlstudyError

    out: DemoTexts = {}
    todo: dict[tuple[str, str, int], DemoRef] = {}
    for q in questions:
        ref = q.plugin.demo_ref(q.spec)
        if ref is None or ref.key in out or ref.key in todo:
            continue
        entry = cache.load(ref.demo, ref.params, ref.seed)
        if entry is not None and TEXT in entry.texts:
            out[ref.key] = (entry.texts[TEXT], entry.result)
        else:
            todo[ref.key] = ref
    for i, (key, ref) in enumerate(todo.items(), 1):
        if on_progress:
            on_progress(i, len(todo))
        try:
            run = run_demo(ref.demo, ref.params, ref.seed)
        except DlstudyError as exc:
            out[key] = exc.message
            continue
        text, result = run_text(run), run.to_dict()
        cache.store(ref.demo, ref.params, ref.seed, result, texts={TEXT: text})
        out[key] = (text, result)
    return out


def _demo_text(question: Question, ref: DemoRef, texts: DemoTexts | None = None) -> tuple[str, object]:
    """The question's demo output as plain text and the value at its answer_from (cached runs reused)."""

    if texts is None or ref.key not in texts:
        texts = demo_texts([question])
    got = texts[ref.key]
    if isinstance(got, str):
        raise NoteSkipped(f"its demo cannot run: {got}")
    text, result = got
    try:
        value = question.plugin.demo_value(question.spec, result)
    except KeyError as exc:
        raise NoteSkipped(f"answer_from {exc.args[0]} (run 'dlstudy check')") from None
    return text, value


def note_options(card: Card, q: Question) -> list[Any]:
    """The options in the note's own order: shuffled, seeded by the note's GUID, so the right answer is
    not always a) and a re-export keeps the order."""
    from dlstudy.kinds.choice import shuffled

    options = list(q.plugin.options(q.spec))
    return shuffled(options, guid(card.id, q.id), "anki") if options else []


def note_fields(card: Card, q: Question, texts: DemoTexts | None = None) -> list[str]:
    """The note's fields; texts: the result of demo_texts() for the deck (else the demo is looked up
    in the cache or run here)."""
    from dlstudy.kinds.choice import option_text

    plugin, spec = q.plugin, q.spec
    front = plugin.anki_front(spec, _mathjax) + f"<div>{_mathjax(q.prompt)}</div>"
    demo = ""
    order = note_options(card, q)
    if order:
        front += "<ol class='options' type='a'>" + "".join(f"<li>{_mathjax(option_text(o))}</li>" for o in order) + "</ol>"
    ref = plugin.demo_ref(spec)
    value = None
    if ref is not None:
        text, value = _demo_text(q, ref, texts)
        demo = f"<pre>{html.escape(text)}</pre>"
    back = plugin.anki_back(spec, order, _mathjax, value)
    key_points = "<ul class='kp'>" + "".join(f"<li>{_mathjax(k)}</li>" for k in card.key_points) + "</ul>"
    if card.formulas:
        key_points += "".join(f"<div>\\[{html.escape(f.tex)}\\]</div>" for f in card.formulas)
    fields = [front, back, _mathjax(q.explanation), key_points, demo, html.escape(card.title), html.escape(q.id)]
    return [neutralise(f) for f in fields]


class NoteSkipped(Exception):
    """A question that cannot become a note (its demo fails or its answer_from path is wrong)."""


def write_package(package: Any, path: str | Path) -> None:  # package: a genanki.Package (untyped)
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


def build_package(cards: list[Card], path: str | Path, deck_name: str = "dlstudy",
                  skipped: list[tuple[str, str, str]] | None = None,
                  on_progress: Callable[[Stage, int, int], None] | None = None) -> int:
    """Write the package to path; questions that cannot be exported are appended to `skipped` as
    (card id, question id, reason) and left out. on_progress(stage, i, n): stage "demos" before the
    i-th of n demo runs (cached ones need none), then "notes" with n the number of questions."""
    texts = demo_texts([q for c in cards for q in c.questions if q.plugin.demo_ref(q.spec) is not None],
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
