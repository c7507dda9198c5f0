"""Train the topic classifier on the corpus's labelled articles and report held-out macro-F1.

    python -m ingest.extract.topic_train --corpus ../shared/corpus/articles.jsonl.gz [--out PATH]

Articles whose raw ``category`` maps onto the taxonomy are the training data. A stratified 20 % of them is
held out first and scored (macro-F1 and per-topic F1 are printed); the shipped model is then refit on all
of them. Needs scikit-learn (training only; inference in :mod:`ingest.extract.topics` uses numpy).
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.metrics import classification_report, f1_score
from sklearn.model_selection import train_test_split
from sklearn.svm import LinearSVC

from .topics import MODEL_PATH, TOPICS, TopicModel, features, topic_for_label

MIN_DF = 3                  # a feature must occur in this many training articles
MAX_FEATURES = 60_000       # features kept after the first fit (largest weights), keeps the artefact small
SEED = 20240601


def labelled_articles(corpus: Path) -> tuple[list[list[str]], list[str]]:
    """Feature counts and taxonomy topics of every corpus article whose raw label maps onto the taxonomy."""
    docs, labels = [], []
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            topic = topic_for_label(record.get("category"))
            if topic:
                docs.append(features(record.get("title"), record["body"]))
                labels.append(topic)
    return docs, labels


def _matrix(docs: list[list[str]], model: TopicModel) -> csr_matrix:
    indptr, indices, data = [0], [], []
    for terms in docs:
        cols, weights = model.vector(terms)
        indices.append(cols)
        data.append(weights)
        indptr.append(indptr[-1] + cols.size)
    return csr_matrix((np.concatenate(data), np.concatenate(indices), np.array(indptr)),
                      shape=(len(docs), len(model.vocabulary)))


def _fit_on(docs: list[list[str]], y: np.ndarray, vocabulary: dict[str, int]) -> TopicModel:
    df = np.zeros(len(vocabulary), dtype=np.float64)
    for terms in docs:
        df[[vocabulary[t] for t in set(terms) if t in vocabulary]] += 1
    idf = (np.log((1 + len(docs)) / (1 + df)) + 1).astype(np.float32)
    blank = TopicModel(vocabulary, idf, np.zeros((len(TOPICS), len(vocabulary)), np.float32),
                       np.zeros(len(TOPICS), np.float32), TOPICS)
    classifier = LinearSVC(C=0.5, class_weight="balanced", random_state=SEED)
    classifier.fit(_matrix(docs, blank), y)
    coef = np.zeros((len(TOPICS), len(vocabulary)), np.float32)
    intercept = np.full(len(TOPICS), -1e3, np.float32)      # topics absent from training never win
    rows, bias = classifier.coef_, classifier.intercept_
    if rows.shape[0] == 1:                                   # two classes: one row scores the second one
        rows, bias = np.vstack([-rows, rows]), np.concatenate([-bias, bias])
    coef[classifier.classes_] = rows
    intercept[classifier.classes_] = bias
    return TopicModel(vocabulary, idf, coef, intercept, TOPICS)


def fit(docs: list[list[str]], labels: list[str]) -> TopicModel:
    """Fit on all features seen in ``MIN_DF`` articles, keep the ``MAX_FEATURES`` strongest, refit on those."""
    df = Counter(t for terms in docs for t in set(terms))
    vocabulary = {t: i for i, t in enumerate(sorted(t for t, n in df.items() if n >= MIN_DF))}
    y = np.array([TOPICS.index(label) for label in labels])
    first = _fit_on(docs, y, vocabulary)
    strength = np.abs(first.coef).max(axis=0)
    keep = sorted(np.argsort(-strength)[:MAX_FEATURES])
    terms = sorted(vocabulary, key=vocabulary.__getitem__)
    return _fit_on(docs, y, {terms[i]: n for n, i in enumerate(keep)})


def main(argv: list[str] | None = None) -> None:
    """Command line: train, print held-out scores, save the model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="articles.jsonl.gz of the shared corpus")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the .npz model")
    args = parser.parse_args(argv)

    docs, labels = labelled_articles(args.corpus)
    train, test, y_train, y_test = train_test_split(docs, labels, test_size=0.2, stratify=labels, random_state=SEED)
    held_out = fit(train, y_train)
    predicted = [held_out.topics[int(np.argmax(held_out.coef[:, c] @ w + held_out.intercept))]
                 for c, w in (held_out.vector(d) for d in test)]
    print(f"labelled articles: {len(docs)} (train {len(train)}, held out {len(test)})")
    print(classification_report(y_test, predicted, digits=3, zero_division=0))
    majority = Counter(y_train).most_common(1)[0][0]
    print(f"held-out macro-F1: {f1_score(y_test, predicted, average='macro'):.4f} "
          f"(same-split baseline, always {majority!r}: {f1_score(y_test, [majority] * len(y_test), average='macro'):.4f})")
    fit(docs, labels).save(args.out)
    print(f"model written to {args.out}")


if __name__ == "__main__":
    main()
