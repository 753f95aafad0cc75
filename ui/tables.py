"""Tables on a page: dates and shares written as the rest of the product writes them.

The formats are those of analytics/formats.py: a date as 2013-11-25 (not
"2013-11-25 00:00:00", Streamlit's way with a pandas timestamp), a share as a whole percent
(not Streamlit's "97.26%").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from analytics import formats


def percent_column(label: str, **kwargs: Any) -> dict[str, Any]:
    """A column of shares (0 to 1) shown as `formats.percent` writes them ("97%")."""
    return st.column_config.NumberColumn(label, format=formats.TABLE_PERCENT, **kwargs)


def date_column(label: str | None = None, **kwargs: Any) -> dict[str, Any]:
    """A column of dates shown as `formats.iso_day` writes them."""
    return st.column_config.DateColumn(label, format=formats.TABLE_DATE, **kwargs)


def _is_percent(config: object) -> bool:
    return (isinstance(config, Mapping)
            and (config.get("type_config") or {}).get("format") == formats.TABLE_PERCENT)


def _is_dates(column: pd.Series) -> bool:
    """Timestamps that are all midnight: dates, as DuckDB hands a DATE column to pandas."""
    if not pd.api.types.is_datetime64_any_dtype(column):
        return False
    known = column.dropna()
    return bool((known == known.dt.normalize()).all())


def show(df: pd.DataFrame, column_config: Mapping[str, Any] | None = None,
         **kwargs: Any) -> Any:
    """`st.dataframe(df, column_config=..., **kwargs)`, with the shares of the percent
    columns as percentage points (a printf format cannot multiply) and every date column
    left unconfigured shown as a date."""
    config = dict(column_config or {})
    shown = df.copy(deep=False)
    for name, column_config_ in config.items():
        if _is_percent(column_config_) and name in shown.columns:
            shown[name] = pd.to_numeric(shown[name]).astype(float) * 100
    for name in shown.columns:
        if name not in config and _is_dates(shown[name]):
            config[name] = date_column()
    return st.dataframe(shown, column_config=config, **kwargs)
