-- grain: one row for the whole filtered selection: the figures of its activities, their
-- participants and the member states they reached (the seizures: seizure_figures).
-- late: end_date before $today and status neither completed nor cancelled.
-- women_share: women / participants whose gender is reported.
-- member states: counted among the selected countries, as of the period's end (or $today).
-- hosted: activities hosted by a selected country (by any country when none is selected).
-- illustrative_*: whether any row counted from that dataset carries illustrative values
-- (activity countries: the rows of the selected countries' involvement in the activities).
with activity_figures as (
    select
        count(*) as activities,
        count(case when status = 'completed' then 1 end) as completed,
        count(case when status = 'ongoing' then 1 end) as ongoing,
        count(case when status = 'planned' then 1 end) as planned,
        count(case when status = 'postponed' then 1 end) as postponed,
        count(case when status = 'cancelled' then 1 end) as cancelled,
        count(
            case
                when end_date < cast($today as date)
                    and status not in ('completed', 'cancelled') then 1
            end
        ) as late,
        count(case when not has_dates then 1 end) as undated,
        count(
            case when $all_countries or list_contains($countries, host_iso3) then host_iso3 end
        ) as hosted,
        max(case when illustrative then 1 else 0 end) as illustrative_activities
    from {{ filtered_activities }} as fa
),

participation_figures as (
    select
        cast(sum(participants) as bigint) as participants,
        cast(sum(women) as bigint) as women,
        cast(sum(participants_gender_known) as bigint) as participants_gender_known,
        max(case when illustrative then 1 else 0 end) as illustrative_participation
    from {{ filtered_participation }} as fp
),

member_figures as (
    select
        (select count(*) from {{ selected_member_states }} as ms) as member_states_at_time,
        (
            select count(distinct r.iso3)
            from {{ activity_reach }} as r
            where r.iso3 in (select ms.iso3 from {{ selected_member_states }} as ms)
        ) as member_states_reached
),

activity_country_figures as (
    select max(case when ac.illustrative then 1 else 0 end) as illustrative_activity_countries
    from stg_activity_countries as ac
    where ac.activity_id in (select fa.activity_id from {{ filtered_activities }} as fa)
        and ($all_countries or list_contains($countries, ac.iso3))
)

select
    af.activities,
    af.completed,
    case
        when af.activities > 0 then cast(af.completed as double) / af.activities
    end as share_completed,
    af.ongoing,
    af.planned,
    af.postponed,
    af.cancelled,
    af.late,
    af.undated,
    af.hosted,
    coalesce(pf.participants, 0) as participants,
    coalesce(pf.women, 0) as women,
    case
        when pf.participants_gender_known > 0
            then cast(pf.women as double) / pf.participants_gender_known
    end as women_share,
    mf.member_states_reached,
    mf.member_states_at_time,
    {{ as_of_date }} as as_of,
    coalesce(af.illustrative_activities, 0) = 1 as illustrative_activities,
    coalesce(pf.illustrative_participation, 0) = 1 as illustrative_participation,
    coalesce(acf.illustrative_activity_countries, 0) = 1 as illustrative_activity_countries
from activity_figures as af
cross join participation_figures as pf
cross join member_figures as mf
cross join activity_country_figures as acf
