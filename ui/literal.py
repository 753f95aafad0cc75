"""Text from outside (a data value, a file name, a URL parameter) shown exactly as written.

Streamlit's Markdown sinks (st.markdown, st.caption, st.info/warning, metric labels) would
turn `![x](http://host/x.png)` into an image the browser fetches and `*x*` into emphasis;
these functions make such text literal for each sink. Page code never formats outside text
into Markdown itself.
"""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$:])")


def markdown(text: object) -> str:
    """Text shown in Markdown as written: no links, images, emphasis, emoji codes or maths."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def code(text: object) -> str:
    """Inline code: shown verbatim (no Markdown), one line; backticks cannot end it early."""
    return "`" + re.sub(r"\s+", " ", str(text)).replace("`", "'") + "`"
