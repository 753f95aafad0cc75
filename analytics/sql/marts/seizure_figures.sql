-- grain: one row for the seizures reported in the period by the selected countries, each
-- counted once (the activities' figures: activity_figures).
-- value_usd: records without a value are left out of the sum.
-- illustrative_seizures: whether any seizure counted carries illustrative values.
select
    coalesce(cast(sum(fs.cases) as bigint), 0) as seizure_cases,
    coalesce(cast(sum(fs.articles) as bigint), 0) as articles,
    coalesce(sum(fs.value_usd), 0) as value_usd,
    coalesce(bool_or(fs.illustrative), false) as illustrative_seizures
from {{ seizures_counted_once }} as fs
