"""Question selection, session summaries and the drill list.

Which questions a quiz or interview asks, session summaries, and the drill list (generators live
beside their demos).
"""
