-- grain: one row: how many rows explore_activity_countries returns for the filters.
select count(*) as row_count
from (
    select t.* from stg_activity_countries as t
    where t.activity_id in (select fa.activity_id from {{ filtered_activities }} as fa)
        and ($all_countries or list_contains($countries, t.iso3))
) as rows_
