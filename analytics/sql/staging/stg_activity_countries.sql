with source as (
    select * from activity_countries
),

renamed as (
    select
        activity_id,
        iso3,
        role,
        percentage,
        coalesce(illustrative, false) as illustrative
    from source
)

select * from renamed
