with source as (
    select * from countries
),

renamed as (
    select
        iso3,
        name,
        name_local,
        coalesce(asean_member, false) as asean_member,
        member_since,
        region
    from source
)

select * from renamed
