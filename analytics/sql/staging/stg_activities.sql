with source as (
    select * from activities
),

renamed as (
    select
        activity_id,
        programme,
        work_plan,
        number,
        title,
        cluster,
        expected_result,
        activity_type,
        start_date,
        end_date,
        status,
        host_iso3,
        city,
        source,
        notes,
        description,
        partners,
        sectors,
        coalesce(illustrative, false) as illustrative,
        -- an activity without a start date cannot be placed in time
        start_date is not null as has_dates,
        -- a dated activity without an end date is taken to last one day
        coalesce(end_date, start_date) as last_date
    from source
)

select * from renamed
