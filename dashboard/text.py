"""The one rule for text people type: trimmed, within its length, no control characters.

Every free-text field (evidence, a rationale, a name, a title) passes through ``clean`` before the
database sees it, so a value too long for its column or a control character (which would make a
workbook unreadable) is refused with a sentence, never an error page. Newlines and tabs are kept
where a field may hold paragraphs.
"""

from __future__ import annotations

import re
import unicodedata

from dashboard.errors import InvalidInput

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0 and C1 controls but tab, newline, return
_LINE_BREAKS = re.compile(r"[\t\n\r]")
# Bidirectional overrides and isolates can make text read differently from how it is stored.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clean(value: object, what: str, limit: int, required: bool = False, multiline: bool = False) -> str:
    """``value`` as stored text: trimmed, line ends as "\\n"; InvalidInput naming ``what`` otherwise."""
    text = "" if value is None else str(value)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if _CONTROL.search(text):
        raise InvalidInput(f"{what} contains a control character; remove it and try again")
    if _BIDI.search(text):
        raise InvalidInput(f"{what} contains a hidden text-direction mark; remove it and try again")
    if not multiline and _LINE_BREAKS.search(text):
        raise InvalidInput(f"{what} must be on one line")
    if len(text) > limit:
        raise InvalidInput(f"{what} is longer than {limit} characters")
    if required and not text:
        raise InvalidInput(f"{what} is required")
    return text


# Markdown's punctuation, Streamlit's directives (:red[...], :material/x:) and LaTeX's $.
_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")


def literal(text: str) -> str:
    """``text`` to show as itself inside Markdown (a caption, an alert): every markup character
    escaped, so a name or a link parameter never becomes a link, an image, a heading or a colour."""
    return _MARKUP.sub(r"\\\1", text)


_WHOLE = re.compile(r"[0-9]{1,9}")


def whole_number(text: str) -> int | None:
    """``text`` as a whole number when it is one written in ASCII digits ("12"), else None.

    (``str.isdigit`` also accepts "²" and other digits ``int`` refuses.)"""
    return int(text) if _WHOLE.fullmatch(text) else None


SHOWN_VALUE = 60  # characters of a value a message repeats


def shorten(value: object, limit: int = SHOWN_VALUE) -> str:
    """A value as a message may repeat it: one line, at most ``limit`` characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
