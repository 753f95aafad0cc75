-- grain: one row per filtered activity, undated ones included (has_dates false).
with involved as (
    select
        ac.activity_id,
        string_agg(c.name, ', ' order by c.name) as countries,
        string_agg(ac.iso3, ', ' order by ac.iso3) as country_codes
    from stg_activity_countries as ac
    inner join stg_countries as c on c.iso3 = ac.iso3
    group by ac.activity_id
)

select
    fa.activity_id,
    fa.number,
    fa.title,
    fa.cluster,
    fa.status,
    fa.programme,
    fa.work_plan,
    fa.activity_type,
    fa.start_date,
    fa.end_date,
    fa.host_iso3,
    host.name as host_name,
    fa.city,
    coalesce(i.countries, '') as countries,
    coalesce(i.country_codes, '') as country_codes,
    fa.expected_result,
    fa.illustrative,
    fa.has_dates
from {{ filtered_activities }} as fa
left join stg_countries as host on host.iso3 = fa.host_iso3
left join involved as i on i.activity_id = fa.activity_id
order by fa.cluster, fa.start_date nulls last, fa.activity_id
