-- grain: one row per seizure record reported in the period by a selected country.
select s.*
from stg_seizures as s
where {{ seizure_filters }}
