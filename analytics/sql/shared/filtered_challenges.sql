-- grain: one row per challenge assessment of a selected country in a year of the period.
select c.*
from stg_challenges as c
where (cast($start as date) is null or c.year >= extract(year from cast($start as date)))
    and (cast($end as date) is null or c.year <= extract(year from cast($end as date)))
    and ($all_countries or list_contains($countries, c.iso3))
