-- title: 不予公开最多的机关 · The agencies that withhold most
-- description: Per agency, over all its reports: applications answered 不予公开 (withheld, rows withheld_*), all applications decided (row total), and the withheld share. Only reports that state both are counted.
SELECT
    r.region,
    r.agency,
    count(DISTINCT r.id) AS reports,
    sum(CASE WHEN a.item LIKE 'withheld\_%' ESCAPE '\' THEN a.value ELSE 0 END) AS withheld,
    sum(CASE WHEN a.item = 'total' THEN a.value ELSE 0 END) AS decided,
    round(100.0 * sum(CASE WHEN a.item LIKE 'withheld\_%' ESCAPE '\' THEN a.value ELSE 0 END)
          / nullif(sum(CASE WHEN a.item = 'total' THEN a.value ELSE 0 END), 0), 1)
        AS withheld_percent
FROM applications a
JOIN reports r ON r.id = a.report_id
WHERE a.applicant = 'total'
  AND a.report_id IN (SELECT report_id FROM applications
                      WHERE item = 'total' AND applicant = 'total')
GROUP BY r.region, r.agency
HAVING withheld > 0
ORDER BY withheld DESC, withheld_percent DESC
