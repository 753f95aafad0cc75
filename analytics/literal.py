"""Text from outside (a data value, a file name, a URL parameter) made literal for each sink.

The one path by which such text reaches a page, a chart or a file. Three kinds of sink
interpret text:

- Markdown (Streamlit's st.markdown, st.caption, st.info/warning/error, metric and widget
  labels): `![x](http://host/x.png)` becomes an image the browser fetches. Backslash escapes
  are not enough: Streamlit finds bare URLs (`http://…`, `www.…`, `a@b.example`) and
  `:material/…:` / `:streamlit:` codes in the text *after* Markdown is parsed, so an escaped
  `http\\://` is still linked. A WORD JOINER (U+2060: invisible, no width, no line break)
  after every `:` and before every `.` and `@` breaks those patterns without changing what
  the reader sees.
- plotly text (titles, axis and tick labels, legend names, hover text): `<a href>`, `<b>`,
  `<br>` are tags; entities (`&lt;`) are shown as the character.
- plain text (st.text, widget options, PowerPoint, PDF): shown as is.

Every sink first gets the text on one line, with control and invisible formatting characters
(which can reorder or hide what is shown, e.g. U+202E) written out as `[U+202E]`.

Never imports streamlit: the charts and the briefing pack use it too (ui/literal.py
re-exports it for the page code).
"""

from __future__ import annotations

import re
import unicodedata

WORD_JOINER = "\u2060"
# Characters that change how the text around them is shown, or that cannot be seen:
# bidirectional overrides and isolates, zero-width spaces, the BOM. ZWJ and ZWNJ stay: they
# are part of how several scripts (and emoji) are written.
_HIDDEN = frozenset(
    "\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064"
    "\u2066\u2067\u2068\u2069\u061c\ufeff\u180e"
)
_WHITESPACE = re.compile(r"\s+")
# CommonMark lets any ASCII punctuation be backslash-escaped; escaping all of it leaves no
# construct (emphasis, links, headings after a newline, tables, entities, maths) to start.
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def _visible(ch: str) -> str:
    if ch in _HIDDEN or (unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp")
                         and ch not in "\u200c\u200d"):
        return f"[U+{ord(ch):04X}]"
    return ch


def plain(text: object) -> str:
    """One line of text, as written, with control and invisible characters written out."""
    one_line = _WHITESPACE.sub(" ", str(text)).strip()
    if one_line.isascii() and one_line.isprintable():
        return one_line
    return "".join(_visible(ch) for ch in one_line)


def markdown(text: object) -> str:
    """Text shown in Markdown as written: no links, images, emphasis, codes, emoji or maths."""
    escaped = _ASCII_PUNCTUATION.sub(r"\\\1", plain(text))
    return (escaped.replace(":", ":" + WORD_JOINER)
            .replace("\\.", WORD_JOINER + "\\.")
            .replace("\\@", WORD_JOINER + "\\@" + WORD_JOINER))


def code(text: object) -> str:
    """Inline code: shown verbatim in Markdown, on one line, backticks in it included."""
    # Streamlit turns `:material/…:` into an icon name even inside code: the joiner again.
    inner = plain(text).replace(":", ":" + WORD_JOINER) or " "
    # A fence longer than any run of backticks inside; CommonMark strips the one space each
    # side, so text starting or ending with a backtick stays whole.
    fence = "`" * (max((len(run) for run in re.findall("`+", inner)), default=0) + 1)
    return f"{fence} {inner} {fence}"


_BARE_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt|quot|#[0-9]+|#x[0-9a-fA-F]+);)")


def plotly_once(text: str) -> str:
    """`text` without tags for plotly, leaving what is already escaped as it is (a chart may
    escape a value where it builds it and again where the figure is finished)."""
    return _BARE_AMPERSAND.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")


def plotly(text: object) -> str:
    """Text for a plotly figure (titles, labels, names, hover values): no tags, no entities."""
    return (plain(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))

