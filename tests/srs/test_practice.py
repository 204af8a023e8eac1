"""Issue 31 item 8: practice is visible in progress. After two quizzes and an interview (and no review),
`stats` showed 0 reviews, an empty heatmap and 0% mastery. Quiz answers do not move the schedule, but
`stats` shows them beside the reviews and the dashboard says what they did and did not change.

The expected figures come from the sessions' own `--json` summaries (what was asked and how it was
rated), not from the stats code."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from tests.srs.conftest import DEFAULT_SPEC, write_deck

TOPIC = {card: topic for card, (topic, _pre, _n) in DEFAULT_SPEC.items()}
DAYS = ["2026-03-08T10:00:00+00:00", "2026-03-09T18:00:00+00:00", "2026-03-10T09:00:00+00:00"]
NOW = "2026-03-10T12:00:00+00:00"


@pytest.fixture
def practised(cli, tmp_path, monkeypatch):
    """Two quizzes and an interview on three days, piped: right, wrong, skipped, a right answer the
    learner rates Again, an interview answer and its follow-up. Returns (deck, the sessions' answers)."""
    monkeypatch.setenv("DLSTUDY_TZ_UTC", "1")
    deck = str(write_deck(tmp_path / "deck", DEFAULT_SPEC))
    sessions = [
        (DAYS[0], ["quiz", "--question", "beta/q1", "--question", "delta/q1", "--question", "beta/q2"],
         "beta1\n\nnope\n\ns\n"),  # right (Good), wrong (Again), skipped
        (DAYS[1], ["quiz", "--question", "zeta/q1", "--question", "delta/q2"],
         "zeta1\n\ndelta2\n1\n"),  # right; right but rated Again by the learner (the learner is the judge)
        (DAYS[2], ["quiz", "--interview", "--question", "delta/q3", "--seed", "1"], "delta3\n\nwhatever\n\n"),
    ]
    answers = []
    for when, args, text in sessions:
        monkeypatch.setenv("DLSTUDY_NOW", when)
        r = cli("--content", deck, *args, "--json", input=text)
        assert r.exit_code == 0, r.stderr
        answers.append((when, json.loads(r.stdout)))
    monkeypatch.setenv("DLSTUDY_NOW", NOW)
    return deck, answers


def expected(answers):
    """Answers (not skipped) and right ones (rated Good or Easy) in all, per topic, per mode and per day."""
    total, right, modes, days = 0, 0, Counter(), Counter()
    topics: dict[str, list[int]] = {}
    for when, summary in answers:
        for a in summary["answers"]:
            if a["skipped"]:
                continue
            ok = a["rating"] >= 3
            total += 1
            right += ok
            modes[summary["mode"]] += 1
            days[when[:10]] += 1
            t = topics.setdefault(TOPIC[a["card"]], [0, 0])
            t[0] += 1
            t[1] += ok
    return total, right, modes, days, topics


def test_stats_json_counts_practice_beside_reviews(cli, practised):
    deck, answers = practised
    total, right, modes, days, topics = expected(answers)
    assert total == 6 and right == 3 and modes == {"quiz": 4, "interview": 2}  # the sessions went as scripted
    r = cli("--content", deck, "stats", "--json")
    assert r.exit_code == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["reviews_total"] == 0 and d["questions"]["started"] == 0  # quizzes did not move the schedule
    p = d["practice"]
    assert p["answers"] == total and p["right"] == right and p["right_share"] == round(right / total, 4)
    assert p["by_mode"] == dict(modes)
    assert p["by_topic"] == {t: {"answers": n, "right": k, "right_share": round(k / n, 4)} for t, (n, k) in topics.items()}
    per_day = p["answers_per_day"]
    assert len(per_day) == len(d["heatmap"]["reviews_per_day"]) == 84
    # the heatmap's days end today (03-10); study days start at 04:00, so 03-09 18:00 is 03-09
    assert per_day[-3:] == [days["2026-03-08"], days["2026-03-09"], days["2026-03-10"]] == [2, 2, 2]
    assert sum(per_day) == total and p["last_7_days"] == total


def test_stats_text_and_dashboard_say_what_practice_changed(cli, practised):
    deck, answers = practised
    total, right, modes, _days, topics = expected(answers)
    out = cli("--content", deck, "stats").stdout
    text = " ".join(out.split())
    assert (f"practice: {total} answers (interview {modes['interview']}, quiz {modes['quiz']}), "
            f"{right / total:.0%} right, {total} in the last 7 days; quizzes do not change the schedule, "
            "dlstudy review does") in text
    assert "No reviews yet" in text
    assert "last 7 days: reviews and practice answers" in text
    assert "practice per topic" in text and "mastery (overall" not in text  # no 0% mastery before any review
    rows = {cells[0]: cells[1:] for line in out.splitlines()
            if len(cells := [c.strip() for c in line.strip("│ ").split("│")]) == 3}
    for topic, (n, k) in topics.items():  # answers and the share right, per topic, in the table's row
        assert rows[topic.capitalize()] == [str(n), f"{k / n:.0%}"]
    assert rows["Training and optimization"] == ["-", "-"]  # a topic of the bundled deck not practised
    dash = " ".join(cli("--content", deck).stdout.split())
    assert (f"practice: {total} answers in the last 7 days (quizzes do not change the schedule; dlstudy review "
            "does)") in dash


def test_the_dashboard_says_nothing_of_practice_long_ago(cli, practised, monkeypatch):
    deck, _answers = practised
    monkeypatch.setenv("DLSTUDY_NOW", "2026-03-20T12:00:00+00:00")
    assert "practice:" not in cli("--content", deck).stdout
    d = json.loads(cli("--content", deck, "stats", "--json").stdout)["practice"]
    assert d["answers"] == 6 and d["last_7_days"] == 0
