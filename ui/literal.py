"""Text from outside (a data value, a file name, a URL parameter) shown exactly as written.

The functions are those of analytics/literal.py (the charts and the briefing pack use them
too): `markdown` for every Markdown sink (st.markdown, st.caption, st.info/warning/error,
widget and metric labels), `code` for inline code, `plotly` for figure text, `plain` for
sinks that show text as is. Page code never formats outside text into Markdown itself.
"""

from __future__ import annotations

from analytics.literal import code, markdown, plain, plotly

__all__ = ["code", "markdown", "plain", "plotly"]
