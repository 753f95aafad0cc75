-- grain: one row: how many rows explore_indicator_disaggregations returns for the filters.
select count(*) as row_count
from (
    select t.* from stg_indicator_disaggregations as t
    where t.indicator_id in (select fi.indicator_id from {{ filtered_indicators }} as fi)
        and (cast($start as date) is null or t.period_end >= cast($start as date))
        and (cast($end as date) is null or t.period_end <= cast($end as date))
) as rows_
