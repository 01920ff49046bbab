"""The inquiry engine on a small two-language FAQ: answers, hand-offs, citations, CJK, calibration."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from rung.engine.feedback.embed import Vectors, normalise
from rung.engine.inquiries import (
    Engine,
    KnowledgeBase,
    answer,
    answer_many,
    calibrate,
    from_faq,
    from_html,
    from_text,
    load,
)
from rung.engine.inquiries.detect import SensitiveDetector
from rung.engine.inquiries.retrieve import Retriever, tokenize

FAQ = [
    ("What are your opening hours?", "We are open Monday to Saturday from 9:00 to 18:00."),
    ("When are you open?", "We are open Monday to Saturday from 9:00 to 18:00."),
    ("Are you open on Sunday?", "We are open Monday to Saturday from 9:00 to 18:00."),
    ("How much does a haircut cost?", "A haircut costs 25 euros."),
    ("What is the price of a haircut?", "A haircut costs 25 euros."),
    ("How expensive is cutting my hair?", "A haircut costs 25 euros."),
    ("Where can I park my car?", "There is free parking behind the salon."),
    ("Do you have parking?", "There is free parking behind the salon."),
    ("Is there a car park nearby?", "There is free parking behind the salon."),
    ("Do you sell gift vouchers?", "Gift vouchers for any amount are sold at the desk."),
    ("Can I buy a gift card?", "Gift vouchers for any amount are sold at the desk."),
    ("I want to give a voucher as a present", "Gift vouchers for any amount are sold at the desk."),
    ("Wat zijn jullie openingstijden?", "We zijn open van maandag tot zaterdag van 9 tot 18 uur."),
    ("Wanneer zijn jullie open?", "We zijn open van maandag tot zaterdag van 9 tot 18 uur."),
    ("Zijn jullie op zondag open?", "We zijn open van maandag tot zaterdag van 9 tot 18 uur."),
    ("Hoeveel kost knippen?", "Knippen kost 25 euro."),
    ("Wat is de prijs van een knipbeurt?", "Knippen kost 25 euro."),
    ("Hoe duur is haren knippen?", "Knippen kost 25 euro."),
    ("Waar kan ik parkeren?", "Er is gratis parkeren achter de salon."),
    ("Hebben jullie een parkeerplaats?", "Er is gratis parkeren achter de salon."),
    ("Is er een parkeergarage in de buurt?", "Er is gratis parkeren achter de salon."),
    ("Verkopen jullie cadeaubonnen?", "Cadeaubonnen van elk bedrag zijn te koop aan de balie."),
    ("Kan ik een cadeaukaart kopen?", "Cadeaubonnen van elk bedrag zijn te koop aan de balie."),
    ("Ik wil een bon cadeau geven", "Cadeaubonnen van elk bedrag zijn te koop aan de balie."),
]


class FakeEmbedder:
    """Character-trigram hashing: texts sharing many trigrams are close; fast and deterministic."""

    name = "fake-trigrams"
    dim = 256

    def embed(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            padded = f"  {text.lower()}  "
            for i in range(len(padded) - 2):
                digest = hashlib.blake2b(padded[i : i + 3].encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dim] += 1.0
        return normalise(out)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    frame = pl.DataFrame({"question": [q for q, _ in FAQ], "answer": [a for _, a in FAQ]})
    return KnowledgeBase(from_faq(frame, source="faq.csv"))


@pytest.fixture(scope="module")
def engine(kb: KnowledgeBase) -> Engine:
    return Engine(kb, threshold=0.2)


def test_faq_answered_in_both_languages(engine: Engine) -> None:
    english = engine.answer("What are the opening hours?")
    dutch = engine.answer("Wat kost knippen?")
    assert not english.handoff and english.answer.startswith("We are open Monday")
    assert not dutch.handoff and dutch.answer == "Knippen kost 25 euro."
    assert english.source == "What are your opening hours?"


def test_paraphrase_matched(engine: Engine) -> None:
    reply = engine.answer("is it possible to park the car close to you")
    assert reply.draft == "There is free parking behind the salon."


def test_out_of_scope_handed_off(kb: KnowledgeBase) -> None:
    reply = answer(Engine(kb), "What is the capital of France?")
    assert reply.handoff and reply.answer == "" and reply.reason


@pytest.mark.parametrize(
    ("question", "category", "fragment"),
    [
        ("I want a refund for my last visit", "refund", "refund"),
        ("I would like to file a complaint about the hairdresser", "complaint", "complaint"),
        ("Ik wil mijn geld terug", "refund", "refund"),
        ("Ik wil een klacht indienen", "complaint", "complaint"),
        ("Please delete my data, GDPR", "personal_data", "personal data"),
    ],
)
def test_sensitive_inquiries_handed_off_with_reason(
    engine: Engine, question: str, category: str, fragment: str
) -> None:
    reply = engine.answer(question)
    assert reply.handoff and reply.category == category
    assert reply.reason is not None and fragment in reply.reason
    assert reply.reason.template != reply.reason or not reply.reason.params  # a Note, translatable


def test_sensitive_detected_by_similarity_without_seed_words() -> None:
    detector = SensitiveDetector(FakeEmbedder(), ordinary=[q for q, _ in FAQ])
    flag = detector.check("Nobody answers my emails and I am fed up with waiting.")
    assert flag is not None and flag.category == "complaint" and flag.how == "similarity"
    assert detector.check("What are your opening hours?") is None


def test_citations_point_at_the_passage(tmp_path: Path) -> None:
    (tmp_path / "info.md").write_text(
        "# Booking\nBook online on our website or call 020 123 4567.\n\n"
        "# Gift cards\nGift cards are sold in the shop for any amount.\n",
        encoding="utf-8",
    )
    (tmp_path / "policy.html").write_text(
        "<html><head><title>x</title><script>var a=1;</script></head><body><h2>Deposit</h2>"
        "<p>A deposit of 10 euros is asked for bookings over two hours.</p></body></html>",
        encoding="utf-8",
    )
    kb = load([tmp_path])
    assert {p.source for p in kb.passages} == {"info.md", "policy.html"}
    reply = answer(kb, "do I need to pay a deposit for a long booking?", threshold=0.0)
    cited = kb.by_id[reply.citations[0].passage_id]
    assert cited.source == "policy.html" and "deposit" in cited.text and "var a" not in cited.text
    assert reply.source == "policy.html › Deposit"
    gift = answer(kb, "are gift cards sold here?", threshold=0.0)
    assert kb.by_id[gift.citations[0].passage_id].title == "Gift cards"


def test_passage_ids_are_stable() -> None:
    text = "# A\nOne paragraph.\n\n# B\nAnother paragraph."
    first = [p.id for p in from_text(text, source="x.md")]
    edited = [p.id for p in from_text(text.replace("Another", "A changed"), source="x.md")]
    assert first == [p.id for p in from_text(text, source="x.md")]
    assert first[0] == edited[0] and first[1] != edited[1]
    assert from_html("<p>Hello there</p>", source="p.html")[0].text == "Hello there"


def test_pdf_is_not_implemented(tmp_path: Path) -> None:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(NotImplementedError):
        load([pdf])


def test_cjk_tokenised_into_bigrams() -> None:
    assert tokenize("营业时间") == ["营业", "业时", "时间"]
    assert tokenize("予約できますか") == ["予約", "約で", "でき", "きま", "ます", "すか"]
    assert tokenize("Opening hours 营业", "en") == ["open", "hour", "营业"]
    kb = KnowledgeBase(from_text("营业时间是早上九点到晚上六点。\n\n我们的地址在市中心。", source="zh.md"))
    ranking = Retriever(kb).rank("你们的营业时间？")
    assert "营业" in kb.passages[ranking.best_passage[int(ranking.order[0])]].text


def test_hybrid_retrieval_with_embedder() -> None:
    kb = KnowledgeBase(
        from_text("# Hours\nOpen daily 9-18.\n\n# Parking\nFree parking behind the shop.", source="a.md")
    )
    retriever = Retriever(kb, embedder=FakeEmbedder())
    assert retriever.method == "hybrid"
    assert "Parking" in kb.first(retriever.rank("where is the parking").top()[0]).text


def test_calibration_is_monotone() -> None:
    rng = np.random.default_rng(0)
    raw = rng.random(400)
    correct = rng.random(400) < raw  # higher raw score, more often right
    cal = calibrate.fit(raw, correct)
    assert cal.calibrated
    grid = cal(np.linspace(0, 1, 101))
    assert np.all(np.diff(grid) >= 0)
    curve = calibrate.precision_coverage(cal(raw), correct)
    assert curve["coverage"].is_sorted() and curve["coverage"][-1] == 1.0
    chosen = calibrate.threshold_for(curve, 0.9)
    assert chosen is not None and chosen[1] > 0


def test_answer_many_frame(kb: KnowledgeBase) -> None:
    frame = answer_many(kb, ["When are you open?", "", "Ik wil mijn afspraak annuleren"], threshold=0.2)
    assert frame.columns[:6] == ["question", "answer", "confidence", "handoff", "source", "reason"]
    assert frame["handoff"].to_list() == [False, True, True]
    assert frame["reason"][2] is not None and "cancellation" in frame["reason"][2]


def test_faq_spreadsheet_loaded_through_the_import_pipeline(tmp_path: Path) -> None:
    (tmp_path / "faq.csv").write_text(
        "Vraag;Antwoord\nWat zijn de openingstijden?;Ma-za 9-18 uur.\n"
        "Kan ik parkeren?;Ja, achter de salon.\n",
        encoding="utf-8",
    )
    kb = load([tmp_path / "faq.csv"])
    assert [p.text for p in kb.passages] == ["Wat zijn de openingstijden?", "Kan ik parkeren?"]
    reply = answer(kb, "waar kan ik parkeren", threshold=0.0)
    assert reply.answer == "Ja, achter de salon." and reply.citations[0].row == 1
