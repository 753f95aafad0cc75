"""A country's name from its ISO 3166-1 alpha-3 code, wherever a code is named.

The countries dataset names the member states and the economies the programme lists, in
the programme's usage ("Viet Nam", "Lao PDR"). Other codes occur in the data (the economy
seized goods came from: KOR, TUR, ARE): ISO 3166 names them all, so a code is shown as a
code only when it is not an ISO country at all.
"""

from __future__ import annotations

import pandas as pd
import pycountry

from analytics import formats

# Codes the contract accepts (analytics/checks.py) that ISO 3166 does not assign.
NOT_IN_ISO: dict[str, str] = {"XKX": "Kosovo"}


def name_of(iso3: str, listed: object = None) -> str:
    """`listed` (the countries dataset's name), else ISO 3166's common name ("South Korea"
    rather than "Korea, Republic of"), else the code as written."""
    if formats.is_known(listed) and str(listed).strip():
        return str(listed)
    code = str(iso3).strip()
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return NOT_IN_ISO.get(code, code)
    return getattr(country, "common_name", None) or country.name


def with_names(df: pd.DataFrame, code_column: str, name_column: str) -> pd.DataFrame:
    """`df` with `name_column` (the dataset's names, null where a code is not listed)
    completed by `name_of`."""
    if df.empty:
        return df
    names = [name_of(code, listed)
             for code, listed in zip(df[code_column], df[name_column], strict=True)]
    return df.assign(**{name_column: names})
