-- grain: one row per year, month (null when not reported), reporting state and value of one
-- breakdown: `breakdown` names the column grouped on (ecommerce, product_category,
-- transport_mode or provenance_iso3); the other breakdown columns are null.
-- Built once at load from stg_seizures, so that the seizure marts read tens of thousands of
-- rows instead of millions. The filters only look at the period and the reporting state, which
-- are kept whole here, so any total over these rows equals the total over the seizures.
-- value_usd stays null when no seizure of the row reports a value (sum over nulls is null).
select
    year,
    month,
    month_known,
    period_start,
    period_end,
    iso3,
    case
        when grouping(ecommerce) = 0 then 'ecommerce'
        when grouping(product_category) = 0 then 'product_category'
        when grouping(transport_mode) = 0 then 'transport_mode'
        else 'provenance_iso3'
    end as breakdown,
    ecommerce,
    product_category,
    transport_mode,
    provenance_iso3,
    cast(sum(cases) as bigint) as cases,
    cast(sum(articles) as bigint) as articles,
    sum(value_usd) as value_usd,
    count(*) as records,
    bool_or(illustrative) as illustrative
from stg_seizures
group by
    year, month, month_known, period_start, period_end, iso3,
    grouping sets ((ecommerce), (product_category), (transport_mode), (provenance_iso3))
order by breakdown, year, month nulls first, iso3
