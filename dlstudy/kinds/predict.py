"""Predict what a demo computes: the demo runs live and the answer is read from its actual result at
`answer_from`; the prediction is graded as a number (with a tolerance or significant figures) or as
one of the options. Feedback names the value by its `label` (or the demo's headline label), rounded
to the question's precision, booleans as yes/no; the JSON path stays in --json and `dlstudy check`."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable

from dlstudy.kinds import fields as F
from dlstudy.kinds import numeric
from dlstudy.kinds.base import LETTERS, AnswerError, Grade, Tolerance
from dlstudy.kinds.choice import option_text, parse_choice
from dlstudy.kinds.plugin import DemoRef, GradeEnv, KindPlugin, Line, Span
from dlstudy.text import fmt, fmt_sig

NAME = "predict"
FIELDS = {"demo", "params", "seed", "answer_from", "format", "options", "tolerance", "unit", "sig_figs", "label"}


@dataclass(frozen=True)
class Spec:
    demo: str
    answer_from: str
    format: str  # "choice" or "numeric"
    params: dict = field(default_factory=dict, hash=False)
    seed: int = 0
    options: tuple = ()
    tolerance: Tolerance | None = None
    unit: str | None = None
    sig_figs: int | None = None
    label: str | None = None


def parse(ctx: F.Ctx, q: Any, prefix: str, demo_ids=None) -> Spec | None:
    from dlstudy.demos.result import parse_path

    before = _count(ctx)
    demo = F.read_text(ctx, q, "demo", prefix)
    if demo is not None and demo_ids is not None and demo not in demo_ids:
        ctx.add(F.line_no(q, "demo"), prefix + "demo", f"'{demo}' is not a registered demo (see 'dlstudy demo')")
    params = q.get("params", {})
    if params is None:
        params = {}
    if not isinstance(params, dict):
        ctx.add(F.line_no(q, "params"), prefix + "params", "must be a mapping of demo parameters")
        params = {}
    params = {str(k): (list(v) if isinstance(v, list) else v) for k, v in params.items()}
    seed = q.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        ctx.add(F.line_no(q, "seed"), prefix + "seed", "must be a non-negative whole number")
        seed = 0
    answer_from = F.read_text(ctx, q, "answer_from", prefix)
    if answer_from is not None:
        try:
            parse_path(answer_from)
        except ValueError as exc:
            ctx.add(F.line_no(q, "answer_from"), prefix + "answer_from", str(exc))
    if "answer" in q:
        ctx.add(F.line_no(q, "answer"), prefix + "answer",
                "predict questions take the answer from the demo (answer_from), never from the card")
    fmt_ = F.read_text(ctx, q, "format", prefix)
    if fmt_ is not None and fmt_ not in ("choice", "numeric"):
        ctx.add(F.line_no(q, "format"), prefix + "format", "must be choice or numeric")
        fmt_ = None
    label = F.read_text(ctx, q, "label", prefix, required=False)
    options: list = []
    tol = unit = sig = None
    if fmt_ == "choice":
        options = F.read_options(ctx, q, prefix, scalars=True)
        if "tolerance" in q:
            ctx.add(F.line_no(q, "tolerance"), prefix + "tolerance", "only numeric predictions take a tolerance")
    elif fmt_ == "numeric":
        tol = F.read_tolerance(ctx, q, prefix)
        unit = F.read_text(ctx, q, "unit", prefix, required=False)
        sig = F.read_sig_figs(ctx, q, prefix)
        if "options" in q:
            ctx.add(F.line_no(q, "options"), prefix + "options", "only choice predictions take options")
    if demo is not None and (demo_ids is None or demo in demo_ids):
        from dlstudy.demos.params import ParamError, parse_params
        from dlstudy.demos.registry import get_spec

        spec = get_spec(demo)
        if spec is not None:
            try:
                parse_params(spec, params)
            except ParamError as exc:
                ctx.add(F.line_no(q, "params"), prefix + "params", str(exc))
    if _count(ctx) != before or demo is None or answer_from is None or fmt_ is None:
        return None
    return Spec(demo, answer_from, fmt_, params, seed, tuple(options), tol, unit, sig, label)


def _count(ctx) -> int:
    problems = getattr(ctx, "problems", None)
    return len(problems) if problems is not None else 0


def to_dict(spec: Spec) -> dict:
    d = {"demo": spec.demo, "params": dict(spec.params), "seed": spec.seed, "answer_from": spec.answer_from,
         "format": spec.format, "label": spec.label}
    if spec.format == "choice" or spec.tolerance is None:
        d["options"] = list(spec.options)
    else:
        d.update(tolerance={"abs": spec.tolerance.abs, "rel": spec.tolerance.rel}, unit=spec.unit,
                 sig_figs=spec.sig_figs)
    return d


def from_dict(d: dict) -> Spec:
    tol = Tolerance(**d["tolerance"]) if d.get("tolerance") else None
    return Spec(d["demo"], d["answer_from"], d["format"], dict(d.get("params") or {}), d.get("seed", 0),
                tuple(d.get("options") or ()), tol, d.get("unit"), d.get("sig_figs"), d.get("label"))


def tip(spec: Spec) -> str:
    return "a number or expression" if spec.format == "numeric" else "a letter, or the option's words"


def check_input(spec: Spec, text: str, order: list | None) -> None:
    """Refuse input of the wrong shape before the demo runs (AnswerError asks again)."""
    if spec.format == "numeric":
        numeric.read_value(text)
    elif len(parse_choice(text, order or list(spec.options))) != 1:
        raise AnswerError("pick one letter")


def value_problem(spec: Spec, value: Any) -> str | None:
    """Why a demo value cannot answer this question (for `dlstudy check`), or None if it can."""
    from dlstudy.demos.result import option_index

    if spec.format == "numeric":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"answer_from gives {type(value).__name__}, a numeric prediction needs a number"
        if not math.isfinite(value):
            return "answer_from gives a non-finite number; a numeric prediction needs a finite one"
        return None
    if option_index(list(spec.options), value) is None:
        shown = repr(value) if not isinstance(value, (list, dict)) else type(value).__name__
        return f"the demo gives {shown}, which is not among the options"
    return None


def shown_value(spec: Spec, value: Any) -> str:
    """The demo's value in human terms: rounded to the question's precision, booleans as yes/no."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)) and spec.sig_figs:
        return fmt_sig(float(value), spec.sig_figs) + (f" {spec.unit}" if spec.unit else "")
    if isinstance(value, float):
        digits = 3
        if spec.tolerance and spec.tolerance.abs:
            digits = max(3, min(8, 1 + int(math.ceil(-math.log10(spec.tolerance.abs))) +
                                int(math.floor(math.log10(abs(value)))) if value else 3))
        return fmt_sig(value, digits) + (f" {spec.unit}" if spec.unit else "")
    return option_text(value) if not isinstance(value, (int, float)) else fmt(value)


