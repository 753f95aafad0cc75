-- grain: one row for country $iso3 (the query function also sets the country filter to it).
with activity_figures as (
    select
        count(*) as activities,
        count(case when status = 'completed' then 1 end) as completed,
        count(case when status = 'ongoing' then 1 end) as ongoing,
        count(case when status = 'planned' then 1 end) as planned,
        count(case when host_iso3 = $iso3 then 1 end) as hosted
    from {{ filtered_activities }} as fa
),

participation_figures as (
    select
        cast(sum(participants) as bigint) as participants,
        cast(sum(women) as bigint) as women,
        cast(sum(participants_gender_known) as bigint) as participants_gender_known
    from {{ filtered_participation }} as fp
),

seizure_figures as (
    select
        cast(sum(cases) as bigint) as seizure_cases,
        cast(sum(articles) as bigint) as articles,
        sum(value_usd) as value_usd
    from {{ seizures_counted_once }} as fs
)

select
    c.iso3,
    c.name,
    c.name_local,
    c.region,
    c.asean_member,
    c.member_since,
    coalesce(c.member_since <= {{ as_of_date }}, false) as member_at_period_end,
    af.activities,
    coalesce(af.hosted, 0) as hosted,
    coalesce(af.completed, 0) as completed,
    coalesce(af.ongoing, 0) as ongoing,
    coalesce(af.planned, 0) as planned,
    coalesce(pf.participants, 0) as participants,
    coalesce(pf.women, 0) as women,
    case
        when pf.participants_gender_known > 0
            then cast(pf.women as double) / pf.participants_gender_known
    end as women_share,
    coalesce(sf.seizure_cases, 0) as seizure_cases,
    coalesce(sf.articles, 0) as articles,
    coalesce(sf.value_usd, 0) as value_usd
from stg_countries as c
cross join activity_figures as af
cross join participation_figures as pf
cross join seizure_figures as sf
where c.iso3 = $iso3
