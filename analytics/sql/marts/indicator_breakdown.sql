-- grain: one row per selected indicator, value type (baseline, target, actual), period,
-- dimension and category whose period ends in the selected period.
-- total: the value of the same kind without a breakdown (indicators.baseline at its date,
-- indicator_values.target or .value of the period), when given. categories_sum: the sum of
-- the dimension's categories. reconciles: whether the two agree (empty when there is no total
-- or the measure does not add up: a percentage, a score).
with

parts as (
    select d.*
    from stg_indicator_disaggregations as d
    where d.indicator_id in (select fi.indicator_id from {{ filtered_indicators }} as fi)
        and (cast($start as date) is null or d.period_end >= cast($start as date))
        and (cast($end as date) is null or d.period_end <= cast($end as date))
),

totals as (
    select indicator_id, 'actual' as value_type, period_end, value as total
    from stg_indicator_values
    where value is not null
    union all
    select indicator_id, 'target' as value_type, period_end, target as total
    from stg_indicator_values
    where target is not null
    union all
    select indicator_id, 'baseline' as value_type, baseline_date as period_end, baseline as total
    from stg_indicators
    where baseline is not null and baseline_date is not null
),

sums as (
    select indicator_id, value_type, period_end, dimension, sum(value) as categories_sum
    from parts
    group by indicator_id, value_type, period_end, dimension
)

select
    p.indicator_id,
    i.name,
    i.unit,
    i.measure,
    p.value_type,
    p.period_end,
    p.dimension,
    p.category,
    p.value,
    t.total,
    s.categories_sum,
    case
        when t.total is null or coalesce(i.measure, 'unit') <> 'unit' then null
        else abs(s.categories_sum - t.total) <= 1e-9 * greatest(1.0, abs(t.total))
    end as reconciles,
    p.comment,
    p.document_title,
    p.document_url,
    p.illustrative or i.illustrative as illustrative
from parts as p
inner join stg_indicators as i on i.indicator_id = p.indicator_id
inner join sums as s
    on s.indicator_id = p.indicator_id and s.value_type = p.value_type
    and s.period_end = p.period_end and s.dimension = p.dimension
left join totals as t
    on t.indicator_id = p.indicator_id and t.value_type = p.value_type
    and t.period_end = p.period_end
order by p.indicator_id, p.dimension, p.period_end, p.value_type, p.category
