"""What the owner reads from analysed feedback: scores over time, aspect trends, alerts, quotes,
the reviews to answer today and a first draft of each answer.

Everything here is plain arithmetic over the frames `analyse()` returns, so it is cheap to
recompute, easy to check by hand and the same in the web app, the API and the CLI.

- `scored()`: the canonical feedback rows with their analysis beside them (one row per
  comment, in input order) - the frame every other function reads.
- Scales: a rating without `score_scale_max` (most review exports have none) is read on
  0-10 when the file holds any score above 5, otherwise on 1-5 stars (`with_scales`).
- `satisfaction()`: per month or quarter, NPS (answers on 0-10: % promoters 9-10 minus %
  detractors 0-6, in points from -100 to 100), CSAT (answers on 1-5: share of 4 and 5) and the
  average star rating (1-5 answers only, so an NPS answer of 8 never counts as 8 stars).
- `aspect_trend()`: per month and aspect, mentions, negative share and the mean sentiment score.
- `alerts()`: see its docstring for the rule.
- `quotes()`: per aspect and verdict, the comments the model is surest of, short ones first,
  because an owner reads the short clear ones and they stand for the rest.
- `reply_queue()`: comments without a reply that need one, most urgent first, with the reasons.
- `draft_reply()`: a template reply in the comment's language; `ReplyWriter` is the seam for an
  LLM writer once a provider is configured.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

import polars as pl

from rung.engine.feedback.aspects import ASPECTS, PRODUCT
from rung.engine.feedback.core import FeedbackResult

PERIODS = ("month", "quarter")

# ---------------------------------------------------------------------------------------------
# The scored comments


def with_scales(frame: pl.DataFrame) -> pl.DataFrame:
    """`score_scale_max` filled in where the export left it out: 10 when any score of the file is
    above 5 (an NPS survey), else 5 (stars). A scale the file states is kept."""
    if "score" not in frame.columns:
        return frame.with_columns(
            pl.lit(None, pl.Float64).alias("score"), pl.lit(None, pl.Float64).alias("score_scale_max")
        )
    scores = frame["score"].cast(pl.Float64, strict=False)
    top = scores.max()
    guess = 10.0 if isinstance(top, float) and top > 5 else 5.0
    given = (
        frame["score_scale_max"].cast(pl.Float64, strict=False)
        if "score_scale_max" in frame.columns
        else pl.Series("score_scale_max", [None] * frame.height, pl.Float64)
    )
    return frame.with_columns(
        scores.alias("score"),
        pl.when(scores.is_null()).then(given).otherwise(given.fill_null(guess)).alias("score_scale_max"),
    )


SCORED_COLUMNS = (
    "feedback_id",
    "source",
    "timestamp",
    "customer_id",
    "product_id",
    "score",
    "score_scale_max",
    "title",
    "text",
    "reply",
)


def scored(feedback: pl.DataFrame, result: FeedbackResult) -> pl.DataFrame:
    """The feedback rows (in the order given to `analyse`) with language, sentiment, its score,
    where it came from and the aspects, one row per comment."""
    missing = [pl.lit(None, pl.String).alias(c) for c in SCORED_COLUMNS if c not in feedback.columns]
    base = feedback.with_columns(missing).select(SCORED_COLUMNS)
    base = base.with_columns(
        pl.col("feedback_id").cast(pl.String),
        pl.col("source").cast(pl.String),
        pl.col("title").cast(pl.String),
        pl.col("text").cast(pl.String),
        pl.col("reply").cast(pl.String),
    )
    if base["timestamp"].dtype == pl.String or base["timestamp"].dtype == pl.Null:
        base = base.with_columns(pl.col("timestamp").cast(pl.String).str.to_datetime(strict=False))
    analysed = result.comments.drop("feedback_id")
    return with_scales(
        pl.concat([base.with_columns(result.comments["feedback_id"]), analysed], how="horizontal")
    )


def _period(column: str, period: str) -> pl.Expr:
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}")
    return pl.col(column).dt.date().dt.truncate("1mo" if period == "month" else "1q").alias("period")


# ---------------------------------------------------------------------------------------------
# NPS, CSAT and rating over time


def nps(scores: Sequence[float]) -> float | None:
    """Net Promoter Score of 0-10 answers: % promoters (9-10) minus % detractors (0-6)."""
    if not scores:
        return None
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return round(100 * (promoters - detractors) / len(scores), 1)


def csat(scores: Sequence[float]) -> float | None:
    """Customer satisfaction of 1-5 answers: the share that gave 4 or 5."""
    if not scores:
        return None
    return round(sum(1 for s in scores if s >= 4) / len(scores), 4)


SATISFACTION_SCHEMA = {
    "period": pl.Date,
    "comments": pl.UInt32,
    "nps_answers": pl.UInt32,
    "nps": pl.Float64,
    "csat_answers": pl.UInt32,
    "csat": pl.Float64,
    "average_rating": pl.Float64,
    "sentiment_score": pl.Float64,
}


def satisfaction(comments: pl.DataFrame, period: str = "month") -> pl.DataFrame:
    """Per period: comments, NPS (of 0-10 answers), CSAT and average rating (of 1-5 answers) and
    the mean sentiment score; periods without any answer of a kind have null for it."""
    frame = with_scales(comments).filter(pl.col("timestamp").is_not_null())
    if frame.height == 0:
        return pl.DataFrame(schema=SATISFACTION_SCHEMA)
    ten = (pl.col("score_scale_max") == 10) & pl.col("score").is_not_null()
    five = (pl.col("score_scale_max") == 5) & pl.col("score").is_not_null()
    out = (
        frame.with_columns(_period("timestamp", period))
        .group_by("period")
        .agg(
            pl.len().alias("comments"),
            ten.sum().alias("nps_answers"),
            (
                100
                * ((ten & (pl.col("score") >= 9)).sum() - (ten & (pl.col("score") <= 6)).sum())
                / ten.sum()
            ).alias("nps"),
            five.sum().alias("csat_answers"),
            ((five & (pl.col("score") >= 4)).sum() / five.sum()).alias("csat"),
            pl.col("score").filter(five).mean().alias("average_rating"),
            pl.col("sentiment_score").mean().alias("sentiment_score"),
        )
        .sort("period")
    )
    return out.with_columns(
        pl.when(pl.col("nps_answers") > 0).then(pl.col("nps").round(1)).alias("nps"),
        pl.when(pl.col("csat_answers") > 0).then(pl.col("csat").round(4)).alias("csat"),
        pl.col("average_rating").round(2),
        pl.col("sentiment_score").round(3),
    ).cast(SATISFACTION_SCHEMA)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Aspects over time, alerts and quotes


def _timed_mentions(comments: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    times = comments.select("feedback_id", "timestamp", "text", "title").unique("feedback_id", keep="first")
    return mentions.join(times, on="feedback_id", how="inner").filter(pl.col("timestamp").is_not_null())


TREND_SCHEMA = {
    "period": pl.Date,
    "aspect": pl.String,
    "mentions": pl.UInt32,
    "negative": pl.UInt32,
    "negative_share": pl.Float64,
    "score": pl.Float64,
}


def aspect_trend(comments: pl.DataFrame, mentions: pl.DataFrame, period: str = "month") -> pl.DataFrame:
    """Per period and aspect: comments mentioning it, how many of those negatively, that share
    and the mean sentiment score of the mentions (-1 to 1). A comment counts once per aspect."""
    timed = _timed_mentions(comments, mentions)
    if timed.height == 0:
        return pl.DataFrame(schema=TREND_SCHEMA)
    per_comment = timed.group_by("feedback_id", "aspect").agg(
        pl.col("timestamp").first(),
        (pl.col("sentiment") == "negative").any().alias("negative"),
        pl.col("score").mean(),
    )
    return (
        per_comment.with_columns(_period("timestamp", period))
        .group_by("period", "aspect")
        .agg(
            pl.len().alias("mentions"),
            pl.col("negative").sum().alias("negative"),
            pl.col("score").mean().round(3).alias("score"),
        )
        .with_columns((pl.col("negative") / pl.col("mentions")).round(4).alias("negative_share"))
        .sort("period", "aspect")
        .select(list(TREND_SCHEMA))
        .cast(TREND_SCHEMA)  # type: ignore[arg-type]
    )


ALERT_MIN_NEGATIVE = 3
"""A month needs at least this many comments complaining about an aspect to raise an alert."""
ALERT_RISE = 0.2
"""...and its negative share must be this much (20 points) above the previous months'."""
ALERT_BASELINE_MONTHS = 3


