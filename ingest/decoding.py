"""Decode the byte encodings Vietnamese text files arrive in.

Order of evidence: a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32), then UTF-16 without a BOM
(NUL bytes in every other position), then strict UTF-8. Anything else is decoded with each legacy
Vietnamese 8-bit code page (Windows-1258, VISCII, TCVN3/ABC) and the candidate whose words look
most like Vietnamese syllables wins. Python ships only cp1258, so the VISCII and TCVN3 tables are
defined here (taken from glibc iconv's VISCII and TCVN charmaps). The result is NFC, because
Windows-1258 and TCVN3 use combining tone marks.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from index import is_vietnamese_syllable

__all__ = ["Decoded", "EncodingError", "decode_bytes", "looks_binary", "vietnamese_score"]

_ASCII = "".join(chr(i) for i in range(0x80))


def _table(low: dict[int, str], high: str) -> str:
    """A 256-character decoding table: ASCII with `low` overrides, then the 128 `high` characters."""
    chars = list(_ASCII)
    for byte, char in low.items():
        chars[byte] = char
    assert len(high) == 128
    return "".join(chars) + high


_VISCII = _table(
    {0x02: "Ẳ", 0x05: "Ẵ", 0x06: "Ẫ", 0x14: "Ỷ", 0x19: "Ỹ", 0x1E: "Ỵ"},
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲÕắằặấầẩậẽẹếềểễệốồổỗỠƠộờởịỰỨỪỬơớƯÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳĐứÒÓÔạỷừửÙÚỹỵÝỡư"
    "àáâãảăữẫèéêẻìíĩỉđựòóôõỏọụùúũủýợỮ",
)

_TCVN3 = _table(
    {0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ", 0x11: "Ứ", 0x12: "Ự", 0x13: "Ỳ",
     0x14: "Ỷ", 0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ"},
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ\u0300\u0309\u0303\u0301\u0323"
    "àảãáạẲằẳẵắẴẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịòỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹýỵỐ",
)

# name -> charmap table; None means Python's own codec of that name.
_LEGACY: dict[str, str | None] = {"cp1258": None, "viscii": _VISCII, "tcvn3": _TCVN3}
_DISPLAY = {"cp1258": "windows-1258", "viscii": "viscii", "tcvn3": "tcvn3"}

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_WORD = re.compile(r"[^\W\d_]+")


class EncodingError(ValueError):
    """The bytes are not text in any encoding we know (binary data or an unsupported code page)."""


@dataclass(frozen=True)
class Decoded:
    """Decoded text (NFC) and the encoding it was found in."""

    text: str
    encoding: str


def vietnamese_score(text: str) -> float:
    """Share of the non-ASCII words in `text` that are well-formed Vietnamese syllables (1.0 if none).

    Non-letter, non-ASCII symbols (mojibake such as "¸" or "®") count as failures as well.
    """
    good = bad = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        if is_vietnamese_syllable(word):
            good += 1
        else:
            bad += 1
    bad += sum(1 for char in text if ord(char) >= 0x80 and not char.isalnum() and not char.isspace()
               and unicodedata.category(char).startswith(("S", "C")))
    total = good + bad
    return 1.0 if total == 0 else good / total


def looks_binary(data: bytes) -> bool:
    """True when the first 64 KiB are not text: over 1 % NUL bytes, or 5 % control bytes in bytes
    that are not valid UTF-8 (UTF-16/32 text excepted). A stray NUL in a text file is not enough,
    nor are control characters in valid UTF-8 (a short CSV whose one item holds a few): the item
    holding them is cleaned or rejected on its own."""
    sample = data[:65536]
    if not sample or sample.startswith(tuple(bom for bom, _ in _BOMS)) or _utf16_without_bom(sample):
        return False
    nuls = sample.count(0)
    if nuls > 4 and nuls / len(sample) > 0.01:
        return True
    if _valid_utf8(sample):
        return False
    controls = sum(1 for b in sample if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B))
    return controls / len(sample) > 0.05


def _valid_utf8(sample: bytes) -> bool:
    """Whether a head of a file is UTF-8 (a character cut by the 64 KiB limit allowed)."""
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data" and exc.start >= len(sample) - 3
    return True


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / (len(sample) / 2)
    odd_nuls = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _decode_legacy(data: bytes, name: str) -> str | None:
    try:
        table = _LEGACY[name]
        if table is None:
            return data.decode(name)
        return codecs.charmap_decode(data, "strict", table)[0]
    except UnicodeDecodeError:
        return None


def decode_bytes(data: bytes, *, min_score: float = 0.8) -> Decoded:
    """Decode `data` to NFC text, detecting its encoding; raise EncodingError for binary data.

    A legacy decoding is accepted only when at least `min_score` of its non-ASCII words are
    Vietnamese syllables; otherwise the text is in an encoding we do not support.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(unicodedata.normalize("NFC", data[len(bom):].decode(name)), name)
            except UnicodeDecodeError as exc:
                raise EncodingError(f"starts with a {name} byte-order mark but is not {name}: {exc.reason}") from exc
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return Decoded(unicodedata.normalize("NFC", data.decode(utf16)), utf16)
        except UnicodeDecodeError:
            pass
    if looks_binary(data):
        raise EncodingError("binary data, not text")
    try:
        return Decoded(unicodedata.normalize("NFC", data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = f"invalid UTF-8 at byte {exc.start}"
    best: tuple[float, str, str] | None = None
    for name in _LEGACY:
        text = _decode_legacy(data, name)
        if text is None:
            continue
        text = unicodedata.normalize("NFC", text)
        score = vietnamese_score(text)
        if best is None or score > best[0]:
            best = (score, name, text)
    if best is None or best[0] < min_score:
        raise EncodingError(
            f"{utf8_error}, and no Vietnamese legacy encoding (Windows-1258, VISCII, TCVN3) fits it"
        )
    return Decoded(best[2], _DISPLAY[best[1]])
