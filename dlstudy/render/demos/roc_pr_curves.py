"""Render the roc-pr-curves demo."""

from __future__ import annotations

from rich.console import Console

from dlstudy.demos.catalog.roc_pr_curves import RocPrResult
from dlstudy.render.charts import plot as _plot
from dlstudy.render.demos import num, table
from dlstudy.render.fit_table import fit_table


def pl(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def render(d: RocPrResult, console: Console) -> None:
    console.print(f"{pl(d.positives, 'positive')} (scores ~ N({num(d.separation)}, 1)) and "
                  f"{pl(d.negatives, 'negative')} "
                  f"(scores ~ N(0, 1)), rounded to {d.decimals} decimals: positive share {d.positive_share:.2%}, "
                  f"{pl(d.distinct_thresholds, 'distinct threshold')}, {pl(d.tied_scores, 'example')} in ties.")
    _plot(console, {"ROC": d.roc["tpr"], "chance": d.roc["fpr"]}, x=d.roc["fpr"],
          title=f"ROC curve (AUC {d.roc_auc:.3f})", xlabel="false positive rate", ylabel="true positive rate",
          height=13)
    recall, precision = d.pr["recall"], d.pr["precision"]
    _plot(console, {"precision-recall": precision, "random scorer": [d.positive_share] * len(recall)}, x=recall,
          title=f"precision-recall curve (AP {d.average_precision:.3f})", xlabel="recall", ylabel="precision",
          height=13)

    t = table("Same scorer, two class balances", "", "positives : negatives", "ROC AUC", "average precision",
              "AP of a random scorer")
    t.add("this run", f"{d.positives} : {d.negatives}", f"{d.roc_auc:.4f}",
          f"{d.average_precision:.4f}", f"{d.positive_share:.4f}")
    b = d.balanced
    t.add("balanced", f"{b['positives']} : {b['negatives']}", f"{b['roc_auc']:.4f}", f"{b['average_precision']:.4f}",
          "0.5000")
    fit_table(console, t)
    th = d.theory
    console.print(f"binormal theory: ROC AUC = Φ(d/√2) = {th['binormal_roc_auc']:.4f}, whatever the class balance; "
                  "AUC is the chance that a random positive outranks a random negative (ties count ½).")
    f = d.best_f1
    console.print(f"best F1 = {f['f1']:.3f} at threshold {num(f['threshold'])}: recall {f['recall']:.3f}, precision "
                  f"{f['precision']:.3f} ({f['true_positives']} true vs {f['false_positives']} false positives), "
                  f"yet the false positive rate is only {f['fpr']:.3f}.")
    console.print(d.lesson)