@dataclass(frozen=True)
class Alert:
    aspect: str
    month: dt.date
    negative: int
    mentions: int
    share: float
    baseline_share: float | None
    """The negative share over the previous months; None when the aspect was not mentioned then."""
    baseline_mentions: int

    def as_dict(self) -> dict[str, str | int | float | None]:
        return {
            "aspect": self.aspect,
            "month": self.month.isoformat(),
            "negative": self.negative,
            "mentions": self.mentions,
            "share": self.share,
            "baseline_share": self.baseline_share,
            "baseline_mentions": self.baseline_mentions,
        }


def alerts(
    comments: pl.DataFrame,
    mentions: pl.DataFrame,
    *,
    month: dt.date | None = None,
    min_negative: int = ALERT_MIN_NEGATIVE,
    rise: float = ALERT_RISE,
) -> list[Alert]:
    """Aspects customers complain about more this month than before.

    The rule: for each aspect, take `month` (default: the month of the newest comment) and the
    `ALERT_BASELINE_MONTHS` (3) months before it. The alert fires when at least `min_negative`
    (3) comments of the month mention the aspect negatively AND the month's negative share
    (negative comments / comments mentioning the aspect) is at least `rise` (20 points) above
    the share over the three months before (0 when the aspect was not mentioned then). Why a
    minimum count: with a handful of reviews a month, one or two angry ones are noise, not a
    trend; why a share and not a count: a busy month brings more complaints and more praise.
    Largest rise first.
    """
    trend = aspect_trend(comments, mentions, "month")
    if trend.height == 0:
        return []
    newest = trend["period"].max()
    current = month.replace(day=1) if month is not None else newest
    assert isinstance(current, dt.date)
    start = _months_before(current, ALERT_BASELINE_MONTHS)
    now = trend.filter(pl.col("period") == current)
    before = (
        trend.filter((pl.col("period") >= start) & (pl.col("period") < current))
        .group_by("aspect")
        .agg(pl.col("mentions").sum(), pl.col("negative").sum())
    )
    earlier = {a: (int(m), int(n)) for a, m, n in before.select("aspect", "mentions", "negative").rows()}
    found: list[Alert] = []
    for aspect, mentioned, negative in now.select("aspect", "mentions", "negative").rows():
        share = negative / mentioned
        base_mentions, base_negative = earlier.get(aspect, (0, 0))
        baseline = base_negative / base_mentions if base_mentions else None
        if negative >= min_negative and share - (baseline or 0.0) >= rise:
            found.append(
                Alert(
                    aspect,
                    current,
                    int(negative),
                    int(mentioned),
                    round(share, 4),
                    None if baseline is None else round(baseline, 4),
                    base_mentions,
                )
            )
    return sorted(found, key=lambda a: (-(a.share - (a.baseline_share or 0.0)), a.aspect))


