-- grain: one row: how many rows explore_seizures returns for the filters (the seizures
-- counted in the monthly rollup, which the filters select exactly as they select seizures).
select cast(coalesce(sum(fs.records), 0) as bigint) as row_count
from {{ seizures_counted_once }} as fs
