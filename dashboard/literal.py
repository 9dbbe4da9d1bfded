"""Data shown literally in markdown: file names, column headings, cell values, error messages.

Business rule: text that came from a file or a person (a file name, a heading, a vendor, the text of
an error message that quotes them) is *data*, never markup. Every Streamlit call that renders
markdown — st.error / st.warning / st.info / st.success / st.caption / st.markdown / st.subheader /
st.write, metric labels and help texts — gets the data through `literal.md()` (one value inside a
sentence we write) or `literal.message()` (a whole message, e.g. a domain error's text).

How: CommonMark lets a backslash escape any ASCII punctuation character, and an escaped character
is shown as itself. So every ASCII punctuation character is escaped — that covers links and images
(`[ ] ( ) !`), emphasis (`* _ ~`), code (`` ` ``), headings / lists / quotes / tables at a line
start (`# - + > |` and `1.`), raw HTML and autolinks (`<`), entities (`&`), bare-URL autolinks
(`:` and `.` break `https://…` and `www.…`), Streamlit's `:red[…]` / `:material/…:` directives
(`:`) and LaTeX (`$`). Nothing else changes, so the text reads exactly as written.

Worked example::

    md("[x](https://evil.example)")   -> r"\\[x\\]\\(https\\:\\/\\/evil\\.example\\)"
    md("<img src=x onerror=alert(1)>") -> r"\\<img src\\=x onerror\\=alert\\(1\\)\\>"
    st.error(f"Cannot read {md(file_name)}: no amount column.")
    # the page shows: Cannot read [x](https://evil.example): no amount column.  (no link)

`md` also folds line breaks into spaces (a value inside a sentence must not start a new block);
`message` keeps the message's own paragraphs.
"""

from __future__ import annotations

import re
from typing import Any

# Every ASCII punctuation character: ! " # $ % & ' ( ) * + , - . / : ; < = > ? @ [ \ ] ^ _ ` { | } ~
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029")


def md(value: Any) -> str:
    """One data value, escaped for use inside a markdown sentence (line breaks become spaces)."""
    return _PUNCTUATION.sub(r"\\\1", _LINE_BREAK.sub(" ", "" if value is None else str(value)))


def message(text: Any) -> str:
    """A whole message (e.g. `str(exc)` of a domain error) rendered literally, paragraphs kept.

    Each line is escaped like `md`; line breaks stay line breaks (a markdown hard break), so a
    multi-line message keeps its shape and no line can start a heading, list or quote.
    """
    lines = _LINE_BREAK.split("" if text is None else str(text))
    return "  \n".join(_PUNCTUATION.sub(r"\\\1", line) for line in lines)