def _months_before(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - n
    return dt.date(index // 12, index % 12 + 1, 1)


QUOTES_PER_ASPECT = 2
QUOTE_MAX_CHARS = 280


def quotes(
    comments: pl.DataFrame, mentions: pl.DataFrame, per_aspect: int = QUOTES_PER_ASPECT
) -> pl.DataFrame:
    """Per aspect and verdict (negative, positive), up to `per_aspect` comments that say it most
    clearly: the mentions whose score is furthest from 0 (rounded to one decimal, so a near tie
    goes to the shorter comment), then the shorter comment. Each comment is quoted once."""
    schema = {
        "aspect": pl.String,
        "sentiment": pl.String,
        "feedback_id": pl.String,
        "quote": pl.String,
        "score": pl.Float64,
    }
    bodies = comments.select(
        "feedback_id",
        pl.coalesce(pl.col("text"), pl.col("title")).str.strip_chars().alias("body"),
    )
    ranked = (
        mentions.filter(pl.col("sentiment").is_in(["negative", "positive"]))
        .join(bodies, on="feedback_id", how="inner")
        .filter(pl.col("body").is_not_null() & (pl.col("body") != ""))
        .with_columns(
            pl.col("score").abs().round(1).alias("strength"),
            pl.col("body").str.len_chars().alias("length"),
        )
        .sort(["strength", "length", "feedback_id"], descending=[True, False, False])
        .unique(["aspect", "sentiment", "feedback_id"], keep="first", maintain_order=True)
    )
    if ranked.height == 0:
        return pl.DataFrame(schema=schema)
    top = ranked.group_by("aspect", "sentiment", maintain_order=True).head(per_aspect)
    order = {a: i for i, a in enumerate((*ASPECTS, PRODUCT))}
    return (
        top.with_columns(
            pl.col("body").str.slice(0, QUOTE_MAX_CHARS).alias("quote"),
            pl.col("aspect").replace_strict(order, default=len(order)).alias("_order"),
        )
        .sort(["_order", "aspect", "sentiment"], descending=[False, False, False])
        .select(list(schema))
        .cast(schema)  # type: ignore[arg-type]
    )


# ---------------------------------------------------------------------------------------------
# The reply queue

COMPLAINT_WORDS = (
    # en, nl, de, fr, es, pt, it, zh, ja: word stems, matched at the start of a word
    "refund", "complain", "complaint", "money back", "scam", "never again", "lawyer",
    "terugbetal", "klacht", "geld terug", "nooit meer", "oplichting",
    "rückerstatt", "erstattung", "beschwerde", "geld zurück", "nie wieder", "betrug",
    "rembours", "plainte", "réclamation", "arnaque", "plus jamais",
    "reembols", "reclamación", "queja", "estafa", "nunca más",
    "reclamação", "reclamar", "golpe", "nunca mais", "devolução",
    "rimbors", "reclamo", "truffa", "mai più",
    "退款", "投诉", "退钱", "骗", "返金", "クレーム", "詐欺",
)  # fmt: skip
_COMPLAINT = re.compile(
    "|".join(
        re.escape(w) if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", w) else r"(?<!\w)" + re.escape(w)
        for w in COMPLAINT_WORDS
    ),
    re.IGNORECASE,
)
RECENT_DAYS = 7
"""A comment of the last week gets the most weight: answered within days, a reply still helps."""
STALE_DAYS = 90
"""Older than three months, a reply is late; such comments sink (they still appear)."""

REASONS = ("negative", "low_rating", "complaint_words", "recent", "this_month", "old")


@dataclass(frozen=True)
class QueueItem:
    feedback_id: str
    points: int
    reasons: tuple[str, ...]
    """Codes from `REASONS`, most important first: why this comment is in the queue."""
    timestamp: dt.datetime | None
    language: str
    sentiment: str | None
    score: float | None
    scale: float | None
    text: str
    aspects: tuple[str, ...]
    source: str | None = None
    customer_id: str | None = None
    draft: str = ""
    draft_writer: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "feedback_id": self.feedback_id,
            "points": self.points,
            "reasons": list(self.reasons),
            "timestamp": self.timestamp.isoformat() if self.timestamp else None,
            "language": self.language,
            "sentiment": self.sentiment,
            "score": self.score,
            "scale": self.scale,
            "text": self.text,
            "aspects": list(self.aspects),
            "source": self.source,
            "customer_id": self.customer_id,
            "draft": self.draft,
            "draft_writer": self.draft_writer,
        }


def _body(title: str | None, text: str | None) -> str:
    """Title and text as one passage ("Never again. We waited ..."), the title once."""
    title, text = (title or "").strip(), (text or "").strip()
    if title and text and not text.startswith(title):
        return f"{title} {text}" if title[-1] in ".!?。！？" else f"{title}. {text}"
    return text or title


def _low_rating(score: float | None, scale: float | None) -> int:
    """2 points for the lowest ratings (1 of 5, 0-3 of 10), 1 for low ones (2 of 5, 4-6 of 10)."""
    if score is None or scale is None or scale <= 0:
        return 0
    if scale >= 10:
        return 2 if score <= 3 else 1 if score <= 6 else 0
    share = score / scale
    return 2 if share <= 0.2 else 1 if share <= 0.4 else 0


def reply_queue(
    comments: pl.DataFrame, *, today: dt.date | None = None, limit: int | None = None
) -> list[QueueItem]:
    """The comments that most need a reply, most urgent first.

    Only comments without a `reply` are considered, and only those that are negative, low-rated
    or use complaint words. Points: negative sentiment 3; lowest rating 2, low rating 1;
    complaint words (refund, complaint, ... in nine languages) 2; written within `RECENT_DAYS` of
    `today` 2, within 30 days 1, older than `STALE_DAYS` -1. Ties: newest first, then the most
    negative score. `today` defaults to the day of the newest comment, so an export of last
    year still ranks its own latest week first.
    """
    frame = with_scales(comments)
    stamps = frame["timestamp"].drop_nulls()
    newest = stamps.max() if stamps.len() else None
    day = today or (newest.date() if isinstance(newest, dt.datetime) else dt.datetime.now(dt.UTC).date())
    items: list[QueueItem] = []
    for row in frame.iter_rows(named=True):
        if (row.get("reply") or "").strip():
            continue
        body = _body(row.get("title"), row.get("text"))
        reasons: list[str] = []
        points = 0
        if row.get("sentiment") == "negative":
            reasons.append("negative")
            points += 3
        low = _low_rating(row.get("score"), row.get("score_scale_max"))
        if low:
            reasons.append("low_rating")
            points += low
        if body and _COMPLAINT.search(body):
            reasons.append("complaint_words")
            points += 2
        if not reasons:
            continue
        stamp = row.get("timestamp")
        if isinstance(stamp, dt.datetime):
            age = (day - stamp.date()).days
            if age <= RECENT_DAYS:
                reasons.append("recent")
                points += 2
            elif age <= 30:
                reasons.append("this_month")
                points += 1
            elif age > STALE_DAYS:
                reasons.append("old")
                points -= 1
        aspects = tuple(dict.fromkeys(str(a["aspect"]) for a in (row.get("aspects") or [])))
        items.append(
            QueueItem(
                feedback_id=str(row["feedback_id"]),
                points=points,
                reasons=tuple(reasons),
                timestamp=stamp if isinstance(stamp, dt.datetime) else None,
                language=row.get("language") or "",
                sentiment=row.get("sentiment"),
                score=row.get("score"),
                scale=row.get("score_scale_max"),
                text=body,
                aspects=aspects,
                source=row.get("source"),
                customer_id=row.get("customer_id"),
            )
        )
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)

    def key(item: QueueItem) -> tuple[int, float, float]:
        stamp = item.timestamp or oldest
        stamp = stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)
        return (-item.points, -stamp.timestamp(), item.score if item.score is not None else 0.0)

    items.sort(key=key)
    return items[:limit] if limit is not None else items


