with source as (
    select * from challenges
),

renamed as (
    select
        iso3,
        year,
        challenge,
        severity,
        source,
        coalesce(illustrative, false) as illustrative
    from source
)

select * from renamed
