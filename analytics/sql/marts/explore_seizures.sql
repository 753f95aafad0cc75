-- grain: one row per reported seizure record (or monthly aggregate) of the period and the
-- selected countries; the columns of the contract, in the explorer's order.
-- The monthly rollup tells which (year, month, country) groups hold the first $row_limit
-- rows; only those seizures are read and sorted (the loader stores seizures in this order,
-- so the others are skipped by block). Without a limit every group is needed.
with groups as (
    select fs.year, fs.month, fs.iso3, sum(fs.records) as records
    from {{ seizures_counted_once }} as fs
    group by fs.year, fs.month, fs.iso3
),

needed as (
    select g.year, g.month, g.iso3
    from (
        select
            groups.*,
            coalesce(sum(records) over (
                order by year, month nulls first, iso3
                rows between unbounded preceding and 1 preceding
            ), 0) as before
        from groups
    ) as g
    where $row_limit is null or g.before < $row_limit
),

rows_ as (
    select t.* from {{ filtered_seizures }} as t
    semi join needed as n
        on t.year = n.year and t.month is not distinct from n.month and t.iso3 = n.iso3
)

select
    rows_.seizure_id,
    rows_.year,
    rows_.month,
    rows_.iso3,
    rows_.product_category,
    rows_.transport_mode,
    rows_.ecommerce,
    rows_.provenance_iso3,
    rows_.ipr_type,
    rows_.cases,
    rows_.articles,
    rows_.value_usd,
    rows_.procedures,
    rows_.retail_value,
    rows_.currency,
    rows_.traffic,
    rows_.detention_result,
    rows_.hs_code,
    rows_.illustrative
from rows_
order by rows_.year, rows_.month nulls first, rows_.iso3, rows_.seizure_id
limit $row_limit
