-- the reference date of "as of": the period's end when given, otherwise $today
coalesce(cast($end as date), cast($today as date))
