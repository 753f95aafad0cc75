-- grain: one row: how many rows explore_activities returns for the filters.
select count(*) as row_count
from (
    select t.* from {{ filtered_activities }} as t
) as rows_
