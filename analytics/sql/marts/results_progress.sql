-- grain: one row per indicator of the selected expected results.
-- latest value: the last one measured on or before the as-of date (period end, else $today).
-- progress = (latest - baseline) / (target - baseline), against the final target.
-- time_elapsed = share of [baseline_date (else first period_end), target_date] elapsed at the
-- as-of date, between 0 and 1.
-- due_target: the target of the last period ending on or before the as-of date that has one;
-- without such a period, the straight line from baseline to the final target at the as-of
-- date. shortfall = how far the latest value falls short of it, as a share of the due target
-- (of its distance from the baseline when the due target is 0), signed by direction: below 0
-- is ahead.
-- rag, by $rag_rule (analytics.queries.RagRule words both, as the page and pack show):
--   'time elapsed': green if progress >= time_elapsed - 0.10, amber if >= time_elapsed - 0.25,
--   red otherwise;
--   'tolerance': green if shortfall <= $tolerance, amber if <= 2 * $tolerance, red otherwise;
-- 'no data' without a value, or without a target to judge it against (an imported indicator
-- may have none).
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

due as (
    select
        v.indicator_id,
        v.period_end,
        v.target,
        row_number() over (
            partition by v.indicator_id order by v.period_end desc
        ) as recency
    from stg_indicator_values as v
    where v.period_end <= {{ as_of_date }}
        and v.target is not null
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
        coalesce(i.direction, 'higher is better') as direction,
        i.result_title,
        i.activity_id,
        m.value as latest_value,
        m.period_end as latest_period_end,
        (m.value - i.baseline) / (i.target - i.baseline) as progress,
        coalesce(i.baseline_date, fp.first_period_end) as start_of_measure,
        d.target as period_target,
        d.period_end as due_period_end,
        {{ as_of_date }} as as_of,
        i.illustrative or coalesce(m.illustrative, false) as illustrative
    from {{ filtered_indicators }} as i
    left join measured as m on m.indicator_id = i.indicator_id and m.recency = 1
    left join due as d on d.indicator_id = i.indicator_id and d.recency = 1
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
),

judged as (
    select
        t.*,
        coalesce(t.period_target, t.baseline + (t.target - t.baseline) * t.time_elapsed)
            as due_target
    from timed as t
),

shortfalls as (
    select
        j.*,
        (case when j.direction = 'lower is better' then -1 else 1 end)
            * (j.due_target - j.latest_value)
            / nullif(abs(case when j.due_target = 0 then j.due_target - j.baseline
                              else j.due_target end), 0) as shortfall
    from judged as j
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
        when latest_value is null then 'no data'
        when $rag_rule = 'tolerance' then case
            when shortfall is null then 'no data'
            when shortfall <= $tolerance then 'green'
            when shortfall <= 2 * $tolerance then 'amber'
            else 'red'
        end
        when progress is null or time_elapsed is null then 'no data'
        when progress >= time_elapsed - 0.10 then 'green'
        when progress >= time_elapsed - 0.25 then 'amber'
        else 'red'
    end as rag,
    as_of,
    illustrative,
    direction,
    due_target,
    due_period_end,
    shortfall,
    result_title,
    activity_id
from shortfalls
order by expected_result, indicator_id
