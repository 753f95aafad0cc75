-- grain: one row per seizure record reported in the period by a selected country.
-- A record without a month covers its whole year. Programme, cluster, result and status
-- filters do not apply to seizures.
select s.*
from stg_seizures as s
where (cast($start as date) is null or s.period_end >= cast($start as date))
    and (cast($end as date) is null or s.period_start <= cast($end as date))
    and ($all_countries or s.iso3 in (select unnest($countries)))
