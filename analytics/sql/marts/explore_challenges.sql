-- grain: one row per country, year and challenge
-- (the challenge assessments of the period and selected countries); the columns of the contract.
with rows_ as (
    select t.* from {{ filtered_challenges }} as t
)

select
    rows_.iso3,
    rows_.year,
    rows_.challenge,
    rows_.severity,
    rows_.source,
    rows_.illustrative
from rows_
order by rows_.iso3, rows_.year, rows_.challenge
limit $row_limit
