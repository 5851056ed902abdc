-- title: 一个地区或机关的历年趋势 · One region's or agency's trend across years
-- description: Year by year for one region (slug or name; empty for all regions) and, optionally, one agency (any part of its name): reports found, applications received (row 一、本年新收, column 总计), decided (（七）总计) and granted (（一）予以公开), each summed over the reports that state it, with how many state it. Absent values are not zeros.
-- chart: {"x": "year", "y": ["new_applications", "decided", "granted"], "title": "申请数量 · applications"}
SELECT year,
    count(DISTINCT report_id) AS reports,
    sum(CASE WHEN item = 'new' THEN value END) AS new_applications,
    sum(CASE WHEN item = 'total' THEN value END) AS decided,
    sum(CASE WHEN item = 'granted' THEN value END) AS granted,
    count(CASE WHEN item = 'new' THEN 1 END) AS reports_stating_new
FROM application_values
WHERE applicant = 'total' AND item IN ('new', 'total', 'granted')
  AND (coalesce(:region, '') = '' OR region = :region OR region_name = :region)
  AND (coalesce(:agency, '') = '' OR agency LIKE '%' || :agency || '%')
GROUP BY year
ORDER BY year
