"""Customer feedback: language, sentiment and aspects of reviews and survey answers (issue 7)."""

from rung.engine.feedback.core import FeedbackResult, analyse

__all__ = ["FeedbackResult", "analyse"]
