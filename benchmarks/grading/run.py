"""Grading quality on the labelled answer set (answers.yaml): agreement of the automatic grader with a
human, per kind, with and without the semantic extra.

    python benchmarks/grading/run.py              # keywords only, and with the semantic model if installed
    python benchmarks/grading/run.py --details    # also list every disagreement

Short and numeric: accepted vs the human's pass/fail. Open: the suggested rating (Good or better =
pass) vs the human's pass/fail. Figures: agreement, false-pass (a wrong answer accepted / a failing
open answer suggested Good), false-fail (a right answer rejected / a passing open answer suggested
below Good). Targets (benchmarks/README.md): short false-fail <= 15%, false-pass <= 3%; open
false-pass <= 10%, agreement >= 80%.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))


def load_set() -> list[dict]:
    import yaml

    return yaml.safe_load((HERE / "answers.yaml").read_text(encoding="utf-8"))


def judge(item: dict, question, semantic) -> bool | None:
    """The grader's pass/fail for one labelled answer (None: the input was refused, asked again)."""
    from dlstudy.kinds.base import AnswerError
    from dlstudy.kinds.plugin import GradeEnv

    try:
        g = question.plugin.grade(question.spec, item["answer"], GradeEnv(semantic=lambda: semantic))
    except AnswerError:
        return None
    return g.suggested >= 3 if question.plugin.self_rated else bool(g.correct)


def evaluate(items: list[dict], deck, semantic=None) -> tuple[dict, list]:
    per = defaultdict(lambda: {"n": 0, "agree": 0, "pos": 0, "neg": 0, "false_pass": 0, "false_fail": 0,
                               "asked_again": 0})
    disagreements = []
    for item in items:
        card = deck.get(item["card"])
        question = card.question(item["question"]) if card else None
        if question is None:
            raise SystemExit(f"{item['card']}/{item['question']} is not in the bundled content")
        human = item["label"] == "pass"
        verdict = judge(item, question, semantic)
        row = per[question.kind]
        row["n"] += 1
        row["pos" if human else "neg"] += 1
        if verdict is None:  # refused as malformed: counts as not accepted (the learner is asked again)
            row["asked_again"] += 1
            verdict = False
        if verdict == human:
            row["agree"] += 1
        elif verdict and not human:
            row["false_pass"] += 1
            disagreements.append(("false pass", item))
        else:
            row["false_fail"] += 1
            disagreements.append(("false fail", item))
    out = {}
    for kind, r in sorted(per.items()):
        out[kind] = {"answers": r["n"], "agreement": round(r["agree"] / r["n"], 4),
                     "false_pass_rate": round(r["false_pass"] / max(r["neg"], 1), 4),
                     "false_fail_rate": round(r["false_fail"] / max(r["pos"], 1), 4),
                     "human_pass": r["pos"], "human_fail": r["neg"], "asked_again": r["asked_again"]}
    return out, disagreements


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--details", action="store_true", help="list every disagreement")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    from dlstudy.content.loader import load_deck
    from dlstudy.kinds import semantic

    deck = load_deck(use_cache=False)
    items = load_set()
    runs = {"keywords only": None}
    if semantic.available():
        model = semantic.Loader().get(timeout=120)
        if model is not None:
            runs["with the semantic extra"] = model
    results = {}
    for name, model in runs.items():
        figures, disagreements = evaluate(items, deck, model)
        results[name] = figures
        if not args.json:
            print(f"\n## {name}\n")
            print("| kind | answers | agreement | false-pass | false-fail | asked again |")
            print("|---|---|---|---|---|---|")
            for kind, f in figures.items():
                print(f"| {kind} | {f['answers']} | {f['agreement']:.1%} | {f['false_pass_rate']:.1%} "
                      f"({f['human_fail']} wrong) | {f['false_fail_rate']:.1%} ({f['human_pass']} right) | "
                      f"{f['asked_again']} |")
            if args.details:
                for what, item in disagreements:
                    print(f"- {what}: {item['card']}/{item['question']} [{item['type']}] {item['answer'][:140]}")
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
