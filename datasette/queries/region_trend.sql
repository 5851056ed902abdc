-- title: 一个地区或机关的历年趋势 · One region's or agency's trend across years
-- description: Year by year for one region (slug or name; empty for all regions) and, optionally, one agency (any part of its name): reports found, applications received (row 一、本年新收, column 总计), decided (（七）总计) and granted (（一）予以公开), each summed over the reports that state it, with how many state it. Absent values are not zeros.
-- chart: {"x": "year", "y": ["new_applications", "decided", "granted"], "title": "申请数量 · applications"}
WITH chosen AS (  -- the region asked for, by slug or name (none: all of them, below)
    SELECT slug FROM regions WHERE slug = :region OR name = :region
),
figures AS (  -- two plans: one region through its index, or every region
    SELECT v.* FROM chosen CROSS JOIN application_values v ON v.region = chosen.slug
    WHERE v.applicant = 'total' AND v.item IN ('new', 'total', 'granted')
    UNION ALL
    SELECT v.* FROM application_values v
    WHERE coalesce(:region, '') = '' AND v.applicant = 'total'
      AND v.item IN ('new', 'total', 'granted')
)
SELECT v.year,
    count(DISTINCT v.report_id) AS reports,
    sum(CASE WHEN v.item = 'new' THEN v.value END) AS new_applications,
    sum(CASE WHEN v.item = 'total' THEN v.value END) AS decided,
    sum(CASE WHEN v.item = 'granted' THEN v.value END) AS granted,
    count(CASE WHEN v.item = 'new' THEN 1 END) AS reports_stating_new
FROM figures v
WHERE coalesce(:agency, '') = '' OR v.agency LIKE '%' || :agency || '%'
GROUP BY v.year
ORDER BY v.year
