-- grain: one row per year, month (null when not reported), reporting state and value of one
-- breakdown of customs IPR reporting: `breakdown` names the column grouped on (ipr_type,
-- detention_result, hs_chapter or traffic); the other breakdown columns are null, and so is
-- the grouped column when the records do not report it.
-- Kept apart from seizures_monthly so that the marts of the other charts read no more rows
-- than before; built once at load from stg_seizures, with the period and the reporting state
-- whole, so any total over one breakdown equals the total over the seizures.
-- procedures and retail values stay null when no seizure of the row reports them; the cases
-- of the records that report procedures are kept beside them, to compare like with like.
select
    year,
    month,
    month_known,
    period_start,
    period_end,
    iso3,
    case
        when grouping(ipr_type) = 0 then 'ipr_type'
        when grouping(detention_result) = 0 then 'detention_result'
        when grouping(hs_chapter) = 0 then 'hs_chapter'
        else 'traffic'
    end as breakdown,
    ipr_type,
    detention_result,
    hs_chapter,
    traffic,
    cast(sum(cases) as bigint) as cases,
    cast(sum(procedures) as bigint) as procedures,
    cast(sum(case when procedures is not null then cases end) as bigint)
        as cases_with_procedures,
    cast(sum(articles) as bigint) as articles,
    sum(value_usd) as value_usd,
    sum(case when currency = 'EUR' then retail_value end) as retail_value_eur,
    sum(case when currency = 'USD' then retail_value end) as retail_value_usd,
    count(*) as records,
    bool_or(illustrative) as illustrative
from stg_seizures
group by
    year, month, month_known, period_start, period_end, iso3,
    grouping sets ((ipr_type), (detention_result), (hs_chapter), (traffic))
order by breakdown, year, month nulls first, iso3
