"""Spaced repetition: SQLite storage (review log, question states, sessions), FSRS scheduling,
today's queue, and statistics."""
