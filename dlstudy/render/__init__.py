"""Everything printed: consoles, cards, tables, charts, one renderer per demo.

Everything printed: consoles and the colour and width policy, cards, tables, charts, demo screens
(render/demos/: one renderer per demo). Nothing here computes results.
"""
