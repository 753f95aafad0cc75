with source as (
    select * from indicator_disaggregations
),

renamed as (
    select
        indicator_id,
        value_type,
        period_end,
        dimension,
        category,
        value,
        comment,
        document_title,
        document_url,
        coalesce(illustrative, false) as illustrative
    from source
)

select * from renamed
