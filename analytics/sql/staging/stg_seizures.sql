with source as (
    select * from seizures
),

renamed as (
    select
        seizure_id,
        year,
        month,
        iso3,
        product_category,
        transport_mode,
        ecommerce,
        provenance_iso3,
        ipr_type,
        cases,
        articles,
        value_usd,
        procedures,
        retail_value,
        currency,
        traffic,
        detention_result,
        hs_code,
        -- the HS chapter: the first two digits of the subheading
        left(hs_code, 2) as hs_chapter,
        coalesce(illustrative, false) as illustrative,
        month is not null as month_known,
        -- a row without a month is placed in January for time series, but covers its whole
        -- year when matched against a period
        make_date(year, coalesce(month, 1), 1) as period_start,
        case
            when month is null then make_date(year, 12, 31)
            else last_day(make_date(year, month, 1))
        end as period_end
    from source
)

select * from renamed
