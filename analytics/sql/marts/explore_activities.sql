-- grain: one row per activity (the filtered activities); the columns of the contract.
with rows_ as (
    select t.* from {{ filtered_activities }} as t
)

select
    rows_.activity_id,
    rows_.programme,
    rows_.work_plan,
    rows_.number,
    rows_.title,
    rows_.cluster,
    rows_.expected_result,
    rows_.activity_type,
    rows_.start_date,
    rows_.end_date,
    rows_.status,
    rows_.host_iso3,
    rows_.city,
    rows_.source,
    rows_.notes,
    rows_.description,
    rows_.partners,
    rows_.sectors,
    rows_.illustrative
from rows_
order by rows_.activity_id
limit $row_limit
