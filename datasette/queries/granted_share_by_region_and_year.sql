-- title: 予以公开的比例（按地区、年度） · Share of applications granted, per region and year
-- description: For each region and year: applications decided (row （七）总计, column 总计) and granted (row （一）予以公开), summed over the reports that state both, and the granted share in percent. Optional filters: region (slug or name), year, agency (any part of the name); leave empty for all. Reports that state neither are not counted as zero.
-- chart: {"x": "year", "y": "granted_percent", "series": "region_name", "title": "予以公开比例（%） · granted share (%)"}
WITH chosen AS (  -- the region asked for, by slug or name (none: all of them, below)
    SELECT slug FROM regions WHERE slug = :region OR name = :region
),
figures AS (  -- two plans: one region through its index, or every region
    SELECT v.* FROM chosen CROSS JOIN application_values v ON v.region = chosen.slug
    WHERE v.applicant = 'total' AND v.item IN ('granted', 'total')
    UNION ALL
    SELECT v.* FROM application_values v
    WHERE coalesce(:region, '') = '' AND v.applicant = 'total' AND v.item IN ('granted', 'total')
),
stated AS (
    SELECT report_id, region, region_name, year,
        max(CASE WHEN item = 'granted' THEN value END) AS granted,
        max(CASE WHEN item = 'total' THEN value END) AS decided
    FROM figures
    WHERE (coalesce(:year, '') = '' OR year = CAST(:year AS INTEGER))
      AND (coalesce(:agency, '') = '' OR agency LIKE '%' || :agency || '%')
    GROUP BY report_id
)
SELECT region, region_name, year,
    count(*) AS reports,
    sum(granted) AS granted,
    sum(decided) AS decided,
    round(100.0 * sum(granted) / nullif(sum(decided), 0), 1) AS granted_percent
FROM stated
WHERE granted IS NOT NULL AND decided IS NOT NULL
GROUP BY region, year
ORDER BY region, year
