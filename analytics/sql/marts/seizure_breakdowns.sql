-- grain: one row per breakdown and value with seizures in the filtered selection: the
-- breakdowns the counterfeiting page charts side by side, asked as one statement (each asked
-- apart, DuckDB would bind and plan the same filtered rollup six times per rerun).
-- breakdown: product_category, transport_mode, provenance_iso3 (seizures_monthly), ipr_type,
-- detention_result, hs_chapter (seizures_customs_monthly); value: that column's value.
-- provenance: known provenance only, the $limit largest by articles; name: the countries
-- dataset's, null when the economy is not listed there (queries.breakdown_of names it then).
-- detention_result, hs_chapter: records that do not report them as 'not reported'.
-- procedures and retail values: customs breakdowns only (null for the others).
with by_value as (
    select
        fs.breakdown,
        case fs.breakdown
            when 'product_category' then fs.product_category
            when 'transport_mode' then fs.transport_mode
            else fs.provenance_iso3
        end as value,
        cast(sum(fs.cases) as bigint) as cases,
        cast(sum(fs.articles) as bigint) as articles,
        sum(fs.value_usd) as value_usd,
        cast(null as bigint) as procedures,
        cast(null as double) as retail_value_eur,
        cast(null as double) as retail_value_usd,
        max(case when fs.illustrative then 1 else 0 end) = 1 as illustrative
    from {{ filtered_seizures_monthly }} as fs
    where fs.breakdown in ('product_category', 'transport_mode')
        or (fs.breakdown = 'provenance_iso3' and fs.provenance_iso3 is not null)
    group by 1, 2

    union all

    select
        fc.breakdown,
        case fc.breakdown
            when 'ipr_type' then fc.ipr_type
            when 'detention_result' then coalesce(fc.detention_result, 'not reported')
            else coalesce(fc.hs_chapter, 'not reported')
        end as value,
        cast(sum(fc.cases) as bigint) as cases,
        cast(sum(fc.articles) as bigint) as articles,
        sum(fc.value_usd) as value_usd,
        cast(sum(fc.procedures) as bigint) as procedures,
        sum(fc.retail_value_eur) as retail_value_eur,
        sum(fc.retail_value_usd) as retail_value_usd,
        max(case when fc.illustrative then 1 else 0 end) = 1 as illustrative
    from {{ filtered_seizures_customs }} as fc
    where fc.breakdown in ('ipr_type', 'detention_result', 'hs_chapter')
    group by 1, 2
),

ranked as (
    select
        bv.*,
        row_number() over (
            partition by bv.breakdown order by bv.articles desc, bv.value
        ) as rank_in_breakdown
    from by_value as bv
)

select
    r.breakdown,
    r.value,
    c.name,
    r.cases,
    r.articles,
    r.value_usd,
    r.procedures,
    r.retail_value_eur,
    r.retail_value_usd,
    r.illustrative
from ranked as r
left join stg_countries as c on r.breakdown = 'provenance_iso3' and c.iso3 = r.value
where r.breakdown <> 'provenance_iso3' or r.rank_in_breakdown <= $limit
order by r.breakdown, r.rank_in_breakdown
