-- title: 历年申请办理结果 · Applications by year and outcome
-- description: For each year and each row of section 三 (new, carried over, every outcome, total, carried forward): the sum of the 总计 column over all reports that state it, and how many reports state it (read from application_totals, which the store keeps). Rows a report does not state are not counted as zero; labels are the newest template's.
-- chart: {"x": "year", "y": "applications", "series": "label", "title": "各行总计（历年） · each row's 总计 by year"}
SELECT t.year, t.item, l.label, t.applications, t.reports
FROM (
    SELECT year, item, sum(applications) AS applications, sum(reports) AS reports
    FROM application_totals
    GROUP BY year, item
) t
LEFT JOIN labels l ON l.kind = 'application_row' AND l.key = t.item AND l.template = (
    SELECT max(template) FROM labels WHERE kind = 'application_row' AND key = t.item
        AND template != 'legacy')
ORDER BY t.year, l.position
