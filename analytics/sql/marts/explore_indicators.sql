-- grain: one row per results indicator
-- (the selected expected results' indicators); the columns of the contract.
with rows_ as (
    select t.* from {{ filtered_indicators }} as t
)

select
    rows_.indicator_id,
    rows_.expected_result,
    rows_.name,
    rows_.unit,
    rows_.baseline,
    rows_.target,
    rows_.baseline_date,
    rows_.target_date,
    rows_.illustrative
from rows_
order by rows_.indicator_id
limit $row_limit
