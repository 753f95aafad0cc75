-- grain: one row per agency type with participants in the filtered activities.
-- men = participants whose gender is reported minus women; gender_not_reported = the rest.
with totals as (
    select
        agency_type,
        cast(sum(participants) as bigint) as participants,
        cast(coalesce(sum(women), 0) as bigint) as women,
        cast(sum(participants_gender_known) as bigint) as participants_gender_known,
        max(case when illustrative then 1 else 0 end) = 1 as illustrative
    from {{ filtered_participation }} as fp
    group by agency_type
)

select
    agency_type,
    participants,
    women,
    participants_gender_known - women as men,
    participants - participants_gender_known as gender_not_reported,
    case
        when participants_gender_known > 0
            then cast(women as double) / participants_gender_known
    end as women_share,
    illustrative
from totals
order by participants desc, agency_type
