"""The demo lab: a piped session changes a parameter twice, resets and quits; the comparison table
shows the right previous and current values (checked against the KV-cache formula computed here)."""

from __future__ import annotations

import re

START = ["layers=32", "query_heads=32", "kv_heads=32", "head_dim=128", "seq_len=1024", "batch=1", "bytes_per_value=2"]


def cache_gb(layers=32, kv_heads=32, head_dim=128, seq_len=1024, batch=1, bytes_per_value=2) -> float:
    return 2 * layers * batch * seq_len * kv_heads * head_dim * bytes_per_value / 1e9  # K and V, every layer


def rows(out: str, label: str) -> list[tuple[float, float]]:
    """(previous, now) of a figure in every 'what changed' table."""
    found = []
    for line in out.splitlines():
        if line.strip(" │|").startswith(label):
            nums = re.findall(r"[-+]?\d[\d.e+-]*", line.split(label, 1)[1])
            found.append((float(nums[0]), float(nums[1])))
    return found


def test_lab_changes_twice_resets_and_quits(cli):
    r = cli("demo", "kv-cache", "-i", *START, input="seq_len=2048\nkv_heads=8\nr\nq\n", env={"NO_COLOR": "1"})
    assert r.exit_code == 0, r.stderr
    tables = rows(r.stdout, "KV cache (GB)")
    assert len(tables) == 3
    start, longer, grouped = cache_gb(), cache_gb(seq_len=2048), cache_gb(seq_len=2048, kv_heads=8)
    expect = [(start, longer), (longer, grouped), (grouped, start)]  # r goes back to the starting values
    for (prev, now), (want_prev, want_now) in zip(tables, expect):
        assert abs(prev - want_prev) / want_prev < 1e-5 and abs(now - want_now) / want_now < 1e-5
    assert "seq_len: 1024 → 2048" in r.stdout and "kv_heads: 32 → 8" in r.stdout


def test_lab_refuses_bad_values_and_keeps_going(cli):
    r = cli("demo", "kv-cache", "-i", input="seq_len=-5\nbogus\n?\nq\n", env={"NO_COLOR": "1"})
    assert r.exit_code == 0
    assert "nothing changed" in r.stdout and "expected key=value" in r.stdout and "Parameters" in r.stdout


def test_lab_ends_cleanly_on_eof(cli):
    r = cli("demo", "kv-cache", "-i", input="")
    assert r.exit_code == 0 and "lab:" in r.stdout


def test_d_in_a_quiz_opens_the_lab_and_enter_comes_back(cli, tmp_path):
    r = cli("quiz", "--question", "kv-cache/gqa-per-token", input="1\nd\nseq_len=2048\n\n\n", env={"NO_COLOR": "1"})
    assert r.exit_code == 0, r.stderr
    assert "what changed" in r.stdout and "Summary" in r.stdout


def test_enter_in_the_lab_from_a_question_goes_back_and_n_opens_the_next_demo(cli):
    first, second = "Xavier/Glorot initialization keeps the variance level", "Variance of a uniform distribution"
    r = cli("quiz", "--question", "xavier-init/var-300-100", input="0.005\nd\n\n\n", env={"NO_COLOR": "1"})
    assert r.exit_code == 0, r.stderr
    assert first in r.stdout and second not in r.stdout  # Enter went back; the card's second demo did not run
    assert "saved: good" in r.stdout
    r = cli("quiz", "--question", "xavier-init/var-300-100", input="0.005\nd\nn\n\n\n", env={"NO_COLOR": "1"})
    assert r.exit_code == 0, r.stderr
    assert r.stdout.index(first) < r.stdout.index(second) and "saved: good" in r.stdout
