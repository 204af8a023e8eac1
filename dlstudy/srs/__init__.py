"""Spaced repetition: the SQLite store (all SQL), FSRS scheduling, queue, stats.

Spaced repetition: the SQLite store (all SQL, split by concern), FSRS scheduling, answers, the
day's queue, statistics, calibration, backups and the recovery journal.
"""
