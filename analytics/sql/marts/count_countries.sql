-- grain: one row: how many rows explore_countries returns for the filters.
select count(*) as row_count
from (
    select t.* from stg_countries as t
    where $all_countries or list_contains($countries, t.iso3)
) as rows_
