-- grain: one row per indicator of the selected expected results and reporting period; an
-- indicator without periods has one row with its period columns empty. The whole plan is
-- shown (periods to come included): of the filters, only the expected result applies.
-- result: the AWP1 expected result (its name is added from the contract) or the result_title
-- of an imported results framework, with its level and the activity whose result it is.
with

periods as (
    select * from stg_indicator_values
),

activities as (
    select activity_id, title from stg_activities
)

select
    i.expected_result,
    i.result_title,
    i.result_level,
    i.activity_id,
    a.title as activity_title,
    i.indicator_id,
    i.name,
    i.description,
    i.measure,
    coalesce(i.direction, 'higher is better') as direction,
    coalesce(i.cumulative, false) as cumulative,
    i.unit,
    i.baseline,
    i.baseline_date,
    i.baseline_comment,
    i.baseline_document_title,
    i.baseline_document_url,
    i.target as final_target,
    i.target_date,
    p.period_start,
    p.period_end,
    p.target as period_target,
    p.target_comment,
    p.value,
    p.comment,
    p.document_title,
    p.document_url,
    i.illustrative or coalesce(p.illustrative, false) as illustrative
from {{ filtered_indicators }} as i
left join periods as p on p.indicator_id = i.indicator_id
left join activities as a on a.activity_id = i.activity_id
order by i.expected_result nulls last, i.activity_id, i.result_title, i.indicator_id,
    p.period_end
