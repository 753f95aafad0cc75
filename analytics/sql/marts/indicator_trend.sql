-- grain: one row per indicator of the selected expected results and period_end in the period.
select
    i.indicator_id,
    i.expected_result,
    i.name,
    i.unit,
    v.period_end,
    v.value,
    i.baseline,
    i.target,
    i.baseline_date,
    i.target_date,
    i.illustrative or v.illustrative as illustrative
from {{ filtered_indicators }} as i
inner join stg_indicator_values as v on v.indicator_id = i.indicator_id
where (cast($start as date) is null or v.period_end >= cast($start as date))
    and (cast($end as date) is null or v.period_end <= cast($end as date))
order by i.expected_result, i.indicator_id, v.period_end
