-- grain: one row per activity matching the filters (columns of stg_activities, and
-- involved_iso3 from the activity_involvement rollup).
-- Countries: the activity involves a selected country (activity_countries) or is hosted there.
-- Period: the activity's dates overlap [$start, $end]; undated activities are always kept
-- because they cannot be placed in time (pages say so).
select a.*
from activity_involvement as a
where ($all_programmes or list_contains($programmes, a.programme))
    and ($all_clusters or list_contains($clusters, a.cluster))
    and (
        $all_expected_results
        or list_contains($expected_results, cast(a.expected_result as varchar))
    )
    and ($all_statuses or list_contains($statuses, a.status))
    and ($all_countries or list_has_any(cast($countries as varchar[]), a.involved_iso3))
    and (
        not a.has_dates
        or (
            (cast($start as date) is null or a.last_date >= cast($start as date))
            and (cast($end as date) is null or a.start_date <= cast($end as date))
        )
    )
