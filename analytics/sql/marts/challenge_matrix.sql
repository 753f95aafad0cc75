-- grain: one row per country and challenge assessed in the period: the latest assessment.
with ranked as (
    select
        fc.*,
        row_number() over (partition by fc.iso3, fc.challenge order by fc.year desc) as recency
    from {{ filtered_challenges }} as fc
)

select
    r.iso3,
    c.name,
    r.challenge,
    r.year,
    r.severity,
    r.source,
    r.illustrative
from ranked as r
inner join stg_countries as c on c.iso3 = r.iso3
where r.recency = 1
order by c.name, r.challenge
