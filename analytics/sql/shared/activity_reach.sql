-- grain: one row per filtered activity and country it involved (listed in activity_countries
-- or hosting it), kept only for the selected countries when countries are selected.
select distinct
    involved.activity_id,
    involved.iso3
from (
    select ac.activity_id, ac.iso3
    from stg_activity_countries as ac
    union all
    select a.activity_id, a.host_iso3 as iso3
    from stg_activities as a
    where a.host_iso3 is not null
) as involved
where involved.activity_id in (select fa.activity_id from {{ filtered_activities }} as fa)
    and ($all_countries or list_contains($countries, involved.iso3))
