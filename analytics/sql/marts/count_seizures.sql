-- grain: one row: how many rows explore_seizures returns for the filters.
select count(*) as row_count
from (
    select t.* from {{ filtered_seizures }} as t
) as rows_
