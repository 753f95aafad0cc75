-- grain: one row per year, month, reporting state and ecommerce value (true, false or null)
-- of the monthly rollup, for the seizures reported in the period by a selected country: each
-- of those seizures counted exactly once.
-- The rollup holds every seizure once per breakdown (ecommerce, product_category,
-- transport_mode, provenance_iso3), so adding it up whole would count each seizure four
-- times. Any one breakdown covers all seizures once; this relation keeps the ecommerce one,
-- so its `ecommerce` column also tells e-commerce seizures apart. The marts that add seizures
-- up (cases, articles, records, value) read this relation; a mart grouped by another
-- breakdown reads filtered_seizures_monthly and keeps that breakdown itself.
-- It reads the rollup directly rather than filtered_seizures_monthly (same filters), which
-- spares DuckDB one nested relation to plan per question.
select m.*
from seizures_monthly as m
where m.breakdown = 'ecommerce'
    and {{ seizure_filters }}
