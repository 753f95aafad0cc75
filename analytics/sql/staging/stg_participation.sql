with source as (
    select * from participation
),

renamed as (
    select
        activity_id,
        iso3,
        agency_type,
        participants,
        women,
        -- participants whose gender is reported: the base of the women share
        case when women is not null then participants else 0 end as participants_gender_known,
        coalesce(illustrative, false) as illustrative
    from source
)

select * from renamed
