-- grain: one row per activity matching the filters (columns of stg_activities).
-- Countries: the activity involves a selected country (activity_countries) or is hosted there.
-- Period: the activity's dates overlap [$start, $end]; undated activities are always kept
-- because they cannot be placed in time (pages say so).
select a.*
from stg_activities as a
where ($all_programmes or a.programme in (select unnest($programmes)))
    and ($all_clusters or a.cluster in (select unnest($clusters)))
    and (
        $all_expected_results
        or cast(a.expected_result as varchar) in (select unnest($expected_results))
    )
    and ($all_statuses or a.status in (select unnest($statuses)))
    and (
        $all_countries
        or a.host_iso3 in (select unnest($countries))
        or a.activity_id in (
            select ac.activity_id
            from stg_activity_countries as ac
            where ac.iso3 in (select unnest($countries))
        )
    )
    and (
        not a.has_dates
        or (
            (cast($start as date) is null or a.last_date >= cast($start as date))
            and (cast($end as date) is null or a.start_date <= cast($end as date))
        )
    )
