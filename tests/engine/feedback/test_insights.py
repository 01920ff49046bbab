"""The owner-facing feedback figures on small hand-built frames: every number checked by hand."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from rung.engine.feedback import insights

UTC = dt.UTC


def _comments(rows: list[dict[str, object]]) -> pl.DataFrame:
    base = {
        "source": None,
        "customer_id": None,
        "product_id": None,
        "score": None,
        "score_scale_max": None,
        "title": None,
        "text": "",
        "reply": None,
        "language": "en",
        "sentiment": "neutral",
        "sentiment_score": 0.0,
        "aspects": [],
    }
    schema = {
        "feedback_id": pl.String,
        "source": pl.String,
        "timestamp": pl.Datetime("us", "UTC"),
        "customer_id": pl.String,
        "product_id": pl.String,
        "score": pl.Float64,
        "score_scale_max": pl.Float64,
        "title": pl.String,
        "text": pl.String,
        "reply": pl.String,
        "language": pl.String,
        "sentiment": pl.String,
        "sentiment_score": pl.Float64,
        "aspects": pl.List(pl.Struct({"aspect": pl.String})),
    }
    return pl.DataFrame([base | r for r in rows], schema=schema, orient="row")


def _mentions(rows: list[tuple[str, str, str, float]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"feedback_id": pl.String, "aspect": pl.String, "sentiment": pl.String, "score": pl.Float64},
        orient="row",
    )


def _day(month: int, day: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, 12, tzinfo=UTC)


def test_nps_csat_and_rating_per_month_by_hand():
    # March, NPS answers 10, 9, 8, 6, 3 -> 2 promoters, 2 detractors of 5 = 0;
    # April 10, 10, 7, 0 -> 50 - 25 = 25
    nps_rows = [(3, s) for s in (10, 9, 8, 6, 3)] + [(4, s) for s in (10, 10, 7, 0)]
    # March, CSAT answers 5, 4, 2 -> 2/3 satisfied, average 3.67
    csat_rows = [(3, s) for s in (5, 4, 2)]
    rows = [
        {"feedback_id": f"n{i}", "timestamp": _day(m), "score": s, "score_scale_max": 10}
        for i, (m, s) in enumerate(nps_rows)
    ] + [
        {"feedback_id": f"c{i}", "timestamp": _day(m), "score": s, "score_scale_max": 5}
        for i, (m, s) in enumerate(csat_rows)
    ]
    monthly = insights.satisfaction(_comments(rows))
    assert monthly["period"].to_list() == [dt.date(2026, 3, 1), dt.date(2026, 4, 1)]
    assert monthly["nps"].to_list() == [0.0, 25.0]
    assert monthly["nps_answers"].to_list() == [5, 4]
    assert monthly["csat"].to_list() == [pytest.approx(2 / 3, abs=1e-4), None]
    assert monthly["average_rating"].to_list() == [pytest.approx(3.67, abs=0.01), None]
    quarterly = insights.satisfaction(_comments(rows), "quarter")
    assert quarterly["period"].to_list() == [dt.date(2026, 1, 1), dt.date(2026, 4, 1)]
    # Q1: 5 answers (2 promoters, 2 detractors) = 0
    assert quarterly["nps"].to_list() == [0.0, 25.0]
    assert insights.nps([10, 9, 8, 6, 3]) == 0.0 and insights.nps([9, 9, 9, 0]) == 50.0
    assert insights.csat([5, 4, 3, 1]) == 0.5 and insights.nps([]) is None


def test_missing_scale_is_read_from_the_scores():
    stars = _comments([{"feedback_id": "a", "timestamp": _day(1), "score": 4}])
    survey = _comments(
        [
            {"feedback_id": "a", "timestamp": _day(1), "score": 4},
            {"feedback_id": "b", "timestamp": _day(1), "score": 9},
        ]
    )
    assert insights.with_scales(stars)["score_scale_max"].to_list() == [5.0]
    assert insights.with_scales(survey)["score_scale_max"].to_list() == [10.0, 10.0]


def _history(current_negative: int, current_total: int, earlier_negative: int, earlier_total: int):
    """Delivery mentions: `earlier_*` spread over June-August, `current_*` in September."""
    rows: list[dict[str, object]] = []
    mentions: list[tuple[str, str, str, float]] = []
    for n in range(earlier_total):
        fid = f"e{n}"
        rows.append({"feedback_id": fid, "timestamp": _day(6 + n % 3)})
        bad = n < earlier_negative
        mentions.append((fid, "delivery", "negative" if bad else "positive", -0.8 if bad else 0.8))
    for n in range(current_total):
        fid = f"c{n}"
        rows.append({"feedback_id": fid, "timestamp": _day(9)})
        bad = n < current_negative
        mentions.append((fid, "delivery", "negative" if bad else "positive", -0.8 if bad else 0.8))
    return _comments(rows), _mentions(mentions)


def test_alert_fires_when_complaints_about_an_aspect_rise():
    # before: 1 of 10 negative (10%); September: 4 of 6 (67%) -> +57 points, 4 >= 3 complaints
    comments, mentions = _history(4, 6, 1, 10)
    (alert,) = insights.alerts(comments, mentions)
    assert alert.aspect == "delivery" and alert.month == dt.date(2026, 9, 1)
    assert (alert.negative, alert.mentions, alert.baseline_mentions) == (4, 6, 10)
    assert alert.share == pytest.approx(4 / 6, abs=1e-4) and alert.baseline_share == 0.1


def test_alert_does_not_fire_on_a_steady_share_or_too_few_complaints():
    steady, steady_mentions = _history(4, 8, 5, 10)  # 50% now vs 50% before
    assert insights.alerts(steady, steady_mentions) == []
    few, few_mentions = _history(2, 2, 0, 10)  # 100% now, but only 2 complaints
    assert insights.alerts(few, few_mentions) == []
    # the same history seen from August: nothing in September counts yet
    rising, rising_mentions = _history(4, 6, 1, 10)
    assert insights.alerts(rising, rising_mentions, month=dt.date(2026, 8, 1)) == []


def test_quotes_take_the_surest_comments_short_ones_first():
    comments = _comments(
        [
            {
                "feedback_id": "long",
                "timestamp": _day(1),
                "text": "The staff were helpful and kind to us all day.",
            },
            {"feedback_id": "short", "timestamp": _day(1), "text": "Lovely staff!"},
            {"feedback_id": "weak", "timestamp": _day(1), "text": "Staff ok."},
            {"feedback_id": "bad", "timestamp": _day(1), "text": "Rude staff."},
        ]
    )
    mentions = _mentions(
        [
            ("long", "service", "positive", 0.93),
            ("short", "service", "positive", 0.91),
            ("weak", "service", "positive", 0.2),
            ("bad", "service", "negative", -0.9),
        ]
    )
    got = insights.quotes(comments, mentions, per_aspect=2)
    positive = got.filter(pl.col("sentiment") == "positive")["feedback_id"].to_list()
    assert positive == ["short", "long"]  # both 0.9 when rounded: the shorter first; "weak" left out
    assert got.filter(pl.col("sentiment") == "negative")["quote"].to_list() == ["Rude staff."]


def test_reply_queue_order_and_reasons():
    today = dt.date(2026, 9, 20)
    comments = _comments(
        [
            # negative, 1 star, refund, 2 days old: 3 + 2 + 2 + 2 = 9
            {
                "feedback_id": "refund",
                "timestamp": dt.datetime(2026, 9, 18, tzinfo=UTC),
                "text": "Broken on arrival, I want a refund.",
                "score": 1,
                "score_scale_max": 5,
                "sentiment": "negative",
                "sentiment_score": -0.9,
            },
            # negative, 2 stars, 20 days old: 3 + 1 + 1 = 5
            {
                "feedback_id": "slow",
                "timestamp": dt.datetime(2026, 8, 31, tzinfo=UTC),
                "text": "Slow service.",
                "score": 2,
                "score_scale_max": 5,
                "sentiment": "negative",
                "sentiment_score": -0.7,
            },
            # the same points as "slow" but newer: before it
            {
                "feedback_id": "slow-newer",
                "timestamp": dt.datetime(2026, 9, 1, tzinfo=UTC),
                "text": "Waited forever.",
                "score": 2,
                "score_scale_max": 5,
                "sentiment": "negative",
                "sentiment_score": -0.5,
            },
            # negative but already answered: not in the queue
            {
                "feedback_id": "answered",
                "timestamp": dt.datetime(2026, 9, 19, tzinfo=UTC),
                "text": "Terrible.",
                "sentiment": "negative",
                "sentiment_score": -0.9,
                "reply": "We are sorry, ...",
            },
            # positive, 5 stars: not in the queue
            {
                "feedback_id": "happy",
                "timestamp": dt.datetime(2026, 9, 19, tzinfo=UTC),
                "text": "Great!",
                "score": 5,
                "score_scale_max": 5,
                "sentiment": "positive",
                "sentiment_score": 0.9,
            },
            # Dutch complaint words on a neutral text, half a year old: 2 - 1 = 1
            {
                "feedback_id": "klacht",
                "timestamp": dt.datetime(2026, 3, 1, tzinfo=UTC),
                "text": "Ik heb een klacht ingediend.",
                "language": "nl",
            },
        ]
    )
    queue = insights.reply_queue(comments, today=today)
    assert [i.feedback_id for i in queue] == ["refund", "slow-newer", "slow", "klacht"]
    assert [i.points for i in queue] == [9, 5, 5, 1]
    assert queue[0].reasons == ("negative", "low_rating", "complaint_words", "recent")
    assert queue[-1].reasons == ("complaint_words", "old")
    assert [i.feedback_id for i in insights.reply_queue(comments, today=today, limit=2)] == [
        "refund",
        "slow-newer",
    ]


@pytest.mark.parametrize(
    ("language", "apology", "aspect_words"),
    [
        ("en", "we are sorry", "delivery"),
        ("nl", "spijt ons", "levering"),
        ("de", "tut uns leid", "Lieferung"),
        ("fr", "désolés", "livraison"),
        ("es", "lamentamos", "entrega"),
        ("pt", "lamentamos", "entrega"),
    ],
)
def test_reply_draft_in_the_comment_language(language, apology, aspect_words):
    draft = insights.draft_reply("...", language, ["delivery"], business="Alice's Bakery")
    assert apology in draft.lower() or apology in draft
    assert aspect_words in draft
    assert draft.rstrip().endswith("Alice's Bakery")
    assert "{business}" in insights.draft_reply("...", language, ["price"])


def test_reply_draft_falls_back_to_english_and_takes_a_writer():
    assert insights.draft_reply("素晴らしい", "ja", []).startswith("Dear customer,")

    class Echo:
        name = "echo"

        def write(self, request: insights.ReplyRequest) -> str:
            return f"{request.language}:{','.join(request.aspects)}:{request.business}"

    assert insights.draft_reply("x", "nl", ["price"], business="B", writer=Echo()) == "nl:price:B"
    comments = _comments(
        [
            {
                "feedback_id": "a",
                "timestamp": _day(9),
                "text": "Te duur.",
                "sentiment": "negative",
                "language": "nl",
            },
            {"feedback_id": "b", "timestamp": _day(9), "text": "Top.", "sentiment": "positive"},
        ]
    )
    mentions = _mentions([("a", "price", "negative", -0.8)])
    queue = insights.with_drafts(insights.reply_queue(comments), mentions, business="B", writer=Echo())
    assert [(i.feedback_id, i.draft, i.draft_writer) for i in queue] == [("a", "nl:price:B", "echo")]
    drafts = insights.reply_drafts(comments, mentions, business="B")
    assert drafts[0].startswith("Beste klant,") and "prijs" in drafts[0] and drafts[1] is None
