-- grain: one row: how many rows explore_participation returns for the filters.
select count(*) as row_count
from (
    select t.* from {{ filtered_participation }} as t
) as rows_
