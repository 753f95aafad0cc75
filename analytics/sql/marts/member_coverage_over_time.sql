-- grain: one row per year from the first to the last year of the dated filtered activities
-- (within the period). members: ASEAN members at that year's end (among the selected
-- countries); members_reached: those of them involved in an activity running that year.
-- An activity runs in each year from its start to its last date; its years are listed on its
-- own row (generate_series) rather than found by joining every year to every activity.
with dated_activities as (
    select
        fa.activity_id,
        cast(extract(year from fa.start_date) as integer) as first_year,
        cast(extract(year from fa.last_date) as integer) as last_year
    from {{ filtered_activities }} as fa
    where fa.has_dates
),

years as (
    select cast(unnest(generate_series(
        greatest(
            min(first_year),
            coalesce(cast(extract(year from cast($start as date)) as integer), min(first_year))
        ),
        least(
            max(last_year),
            coalesce(cast(extract(year from cast($end as date)) as integer), max(last_year))
        )
    )) as integer) as year
    from dated_activities
    having count(*) > 0
),

members as (
    select y.year, c.iso3
    from years as y
    inner join stg_countries as c
        on c.member_since is not null
        and c.member_since <= make_date(y.year, 12, 31)
    where $all_countries or list_contains($countries, c.iso3)
),

reached as (
    select distinct
        r.iso3,
        cast(unnest(generate_series(a.first_year, a.last_year)) as integer) as year
    from dated_activities as a
    inner join {{ activity_reach }} as r on r.activity_id = a.activity_id
),

counts as (
    select m.year, count(*) as members, count(r.iso3) as members_reached
    from members as m
    left join reached as r on r.year = m.year and r.iso3 = m.iso3
    group by m.year
)

select
    y.year,
    coalesce(c.members, 0) as members,
    coalesce(c.members_reached, 0) as members_reached,
    case
        when c.members > 0 then cast(c.members_reached as double) / c.members
    end as share_reached
from years as y
left join counts as c on c.year = y.year
order by y.year
