def test_cards_lists_bundled(cli):
    r = cli("cards")
    assert r.exit_code == 0
    assert "uniform-variance" in r.stdout


def test_unknown_card_is_usage_error(cli):
    r = cli("show", "uniform-varianse")
    assert r.exit_code == 2
    assert "did you mean" in r.stderr and "uniform-variance" in r.stderr
