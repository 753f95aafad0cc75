-- grain: one row: whether any seizure reported in the period by a selected country carries
-- illustrative values.
select coalesce(bool_or(fs.illustrative), false) as illustrative
from {{ seizures_counted_once }} as fs
