"""Automated inquiry response: answer customers from the business's own knowledge, hand off to a
person when unsure or when the inquiry is a complaint, refund, cancellation, legal or personal-data
matter (issue 8). Pure Python, no Django: the web app, CLI and API call `answer` / `answer_many`."""

from rung.engine.inquiries.answer import Answer, Citation, Engine, Extractive, Generator
from rung.engine.inquiries.core import answer, answer_many, engine_for
from rung.engine.inquiries.kb import KnowledgeBase, Passage, from_faq, from_html, from_text, load

__all__ = [
    "Answer",
    "Citation",
    "Engine",
    "Extractive",
    "Generator",
    "KnowledgeBase",
    "Passage",
    "answer",
    "answer_many",
    "engine_for",
    "from_faq",
    "from_html",
    "from_text",
    "load",
]
