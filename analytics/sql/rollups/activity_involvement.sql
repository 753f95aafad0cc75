-- grain: one row per activity: the columns of stg_activities and involved_iso3, the
-- countries the activity involves (listed in activity_countries or hosting it), each once.
-- Built once at load, so that the country filter and the reach of the activities read a
-- list on the activity's own row instead of joining activity_countries at every question.
with listed as (
    select ac.activity_id, ac.iso3
    from stg_activity_countries as ac
    union
    select a.activity_id, a.host_iso3 as iso3
    from stg_activities as a
    where a.host_iso3 is not null
),

lists as (
    select activity_id, list(iso3 order by iso3) as involved_iso3
    from listed
    group by activity_id
)

select
    a.*,
    coalesce(l.involved_iso3, cast([] as varchar[])) as involved_iso3
from stg_activities as a
left join lists as l on l.activity_id = a.activity_id
