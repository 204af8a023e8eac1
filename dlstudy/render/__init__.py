"""Rendering with rich: cards, tables, charts, demo outputs. Nothing here computes results."""
