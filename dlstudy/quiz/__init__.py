"""Quiz layer: answer parsing and grading per question kind, quiz/interview sessions, drills."""
