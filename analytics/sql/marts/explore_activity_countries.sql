-- grain: one row per activity and country
-- (the filtered activities' rows of the selected countries); the columns of the contract.
with rows_ as (
    select t.* from stg_activity_countries as t
    where t.activity_id in (select fa.activity_id from {{ filtered_activities }} as fa)
        and ($all_countries or list_contains($countries, t.iso3))
)

select
    rows_.activity_id,
    rows_.iso3,
    rows_.role,
    rows_.percentage,
    rows_.illustrative
from rows_
order by rows_.activity_id, rows_.iso3
limit $row_limit