def grade(spec: Spec, text: str, value: Any, order: list | None = None) -> Grade:
    """Grade a prediction against the value the demo actually computed."""
    from dlstudy.demos.result import option_index

    if spec.format == "numeric":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise AnswerError("this demo's value is not a number")  # caught by dlstudy check
        assert spec.tolerance is not None  # parse gives every numeric prediction a tolerance
        g = numeric.grade_value(text, float(value), spec.tolerance, spec.unit, spec.sig_figs)
        g.expected = shown_value(spec, value)
        g.details["demo_value"] = value
        return g
    order = order or list(spec.options)
    picked = parse_choice(text, order)
    if len(picked) != 1:
        raise AnswerError("pick one letter")
    idx = option_index(list(spec.options), value)
    right = order.index(spec.options[idx]) if idx is not None else None
    expected = f"{LETTERS[right]}) {option_text(order[right])}" if right is not None else shown_value(spec, value)
    ok = right is not None and picked[0] == right
    return Grade(ok, 1.0 if ok else 0.0, expected, details={"demo_value": value,
                                                            "picked": option_text(order[picked[0]])})


def value_label(spec: Spec) -> str:
    """What the question's value is, in human terms (its label, or the demo's headline label)."""
    if spec.label:
        return spec.label
    from dlstudy.demos.registry import get_spec

    demo = get_spec(spec.demo)
    for label, path in (demo.headline if demo else ()):
        if path == spec.answer_from:
            return label
    return "the demo's value"


def command(spec: Spec) -> str:
    """The command that runs the question's demo with its parameters."""
    from dlstudy.demos.registry import get_spec

    demo = get_spec(spec.demo)
    if demo is None:
        return spec.demo
    return demo.command(spec.params) + (f" --seed {spec.seed}" if spec.seed else "")


