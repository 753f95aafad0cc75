-- grain: one row per indicator of a selected expected result (other filters do not apply).
select i.*
from stg_indicators as i
where $all_expected_results
    or list_contains($expected_results, cast(i.expected_result as varchar))
