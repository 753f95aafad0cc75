-- grain: one row per product category with seizures in the filtered selection.
select
    product_category,
    cast(sum(cases) as bigint) as cases,
    cast(sum(articles) as bigint) as articles,
    sum(value_usd) as value_usd,
    max(case when illustrative then 1 else 0 end) = 1 as illustrative
from {{ filtered_seizures_monthly }} as fs
where fs.breakdown = 'product_category'
group by product_category
order by articles desc, product_category
