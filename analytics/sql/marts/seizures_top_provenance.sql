-- grain: one row per economy of provenance (known provenance only), the $limit largest by
-- articles seized; provenance_name is the countries dataset's name, null when the economy is
-- not listed there (queries.seizures_top_provenance names it then).
select
    fs.provenance_iso3,
    c.name as provenance_name,
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