# ---------------------------------------------------------------------------------------------
# Reply drafts

REPLY_LANGUAGES = ("en", "nl", "de", "fr", "es", "pt")
BUSINESS_PLACEHOLDER = "{business}"


@dataclass(frozen=True)
class ReplyRequest:
    """What a writer gets to draft one reply."""

    text: str
    language: str
    aspects: tuple[str, ...]
    sentiment: str | None
    business: str = BUSINESS_PLACEHOLDER


class ReplyWriter(Protocol):
    """Drafts a reply to one comment. The template writer is the default; an LLM writer (a
    configured provider) plugs in here later without touching the queue or the pages."""

    name: str

    def write(self, request: ReplyRequest) -> str: ...


@dataclass(frozen=True)
class _Phrases:
    greeting: str
    apology: str
    aspects: dict[str, str]
    general: str
    invitation: str
    closing: str


# One whole sentence per aspect, written per language (not translated word by word), so each
# reads as a person would write it. {business} is the business's name.
PHRASES: dict[str, _Phrases] = {
    "en": _Phrases(
        greeting="Dear customer,",
        apology="Thank you for taking the time to tell us about your experience, and we are sorry it "
        "fell short.",
        aspects={
            "price": "We understand that the price did not feel right for what you received, and we are "
            "looking at how we can offer better value.",
            "quality": "The quality you received is not the standard we aim for; we have passed this on "
            "to the team so it does not happen again.",
            "delivery": "We are sorry your order did not arrive as it should have; we are checking what "
            "went wrong with the delivery.",
            "service": "The way you were helped is not how we want to treat our customers, and we have "
            "discussed it with our team.",
            "waiting": "We are sorry you had to wait so long; we are working on making it faster.",
            "cleanliness": "Cleanliness matters a great deal to us, and we have taken up what you saw "
            "straight away.",
            "stock": "We are sorry the product you wanted was not available; we are improving how we "
            "keep it in stock.",
            "website": "We are sorry our website or app made things difficult for you; we are looking "
            "into the problem.",
            "product": "We are sorry the product did not meet your expectations; we are looking into it.",
        },
        general="We take your feedback seriously and are looking into what happened.",
        invitation="Please contact us directly so we can put this right for you.",
        closing="Kind regards,\n{business}",
    ),
    "nl": _Phrases(
        greeting="Beste klant,",
        apology="Dank u dat u de tijd nam om uw ervaring te delen, en het spijt ons dat die tegenviel.",
        aspects={
            "price": "We begrijpen dat de prijs niet in verhouding voelde tot wat u kreeg, en we kijken "
            "hoe we u meer waar voor uw geld kunnen bieden.",
            "quality": "De kwaliteit die u kreeg is niet wat we nastreven; we hebben dit met het team "
            "besproken zodat het niet nog eens gebeurt.",
            "delivery": "Het spijt ons dat uw bestelling niet goed is aangekomen; we zoeken uit wat er "
            "bij de levering misging.",
            "service": "Zo willen we onze klanten niet helpen, en we hebben het met ons team besproken.",
            "waiting": "Het spijt ons dat u zo lang moest wachten; we werken eraan om dat sneller te maken.",
            "cleanliness": "Netheid vinden we heel belangrijk, en we hebben wat u zag meteen aangepakt.",
            "stock": "Het spijt ons dat het product dat u wilde niet beschikbaar was; we verbeteren hoe "
            "we het op voorraad houden.",
            "website": "Het spijt ons dat onze website of app het u moeilijk maakte; we zoeken het "
            "probleem uit.",
            "product": "Het spijt ons dat het product niet aan uw verwachtingen voldeed; we zoeken het uit.",
        },
        general="We nemen uw feedback serieus en zoeken uit wat er is gebeurd.",
        invitation="Neem gerust rechtstreeks contact met ons op, dan lossen we het voor u op.",
        closing="Met vriendelijke groet,\n{business}",
    ),
    "de": _Phrases(
        greeting="Liebe Kundin, lieber Kunde,",
        apology="Vielen Dank, dass Sie sich die Zeit genommen haben, uns von Ihrer Erfahrung zu "
        "berichten. Es tut uns leid, dass sie nicht gut war.",
        aspects={
            "price": "Wir verstehen, dass der Preis für Sie nicht zur Leistung passte, und prüfen, wie "
            "wir ein besseres Preis-Leistungs-Verhältnis bieten können.",
            "quality": "Die Qualität entsprach nicht unserem Anspruch; wir haben das an unser Team "
            "weitergegeben, damit es nicht wieder vorkommt.",
            "delivery": "Es tut uns leid, dass Ihre Bestellung nicht wie vorgesehen ankam; wir prüfen, "
            "was bei der Lieferung schiefgelaufen ist.",
            "service": "So möchten wir mit unseren Kundinnen und Kunden nicht umgehen, und wir haben es "
            "mit unserem Team besprochen.",
            "waiting": "Es tut uns leid, dass Sie so lange warten mussten; wir arbeiten daran, schneller "
            "zu werden.",
            "cleanliness": "Sauberkeit ist uns sehr wichtig, und wir haben uns sofort darum gekümmert.",
            "stock": "Es tut uns leid, dass der gewünschte Artikel nicht verfügbar war; wir verbessern "
            "unsere Lagerhaltung.",
            "website": "Es tut uns leid, dass unsere Website oder App Ihnen Schwierigkeiten bereitet hat; "
            "wir gehen dem Problem nach.",
            "product": "Es tut uns leid, dass das Produkt Ihre Erwartungen nicht erfüllt hat; wir gehen "
            "dem nach.",
        },
        general="Wir nehmen Ihr Feedback ernst und prüfen, was passiert ist.",
        invitation="Bitte kontaktieren Sie uns direkt, damit wir das für Sie in Ordnung bringen können.",
        closing="Mit freundlichen Grüßen\n{business}",
    ),
    "fr": _Phrases(
        greeting="Chère cliente, cher client,",
        apology="Merci d'avoir pris le temps de nous faire part de votre expérience, et nous sommes "
        "désolés qu'elle vous ait déçu.",
        aspects={
            "price": "Nous comprenons que le prix ne vous a pas semblé justifié, et nous étudions comment "
            "vous offrir un meilleur rapport qualité-prix.",
            "quality": "La qualité reçue n'est pas celle que nous visons ; nous l'avons signalé à "
            "l'équipe pour que cela ne se reproduise pas.",
            "delivery": "Nous sommes désolés que votre commande ne soit pas arrivée comme prévu ; nous "
            "vérifions ce qui s'est mal passé lors de la livraison.",
            "service": "Ce n'est pas ainsi que nous voulons traiter nos clients, et nous en avons parlé "
            "avec notre équipe.",
            "waiting": "Nous sommes désolés que vous ayez dû attendre si longtemps ; nous travaillons à "
            "aller plus vite.",
            "cleanliness": "La propreté est très importante pour nous, et nous avons aussitôt pris en "
            "charge ce que vous avez constaté.",
            "stock": "Nous sommes désolés que le produit souhaité n'ait pas été disponible ; nous "
            "améliorons la gestion de notre stock.",
            "website": "Nous sommes désolés que notre site ou notre application vous ait compliqué la "
            "tâche ; nous examinons le problème.",
            "product": "Nous sommes désolés que le produit n'ait pas répondu à vos attentes ; nous "
            "examinons la question.",
        },
        general="Nous prenons votre avis au sérieux et examinons ce qui s'est passé.",
        invitation="N'hésitez pas à nous contacter directement afin que nous puissions arranger les choses.",
        closing="Cordialement,\n{business}",
    ),
    "es": _Phrases(
        greeting="Estimado cliente:",
        apology="Gracias por dedicar tiempo a contarnos su experiencia; lamentamos que no haya sido buena.",
        aspects={
            "price": "Entendemos que el precio no le pareció justo para lo que recibió, y estamos "
            "estudiando cómo ofrecer una mejor relación calidad-precio.",
            "quality": "La calidad que recibió no es la que buscamos; lo hemos comunicado al equipo para "
            "que no vuelva a ocurrir.",
            "delivery": "Lamentamos que su pedido no llegara como debía; estamos revisando qué falló en "
            "la entrega.",
            "service": "No es así como queremos atender a nuestros clientes, y lo hemos hablado con "
            "nuestro equipo.",
            "waiting": "Lamentamos que tuviera que esperar tanto; estamos trabajando para ser más rápidos.",
            "cleanliness": "La limpieza es muy importante para nosotros y hemos actuado de inmediato "
            "sobre lo que vio.",
            "stock": "Lamentamos que el producto que buscaba no estuviera disponible; estamos mejorando "
            "la gestión de nuestro stock.",
            "website": "Lamentamos que nuestra web o aplicación le causara dificultades; estamos "
            "revisando el problema.",
            "product": "Lamentamos que el producto no cumpliera sus expectativas; lo estamos revisando.",
        },
        general="Nos tomamos su opinión en serio y estamos revisando lo ocurrido.",
        invitation="Por favor, póngase en contacto con nosotros directamente para que podamos solucionarlo.",
        closing="Un saludo cordial,\n{business}",
    ),
    "pt": _Phrases(
        greeting="Caro cliente,",
        apology="Obrigado por ter dedicado tempo a partilhar a sua experiência; lamentamos que não "
        "tenha correspondido ao esperado.",
        aspects={
            "price": "Compreendemos que o preço não lhe pareceu justo para o que recebeu e estamos a "
            "analisar como oferecer uma melhor relação qualidade-preço.",
            "quality": "A qualidade que recebeu não é a que procuramos; transmitimos isto à equipa para "
            "que não volte a acontecer.",
            "delivery": "Lamentamos que a sua encomenda não tenha chegado como devia; estamos a verificar "
            "o que correu mal na entrega.",
            "service": "Não é assim que queremos tratar os nossos clientes, e já falámos sobre isto com a "
            "nossa equipa.",
            "waiting": "Lamentamos que tenha tido de esperar tanto tempo; estamos a trabalhar para sermos "
            "mais rápidos.",
            "cleanliness": "A limpeza é muito importante para nós e tratámos de imediato do que viu.",
            "stock": "Lamentamos que o produto que queria não estivesse disponível; estamos a melhorar a "
            "gestão do nosso stock.",
            "website": "Lamentamos que o nosso site ou aplicação lhe tenha causado dificuldades; estamos "
            "a analisar o problema.",
            "product": "Lamentamos que o produto não tenha correspondido às suas expectativas; estamos a "
            "analisar a situação.",
        },
        general="Levamos a sua opinião a sério e estamos a analisar o que aconteceu.",
        invitation="Por favor, contacte-nos diretamente para que possamos resolver a situação.",
        closing="Com os melhores cumprimentos,\n{business}",
    ),
}
MAX_ASPECT_SENTENCES = 2


