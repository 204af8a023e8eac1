"""Grading quality on labelled answers, measured out of sample.

    python benchmarks/grading/run.py                 # both splits, keywords only and with the semantic extra
    python benchmarks/grading/run.py --details       # also list every disagreement (tune split only)
    python benchmarks/grading/run.py --json          # the figures as JSON

Two labelled sets (README.md in this folder): `answers.yaml` (631 answers) and `dev.jsonl` (155 answers,
five per question: paraphrase, terse, partial, wrong in the right words, off-topic). Every question
belongs to one split, with all its answers from both files:

- **tune**: the questions of `dev.jsonl` and about half of the others (by a hash of the question id).
  Rules and thresholds are chosen here (`--details` lists its disagreements);
- **report**: the other questions. Nothing is tuned on them, and `--details` never lists them.

Figures per split and kind:
- short / numeric: false-fail (a right answer rejected), false-pass (a wrong answer accepted);
- open, with Enter accepting the pre-selection and no probes: wrong answers (a person rates Again)
  pre-selected Hard or better; Good pre-selected where a person rates below Good; correct answers (a
  person rates Good) pre-selected Again; precision of the pre-marked points (a person marked them
  covered); agreement of the pre-selection with the person's rating;
- open, with probes answered as the labels show (the point where the person marked it covered, the
  misconception elsewhere): agreement of the pre-selection with the person's rating.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

TARGETS = {  # the acceptance targets (on held-out questions)
    "open_wrong_hard_or_better": 0.10, "open_good_below_good": 0.10, "open_correct_again": 0.20,
    "open_premark_precision": 0.85, "open_probe_agreement": 0.95,
    "short_false_fail": 0.15, "short_false_pass": 0.03,
}


@dataclass
class Item:
    source: str  # answers.yaml | dev.jsonl
    card: str
    qid: str
    kind: str
    type: str
    answer: str
    human_pass: bool
    human_rating: int | None = None  # open: 1 again, 2 hard, 3 good
    human_points: list[float] | None = None  # open: per rubric point, 1 covered, 0.5 half, 0 not

    @property
    def key(self) -> str:
        return f"{self.card}/{self.qid}"


def load_items(deck: Any) -> list[Item]:
    import yaml

    items = []
    for r in yaml.safe_load((HERE / "answers.yaml").read_text(encoding="utf-8")):
        human_pass = r["label"] == "pass"
        rating = points = None
        if r["kind"] == "open":
            n = len(deck.get(r["card"]).question(r["question"]).spec.rubric)
            covered = set(r.get("points") or [])
            points = [1.0 if i + 1 in covered else 0.0 for i in range(n)]
            rating = 3 if human_pass else 1 if r["type"] in ("wrong_terms", "off_topic") else 2
        items.append(Item("answers.yaml", r["card"], r["question"], r["kind"], r["type"], r["answer"], human_pass,
                          rating, points))
    for line in (HERE / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        typ = {"wrong_kw": "wrong_terms", "offtopic": "off_topic"}.get(r["type"], r["type"])
        if r["kind"] == "open":
            items.append(Item("dev.jsonl", r["card"], r["qid"], "open", typ, r["answer"], bool(r["human_pass"]),
                              int(r["human_rating"]), [float(p) for p in r["human_points"]]))
        else:
            items.append(Item("dev.jsonl", r["card"], r["qid"], r["kind"], typ, r["answer"],
                              bool(r.get("human_correct", r.get("human_pass")))))
    return items


def splits(items: list[Item]) -> dict[str, str]:
    """Question -> 'tune' or 'report': dev.jsonl's questions tune, the others by a hash of their id."""
    dev = {i.key for i in items if i.source == "dev.jsonl"}
    return {i.key: "tune" if i.key in dev or zlib.crc32(i.key.encode()) % 2 == 0 else "report" for i in items}


def grade(item: Item, question: Any, semantic: Any) -> Any:
    from dlstudy.kinds.base import AnswerError
    from dlstudy.kinds.plugin import GradeEnv

    try:
        return question.plugin.grade(question.spec, item.answer, GradeEnv(prompt=question.prompt, semantic=lambda: semantic))
    except AnswerError:
        return None


def probe_rating(question: Any, item: Item) -> int:
    """The pre-selection after the probes, answered as the labels show."""
    from dlstudy.kinds import open as open_kind

    right = sum(1 for p in (item.human_points or []) if p >= 0.5)
    return open_kind.rating_from_marks(right, len(question.spec.rubric))


