"""Markdown and HTML are data (issue #9.6): names and messages are shown literally.

A file name, column heading or cell value that reaches st.error / st.caption / st.subheader...
goes through dashboard.literal, which backslash-escapes every ASCII punctuation character (CommonMark
shows an escaped character as itself). A heading `[x](https://evil.example)` or an
`<img src=x onerror=alert(1)>` file name then shows as text: no link, no image, no HTML.
"""

from __future__ import annotations

import random
import re
import string
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard import literal

APP = str(Path(__file__).resolve().parents[2] / "app.py")
HOSTILE = "[x](https://evil.example) ![i](http://e.x/p.png) <img src=x onerror=alert(1)> **b** :red[r] $x$"
_PUNCT = set(string.punctuation)


def unescape(body: str) -> str:
    """What CommonMark shows for a body of escaped text (backslash + punctuation -> itself)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", body)


def every_markup_character_escaped(body: str) -> bool:
    """No ASCII punctuation character stands unescaped: nothing can form a link, image,
    emphasis, HTML tag, autolink, directive or formula."""
    i = 0
    while i < len(body):
        if body[i] == "\\":
            if i + 1 >= len(body) or body[i + 1] not in _PUNCT:
                return False
            i += 2
            continue
        if body[i] in _PUNCT:
            return False
        i += 1
    return True


def test_md_escapes_every_markdown_character_and_reads_back_unchanged():
    escaped = literal.md(HOSTILE)
    assert escaped.startswith(r"\[x\]\(https\:\/\/evil\.example\)")
    assert r"\<img src\=x onerror\=alert\(1\)\>" in escaped
    assert every_markup_character_escaped(escaped)
    assert unescape(escaped) == HOSTILE


def test_md_folds_line_breaks_message_keeps_them():
    assert literal.md("a\n# b\r\nc") == r"a \# b c"
    assert literal.message("line 1\n# not a heading") == "line 1  \n\\# not a heading"
    assert literal.md(None) == ""


def test_any_text_round_trips():
    rng = random.Random(9)
    alphabet = string.printable.replace("\n", "").replace("\r", "") + "£€ü中"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        escaped = literal.md(text)
        assert unescape(escaped) == text
        body = escaped.replace(" ", "").replace("\t", "").replace("\x0b", "").replace("\x0c", "")
        assert every_markup_character_escaped(body)


def test_a_hostile_file_name_in_an_error_message_is_shown_literally(tmp_path, monkeypatch):
    """The Upload page reports a file it cannot load by name (ui.run_action -> st.error)."""
    monkeypatch.setenv("TECHSPEND_DB", str(tmp_path / "ts.duckdb"))
    monkeypatch.setenv("TECHSPEND_NO_SAMPLE", "1")
    name = "[x](https://evil.example) <img src=x onerror=alert(1)>.csv"
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("pages/upload.py").run()
    at.get("file_uploader")[0].set_value((name, b"%PDF-1.4 not a ledger", "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert errors, "the page should say why the file cannot be loaded"
    body = next(e for e in errors if "evil" in e)
    assert literal.md(name) in body  # the name, escaped
    # nothing a renderer could make a link, image or tag of: no punctuation stands unescaped
    assert every_markup_character_escaped(re.sub(r"\s", "", body))
    assert name in unescape(body)  # and a person reads the name exactly as written
