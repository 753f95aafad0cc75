-- grain: one row per filtered activity that serves an expected result.
select
    fa.expected_result,
    fa.activity_id,
    fa.number,
    fa.title,
    fa.cluster,
    fa.status,
    fa.start_date,
    fa.end_date,
    fa.has_dates,
    fa.illustrative
from {{ filtered_activities }} as fa
where fa.expected_result is not null
order by fa.expected_result, fa.number, fa.activity_id
