-- grain: one row per ASEAN member state (today's members, selected countries only);
-- member_at_period_end says whether it was a member at the period's end (or $today).
with reach as (
    select iso3, count(distinct activity_id) as activities
    from {{ activity_reach }} as r
    group by iso3
),

people as (
    select
        iso3,
        cast(sum(participants) as bigint) as participants,
        cast(sum(women) as bigint) as women,
        cast(sum(participants_gender_known) as bigint) as participants_gender_known
    from {{ filtered_participation }} as fp
    group by iso3
)

select
    c.iso3,
    c.name,
    coalesce(r.activities, 0) as activities,
    coalesce(p.participants, 0) as participants,
    coalesce(p.women, 0) as women,
    case
        when p.participants_gender_known > 0
            then cast(p.women as double) / p.participants_gender_known
    end as women_share,
    c.member_since,
    c.member_since <= {{ as_of_date }} as member_at_period_end
from stg_countries as c
left join reach as r on r.iso3 = c.iso3
left join people as p on p.iso3 = c.iso3
where c.asean_member
    and ($all_countries or list_contains($countries, c.iso3))
order by c.name
