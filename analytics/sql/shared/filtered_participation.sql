-- grain: one row per participation record of a filtered activity, from a selected country.
select p.*
from stg_participation as p
where p.activity_id in (select fa.activity_id from {{ filtered_activities }} as fa)
    and ($all_countries or list_contains($countries, p.iso3))