def evaluate(items: list[Item], deck: Any, split_of: dict[str, str], semantic: Any = None
             ) -> tuple[dict[str, dict[str, Any]], list[tuple[str, Item, Any]]]:
    c: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    disagreements = []
    for item in items:
        question = deck.get(item.card).question(item.qid)
        split = split_of[item.key]
        row = c[f"{split}/{item.kind}"]
        g = grade(item, question, semantic)
        row["answers"] += 1
        if item.kind in ("short", "numeric"):
            verdict = bool(g is not None and g.correct)
            row["right"] += item.human_pass
            row["wrong"] += not item.human_pass
            row["asked_again"] += g is None
            if item.human_pass and not verdict:
                row["false_fail"] += 1
                disagreements.append(("false fail", item, g))
            elif verdict and not item.human_pass:
                row["false_pass"] += 1
                disagreements.append(("false pass", item, g))
            continue
        assert item.human_rating is not None and item.human_points is not None
        suggested = g.suggested
        human = item.human_rating
        row["again"] += human == 1
        row["below_good"] += human < 3
        row["good"] += human == 3
        row["wrong_hard_or_better"] += human == 1 and suggested >= 2
        row["good_below_good"] += human < 3 and suggested == 3
        row["correct_again"] += human == 3 and suggested == 1
        row["agree"] += suggested == human
        row["probe_agree"] += probe_rating(question, item) == human
        for mark, person in zip((r["hit"] for r in g.details["rubric"]), item.human_points):
            if mark:
                row["premarked"] += 1
                row["premarked_right"] += person >= 0.5
        row["contradicted_right"] += human == 3 and any(r["mark"] == "contradicted" for r in g.details["rubric"])
        if suggested != human:
            disagreements.append((f"suggested {suggested}, person {human}", item, g))
    out: dict[str, dict[str, Any]] = {}
    for name, r in sorted(c.items()):
        if name.endswith(("/short", "/numeric")):
            out[name] = {"answers": int(r["answers"]), "right": int(r["right"]), "wrong": int(r["wrong"]),
                         "false_fail": _rate(r["false_fail"], r["right"]),
                         "false_pass": _rate(r["false_pass"], r["wrong"]), "asked_again": int(r["asked_again"])}
        else:
            out[name] = {"answers": int(r["answers"]), "again": int(r["again"]), "good": int(r["good"]),
                         "wrong_hard_or_better": _rate(r["wrong_hard_or_better"], r["again"]),
                         "good_below_good": _rate(r["good_below_good"], r["below_good"]),
                         "correct_again": _rate(r["correct_again"], r["good"]),
                         "premark_precision": _rate(r["premarked_right"], r["premarked"]),
                         "agreement": _rate(r["agree"], r["answers"]),
                         "probe_agreement": _rate(r["probe_agree"], r["answers"]),
                         "correct_with_a_contradiction": _rate(r["contradicted_right"], r["good"])}
    return out, disagreements


def _rate(num: float, den: float) -> float | None:
    return round(num / den, 4) if den else None


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.1%}"


def print_tables(name: str, figures: dict[str, dict[str, Any]]) -> None:
    print(f"\n## {name}\n")
    print("| split | open answers | wrong → hard+ (≤10%) | good where below good (≤10%) | correct → again (≤20%) "
          "| pre-mark precision (≥85%) | agreement | with probes (≥95%) |")
    print("|---|---|---|---|---|---|---|---|")
    for split in ("tune", "report"):
        f = figures.get(f"{split}/open")
        if f:
            print(f"| {split} | {f['answers']} | {_pct(f['wrong_hard_or_better'])} | {_pct(f['good_below_good'])} | "
                  f"{_pct(f['correct_again'])} | {_pct(f['premark_precision'])} | {_pct(f['agreement'])} | "
                  f"{_pct(f['probe_agreement'])} |")
    print("\n| split | kind | answers | false-fail | false-pass | asked again |")
    print("|---|---|---|---|---|---|")
    for split in ("tune", "report"):
        for kind, limits in (("short", " (≤15% / ≤3%)"), ("numeric", "")):
            f = figures.get(f"{split}/{kind}")
            if f:
                print(f"| {split} | {kind}{limits} | {f['answers']} | {_pct(f['false_fail'])} ({f['right']} right) | "
                      f"{_pct(f['false_pass'])} ({f['wrong']} wrong) | {f['asked_again']} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--details", action="store_true", help="list every disagreement on the tune split")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--no-semantic", action="store_true", help="keywords and cues only")
    args = ap.parse_args()
    from dlstudy.content.loader import load_deck
    from dlstudy.kinds import semantic

    deck = load_deck(use_cache=False)
    items = load_items(deck)
    split_of = splits(items)
    runs: dict[str, Any] = {"keywords and cues": None}
    if not args.no_semantic and semantic.available():
        model = semantic.Loader().get(timeout=120)
        if model is not None:
            runs["with the semantic extra"] = model
    results = {"questions": {s: sorted({k for k, v in split_of.items() if v == s}) for s in ("tune", "report")}}
    for name, model in runs.items():
        figures, disagreements = evaluate(items, deck, split_of, model)
        results[name] = figures
        if not args.json:
            print_tables(name, figures)
            if args.details:
                for what, item, g in disagreements:
                    if split_of[item.key] != "tune":
                        continue
                    marks = [r["mark"][:4] or "-" for r in g.details["rubric"]] if g is not None and item.kind == "open" else ""
                    print(f"- {what}: {item.key} [{item.type}] {marks} {item.answer[:150]}")
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        n = {s: len(v) for s, v in results["questions"].items()}
        print(f"\nquestions: tune {n['tune']}, report {n['report']} (no question in both)")


if __name__ == "__main__":
    main()
