"""Spaced repetition: the SQLite store (all SQL), history as events, FSRS, queue, sync, stats.

Spaced repetition: the SQLite store (all SQL, split by concern), the history as events and its
replay, actions and undo, FSRS scheduling, answers, the day's queue, a study plan to an interview
date (pacing, the peak rule, the forecast), sync between devices, statistics, calibration, backups
and the recovery journal.
"""
