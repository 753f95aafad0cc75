"""The Definitions page's tables: every figure, chart and dataset column with its definition.

Generated from the figures layer and the contract, so the page says exactly what the help
texts, the slides and `data/README.md` say.
"""

from __future__ import annotations

import pandas as pd

from analytics import contract, figures


def figure_rows() -> pd.DataFrame:
    """One row per key figure: label, unit, definition, filters, question, illustrative."""
    pages = {name: [page for page, names in figures.PAGE_FIGURES.items() if name in names]
             for name in figures.FIGURES}
    return pd.DataFrame(
        [{"figure": f.label, "unit": f.unit, "definition": f.definition,
          "filters that apply": f.filters, "question": f.question,
          "may include illustrative values from": f.illustrative_from,
          "shown on": ", ".join(page.replace("_", " ") for page in pages[f.name])
          + (", briefing pack" if f.name in figures.PACK_FIGURES else ""),
          "name": f.name}
         for f in figures.KEY_FIGURES])


def chart_rows() -> pd.DataFrame:
    """One row per chart: title, definition, filters, question, where it is shown."""
    pages = {key: [page for page, keys in figures.PAGE_CHARTS.items() if key in keys]
             for key in figures.CHARTS}
    return pd.DataFrame(
        [{"chart": c.title_for(None), "definition": c.definition,
          "filters that apply": c.filters, "question": c.question,
          "measures": ", ".join(figures.MEASURES[m] for m in c.measures),
          "shown on": ", ".join(page.replace("_", " ") for page in pages[c.key])
          + (", briefing pack" if c.key in figures.PACK_CHARTS else ""),
          "name": c.key}
         for c in figures.CHART_LIST])


def column_rows() -> pd.DataFrame:
    """One row per column of every dataset of the contract."""
    rows = []
    for ds in contract.DATASETS:
        for c in ds.columns:
            rows.append({
                "dataset": ds.name, "column": c.name, "type": str(getattr(c.type, "value", c.type)),
                "meaning": c.meaning,
                "allowed values": ", ".join(c.allowed),
                "required": "yes" if c.required else "no",
                "may be empty": "yes" if c.nullable else "no",
                "example": c.example,
            })
    return pd.DataFrame(rows)
