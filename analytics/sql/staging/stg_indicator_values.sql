with source as (
    select * from indicator_values
),

renamed as (
    select
        indicator_id,
        period_end,
        value,
        coalesce(illustrative, false) as illustrative
    from source
)

select * from renamed
