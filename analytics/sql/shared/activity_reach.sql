-- grain: one row per filtered activity and country it involved (listed in activity_countries
-- or hosting it), kept only for the selected countries when countries are selected.
select involved.activity_id, involved.iso3
from (
    select fa.activity_id, unnest(fa.involved_iso3) as iso3
    from {{ filtered_activities }} as fa
) as involved
where $all_countries or list_contains($countries, involved.iso3)
