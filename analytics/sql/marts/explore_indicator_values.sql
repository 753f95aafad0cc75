-- grain: one row per indicator and reporting period
-- (the selected indicators' values measured in the period); the columns of the contract.
with rows_ as (
    select t.* from stg_indicator_values as t
    where t.indicator_id in (select fi.indicator_id from {{ filtered_indicators }} as fi)
        and (cast($start as date) is null or t.period_end >= cast($start as date))
        and (cast($end as date) is null or t.period_end <= cast($end as date))
)

select
    rows_.indicator_id,
    rows_.period_end,
    rows_.value,
    rows_.period_start,
    rows_.target,
    rows_.comment,
    rows_.document_title,
    rows_.document_url,
    rows_.target_comment,
    rows_.illustrative
from rows_
order by rows_.indicator_id, rows_.period_end
limit $row_limit
