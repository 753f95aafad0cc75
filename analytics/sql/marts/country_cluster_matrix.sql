-- grain: one row per country and cluster with at least one filtered activity involving the
-- country (partners included; asean_member tells them apart).
select
    r.iso3,
    c.name,
    c.asean_member,
    fa.cluster,
    count(distinct fa.activity_id) as activities
from {{ activity_reach }} as r
inner join {{ filtered_activities }} as fa on fa.activity_id = r.activity_id
inner join stg_countries as c on c.iso3 = r.iso3
group by r.iso3, c.name, c.asean_member, fa.cluster
order by c.name, fa.cluster
