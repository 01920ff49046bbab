"""Inquiries a person must answer: complaints, refunds, cancellations, legal and personal-data
requests, detected in any of the languages the FAQ is likely in.

Why two signals: seed phrases (stems in EN/NL/DE/FR/ES/PT) catch the plain cases at no cost and
work without a model; the embedding similarity to example sentences catches the ones phrased
without any seed word ("I was charged twice and nobody answers my mails"), and works across
languages because multilingual-e5 puts translations close together. An inquiry is flagged by
similarity only when its nearest example is a sensitive one, by a margin, rather than one of the
ordinary questions (`NEUTRAL` plus the business's own FAQ questions), so "what are your opening
hours?" never ends up with a person just because every e5 similarity is high.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rung.engine.feedback.embed import Embedder, Vectors

CATEGORIES = ("complaint", "refund", "cancellation", "legal", "personal_data")

SEEDS: dict[str, tuple[str, ...]] = {
    "complaint": (
        r"complain",
        r"complaint",
        r"unacceptable",
        r"disgust",
        r"terrible service",
        r"very (disappointed|unhappy)",
        r"klacht",
        r"klagen",
        r"onacceptabel",
        r"teleurgesteld",
        r"beschwerde",
        r"réclamation",
        r"plainte",
        r"queja",
        r"reclamaç",
        r"reclamar",
        r"inaceptable",
        r"inaceitável",
    ),
    "refund": (
        r"refund",
        r"money back",
        r"reimburs",
        r"charged twice",
        r"chargeback",
        r"geld terug",
        r"terugbetal",
        r"restitutie",
        r"rückerstatt",
        r"geld zurück",
        r"rembours",
        r"reembols",
        r"devolu[cç]",
        r"estorno",
        r"dinheiro de volta",
    ),
    "cancellation": (
        r"cancel",
        r"terminate (my|the) (contract|subscription|account)",
        r"unsubscribe",
        r"annuleer",
        r"annuler",
        r"opzeggen",
        r"zeg .* op",
        r"stornier",
        r"kündig",
        r"résili",
        r"cancelar",
        r"cancelamento",
        r"anular",
    ),
    "legal": (
        r"lawyer",
        r"attorney",
        r"legal action",
        r"sue\b",
        r"lawsuit",
        r"court",
        r"solicitor",
        r"advocaat",
        r"rechtszaak",
        r"rechter",
        r"juridisch",
        r"anwalt",
        r"klage\b",
        r"gericht",
        r"avocat",
        r"tribunal",
        r"abogado",
        r"advogado",
        r"processo judicial",
        r"demanda",
    ),
    "personal_data": (
        r"gdpr",
        r"\bavg\b",
        r"dsgvo",
        r"rgpd",
        r"lgpd",
        r"personal data",
        r"my data",
        r"delete my (data|account)",
        r"right to be forgotten",
        r"persoonsgegevens",
        r"mijn gegevens",
        r"verwijder mijn",
        r"personenbezogen",
        r"meine daten",
        r"données personnelles",
        r"datos personales",
        r"dados pessoais",
        r"meus dados",
    ),
}

EXAMPLES: dict[str, tuple[str, ...]] = {
    "complaint": (
        "I want to file a complaint about your service.",
        "This is the worst service I have ever had, I am very unhappy.",
        "Nobody answers my emails and I am fed up with waiting.",
        "Ik wil een klacht indienen over jullie service.",
        "Quero fazer uma reclamação sobre o atendimento.",
    ),
    "refund": (
        "I want my money back.",
        "Can I get a refund for my order?",
        "You charged me twice, please return the money.",
        "Ik wil mijn geld terug.",
        "Quero o reembolso do meu pagamento.",
    ),
    "cancellation": (
        "I want to cancel my appointment.",
        "Please cancel my subscription.",
        "I would like to end my contract with you.",
        "Ik wil mijn afspraak annuleren.",
        "Quero cancelar a minha reserva.",
    ),
    "legal": (
        "I will take legal action against your company.",
        "My lawyer will contact you about this.",
        "I am going to report you to the authorities and take you to court.",
        "Mijn advocaat neemt contact met u op.",
        "Vou processar a vossa empresa.",
    ),
    "personal_data": (
        "Please delete all the personal data you have about me.",
        "I want a copy of the data you keep on me under the GDPR.",
        "Remove my details from your mailing list and database.",
        "Verwijder al mijn persoonsgegevens.",
        "Quero que apaguem os meus dados pessoais.",
    ),
}

NEUTRAL = (
    "What are your opening hours?",
    "How much does it cost?",
    "Where are you located?",
    "Do you have parking?",
    "Can I book an appointment online?",
    "Do you deliver to my address?",
    "Which payment methods do you accept?",
    "Wat zijn jullie openingstijden?",
    "Quanto custa?",
    "How long does it take?",
)

SIMILARITY = 0.88
"""Minimum cosine similarity to a sensitive example (multilingual-e5 puts paraphrases above ~0.88
and unrelated questions around 0.75-0.82)."""

MARGIN = 0.01
"""The sensitive example must be nearer than every ordinary question by this much."""


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


_PATTERNS = {c: re.compile("|".join(f"(?:{s})" for s in SEEDS[c])) for c in CATEGORIES}


def seed_category(text: str) -> str | None:
    folded = _fold(text)
    for category in CATEGORIES:
        if _PATTERNS[category].search(folded):
            return category
    return None


@dataclass
class Flag:
    category: str
    how: str  # "phrase" or "similarity"
    similarity: float = 0.0


class SensitiveDetector:
    """Flags inquiries that always go to a person; works without an embedder (phrases only)."""

    def __init__(self, embedder: Embedder | None = None, ordinary: Sequence[str] = ()) -> None:
        self.embedder = embedder
        self._labels: list[str] = []
        self._examples: Vectors | None = None
        self._ordinary: Vectors | None = None
        if embedder is not None:
            texts = [t for c in CATEGORIES for t in EXAMPLES[c]]
            self._labels = [c for c in CATEGORIES for _ in EXAMPLES[c]]
            self._examples = embedder.embed(texts)
            neutral = list(NEUTRAL) + [t for t in ordinary if seed_category(t) is None]
            self._ordinary = embedder.embed(neutral)

    def check(self, text: str, vector: Vectors | None = None) -> Flag | None:
        category = seed_category(text)
        if category is not None:
            return Flag(category, "phrase", 1.0)
        if self.embedder is None or self._examples is None or self._ordinary is None:
            return None
        v = self.embedder.embed([text])[0] if vector is None else vector
        sims = self._examples @ v
        best = int(np.argmax(sims))
        ordinary = float(np.max(self._ordinary @ v)) if len(self._ordinary) else -1.0
        if sims[best] >= SIMILARITY and sims[best] >= ordinary + MARGIN:
            return Flag(self._labels[best], "similarity", float(sims[best]))
        return None
