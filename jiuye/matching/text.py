"""Chinese text features for matching: job titles as character 1- and 2-grams, skills as whole words.

Both are TF-IDF vectors scaled to unit length, so a part's value is a cosine in [0, 1]: "电焊工" and "焊工" share
"焊", "工" and "焊工" and score about 0.7; a common word such as "吃苦耐劳" (held by a third of vacancies) weighs
little, a rare one such as "氩弧焊" a lot. Titles repeat (a few thousand distinct strings for millions of records),
so similarity is computed once per pair of distinct titles and looked up.
"""

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

SKILL_SEPARATORS = re.compile(r"[、,，;；/|\s]+")


@dataclass
class Labels:
    """A column of repeated strings, factorised: ``values[codes[i]]`` is row i's string ("" when missing)."""

    values: list[str]
    codes: np.ndarray

    @classmethod
    def from_list(cls, strings: list[str]) -> "Labels":
        codes, uniques = pd.factorize(pd.Series([normalise(s) for s in strings], dtype=object))
        return cls(values=[str(u) for u in uniques], codes=codes.astype(np.int32))

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, row: int) -> str:
        return self.values[self.codes[row]]


@dataclass
class Tokens:
    """Lists of words per row (skills), as CSR: row i holds ``vocabulary[ids[indptr[i]:indptr[i + 1]]]``."""

    vocabulary: list[str]
    indptr: np.ndarray
    ids: np.ndarray

    @classmethod
    def from_lists(cls, rows: list[list[str]]) -> "Tokens":
        index: dict[str, int] = {}
        ids, indptr = [], [0]
        for words in rows:
            row = sorted({index.setdefault(w, len(index)) for w in (normalise(w) for w in words) if w})
            ids.extend(row)
            indptr.append(len(ids))
        return cls(list(index), np.array(indptr, dtype=np.int64), np.array(ids, dtype=np.int32))

    @classmethod
    def from_strings(cls, strings: list[str]) -> "Tokens":
        """Skills written as one string per row, separated by 、 or , (as in the import files)."""
        return cls.from_lists([split_skills(s) for s in strings])

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def row(self, i: int) -> list[str]:
        return [self.vocabulary[j] for j in self.ids[self.indptr[i] : self.indptr[i + 1]]]


def normalise(text: str | None) -> str:
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return re.sub(r"\s+", "", str(text)).lower()


def split_skills(text: str | None) -> list[str]:
    return [word for word in SKILL_SEPARATORS.split(normalise(text) if text else "") if word]


def title_grams(title: str) -> list[str]:
    """Character unigrams and bigrams: "电焊工" -> 电, 焊, 工, 电焊, 焊工."""
    return list(title) + [title[i : i + 2] for i in range(len(title) - 1)]


class Vocabulary:
    """Terms with an IDF fitted on a corpus; terms seen later get the IDF of a term seen once."""

    def __init__(self, document_frequency: dict[str, int], documents: int):
        self.documents = max(documents, 1)
        self.index: dict[str, int] = {}
        self.idf: list[float] = []
        for term, df in sorted(document_frequency.items()):
            self.add(term, df)

    def add(self, term: str, df: int = 0) -> int:
        if term not in self.index:
            self.index[term] = len(self.idf)
            self.idf.append(math.log((1 + self.documents) / (1 + df)) + 1.0)
        return self.index[term]

    def __len__(self) -> int:
        return len(self.idf)


def unit_rows(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, width: int) -> sparse.csr_matrix:
    matrix = sparse.csr_matrix((data.astype(np.float64), indices, indptr), shape=(len(indptr) - 1, width))
    matrix.sum_duplicates()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    result = sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)
    result.sort_indices()  # pair look-ups search each row's terms in order
    return result


class TextModel:
    """IDF tables for title grams and skills, fitted on the vacancies and seekers being matched."""

    def __init__(self, titles: list[Labels], skills: list[Tokens]):
        gram_df: dict[str, int] = {}
        rows = 0
        for labels in titles:
            counts = np.bincount(labels.codes, minlength=len(labels.values))
            rows += len(labels)
            for title, count in zip(labels.values, counts, strict=True):
                for gram in set(title_grams(title)):
                    gram_df[gram] = gram_df.get(gram, 0) + int(count)
        self.grams = Vocabulary(gram_df, rows)
        skill_df: dict[str, int] = {}
        for tokens in skills:
            counts = np.bincount(tokens.ids, minlength=len(tokens.vocabulary))
            for word, count in zip(tokens.vocabulary, counts, strict=True):
                skill_df[word] = skill_df.get(word, 0) + int(count)
        self.skills = Vocabulary(skill_df, sum(len(t) for t in skills))

    def title_vectors(self, titles: list[str]) -> sparse.csr_matrix:
        """Unit TF-IDF rows of character grams, one per title."""
        indptr, indices, data = [0], [], []
        for title in titles:
            for gram in title_grams(title):
                term = self.grams.add(gram)
                indices.append(term)
                data.append(self.grams.idf[term])
            indptr.append(len(indices))
        return unit_rows(np.array(indptr), np.array(indices, dtype=np.int64), np.array(data), len(self.grams))

    def skill_vectors(self, tokens: Tokens) -> sparse.csr_matrix:
        """Unit IDF rows of skill words (binary term frequency)."""
        terms = np.array([self.skills.add(word) for word in tokens.vocabulary], dtype=np.int64)
        ids = terms[tokens.ids] if len(tokens.ids) else np.zeros(0, dtype=np.int64)
        idf = np.array(self.skills.idf)
        return unit_rows(tokens.indptr, ids, idf[ids] if len(ids) else np.zeros(0), len(self.skills))


def pad_width(matrix: sparse.csr_matrix, width: int) -> sparse.csr_matrix:
    """The same rows with ``width`` columns (vocabularies grow as later records bring new terms)."""
    padded = sparse.csr_matrix((matrix.data, matrix.indices, matrix.indptr), shape=(matrix.shape[0], width))
    padded.sort_indices()
    return padded
