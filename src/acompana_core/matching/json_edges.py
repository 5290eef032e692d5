"""Fast decoding of the ``edges`` array of a problem file with NumPy.

Python's ``json`` module builds four objects per edge, which for a million edges takes
about as long as solving the problem. When the document allows it, the ``edges`` array is
cut out of the text and decoded with array operations; the rest of the document goes
through ``json`` as usual.

The fast path takes the layouts that ``json.dump`` writes with its default or compact
separators, one edge per line or all on one line:
``["M1", "T1", 0.83]`` or ``["M1","T1",0.83]``, with any whitespace between edges. It
requires no backslash anywhere in the document (so every quote delimits a string) and
verifies every byte of the array. Anything else returns ``None`` and the caller falls back
to ``json``, which also produces the precise error message for malformed input.

Plain decimals of up to 15 significant digits are decoded vectorised and exactly (the
mantissa and the power of ten are both exact doubles, so the one division rounds
correctly); other numbers go through ``float``. Values are bit-for-bit those ``json``
gives. The only leniency: number spellings ``json`` rejects but ``float`` reads (``01``,
``1.``, ``+1``) are read as ``float`` reads them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

_QUOTE, _COMMA, _OPEN, _CLOSE, _SPACE, _MINUS, _DOT, _ZERO = (ord(c) for c in '",[] -.0')
_END = re.compile(rb"\]\s*\]")
_EMPTY = re.compile(rb"\[\s*\]")


def _table(chars: bytes) -> NDArray[np.bool_]:
    lut = np.zeros(256, dtype=bool)
    lut[list(chars)] = True
    return lut


_WHITESPACE = _table(b" \t\n\r")
# Number characters, with the letters of NaN and Infinity (which ``json`` accepts).
_NUMBER_CHARS = _table(b"0123456789+-.eEINaifnty")

# Below 2**53 the mantissa is exact, and so is every power of ten up to 1e22.
_MAX_FAST_DIGITS = 15
_POW10 = 10.0 ** np.arange(23)
_PLACE16 = 10 ** np.arange(15, -1, -1, dtype=np.int64)
_COLUMNS = np.arange(16)


@dataclass(frozen=True, slots=True)
class RawEdges:
    """Decoded edge columns: ids as UTF-8 bytes in zero-padded 64-bit words, and scores."""

    mentee: NDArray[np.uint64]
    mentor: NDArray[np.uint64]
    score: NDArray[np.float64]


def split_edges(raw: bytes) -> tuple[bytes, RawEdges] | None:
    """Cut the top-level ``"edges"`` array out of a JSON document and decode it.

    Returns the document with ``[]`` in place of the array together with the decoded
    columns, or ``None`` when the fast path does not apply.
    """
    if b"\\" in raw:
        return None
    start = _edges_start(raw)
    if start is None:
        return None
    empty = _EMPTY.match(raw, start)
    if empty:
        edges = RawEdges(_no_rows(), _no_rows(), np.zeros(0, dtype=np.float64))
        return raw[:start] + b"[]" + raw[empty.end() :], edges
    # The array ends at the first "]]" (or "]", whitespace, "]"). Should a candidate lie
    # inside an id, or past the true end, the span would not decode as a list of edges.
    # The last "]]" comes first as it is found instantly when the edges close the file.
    tried: set[int] = set()
    for end in _candidate_ends(raw, start):
        if end in tried:
            continue
        tried.add(end)
        decoded = _decode(raw, start + 1, end)
        if decoded is not None:
            return raw[:start] + b"[]" + raw[end + 1 :], decoded
    return None


def _candidate_ends(raw: bytes, start: int) -> Iterator[int]:
    """Possible positions of the ``]`` closing the edges array, cheapest first."""
    last = raw.rfind(b"]]", start)
    if last != -1:
        yield last + 1
        yield raw.find(b"]]", start) + 1
    spaced = _END.search(raw, start)
    if spaced is not None:
        yield spaced.end() - 1


def _no_rows() -> NDArray[np.uint64]:
    return np.zeros((0, 1), dtype=np.uint64)


def _skip_space(raw: bytes, p: int) -> int:
    while p < len(raw) and raw[p] in b" \t\n\r":
        p += 1
    return p


def _edges_start(raw: bytes) -> int | None:
    """Position of the ``[`` opening the value of the top-level ``"edges"`` key."""
    p = raw.find(b'"edges"')
    while p != -1:
        head = np.frombuffer(raw, dtype=np.uint8, count=p)
        quote = head == _QUOTE
        # An even number of quotes before it means this quote opens a string.
        if np.count_nonzero(quote) % 2 == 0:
            outside = ~np.logical_xor.accumulate(quote) & ~quote
            opened = np.count_nonzero(((head == ord("{")) | (head == _OPEN)) & outside)
            closed = np.count_nonzero(((head == ord("}")) | (head == _CLOSE)) & outside)
            colon = _skip_space(raw, p + 7)
            if opened - closed == 1 and raw[colon : colon + 1] == b":":
                start = _skip_space(raw, colon + 1)
                return start if raw[start : start + 1] == b"[" else None
        p = raw.find(b'"edges"', p + 1)
    return None


def _all_space(
    text: NDArray[np.uint8], starts: NDArray[np.int64], stops: NDArray[np.int64]
) -> bool:
    """Whether every slice ``text[start:stop]`` is whitespace only."""
    lengths = stops - starts
    if lengths.size == 0 or not lengths.any():
        return True
    if lengths.min() < 0:
        return False
    offsets = np.cumsum(lengths) - lengths
    total = int(lengths.sum())
    positions = np.arange(total, dtype=np.int64) + np.repeat(starts - offsets, lengths)
    return bool(np.all(_WHITESPACE[text[positions]]))


class _Words:
    """The text with a little-endian 64-bit word readable at every byte offset.

    Reading eight bytes per row with one gather is far cheaper than gathering bytes one
    column at a time; zero padding on both sides keeps reads near the ends in bounds.
    """

    PAD = 32

    def __init__(self, raw: bytes, start: int, stop: int) -> None:
        size = stop - start
        self.padded = np.zeros(size + 2 * self.PAD, dtype=np.uint8)
        self.padded[self.PAD : self.PAD + size] = np.frombuffer(
            raw, dtype=np.uint8, count=size, offset=start
        )
        self.text = self.padded[self.PAD : self.PAD + size]
        self.words: NDArray[np.uint64] = np.ndarray(
            shape=(size + 2 * self.PAD - 7,), dtype="<u8", buffer=self.padded, strides=(1,)
        )

    def at(self, positions: NDArray[np.int64]) -> NDArray[np.uint64]:
        """The eight bytes starting at each text position (``-PAD <= p <= size + PAD - 8``)."""
        words: NDArray[np.uint64] = self.words[positions + self.PAD]
        return words

    def at_clamped(self, positions: NDArray[np.int64]) -> NDArray[np.uint64]:
        """Like ``at``, reading the last word for positions past the end."""
        words: NDArray[np.uint64] = self.words[
            np.minimum(positions + self.PAD, self.words.shape[0] - 1)
        ]
        return words


# KEEP[k] keeps the low k bytes of a little-endian word, i.e. its first k characters.
_KEEP = np.array([(1 << (8 * k)) - 1 for k in range(9)], dtype=np.uint64)


_SPACES = np.uint64(0x2020202020202020)


def _id_words(
    words: _Words, starts: NDArray[np.int64], lengths: NDArray[np.int64]
) -> NDArray[np.uint64] | None:
    """Each id as zero-padded 64-bit words (row k holds ``text[start:start+length]``).

    Returns ``None`` if an id holds a raw control character, which JSON forbids.
    """
    width = max(1, -(-int(lengths.max(initial=0)) // 8))
    out = np.empty((starts.shape[0], width), dtype=np.uint64)
    for c in range(width):
        word = words.at(starts) if c == 0 else words.at_clamped(starts + 8 * c)
        keep = _KEEP[np.clip(lengths - 8 * c, 0, 8)]
        out[:, c] = word & keep
        # Bytes below 0x20 flagged exactly (padding counts as spaces): (x - 0x20..) & ~x.
        padded = out[:, c] | (_SPACES & ~keep)
        if np.any((padded - _SPACES) & ~padded & _HIGH_BITS):
            return None
    return out


_CLOSE_XOR = np.uint64(0x5D5D5D5D5D5D5D5D)  # "]" in every byte
_TOP_FLAG = np.uint64(1 << 63)
_NUMBER_WINDOW = 3  # words: 24 bytes hold any number ``repr`` writes


def _first_flag_byte(flags: NDArray[np.uint64]) -> NDArray[np.int64]:
    """Index of the lowest byte carrying a 0x80 flag (``flags`` must be non-zero).

    Below the lowest flag (bit ``8b + 7``) lie ``8b + 7`` zero bits, which ``x ^ (x - 1)``
    turns into ones for a population count.
    """
    trailing = np.bitwise_count(flags ^ (flags - np.uint64(1))).astype(np.int64) - 1
    return trailing >> 3


def _find_close(words: _Words, starts: NDArray[np.int64]) -> NDArray[np.int64] | None:
    """Position of the first ``]`` at or after each start, looking 24 bytes ahead.

    Searching only just past each number avoids scanning the whole text for brackets.
    Most numbers end within their first word, so that word is read for all rows at once
    and only the others look further.
    """
    flags = _zero_byte_flags(words.at(starts) ^ _CLOSE_XOR)
    # The extra top flag stands in where the word holds no "]"; those rows are redone.
    found = starts + _first_flag_byte(flags | _TOP_FLAG)
    pending = np.flatnonzero(flags == 0)
    for c in range(1, _NUMBER_WINDOW):
        if pending.size == 0:
            return found
        at = starts[pending] + 8 * c
        flags = _zero_byte_flags(words.at(at) ^ _CLOSE_XOR)
        hit = flags != 0
        found[pending[hit]] = at[hit] + _first_flag_byte(flags[hit])
        pending = pending[~hit]
    return found if pending.size == 0 else None


def _decode(raw: bytes, start: int, stop: int) -> RawEdges | None:
    """Decode ``raw[start:stop]``, the inside of a non-empty edges array."""
    words = _Words(raw, start, stop)
    text = words.text
    quotes = np.flatnonzero(text == _QUOTE)
    if quotes.size == 0 or quotes.size % 4:
        return None
    q0, q1, q2, q3 = (quotes[k::4] for k in range(4))
    if q0[0] < 1 or q3[-1] + 3 >= text.shape[0]:
        return None
    # Inside an edge: [ "a" , "b" , number ] with an optional single space after commas.
    gap = q2 - q1
    number_start = q3 + 2 + (text[q3 + 2] == _SPACE)
    closes = _find_close(words, number_start)
    if closes is None or not np.all(closes > number_start):
        return None
    # Numbers, ids and the layout check are independent passes, and NumPy releases the
    # GIL inside its loops: with a second core they run side by side.
    with ThreadPoolExecutor(max_workers=2) as pool:
        numbers = pool.submit(_parse_numbers, words, number_start, closes)
        ids = pool.submit(
            lambda: (
                _id_words(words, q0 + 1, q1 - q0 - 1),
                _id_words(words, q2 + 1, q3 - q2 - 1),
            )
        )
        layout_ok = (
            np.all(text[q0 - 1] == _OPEN)
            and np.all(text[q1 + 1] == _COMMA)
            and np.all((gap == 2) | ((gap == 3) & (text[q1 + 2] == _SPACE)))
            and np.all(text[q3 + 1] == _COMMA)
            and np.all(closes[:-1] + 2 < q0[1:])
            and np.all(text[closes[:-1] + 1] == _COMMA)
            # Between edges: a comma, any whitespace, then the next "[".
            and _all_space(text, closes[:-1] + 2, q0[1:] - 1)
            and _all_space(text, np.array([0]), q0[:1] - 1)
            and _all_space(text, closes[-1:] + 1, np.array([text.shape[0]]))
        )
        score = numbers.result()
        mentee, mentor = ids.result()
    if not layout_ok or score is None or mentee is None or mentor is None:
        return None
    return RawEdges(mentee=mentee, mentor=mentor, score=score)


def _swar(value: int) -> np.uint64:
    return np.uint64(value)


_ASCII_ZERO = _swar(0x3030303030303030)
_DOT_XOR = _swar(0x1E1E1E1E1E1E1E1E)  # "." ^ "0"
_HIGH_BITS = _swar(0x8080808080808080)
_LOW7 = _swar(0x7F7F7F7F7F7F7F7F)
_TEN_UP = _swar(0x7676767676767676)  # 0x80 - 10 in every byte
_BYTE_ONES = _swar(0x0101010101010101)


def _eight_digits(v: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """The number written by eight digit bytes (first digit in the lowest byte)."""
    v = ((v * _swar(10)) + (v >> _swar(8))) & _swar(0x00FF00FF00FF00FF)
    v = ((v * _swar(100)) + (v >> _swar(16))) & _swar(0x0000FFFF0000FFFF)
    return ((v * _swar(10000)) + (v >> _swar(32))) & _swar(0x00000000FFFFFFFF)


def _zero_byte_flags(v: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """0x80 in every byte of ``v`` that is zero, 0 elsewhere (exact: no carries cross bytes)."""
    return ~(((v & _LOW7) + _LOW7) | v) & _HIGH_BITS


def _parse_numbers(
    words: _Words, starts: NDArray[np.int64], stops: NDArray[np.int64]
) -> NDArray[np.float64] | None:
    """Parse the numbers ``text[start:stop]``: plain decimals vectorised, others by ``float``.

    Each number is read right-aligned into two 64-bit words and decoded eight digits at a
    time with integer arithmetic. With the dot read as a zero digit the 16 characters spell
    ``S = I * 10**(f+1) + F`` for integer part ``I`` and ``f`` fraction digits ``F``, so the
    mantissa is ``(S - F) / 10 + F``; dividing it by ``10**f`` gives the float.
    """
    lengths = stops - starts
    token_bytes = np.minimum(lengths, 16)
    # The token fills the top ``k`` bytes of the low word, then of the high word; short
    # numbers (the common case) need the low word only.
    parts = [(False, stops - 8, np.minimum(token_bytes, 8))]
    if token_bytes.max(initial=0) > 8:
        parts.insert(0, (True, stops - 16, np.clip(token_bytes - 8, 0, 8)))
    halves = []
    nondigits = np.zeros(lengths.shape[0], dtype=np.int64)
    dot_flags = np.zeros(lengths.shape[0], dtype=np.uint64)
    dot_in_high = np.zeros(lengths.shape[0], dtype=bool)
    for high, position, count in parts:
        keep = ~_KEEP[8 - count]
        x = words.at(position) ^ _ASCII_ZERO
        # 0x80 in each byte that is not a digit (x >= 10); no carry crosses a byte.
        not_digit = (((x & _LOW7) + _TEN_UP) | x) & _HIGH_BITS & keep
        nondigits += np.bitwise_count(not_digit)
        dots_here = _zero_byte_flags(x ^ _DOT_XOR) & keep
        if high:
            dot_in_high = dots_here != 0
        dot_flags |= dots_here
        spread = (not_digit >> _swar(7)) * _swar(0xFF)
        halves.append(_eight_digits(x & ~spread & keep))
    negative = words.text[starts] == _MINUS
    dots = np.bitwise_count(dot_flags)
    digits = token_bytes - nondigits
    plain = (nondigits == dots + negative) & (dots <= 1) & (digits >= 1) & (lengths <= 16)
    fast = plain & (digits <= _MAX_FAST_DIGITS)
    # Fraction digits: the token bytes after the dot.
    dot_byte = _first_flag_byte(dot_flags | _TOP_FLAG)
    fraction = np.where(dots == 1, np.where(dot_in_high, 15, 7) - dot_byte, 0)
    fraction = np.clip(fraction, 0, 15)
    if len(halves) == 2:
        s = (halves[0] * _swar(100_000_000) + halves[1]).astype(np.int64)
    else:
        s = halves[0].astype(np.int64)
    f = s % _PLACE16[::-1][fraction]
    mantissa = np.where(dots == 1, (s - f) // 10 + f, s)
    score: NDArray[np.float64] = mantissa / _POW10[fraction]
    np.negative(score, out=score, where=negative)
    text = words.text
    for k in np.flatnonzero(~fast).tolist():
        token = text[starts[k] : stops[k]]
        if not np.all(_NUMBER_CHARS[token]):
            return None
        try:
            score[k] = float(token.tobytes())
        except ValueError:
            return None
    return score
