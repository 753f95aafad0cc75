-- grain: one row: whether any seizure reported in the period by a selected country carries
-- illustrative values.
select coalesce(bool_or(fs.illustrative), false) as illustrative
from {{ filtered_seizures_monthly }} as fs
where fs.breakdown = 'ecommerce'
