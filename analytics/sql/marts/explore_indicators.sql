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
    rows_.result_title,
    rows_.result_level,
    rows_.activity_id,
    rows_.measure,
    rows_.direction,
    rows_.cumulative,
    rows_.description,
    rows_.baseline_comment,
    rows_.baseline_document_title,
    rows_.baseline_document_url,
    rows_.illustrative
from rows_
order by rows_.indicator_id
limit $row_limit
