"""Everything interactive: the asker, quiz and review loops, the lab, the app context.

The asker (prompt loop, keys, grading through the kind plug-ins, probes), the quiz, interview and
drill runners, the review loop, the demo lab, and the application context (session/context.py).
"""
