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
        result_title,
        result_level,
        activity_id,
        measure,
        direction,  -- empty reads as 'higher is better' (IATI's default) in the marts
        cumulative,
        description,
        baseline_comment,
        baseline_document_title,
        baseline_document_url,
        coalesce(illustrative, false) as illustrative
    from source
)

select * from renamed
