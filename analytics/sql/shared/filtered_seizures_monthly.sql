-- grain: one row of the seizures_monthly rollup per breakdown, for the seizures reported in
-- the period by a selected country. Every breakdown covers all those seizures once, so a
-- mart must keep a single breakdown (where breakdown = '...') before it adds anything up.
select m.*
from seizures_monthly as m
where {{ seizure_filters }}
