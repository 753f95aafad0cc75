-- grain: one row: how many rows explore_challenges returns for the filters.
select count(*) as row_count
from (
    select t.* from {{ filtered_challenges }} as t
) as rows_
