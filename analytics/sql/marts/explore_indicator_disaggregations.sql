-- grain: one row per indicator, value type, period, dimension and category
-- (the selected indicators' broken-down values of the period); the columns of the contract.
with rows_ as (
    select t.* from stg_indicator_disaggregations as t
    where t.indicator_id in (select fi.indicator_id from {{ filtered_indicators }} as fi)
        and (cast($start as date) is null or t.period_end >= cast($start as date))
        and (cast($end as date) is null or t.period_end <= cast($end as date))
)

select
    rows_.indicator_id,
    rows_.value_type,
    rows_.period_end,
    rows_.dimension,
    rows_.category,
    rows_.value,
    rows_.comment,
    rows_.document_title,
    rows_.document_url,
    rows_.illustrative
from rows_
order by rows_.indicator_id, rows_.value_type, rows_.period_end, rows_.dimension,
    rows_.category
limit $row_limit
