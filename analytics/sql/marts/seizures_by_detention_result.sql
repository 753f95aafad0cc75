-- grain: one row per result of the detention with seizures in the filtered selection
-- ('not reported' for the records that give none).
select
    coalesce(fs.detention_result, 'not reported') as detention_result,
    cast(sum(fs.cases) as bigint) as cases,
    cast(sum(fs.articles) as bigint) as articles,
    sum(fs.value_usd) as value_usd,
    cast(sum(fs.procedures) as bigint) as procedures,
    sum(fs.retail_value_eur) as retail_value_eur,
    sum(fs.retail_value_usd) as retail_value_usd,
    max(case when fs.illustrative then 1 else 0 end) = 1 as illustrative
from {{ filtered_seizures_customs }} as fs
where fs.breakdown = 'detention_result'
group by 1
order by articles desc, 1
