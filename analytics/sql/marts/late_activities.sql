-- grain: one row per filtered activity that is late: end_date before $today and status
-- neither completed nor cancelled.
select
    fa.activity_id,
    fa.number,
    fa.title,
    fa.programme,
    fa.cluster,
    fa.status,
    fa.start_date,
    fa.end_date,
    cast($today as date) - fa.end_date as days_late,
    fa.host_iso3,
    c.name as host_name,
    fa.illustrative
from {{ filtered_activities }} as fa
left join stg_countries as c on c.iso3 = fa.host_iso3
where fa.end_date < cast($today as date)
    and fa.status not in ('completed', 'cancelled')
order by fa.end_date, fa.activity_id
