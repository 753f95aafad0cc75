-- grain: one row: how many rows explore_countries returns for the filters.
select count(*) as row_count
from (
    select t.* from stg_countries as t
    where $all_countries or t.iso3 in (select unnest($countries))
) as rows_
