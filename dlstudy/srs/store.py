"""The progress database as one object: `Store` is the connection (srs/database.py) with every table's
concern (SQLite, WAL, one committed transaction per answer, forward migrations):

- review_store.py: the review log and the question states (answers, overrides, undo, rebuilds)
- attempt_store.py: sessions and quiz attempts
- flag_store.py: suspended, buried and flagged questions
- event_store.py: the events (every action other than an answer) and this database's own values
- settings_store.py: the stored settings
- summary_store.py: read-only summaries (stats, history, doctor, exports)

All SQL lives in these modules (and schema.py, the migrations).
"""

from __future__ import annotations

from dlstudy.srs.attempt_store import AttemptStore
from dlstudy.srs.event_store import EventStore
from dlstudy.srs.flag_store import FlagStore
from dlstudy.srs.records import Attempt, StateRow
from dlstudy.srs.review_store import ReviewStore
from dlstudy.srs.schema import MIGRATIONS, SCHEMA_VERSION
from dlstudy.srs.settings_store import SettingsStore
from dlstudy.srs.sqlite_errors import explain_sqlite_error
from dlstudy.srs.summary_store import SummaryStore

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Attempt", "StateRow", "Store", "explain_sqlite_error"]


class Store(ReviewStore, AttemptStore, FlagStore, SettingsStore, EventStore, SummaryStore):
    """A connection to the progress database. Use `with Store.open() as store:` or call close()."""