class TemplateWriter:
    """The default writer: greeting, apology, one sentence for each of the first two aspects
    complained about (or a general one), an invitation to get in touch, the business's name.
    Comments in a language without templates are answered in English."""

    name = "template"

    def write(self, request: ReplyRequest) -> str:
        phrases = PHRASES.get(request.language, PHRASES["en"])
        said = [phrases.aspects[a] for a in request.aspects if a in phrases.aspects]
        body = said[:MAX_ASPECT_SENTENCES] or [phrases.general]
        lines = [phrases.greeting, "", " ".join([phrases.apology, *body]), "", phrases.invitation, ""]
        return "\n".join([*lines, phrases.closing.replace(BUSINESS_PLACEHOLDER, request.business)])


def draft_reply(
    text: str,
    language: str,
    aspects: Sequence[str] = (),
    *,
    business: str = BUSINESS_PLACEHOLDER,
    sentiment: str | None = "negative",
    writer: ReplyWriter | None = None,
) -> str:
    """A reply draft for one comment, in its language (English when there are no templates for it)."""
    chosen = writer or TemplateWriter()
    return chosen.write(ReplyRequest(text, language, tuple(aspects), sentiment, business))


def with_drafts(
    queue: list[QueueItem],
    mentions: pl.DataFrame,
    *,
    business: str = BUSINESS_PLACEHOLDER,
    writer: ReplyWriter | None = None,
) -> list[QueueItem]:
    """The queue with a draft reply on each item; the aspects named first are those the comment
    was negative about, so the reply addresses the complaint and not the praise."""
    chosen = writer or TemplateWriter()
    negative: dict[str, list[str]] = {}
    for fid, aspect in (
        mentions.filter(pl.col("sentiment") == "negative").select("feedback_id", "aspect").rows()
    ):
        negative.setdefault(str(fid), []).append(str(aspect))
    out = []
    for item in queue:
        aspects = tuple(dict.fromkeys(negative.get(item.feedback_id, [])))
        text = chosen.write(ReplyRequest(item.text, item.language, aspects, item.sentiment, business))
        out.append(replace(item, draft=text, draft_writer=chosen.name))
    return out


