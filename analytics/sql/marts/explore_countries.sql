-- grain: one row per economy (the selected countries); the columns of the contract.
with rows_ as (
    select t.* from stg_countries as t
    where $all_countries or list_contains($countries, t.iso3)
)

select
    rows_.iso3,
    rows_.name,
    rows_.name_local,
    rows_.asean_member,
    rows_.member_since,
    rows_.region
from rows_
order by rows_.iso3
limit $row_limit
