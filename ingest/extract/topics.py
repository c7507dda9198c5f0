"""Topic taxonomy: raw source labels mapped onto one Vietnamese taxonomy, and a linear classifier for the rest.

The classifier is a TF-IDF (syllable unigrams + bigrams, sublinear tf, L2) linear model trained on the corpus's
labelled articles by ``python -m ingest.extract.topic_train`` and shipped as ``topic_model.npz`` (numpy arrays
only, loaded with ``allow_pickle=False``). Inference needs numpy alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from index import fold_text

TOPICS: tuple[str, ...] = (
    "Chính trị – Xã hội",
    "Kinh tế",
    "Pháp luật",
    "Thế giới",
    "Thể thao",
    "Văn hóa – Giải trí",
    "Giáo dục",
    "Sức khỏe",
    "Khoa học – Công nghệ",
    "Đời sống",
    "Du lịch",
)
WORLD = "Thế giới"

# Raw labels by folded form (lower case, no marks, "-"/"_" as spaces): "Thể thao", "The thao", "the-thao" agree.
# Labels that name no subject (home page, opinion, daily news, car section) are absent, so those articles
# are classified like unlabelled ones.
_LABELS: dict[str, str] = {
    "chinh tri xa hoi": "Chính trị – Xã hội", "society": "Chính trị – Xã hội", "thoi su": "Chính trị – Xã hội",
    "xa hoi": "Chính trị – Xã hội", "chinh tri": "Chính trị – Xã hội",
    "kinh doanh": "Kinh tế", "business": "Kinh tế", "kinh te": "Kinh tế", "bat dong san": "Kinh tế",
    "phap luat": "Pháp luật", "law": "Pháp luật",
    "the gioi": "Thế giới", "world": "Thế giới",
    "the thao": "Thể thao", "sport": "Thể thao", "bong da": "Thể thao", "world cup 2022": "Thể thao",
    "sea games 2019": "Thể thao", "u23 chau a 2020": "Thể thao",
    "van hoa": "Văn hóa – Giải trí", "entertainment": "Văn hóa – Giải trí", "giai tri": "Văn hóa – Giải trí",
    "phim": "Văn hóa – Giải trí", "thu gian": "Văn hóa – Giải trí",
    "giao duc": "Giáo dục", "education": "Giáo dục", "giao duc du hoc": "Giáo dục",
    "suc khoe": "Sức khỏe", "health": "Sức khỏe",
    "khoa hoc": "Khoa học – Công nghệ", "science": "Khoa học – Công nghệ", "tech": "Khoa học – Công nghệ",
    "vi tinh": "Khoa học – Công nghệ", "hi tech": "Khoa học – Công nghệ", "khoa hoc cong nghe": "Khoa học – Công nghệ",
    "so hoa": "Khoa học – Công nghệ", "cong nghe": "Khoa học – Công nghệ",
    "doi song": "Đời sống", "ban tre cuoc song": "Đời sống", "thoi trang": "Đời sống", "tam su": "Đời sống",
    "gia dinh": "Đời sống",
    "du lich": "Du lịch", "travel": "Du lịch",
}
_LABEL_SEPARATORS = re.compile(r"[\s_\-/]+")
_WORD = re.compile(r"\w+")
MODEL_PATH = Path(__file__).with_name("topic_model.npz")


def topic_for_label(label: str | None) -> str | None:
    """The taxonomy topic for a raw source label, or None when the label names no usable subject."""
    if not label:
        return None
    key = _LABEL_SEPARATORS.sub(" ", fold_text(label).lower()).strip()
    return _LABELS.get(key)


def features(title: str | None, body: str) -> list[str]:
    """Syllable unigrams and bigrams of an article's title and body (lower-cased, marks kept), in order."""
    words = _WORD.findall(f"{title or ''}\n{body}".lower())
    return words + list(map(" ".join, zip(words, words[1:])))


@dataclass(frozen=True)
class TopicModel:
    """A trained linear topic classifier: vocabulary, idf weights, one weight row per topic."""

    vocabulary: dict[str, int]
    idf: np.ndarray          # float32 [n_features]
    coef: np.ndarray         # float32 [n_topics, n_features]
    intercept: np.ndarray    # float32 [n_topics]
    topics: tuple[str, ...]

    def vector(self, terms: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Sparse TF-IDF vector (column indices, L2-normalized weights) of an article's feature terms."""
        get = self.vocabulary.get
        ids = np.array([get(t, -1) for t in terms], dtype=np.int64)
        ids = ids[ids >= 0]
        if ids.size == 0:
            return ids, np.zeros(0, dtype=np.float32)
        cols, tf = np.unique(ids, return_counts=True)
        weights = (1.0 + np.log(tf.astype(np.float32))) * self.idf[cols]
        return cols, weights / np.linalg.norm(weights)

    def predict(self, title: str | None, body: str) -> str | None:
        """The most likely topic, or None for a text with no known feature."""
        cols, weights = self.vector(features(title, body))
        if cols.size == 0:
            return None
        scores = self.coef[:, cols] @ weights + self.intercept
        return self.topics[int(np.argmax(scores))]

    def save(self, path: Path) -> None:
        """Write the model as a compressed .npz of plain arrays."""
        terms = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        np.savez_compressed(path, terms=np.array(terms), idf=self.idf, coef=self.coef,
                            intercept=self.intercept, topics=np.array(self.topics))

    @classmethod
    def load(cls, path: Path) -> "TopicModel":
        """Read a model written by :meth:`save` (no pickled objects are accepted)."""
        with np.load(path, allow_pickle=False) as data:
            terms = data["terms"].tolist()
            return cls(vocabulary={t: i for i, t in enumerate(terms)}, idf=data["idf"].astype(np.float32),
                       coef=np.ascontiguousarray(data["coef"], dtype=np.float32),
                       intercept=data["intercept"].astype(np.float32), topics=tuple(data["topics"].tolist()))


@lru_cache(maxsize=1)
def shipped_model() -> TopicModel:
    """The classifier shipped with the package (built by ``python -m ingest.extract.topic_train``)."""
    return TopicModel.load(MODEL_PATH)


def topics_for(category: str | None, title: str | None, body: str) -> tuple[str, ...]:
    """The article's topics: its mapped source label, else the classifier's prediction."""
    topic = topic_for_label(category) or shipped_model().predict(title, body)
    return (topic,) if topic else ()
