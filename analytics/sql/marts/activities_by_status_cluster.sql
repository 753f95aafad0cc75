-- grain: one row per cluster and status with at least one filtered activity.
select
    cluster,
    status,
    count(*) as activities,
    count(case when not has_dates then 1 end) as undated
from {{ filtered_activities }} as fa
group by cluster, status
order by cluster, status
