-- grain: one row of the seizures_customs_monthly rollup per breakdown, for the seizures
-- reported in the period by a selected country. A mart keeps a single breakdown
-- (`where breakdown = '...'`) before it adds anything up.
select m.*
from seizures_customs_monthly as m
where {{ seizure_filters }}
