-- grain: one row per year from the first to the last year of the dated filtered activities
-- (within the period). members: ASEAN members at that year's end (among the selected
-- countries); members_reached: those of them involved in an activity running that year.
with dated_activities as (
    select fa.*
    from {{ filtered_activities }} as fa
    where fa.has_dates
),

bounds as (
    select
        cast(min(extract(year from start_date)) as integer) as first_active_year,
        cast(max(extract(year from last_date)) as integer) as last_active_year,
        cast(extract(year from cast($start as date)) as integer) as first_period_year,
        cast(extract(year from cast($end as date)) as integer) as last_period_year
    from dated_activities
),

years as (
    select cast(unnest(generate_series(
        greatest(b.first_active_year, coalesce(b.first_period_year, b.first_active_year)),
        least(b.last_active_year, coalesce(b.last_period_year, b.last_active_year))
    )) as integer) as year
    from bounds as b
    where b.first_active_year is not null
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
    select distinct y.year, r.iso3
    from years as y
    inner join dated_activities as a
        on extract(year from a.start_date) <= y.year
        and extract(year from a.last_date) >= y.year
    inner join {{ activity_reach }} as r on r.activity_id = a.activity_id
),

member_counts as (
    select year, count(*) as members
    from members
    group by year
),

reached_counts as (
    select m.year, count(*) as members_reached
    from members as m
    inner join reached as r on r.year = m.year and r.iso3 = m.iso3
    group by m.year
)

select
    y.year,
    coalesce(mc.members, 0) as members,
    coalesce(rc.members_reached, 0) as members_reached,
    case
        when mc.members > 0 then cast(coalesce(rc.members_reached, 0) as double) / mc.members
    end as share_reached
from years as y
left join member_counts as mc on mc.year = y.year
left join reached_counts as rc on rc.year = y.year
order by y.year
