"""dlstudy: deep-learning interview study tool (cards, live demos, quizzes, spaced repetition)."""

__version__ = "0.1.0"
