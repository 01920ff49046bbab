"""analyse(): customer comments in, per comment language, sentiment with a score and aspects out.

The steps, each in its own module with the reasons written there:
1. language.py: the comment's language (an import's own `language` column wins when filled);
2. embed.py: every comment (title and text together) is embedded once by the `Embedder`
   (the bundled multilingual-e5-small by default), cached so no text is embedded twice;
3. sentiment.py: negative / neutral / positive and a score in [-1, 1] from the trained head;
   comments without text take the verdict of their rating when they have one;
4. aspects.py: clauses matched to aspects by keyword seeds, catalogue product names and
   similarity to aspect prototypes; each mention gets its own clause's sentiment.

Speed (bench/feedback_sentiment.py, 117 held-out texts of ~84 characters, 2 threads on a
machine shared with other jobs, so the spread is wide): embedding alone 12-38 texts/s, the
whole analyse() 4-21/s (it also embeds each clause of a multi-clause comment for aspect
similarity and clause sentiment), analyse(similarity=False) ~40/s in the fastest run.

The result keeps one row per comment (`comments`, with the aspects as a list column) and one
row per mention (`mentions`), plus a summary and notes for the owner as `Note`s.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from rung.engine.feedback import texts as t
from rung.engine.feedback.aspects import Catalogue, Mention, PrototypeIndex, clauses, keyword_aspects
from rung.engine.feedback.embed import CachedEmbedder, Embedder, default_embedder
from rung.engine.feedback.language import detect
from rung.engine.feedback.sentiment import SentimentHead, labels_and_scores, load_head, sentiment_from_rating
from rung.engine.messages import Note
from rung.engine.progress import Progress, silent

COLUMNS = (
    "feedback_id",
    "source",
    "timestamp",
    "customer_id",
    "product_id",
    "score",
    "score_scale_max",
    "title",
    "text",
    "language",
    "reply",
)
TESTED_LANGUAGES = frozenset({"en", "de", "es", "fr", "it", "pt", "zh", "ar", "hi"})
"""Languages with held-out labelled data in bench/feedback_sentiment.py; others are transfer."""

MENTION_SCHEMA = {
    "feedback_id": pl.String,
    "aspect": pl.String,
    "product_id": pl.String,
    "sentiment": pl.String,
    "score": pl.Float64,
    "clause": pl.String,
    "via": pl.String,
}
ASPECT_STRUCT = pl.List(pl.Struct({k: v for k, v in MENTION_SCHEMA.items() if k != "feedback_id"}))


@dataclass
class FeedbackResult:
    comments: pl.DataFrame
    """One row per comment: feedback_id, language, sentiment, sentiment_score, sentiment_from, aspects."""
    mentions: pl.DataFrame
    """One row per aspect mention: feedback_id, aspect, product_id, sentiment, score, clause, via."""
    summary: Note
    notes: list[Note] = field(default_factory=list)
    embedder: str = ""


def _frame(feedback: pl.DataFrame) -> pl.DataFrame:
    missing = [pl.lit(None, dtype=pl.String).alias(c) for c in COLUMNS if c not in feedback.columns]
    frame = feedback.with_columns(missing) if missing else feedback
    if frame["feedback_id"].null_count() == frame.height:
        frame = frame.with_columns(pl.int_range(1, frame.height + 1).cast(pl.String).alias("feedback_id"))
    return frame.with_columns(
        pl.col("feedback_id").cast(pl.String),
        pl.col("product_id").cast(pl.String),
        pl.col("title").cast(pl.String),
        pl.col("text").cast(pl.String),
        pl.col("language").cast(pl.String),
        pl.col("score").cast(pl.Float64, strict=False),
        pl.col("score_scale_max").cast(pl.Float64, strict=False),
    )


def _comment_text(title: str | None, text: str | None) -> str:
    title, text = (title or "").strip(), (text or "").strip()
    if title and text and not text.startswith(title):
        return f"{title}. {text}" if title[-1] not in ".!?。！？" else f"{title} {text}"
    return text or title


def _catalogue(products: pl.DataFrame | None) -> Catalogue | None:
    if products is None or "name" not in products.columns or "product_id" not in products.columns:
        return None
    rows = products.select(pl.col("product_id").cast(pl.String), pl.col("name").cast(pl.String)).rows()
    catalogue = Catalogue.build([(str(pid), name) for pid, name in rows if pid is not None])
    return catalogue if catalogue.names else None


def analyse(
    feedback: pl.DataFrame,
    *,
    products: pl.DataFrame | None = None,
    embedder: Embedder | None = None,
    progress: Progress = silent,
    head: SentimentHead | None = None,
    similarity: bool = True,
) -> FeedbackResult:
    """Language, sentiment with a score and aspects for every comment of a canonical feedback frame.

    `products` (product_id, name) adds catalogue product names as aspects. `embedder` defaults to
    the bundled multilingual-e5-small; `head` to the shipped sentiment head, which must have been
    trained on the same embedder. `similarity=False` finds aspects by keywords and catalogue only.
    """
    frame = _frame(feedback)
    head = head or load_head()
    cached = (
        embedder if isinstance(embedder, CachedEmbedder) else CachedEmbedder(embedder or default_embedder())
    )
    head.check(cached.name)

    progress(5, t.PROGRESS_LANGUAGE)
    ids = [str(x) for x in frame["feedback_id"].to_list()]
    bodies = [
        _comment_text(a, b) for a, b in zip(frame["title"].to_list(), frame["text"].to_list(), strict=True)
    ]
    given = frame["language"].to_list()
    languages = [(g or "").strip().lower()[:2] or detect(body) for g, body in zip(given, bodies, strict=True)]

    progress(20, t.PROGRESS_EMBED)
    with_text = [i for i, body in enumerate(bodies) if body]
    labels_text, scores_text = labels_and_scores(
        head.probabilities(cached.embed([bodies[i] for i in with_text]))
    )
    sentiments: list[str | None] = [None] * len(bodies)
    scores: list[float | None] = [None] * len(bodies)
    sources: list[str | None] = [None] * len(bodies)
    for i, label, score in zip(with_text, labels_text, scores_text, strict=True):
        sentiments[i], scores[i], sources[i] = label, score, "text"
    ratings = zip(frame["score"].to_list(), frame["score_scale_max"].to_list(), strict=True)
    for i, (rating, scale) in enumerate(ratings):
        if sentiments[i] is None and (verdict := sentiment_from_rating(rating, scale)) is not None:
            sentiments[i], sources[i] = verdict, "rating"

    progress(60, t.PROGRESS_ASPECTS)
    mentions = _mentions(bodies, with_text, cached, head, _catalogue(products), similarity)

    by_comment: list[list[dict[str, str | float | None]]] = [[] for _ in ids]
    for row, mention in mentions:
        by_comment[row].append(mention.as_dict())
    comments = pl.DataFrame(
        {
            "feedback_id": ids,
            "language": languages,
            "sentiment": sentiments,
            "sentiment_score": scores,
            "sentiment_from": sources,
            "aspects": by_comment,
        },
        schema={
            "feedback_id": pl.String,
            "language": pl.String,
            "sentiment": pl.String,
            "sentiment_score": pl.Float64,
            "sentiment_from": pl.String,
            "aspects": ASPECT_STRUCT,
        },
    )
    mention_frame = (
        pl.DataFrame(
            [{"feedback_id": ids[row], **m.as_dict()} for row, m in mentions],
            schema=MENTION_SCHEMA,
            orient="row",
        )
        if mentions
        else pl.DataFrame(schema=MENTION_SCHEMA)
    )
    progress(100, t.PROGRESS_DONE)
    summary, notes = _notes(comments, mention_frame, bodies)
    return FeedbackResult(comments, mention_frame, summary, notes, cached.name)


def _mentions(
    bodies: list[str],
    with_text: list[int],
    embedder: CachedEmbedder,
    head: SentimentHead,
    catalogue: Catalogue | None,
    similarity: bool,
) -> list[tuple[int, Mention]]:
    """(row, mention) for every aspect found; a one-clause comment reuses the comment's vector."""
    pieces: list[tuple[int, str]] = []
    for i in with_text:
        parts = clauses(bodies[i])
        pieces += [(i, c) for c in parts] if len(parts) > 1 else [(i, bodies[i])]
    found: list[list[tuple[str, str, str | None]]] = []  # per piece: (aspect, via, product_id)
    for _, clause in pieces:
        hits: list[tuple[str, str, str | None]] = [(a, "keyword", None) for a in keyword_aspects(clause)]
        if catalogue is not None:
            hits += [("product", "catalogue", pid) for pid in catalogue.find(clause)]
        found.append(hits)
    need = [k for k, hits in enumerate(found) if hits or similarity]
    if not need:
        return []
    vectors = embedder.embed([pieces[k][1] for k in need])
    if similarity:
        unmatched = [j for j, k in enumerate(need) if not found[k]]
        if unmatched:
            index = PrototypeIndex(embedder)
            for j, aspect in zip(unmatched, index.match(vectors[unmatched]), strict=True):
                if aspect is not None:
                    found[need[j]].append((aspect, "similarity", None))
    keep = [j for j, k in enumerate(need) if found[k]]
    labels, scores = labels_and_scores(head.probabilities(vectors[keep] if keep else vectors[:0]))
    out: list[tuple[int, Mention]] = []
    for j, label, score in zip(keep, labels, scores, strict=True):
        k = need[j]
        comment, clause = pieces[k]
        seen: set[tuple[str, str | None]] = set()
        for aspect, via, pid in found[k]:
            if (aspect, pid) not in seen:
                seen.add((aspect, pid))
                out.append((comment, Mention(aspect, clause, via, pid, label, score)))
    return out


