-- grain: one row: whether any activity-country row explore_activity_countries returns for the
-- filters carries illustrative values.
select coalesce(bool_or(t.illustrative), false) as illustrative
from stg_activity_countries as t
where t.activity_id in (select fa.activity_id from {{ filtered_activities }} as fa)
    and ($all_countries or list_contains($countries, t.iso3))
