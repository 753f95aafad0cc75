-- grain: one row per country that is an ASEAN member at the as-of date, among the selected.
select c.*
from stg_countries as c
where c.member_since is not null
    and c.member_since <= {{ as_of_date }}
    and ($all_countries or list_contains($countries, c.iso3))
