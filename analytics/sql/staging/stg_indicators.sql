with source as (
    select * from indicators
),

renamed as (
    select
        indicator_id,
        expected_result,
        name,
        unit,
        baseline,
        target,
        baseline_date,
        target_date,
        coalesce(illustrative, false) as illustrative
    from source
)

select * from renamed
