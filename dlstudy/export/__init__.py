"""Exports: an Anki package of the questions, the review history as CSV or JSON.

Exports: an Anki package of the questions, and the review history as CSV or JSON.
"""
