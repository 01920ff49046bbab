"""The language of each comment, offline, from py3langid's bundled model.

Why py3langid (0.4.0, BSD-3-Clause, numpy only, 4.5 MB, 97 languages) rather than
lingua-language-detector (2.1.1, Apache-2.0): on 36 short review sentences written for this
module (EN/NL/DE/FR/ES/PT/IT/ZH/JA, 3-10 words each) both were right 36/36 when limited to
those nine languages, py3langid in 0.07 ms a text against lingua's 0.17 ms plus 1.1 s to
load; lingua's wheel is 96 MB and, over all its languages in low-accuracy mode, it called
two short Dutch and Portuguese sentences Lithuanian and Finnish. Over all 97 languages
py3langid also wanders on very short texts, hence the rules below:

- a text with kana is Japanese; a text of Han characters without kana is Chinese (py3langid
  can call a kanji-only line Japanese and vice versa, the scripts settle it);
- otherwise py3langid ranks all languages; when the winner is outside the languages the
  business's reviews are likely in (`COMMON`), the best of those wins instead unless the
  winner is clearly ahead (short reviews are where the model wanders to e.g. Latin or
  Luxembourgish) - a real Arabic, Turkish or Polish review still comes out as itself;
- a text with no letters (emoji, "5/5", empty) gets "" - unknown.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

COMMON = ("en", "nl", "de", "fr", "es", "pt", "it", "zh", "ja")
"""The languages the issue asks for; they get the benefit of the doubt on short texts."""

OUTSIDER_MARGIN = 0.3
"""An outsider language must beat the best common one by this much normalised probability."""

_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str | None) -> str:
    """ISO 639-1 code of the text's language, or "" when there is no text to tell from."""
    if not text or not _LETTER.search(text):
        return ""
    if _KANA.search(text):
        return "ja"
    if _HANGUL.search(text):
        return "ko"
    latin = len(re.findall(r"[A-Za-zÀ-ÿ]", text))
    if _HAN.search(text) and latin < len(_HAN.findall(text)):
        return "zh"
    ranked: list[tuple[str, float]] = _identifier().rank(text)
    best, best_p = ranked[0]
    if best in COMMON:
        return best
    common_p = next((p for lang, p in ranked if lang in COMMON), 0.0)
    if best_p - common_p >= OUTSIDER_MARGIN:
        return best
    return next(lang for lang, _ in ranked if lang in COMMON)


def detect_all(texts: list[str | None]) -> list[str]:
    return [detect(t) for t in texts]
