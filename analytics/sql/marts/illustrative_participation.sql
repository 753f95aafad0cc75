-- grain: one row: whether any participation row explore_participation returns for the filters
-- carries illustrative values.
select coalesce(bool_or(t.illustrative), false) as illustrative
from {{ filtered_participation }} as t
