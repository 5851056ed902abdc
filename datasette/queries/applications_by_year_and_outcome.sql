-- title: 历年申请办理结果 · Applications by year and outcome
-- description: For each year and each row of section 三 (new, carried over, every outcome, total, carried forward): the sum of the 总计 column over all reports that state it, and how many reports state it. Rows a report does not state are not counted as zero.
-- chart: {"x": "year", "y": "applications", "series": "label", "title": "各行总计（历年） · each row's 总计 by year"}
SELECT year, item, label, applications, reports
FROM (
    SELECT year, item, item_label AS label, sum(value) AS applications, count(*) AS reports
    FROM application_values
    WHERE applicant = 'total'
    GROUP BY year, item
) g
ORDER BY year, (SELECT min(position) FROM labels WHERE kind = 'application_row' AND key = g.item)
