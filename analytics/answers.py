"""The answers to the questions of one selection (data, filters, day), each asked once.

`Answers` is what the figures layer reads: a typed method per question of
`analytics.queries`, bound to one connection, one `Filters` and one day. A question asked
twice (by a key figure and by a takeaway) is answered once. How a question reaches the
database is the `ask` given: directly (the briefing pack, the command line, tests) or
through the app's cache shared by all sessions (`ui/questions.py`).

`ask_together` asks the questions a page will need side by side before it draws them (the
figures layer says which: `figures.page_questions`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from analytics import queries
from analytics.filters import Filters

Connection = duckdb.DuckDBPyConnection
# ask(question, con, *args) -> the question's answer; `question` is a function of queries.
Ask = Callable[..., Any]


def ask_directly(question: Callable[..., Any], con: Connection, *args: Any) -> Any:
    """Ask the database now (no cache)."""
    return question(con, *args)


def has_illustrative(df: pd.DataFrame) -> bool:
    """Whether any row of a question's answer carries illustrative values."""
    return bool(len(df)) and "illustrative" in df.columns and bool(
        df["illustrative"].fillna(False).astype(bool).any())


@dataclass
class Answers:
    """The questions of one selection; each answer is kept for the life of this object."""

    con: Connection
    filters: Filters = field(default_factory=Filters)
    today: dt.date = field(default_factory=dt.date.today)
    ask: Ask = ask_directly
    _held: dict[tuple[str, tuple[Any, ...]], Any] = field(default_factory=dict, repr=False)

    def _answer(self, question: Callable[..., Any], *args: Any) -> Any:
        key = (question.__name__, args)
        if key not in self._held:
            self._held[key] = self.ask(question, self.con, *args)
        return self._held[key]

    def for_filters(self, filters: Filters) -> Answers:
        """The same data and day, other filters (e.g. one country's profile)."""
        if filters == self.filters:
            return self  # the answers already held serve
        return Answers(self.con, filters, self.today, self.ask)

    @property
    def as_of(self) -> dt.date:
        """The day the figures are counted at: the period's end, or today."""
        return self.filters.end or self.today

    # --- reference data -----------------------------------------------------------------

    def countries(self) -> pd.DataFrame:
        """Every country of the countries dataset (no filter applies)."""
        return self._answer(queries.reference_countries)

    def country_names(self) -> dict[str, str]:
        """iso3 → English name."""
        c = self.countries()
        return dict(zip(c["iso3"].astype(str), c["name"].astype(str), strict=False))

    def filters_text(self) -> str:
        """The filters in words, with country names."""
        return self.filters.describe(self.country_names())

    # --- activities ---------------------------------------------------------------------

    def activity_figures(self) -> pd.Series:
        """The one row of `queries.activity_figures`: activities, participants, reach."""
        return self._answer(queries.activity_figures, self.filters, self.today).iloc[0]

    def seizure_figures(self) -> pd.Series:
        """The one row of `queries.seizure_figures`: the seizures, each counted once."""
        return self._answer(queries.seizure_figures, self.filters).iloc[0]

    def key_figures(self) -> pd.Series:
        """Every headline figure of the selection: activity_figures and seizure_figures."""
        return pd.concat([self.activity_figures(), self.seizure_figures()])

    def activities_by_status_cluster(self) -> pd.DataFrame:
        return self._answer(queries.activities_by_status_cluster, self.filters)

    def activities_timeline(self) -> pd.DataFrame:
        return self._answer(queries.activities_timeline, self.filters)

    def late_activities(self) -> pd.DataFrame:
        return self._answer(queries.late_activities, self.filters, self.today)

    def activities_illustrative(self) -> bool:
        """Whether any activity of the selection carries illustrative values."""
        return bool(self.activity_figures()["illustrative_activities"])

    # --- results ------------------------------------------------------------------------

    def results_progress(self) -> pd.DataFrame:
        return self._answer(queries.results_progress, self.filters, self.today)

    def indicator_trend(self) -> pd.DataFrame:
        return self._answer(queries.indicator_trend, self.filters)

    def results_tree(self) -> pd.DataFrame:
        return self._answer(queries.results_tree, self.filters)

    def indicator_breakdown(self) -> pd.DataFrame:
        return self._answer(queries.indicator_breakdown, self.filters)

    def seizures_by_ipr_type(self) -> pd.DataFrame:
        return queries.breakdown_of(self.seizure_breakdowns(), "ipr_type")

    def seizures_by_detention_result(self) -> pd.DataFrame:
        return queries.breakdown_of(self.seizure_breakdowns(), "detention_result")

    def seizures_by_hs_chapter(self) -> pd.DataFrame:
        return queries.breakdown_of(self.seizure_breakdowns(), "hs_chapter")

    def cases_and_procedures_by_year(self) -> pd.DataFrame:
        return self._answer(queries.cases_and_procedures_by_year, self.filters)

    def result_activities(self) -> pd.DataFrame:
        return self._answer(queries.result_activities, self.filters)

    # --- countries ----------------------------------------------------------------------

    def member_states(self) -> pd.DataFrame:
        """Every member state (today's), with its figures under the other filters.

        The country filter does not narrow this answer: a map shows every member state, and
        a member state's figures do not depend on which other countries are selected.
        """
        return self._answer(queries.coverage_by_country, self.filters.with_(countries=()),
                            self.today)

    def country_cluster_matrix(self) -> pd.DataFrame:
        return self._answer(queries.country_cluster_matrix, self.filters)

    def participation_by_agency(self) -> pd.DataFrame:
        return self._answer(queries.participation_by_agency, self.filters)

    def member_coverage_over_time(self) -> pd.DataFrame:
        return self._answer(queries.member_coverage_over_time, self.filters)

    def participation_illustrative(self) -> bool:
        """Whether any participation row counted for the selection is illustrative."""
        return bool(self.activity_figures()["illustrative_participation"])

    def reach_illustrative(self) -> bool:
        """Whether the activities or the countries they involve hold illustrative values."""
        k = self.activity_figures()
        return bool(k["illustrative_activities"] or k["illustrative_activity_countries"])

    # --- seizures and challenges --------------------------------------------------------

    def seizures_by_year(self) -> pd.DataFrame:
        return self._answer(queries.seizures_by_year, self.filters)

    def seizure_breakdowns(self) -> pd.DataFrame:
        """Every breakdown the counterfeiting page charts, asked once (the slices below)."""
        return self._answer(queries.seizure_breakdowns, self.filters,
                            queries.DEFAULT_TOP_PROVENANCE)

    def seizures_by_category(self) -> pd.DataFrame:
        return queries.breakdown_of(self.seizure_breakdowns(), "product_category")

    def seizures_by_transport(self) -> pd.DataFrame:
        return queries.breakdown_of(self.seizure_breakdowns(), "transport_mode")

    def seizures_top_provenance(self) -> pd.DataFrame:
        return queries.breakdown_of(self.seizure_breakdowns(), "provenance_iso3")

    def ecommerce_share_by_year(self) -> pd.DataFrame:
        return self._answer(queries.ecommerce_share_by_year, self.filters)

    def seizures_illustrative(self) -> bool:
        """Whether any seizure counted for the selection is illustrative."""
        return bool(self.seizure_figures()["illustrative_seizures"])

    def challenge_matrix(self) -> pd.DataFrame:
        return self._answer(queries.challenge_matrix, self.filters)


# A question of `Answers`: one of its methods that asks the database (Answers.key_figures).
Question = Callable[[Answers], Any]

# A page's questions do not depend on each other, and DuckDB plans and runs each on its own
# cursor without holding the GIL: asked side by side they take about half as long on two
# cores as one after another. One pool serves every session, so thirty sessions share four
# workers rather than starting thirty pools.
_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="answers")


def ask_together(questions: Iterable[tuple[Answers, Question]]) -> None:
    """Ask each (answers, question) pair side by side; the answers keep what comes back.

    An error of a question is raised here, as it would be when the page asked it.
    """
    todo = list({(id(answers), question): (answers, question)
                 for answers, question in questions}.values())
    if len(todo) <= 1:
        for answers, question in todo:
            question(answers)
        return
    for future in [_POOL.submit(question, answers) for answers, question in todo]:
        future.result()
