-- grain: one row per activity, country and agency type
-- (the filtered activities' rows of the selected countries); the columns of the contract.
with rows_ as (
    select t.* from {{ filtered_participation }} as t
)

select
    rows_.activity_id,
    rows_.iso3,
    rows_.agency_type,
    rows_.participants,
    rows_.women,
    rows_.illustrative
from rows_
order by rows_.activity_id, rows_.iso3, rows_.agency_type
limit $row_limit
