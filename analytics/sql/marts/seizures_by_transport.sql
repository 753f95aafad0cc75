-- grain: one row per transport mode with seizures in the filtered selection.
select
    transport_mode,
    cast(sum(cases) as bigint) as cases,
    cast(sum(articles) as bigint) as articles,
    sum(value_usd) as value_usd,
    max(case when illustrative then 1 else 0 end) = 1 as illustrative
from {{ filtered_seizures_monthly }} as fs
where fs.breakdown = 'transport_mode'
group by transport_mode
order by articles desc, transport_mode
