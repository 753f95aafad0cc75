-- grain: one row per year with seizures reported in the period by the selected countries.
-- ecommerce_share: share of cases ordered through an e-commerce platform.
with totals as (
    select
        year,
        cast(sum(cases) as bigint) as cases,
        cast(sum(articles) as bigint) as articles,
        sum(value_usd) as value_usd,
        cast(sum(case when ecommerce then cases else 0 end) as bigint) as ecommerce_cases,
        cast(sum(case when not month_known then records else 0 end) as bigint)
            as records_without_month,
        max(case when illustrative then 1 else 0 end) = 1 as illustrative
    from {{ seizures_counted_once }} as fs
    group by year
)

select
    year,
    cases,
    articles,
    value_usd,
    ecommerce_cases,
    case when cases > 0 then cast(ecommerce_cases as double) / cases end as ecommerce_share,
    records_without_month,
    illustrative
from totals
order by year
