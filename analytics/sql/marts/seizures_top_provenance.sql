-- grain: one row per economy of provenance (known provenance only), the $limit largest by
-- articles seized; the name comes from countries when the economy is listed there.
select
    fs.provenance_iso3,
    coalesce(c.name, fs.provenance_iso3) as provenance_name,
    cast(sum(fs.cases) as bigint) as cases,
    cast(sum(fs.articles) as bigint) as articles,
    sum(fs.value_usd) as value_usd,
    max(case when fs.illustrative then 1 else 0 end) = 1 as illustrative
from {{ filtered_seizures_monthly }} as fs
left join stg_countries as c on c.iso3 = fs.provenance_iso3
where fs.breakdown = 'provenance_iso3' and fs.provenance_iso3 is not null
group by fs.provenance_iso3, c.name
order by articles desc, fs.provenance_iso3
limit $limit
