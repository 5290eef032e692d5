"""Similarity of free texts (teaching philosophies) by character n-gram TF-IDF cosine.

Character n-grams (3 to 5 characters, taken within words padded with a space on each
side) need no language model, no stemming and no download, and work the same for Spanish
and English: "evaluación formativa" and "evaluacion formativa" share nearly all n-grams
once accents are folded, as do "liderazgo pedagógico" and "liderazgo pedagógica". Words
are lower-cased and accents removed (Unicode NFKD without combining marks) first.

Each text becomes a TF-IDF vector (sublinear term frequency ``1 + log(tf)``, smoothed
inverse document frequency ``log((1 + N) / (1 + df)) + 1`` over all texts given, rows
scaled to unit length), and the similarity of two texts is the dot product of their
vectors: a cosine in [0, 1]. An empty text has the zero vector.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

NGRAM_RANGE = (3, 5)
_WORD = re.compile(r"[^\W_]+")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_SEPARATOR = "\x00"
_TOKEN = re.compile(r"[^\W_]+|\x00")


# For plain ASCII text: keep letters, digits and the separator; everything else splits.
_ASCII_SPLIT = (
    bytes(c if chr(c).isalnum() or c == ord(_SEPARATOR) else ord(" ") for c in range(128))
    + b" " * 128
)


def _fold(texts: Sequence[str]) -> str:
    """All texts lower-cased and accent-free, joined by a separator token."""
    joined = f" {_SEPARATOR} ".join(t.replace(_SEPARATOR, " ") for t in texts)
    return _COMBINING.sub("", unicodedata.normalize("NFKD", joined)).lower()


def _tokens(folded: str) -> list[str] | list[bytes]:
    """Words and separators of folded text.

    Once accents are gone, Spanish and English text is usually pure ASCII; then byte
    translation and ``split`` find the words several times faster than a Unicode regular
    expression, with the same result.
    """
    if folded.isascii():
        return folded.encode("ascii").translate(_ASCII_SPLIT).split()
    return _TOKEN.findall(folded)


def words(texts: Sequence[str]) -> list[list[str]]:
    """Lower-cased, accent-free words of each text."""
    return [_WORD.findall(part) for part in _fold(texts).split(_SEPARATOR)]


def _word_ids(texts: Sequence[str]) -> tuple[NDArray[np.int64], NDArray[np.int64], list[str]]:
    """(text index, word id) of every word occurrence, and the vocabulary.

    One regular-expression pass over all texts at once, separators included as tokens,
    costs far less than one pass per text.
    """
    # A dict whose missing keys get the next number: looking tokens up through ``map``
    # numbers them without a Python-level loop.
    tokens = _tokens(_fold(texts))
    index: defaultdict[str | bytes, int] = defaultdict(itertools.count().__next__)
    index[_SEPARATOR if tokens and isinstance(tokens[0], str) else _SEPARATOR.encode()]
    ids = np.array(list(map(index.__getitem__, tokens)), dtype=np.int64)
    separator = ids == 0  # the separator is word 0
    text_of = np.cumsum(separator)[~separator]
    vocabulary = [w.decode("ascii") if isinstance(w, bytes) else w for w in list(index)[1:]]
    return text_of, ids[~separator] - 1, vocabulary


def _word_ngrams(vocabulary: list[str], low: int, high: int) -> sp.csr_matrix:
    """Word-by-n-gram count matrix for the padded words ``" word "``, built with NumPy."""
    padded = [f" {w} " for w in vocabulary]
    text = _SEPARATOR.join(padded)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    # Small dense symbol ids keep n-gram ids exact in int64; 0 is the separator.
    symbols, dense = np.unique(codes, return_inverse=True)
    dense = dense.astype(np.int64)
    base = int(symbols.shape[0]) + 1
    separator = dense == int(np.searchsorted(symbols, ord(_SEPARATOR))) if len(padded) > 1 else None
    word_of = np.repeat(np.arange(len(padded)), [len(p) + 1 for p in padded])[: codes.shape[0]]
    rows, grams = [], []
    for n in range(low, high + 1):
        count = codes.shape[0] - n + 1
        if count <= 0:
            continue
        gram = np.zeros(count, dtype=np.int64)
        crosses = np.zeros(count, dtype=bool)
        for t in range(n):
            gram = gram * base + dense[t : t + count] + 1
            if separator is not None:
                crosses |= separator[t : t + count]
        # Lengths get disjoint id ranges by tagging each id with its length.
        keep = ~crosses
        rows.append(word_of[:count][keep])
        grams.append(gram[keep] * 8 + n)
    if not rows:
        return sp.csr_matrix((len(vocabulary), 0))
    row = np.concatenate(rows)
    _, column = np.unique(np.concatenate(grams), return_inverse=True)
    # Building from coordinates sums repeated n-grams of a word ("ana" in "banana").
    return sp.csr_matrix(
        (np.ones(row.shape[0]), (row, column.reshape(-1))),
        shape=(len(vocabulary), int(column.max(initial=-1)) + 1),
    )


def tfidf(texts: Sequence[str], ngram_range: tuple[int, int] = NGRAM_RANGE) -> sp.csr_matrix:
    """Unit-length character n-gram TF-IDF rows, one per text (see the module docstring)."""
    text_of, word_of, vocabulary = _word_ids(texts)
    counts = sp.csr_matrix(
        (np.ones(word_of.shape[0]), (text_of, word_of)), shape=(len(texts), len(vocabulary))
    )
    grams = _word_ngrams(vocabulary, *ngram_range)
    tf = (counts @ grams).tocsr()
    df = np.bincount(tf.indices, minlength=tf.shape[1])
    idf = np.log((1.0 + tf.shape[0]) / (1.0 + df)) + 1.0
    tf.data = (1.0 + np.log(tf.data)) * idf[tf.indices]
    lengths = np.diff(tf.indptr)
    row_of = np.repeat(np.arange(tf.shape[0]), lengths)
    row_norm = np.sqrt(np.bincount(row_of, weights=tf.data**2, minlength=tf.shape[0]))
    # Empty texts have no entries, so their (zero) norm is never divided by.
    tf.data /= row_norm[row_of]
    return tf


class CosineBlocks:
    """Cosines between the rows of ``left`` and of ``right`` (unit-length TF-IDF rows).

    All-pairs products of sparse text vectors spend most of their time on the few n-grams
    that nearly every text contains. Those columns go through a dense single-precision
    matrix product (BLAS), the rest through a sparse one; the split is chosen per corpus
    from the document frequencies so that each part does what it is fast at. Results are
    the same cosines either way, up to rounding (about 1e-7).
    """

    # A dense multiply-add costs about this fraction of a sparse one (measured).
    DENSE_COST = 1 / 128
    MAX_DENSE = 4096
    # Up to this many values, the dense left part is expanded once rather than per block.
    EXPAND_LEFT = 1 << 25

    def __init__(self, left: sp.csr_matrix, right: sp.csr_matrix) -> None:
        self.left = left
        self.right = right
        n_left, n_right = max(left.shape[0], 1), max(right.shape[0], 1)
        df_left = np.bincount(left.indices, minlength=left.shape[1])
        df_right = np.bincount(right.indices, minlength=right.shape[1])
        cost = df_left.astype(np.float64) * df_right
        order = np.argsort(-cost, kind="stable")
        worth = int(np.count_nonzero(cost > self.DENSE_COST * n_left * n_right))
        dense = np.sort(order[: min(worth, self.MAX_DENSE)])
        is_dense = np.zeros(left.shape[1], dtype=bool)
        is_dense[dense] = True
        self._left_dense = left[:, dense].tocsr()
        self._left_dense_array: NDArray[np.float32] | None = None
        if left.shape[0] * dense.shape[0] <= self.EXPAND_LEFT:
            self._left_dense_array = self._left_dense.toarray().astype(np.float32)
        self._right_dense_t = np.ascontiguousarray(right[:, dense].toarray().T, dtype=np.float32)
        rare = np.flatnonzero(~is_dense)
        self._left_sparse = left[:, rare].tocsr()
        self._right_sparse_t = right[:, rare].T.tocsc()

    def block(
        self, rows: slice | NDArray[np.int64], cols: slice | NDArray[np.int64] | None = None
    ) -> NDArray[np.float64]:
        """Cosines of the given left rows against the given right rows (default: all)."""
        if self._left_dense_array is not None:
            dense_rows = self._left_dense_array[rows]
        else:
            dense_rows = self._left_dense[rows].toarray().astype(np.float32)
        right_dense, right_sparse = self._right_dense_t, self._right_sparse_t
        if cols is not None:
            right_dense, right_sparse = right_dense[:, cols], right_sparse[:, cols]
        result: NDArray[np.float64] = (dense_rows @ right_dense).astype(np.float64)
        # The rare n-grams' part is sparse: add its entries where they are (each cell at most
        # once, so the sums are those of adding the whole product as a dense array, whose
        # other cells are zeros) rather than building that array.
        product = self._left_sparse[rows] @ right_sparse
        product.sum_duplicates()
        rare = product.tocoo()
        result[rare.row, rare.col] += rare.data
        np.clip(result, 0.0, 1.0, out=result)
        return result

    def pairs(self, rows: NDArray[np.int64], cols: NDArray[np.int64]) -> NDArray[np.float64]:
        """Cosines of the pairs ``(rows[k], cols[k])``."""
        product = self.left[rows].multiply(self.right[cols])
        sums = np.asarray(product.sum(axis=1), dtype=np.float64).reshape(-1)
        return np.clip(sums, 0.0, 1.0)
