-- title: 历年申请办理结果 · Applications by year and outcome
-- description: For each year and each row of section 三 (new, carried over, every outcome, total, carried forward): the sum of the 总计 column over all reports that state it, and how many reports state it. Rows a report does not state are not counted as zero.
SELECT
    r.year,
    a.item,
    l.label,
    sum(a.value) AS applications,
    count(*) AS reports
FROM applications a
JOIN reports r ON r.id = a.report_id
LEFT JOIN labels l ON l.kind = 'application_row' AND l.key = a.item AND l.template = r.template
WHERE a.applicant = 'total'
GROUP BY r.year, a.item
ORDER BY r.year, min(l.position)
