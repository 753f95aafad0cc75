-- grain: one row of the seizures_monthly rollup per breakdown, for the seizures reported in
-- the period by a selected country. Every breakdown covers all those seizures once, so a
-- mart must keep a single breakdown before it adds anything up: seizures_counted_once for
-- totals, `where breakdown = '...'` for a mart grouped by that breakdown.
select m.*
from seizures_monthly as m
where {{ seizure_filters }}
