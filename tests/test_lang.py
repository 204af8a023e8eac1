"""--lang (issue 31 item 7): an unknown language is a usage error listing the known ones; --lang zh (or
`config lang zh`) works wherever a card's title and summary are shown: show, cards, the quiz and review
headers, the card view, the dashboard's topics."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("args", [["show", "ctc", "--lang", "fr"], ["cards", "--lang", "fr"],
                                  ["quiz", "--lang", "fr"], ["review", "--lang", "fr"], ["--lang", "fr"],
                                  ["--lang", "fr", "stats"], ["drill", "--lang", "fr"]])
def test_an_unknown_language_is_a_usage_error_naming_the_known_ones(cli, args):
    r = cli(*args, input="q\n")
    assert r.exit_code == 2, (args, r.stdout, r.stderr)
    assert "error: unknown language 'fr'" in r.stderr and "hint: languages: en, zh" in r.stderr
    assert "Traceback" not in r.stderr


def test_zh_titles_in_the_quiz_header_the_card_view_and_the_dashboard(cli):
    r = cli("quiz", "--question", "ctc/collapse", "--lang", "zh", input="c\nq\n")
    assert "连接时序分类" in r.stdout  # the header's card title, and the card view (c)
    r = cli("quiz", "--question", "ctc/collapse", input="q\n")
    assert "连接时序分类" not in r.stdout
    r = cli("--lang", "zh")
    assert r.exit_code == 0 and "训练与优化 (training)" in r.stdout


def test_config_lang_is_the_default_and_a_command_s_lang_wins(cli):
    assert cli("config", "lang", "zh").exit_code == 0
    assert "连接时序分类" in cli("show", "ctc").stdout
    assert "连接时序分类" not in cli("show", "ctc", "--lang", "en").stdout
    assert "连接时序分类" in cli("cards", "--topic", "rnn").stdout
    assert cli("config", "lang", "fr").exit_code == 2
