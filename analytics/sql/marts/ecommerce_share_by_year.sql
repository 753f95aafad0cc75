-- grain: one row per year with seizures in the filtered selection; shares of cases and of
-- articles that were ordered through an e-commerce platform.
with totals as (
    select
        year,
        cast(sum(cases) as bigint) as cases,
        cast(sum(case when ecommerce then cases else 0 end) as bigint) as ecommerce_cases,
        cast(sum(articles) as bigint) as articles,
        cast(sum(case when ecommerce then articles else 0 end) as bigint) as ecommerce_articles
    from {{ seizures_counted_once }} as fs
    group by year
)

select
    year,
    cases,
    ecommerce_cases,
    case when cases > 0 then cast(ecommerce_cases as double) / cases end as ecommerce_share,
    articles,
    ecommerce_articles,
    case
        when articles > 0 then cast(ecommerce_articles as double) / articles
    end as ecommerce_articles_share
from totals
order by year
