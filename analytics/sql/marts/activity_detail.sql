-- grain: one row per country of activity $activity_id and agency type (a country listed
-- without participation figures has one row with an empty agency_type).
with listed as (
    select ac.iso3, ac.role
    from stg_activity_countries as ac
    where ac.activity_id = $activity_id
),

participated as (
    select p.iso3, p.agency_type, p.participants, p.women, p.illustrative
    from stg_participation as p
    where p.activity_id = $activity_id
),

countries_of_activity as (
    select iso3 from listed
    union
    select iso3 from participated
)

select
    coa.iso3,
    c.name,
    c.asean_member,
    l.role,
    pa.agency_type,
    pa.participants,
    pa.women,
    pa.illustrative
from countries_of_activity as coa
inner join stg_countries as c on c.iso3 = coa.iso3
left join listed as l on l.iso3 = coa.iso3
left join participated as pa on pa.iso3 = coa.iso3
order by
    case l.role when 'host' then 0 when 'beneficiary' then 1 when 'participant' then 2 else 3 end,
    c.name,
    pa.agency_type
