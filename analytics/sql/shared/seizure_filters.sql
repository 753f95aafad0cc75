-- The filters that apply to seizures, as a condition on a relation with period_start,
-- period_end and iso3 (stg_seizures or seizures_monthly): the record's period overlaps the
-- selected one (a record without a month covers its whole year) and a selected country
-- reported it. Programme, cluster, result and status filters do not apply to seizures.
(cast($start as date) is null or period_end >= cast($start as date))
    and (cast($end as date) is null or period_start <= cast($end as date))
    and ($all_countries or list_contains($countries, iso3))