def _notes(comments: pl.DataFrame, mentions: pl.DataFrame, bodies: list[str]) -> tuple[Note, list[Note]]:
    if comments.height == 0:
        return Note(t.SUMMARY_NONE), []
    counts = dict(comments.group_by("sentiment").len().rows())
    summary = Note(
        t.SUMMARY,
        comments=comments.height,
        positive=int(counts.get("positive", 0)),
        neutral=int(counts.get("neutral", 0)),
        negative=int(counts.get("negative", 0)),
    )
    notes: list[Note] = []
    rating_only = int((comments["sentiment_from"] == "rating").sum())
    if rating_only:
        notes.append(Note(t.RATING_ONLY, count=rating_only))
    unscored = int(comments["sentiment"].null_count())
    if unscored:
        notes.append(Note(t.UNSCORED, count=unscored))
    has_text = pl.Series([bool(b) for b in bodies])
    langs = comments.filter(
        has_text & (pl.col("language") != "") & ~pl.col("language").is_in(TESTED_LANGUAGES)
    )
    if langs.height:
        names = ", ".join(sorted(set(langs["language"].to_list())))
        notes.append(Note(t.UNTESTED_LANGUAGES, count=langs.height, languages=names))
    negative = mentions.filter(pl.col("sentiment") == "negative").unique(["feedback_id", "aspect"])
    if negative.height:
        top = negative.group_by("aspect").len().sort(["len", "aspect"], descending=[True, False]).row(0)
        notes.append(Note(t.TOP_COMPLAINT[str(top[0])], count=int(top[1])))
    return summary, notes