def value_at(spec: Spec, result: dict[str, Any]) -> Any:
    """The value at answer_from in a demo result (KeyError when the card's path names nothing there): the
    one place the expected value is read, for the quiz, `check` and the Anki export."""
    from dlstudy.demos.result import lookup

    return lookup(result, spec.answer_from)


def demo_value(spec: Spec, result: dict[str, Any]) -> Any:
    """value_at for a question being answered (DlstudyError when the card's path is wrong)."""
    from dlstudy.errors import DlstudyError

    try:
        return value_at(spec, result)
    except KeyError as exc:
        raise DlstudyError(f"predict question on {spec.demo}: {exc.args[0]} (run 'dlstudy check')",
                           exit_code=1) from None


class Plugin(KindPlugin[Spec]):
    name = NAME
    short_name = "pred"
    fields = frozenset(FIELDS)
    interview_main = True

    def parse(self, ctx: F.Ctx, q: Any, prefix: str, demo_ids: set[str] | None = None) -> Spec | None:
        return parse(ctx, q, prefix, demo_ids)

    def to_dict(self, spec: Spec) -> dict[str, Any]:
        return to_dict(spec)

    def from_dict(self, d: dict[str, Any]) -> Spec:
        return from_dict(d)

    def problems(self, spec: Spec, prompt: str) -> list[tuple[str, str]]:
        return numeric.precision_problems(prompt, spec.sig_figs)

    def demo_ref(self, spec: Spec) -> DemoRef | None:
        return DemoRef(spec.demo, dict(spec.params), spec.seed, spec.answer_from)

    def demo_value(self, spec: Spec, result: dict[str, Any]) -> Any:
        return value_at(spec, result)

    def value_problem(self, spec: Spec, value: Any) -> str | None:
        return value_problem(spec, value)

    def preamble(self, spec: Spec) -> Line | None:
        return (Span("Predict what this demo computes:", "dim"), Span(" "), Span(command(spec), "command"))

    def prompt_text(self, spec: Spec, prompt: str) -> str:
        if spec.format != "numeric" or spec.tolerance is None:
            return prompt
        suffix = numeric.prompt_suffix(prompt, spec.tolerance, spec.sig_figs, spec.unit)
        return f"{prompt} {suffix}" if suffix else prompt

    def options(self, spec: Spec) -> tuple[Any, ...]:
        return spec.options if spec.format == "choice" else ()

    def tip(self, spec: Spec) -> str:
        return tip(spec)

    def grade(self, spec: Spec, text: str, env: GradeEnv) -> Grade:
        """The shape of the input first, then the demo runs live and the prediction is graded against it."""
        check_input(spec, text, env.order)
        if env.run_demo is None:
            raise AnswerError("this question needs its demo to run")
        env.run = env.run_demo(spec.demo, spec.params, spec.seed)
        return grade(spec, text, demo_value(spec, env.run.to_dict()), env.order)

    def feedback(self, spec: Spec, grade: Grade) -> list[Line]:
        label: Line = (Span(value_label(spec) + ":", "dim"), Span(" "), Span(grade.expected, "bold"))
        if grade.correct:
            return [label, (Span("✓ right", "right"), Span(" " + grade.feedback if grade.feedback else ""))]
        return [label, (Span("✗ not quite", "wrong"), Span(" — the answer is "), Span(grade.expected, "bold"))]

    def skip_answer(self, spec: Spec) -> Span:
        return Span(f"run it: dlstudy demo {spec.demo}")

    def anki_front(self, spec: Spec, esc: Callable[[str], str]) -> str:
        import html

        return f"<div><i>Predict what this demo computes:</i> <code>{html.escape(command(spec))}</code></div>"

    def anki_back(self, spec: Spec, order: list[Any], esc: Callable[[str], str], value: Any = None) -> str:
        import html

        from dlstudy.demos.result import option_index

        if spec.format == "choice":
            idx = option_index(list(spec.options), value)
            right = order.index(spec.options[idx]) if idx is not None else None
            back = f"{LETTERS[right]}) {html.escape(option_text(order[right]))}" if right is not None \
                else html.escape(str(value))
        else:
            back = html.escape(shown_value(spec, value))
        return f"{html.escape(spec.label)}: {back}" if spec.label else back


PLUGIN = Plugin()
