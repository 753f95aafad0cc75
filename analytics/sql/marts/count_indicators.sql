-- grain: one row: how many rows explore_indicators returns for the filters.
select count(*) as row_count
from (
    select t.* from {{ filtered_indicators }} as t
) as rows_
