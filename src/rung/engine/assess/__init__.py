"""AI maturity assessment: where a small business stands, what holds it back, and its next rung.

The owner answers a short questionnaire (data/questions.json); `assess` turns the answers,
optionally several people's, the business's own numbers and Rung's measured readiness into a
rung on a five-step ladder, per-dimension scores, the barriers in the way and a ranked,
costed 90-day plan for the next step. Everything here is plain Python and JSON so the CLI,
the web app and the API can share it; docs/assessment.md documents the scoring model.
"""

from __future__ import annotations

from rung.engine.assess.core import AssessmentResult, assess

__all__ = ["AssessmentResult", "assess"]
