-- grain: one row per indicator of the selected expected results.
-- latest value: the last one measured on or before the as-of date (period end, else $today).
-- progress = (latest - baseline) / (target - baseline).
-- time_elapsed = share of [baseline_date (else first period_end), target_date] elapsed at the
-- as-of date, between 0 and 1.
-- rag: green if progress >= time_elapsed - 0.10, amber if >= time_elapsed - 0.25, red
-- otherwise, 'no data' without a value, or without a target to judge it against (an imported
-- indicator may have none) (analytics.queries.RAG_RULE says the same).
with measured as (
    select
        v.indicator_id,
        v.period_end,
        v.value,
        v.illustrative,
        row_number() over (
            partition by v.indicator_id order by v.period_end desc
        ) as recency
    from stg_indicator_values as v
    where v.period_end <= {{ as_of_date }}
        and v.value is not null  -- a period planned, not yet measured
),

first_period as (
    select indicator_id, min(period_end) as first_period_end
    from stg_indicator_values
    group by indicator_id
),

scored as (
    select
        i.indicator_id,
        i.expected_result,
        i.name,
        i.unit,
        i.baseline,
        i.target,
        i.baseline_date,
        i.target_date,
        m.value as latest_value,
        m.period_end as latest_period_end,
        (m.value - i.baseline) / (i.target - i.baseline) as progress,
        coalesce(i.baseline_date, fp.first_period_end) as start_of_measure,
        {{ as_of_date }} as as_of,
        i.illustrative or coalesce(m.illustrative, false) as illustrative
    from {{ filtered_indicators }} as i
    left join measured as m on m.indicator_id = i.indicator_id and m.recency = 1
    left join first_period as fp on fp.indicator_id = i.indicator_id
),

timed as (
    select
        s.*,
        case
            when s.start_of_measure is null then null
            when s.as_of <= s.start_of_measure then 0.0
            when s.as_of >= s.target_date then 1.0
            else cast(s.as_of - s.start_of_measure as double)
                / (s.target_date - s.start_of_measure)
        end as time_elapsed
    from scored as s
)

select
    indicator_id,
    expected_result,
    name,
    unit,
    baseline,
    target,
    baseline_date,
    target_date,
    latest_value,
    latest_period_end,
    progress,
    time_elapsed,
    case
        when latest_value is null or progress is null or time_elapsed is null then 'no data'
        when progress >= time_elapsed - 0.10 then 'green'
        when progress >= time_elapsed - 0.25 then 'amber'
        else 'red'
    end as rag,
    as_of,
    illustrative
from timed
order by expected_result, indicator_id
