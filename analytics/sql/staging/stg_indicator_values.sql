with source as (
    select * from indicator_values
),

renamed as (
    select
        indicator_id,
        period_end,
        value,
        period_start,
        target,
        comment,
        document_title,
        document_url,
        target_comment,
        coalesce(illustrative, false) as illustrative
    from source
)

select * from renamed
