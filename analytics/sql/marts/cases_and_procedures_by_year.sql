-- grain: one row per year with seizures in the filtered selection.
-- cases: all cases; procedures: the procedures of the records that report them, beside
-- cases_with_procedures, the cases of those same records (like with like).
select
    fs.year,
    cast(sum(fs.cases) as bigint) as cases,
    cast(sum(fs.procedures) as bigint) as procedures,
    cast(sum(fs.cases_with_procedures) as bigint) as cases_with_procedures,
    max(case when fs.illustrative then 1 else 0 end) = 1 as illustrative
from {{ filtered_seizures_customs }} as fs
where fs.breakdown = 'ipr_type'  -- every record once: ipr_type is always given
group by fs.year
order by fs.year
