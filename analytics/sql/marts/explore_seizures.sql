-- grain: one row per reported seizure record (or monthly aggregate) of the period and the
-- selected countries; the columns of the contract.
with rows_ as (
    select t.* from {{ filtered_seizures }} as t
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
    rows_.illustrative
from rows_
order by rows_.year, rows_.month nulls first, rows_.iso3, rows_.seizure_id
limit $row_limit