def reply_drafts(
    comments: pl.DataFrame,
    mentions: pl.DataFrame,
    *,
    business: str = BUSINESS_PLACEHOLDER,
    writer: ReplyWriter | None = None,
) -> pl.Series:
    """`reply_draft` per comment: a draft for every negative comment (by its text, or by a low
    rating when it has no text), null for the others."""
    chosen = writer or TemplateWriter()
    negative: dict[str, list[str]] = {}
    for fid, aspect in (
        mentions.filter(pl.col("sentiment") == "negative").select("feedback_id", "aspect").rows()
    ):
        negative.setdefault(str(fid), []).append(str(aspect))
    drafts: list[str | None] = []
    for row in comments.iter_rows(named=True):
        if row.get("sentiment") != "negative":
            drafts.append(None)
            continue
        fid = str(row["feedback_id"])
        body = _body(row.get("title"), row.get("text"))
        aspects = tuple(dict.fromkeys(negative.get(fid, [])))
        request = ReplyRequest(body, row.get("language") or "", aspects, "negative", business)
        drafts.append(chosen.write(request))
    return pl.Series("reply_draft", drafts, dtype=pl.String)


# ---------------------------------------------------------------------------------------------
# One flat table for a spreadsheet

ADDED_COLUMNS = ("language", "sentiment", "sentiment_score", "aspects", "reply_draft")


def flat_aspects(aspects: Sequence[dict[str, object]] | None) -> str:
    """ "delivery:negative; staff:positive": the aspects of one comment for a CSV cell (a product
    found in the catalogue as "product=<product_id>:<sentiment>")."""
    parts = []
    for a in aspects or []:
        name = str(a.get("aspect"))
        if name == PRODUCT and a.get("product_id"):
            name = f"{PRODUCT}={a['product_id']}"
        parts.append(f"{name}:{a.get('sentiment')}")
    return "; ".join(dict.fromkeys(parts))


def for_csv(
    comments: pl.DataFrame, mentions: pl.DataFrame, *, business: str = BUSINESS_PLACEHOLDER
) -> pl.DataFrame:
    """The scored comments as one flat table: the feedback columns, then language, sentiment,
    its score, the aspects as text and a reply draft for the negative ones."""
    aspects = pl.Series("aspects", [flat_aspects(a) for a in comments["aspects"].to_list()], dtype=pl.String)
    drafts = reply_drafts(comments, mentions, business=business)
    kept = [c for c in SCORED_COLUMNS if c in comments.columns]
    return comments.select(*kept, "language", "sentiment", "sentiment_score").with_columns(aspects, drafts)
