-- grain: one row per HS chapter (the first two digits of hs_code) with seizures in the
-- filtered selection ('not reported' for the records that give no hs_code).
select
    coalesce(fs.hs_chapter, 'not reported') as hs_chapter,
    cast(sum(fs.cases) as bigint) as cases,
    cast(sum(fs.articles) as bigint) as articles,
    sum(fs.value_usd) as value_usd,
    cast(sum(fs.procedures) as bigint) as procedures,
    sum(fs.retail_value_eur) as retail_value_eur,
    sum(fs.retail_value_usd) as retail_value_usd,
    max(case when fs.illustrative then 1 else 0 end) = 1 as illustrative
from {{ filtered_seizures_customs }} as fs
where fs.breakdown = 'hs_chapter'
group by 1
order by articles desc, 1
