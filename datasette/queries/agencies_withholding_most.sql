-- title: 不予公开最多的机关 · The agencies that withhold most
-- description: Per agency, over all its reports: applications answered 不予公开 (withheld, rows withheld_*), all applications decided (row total), and the withheld share. Only reports that state both are counted.
WITH stated AS (
    SELECT report_id,
        sum(CASE WHEN item LIKE 'withheld\_%' ESCAPE '\' THEN value END) AS withheld,
        max(CASE WHEN item = 'total' THEN value END) AS decided
    FROM application_values
    WHERE applicant = 'total'
    GROUP BY report_id
)
SELECT
    r.region,
    r.agency,
    count(*) AS reports,
    sum(s.withheld) AS withheld,
    sum(s.decided) AS decided,
    round(100.0 * sum(s.withheld) / nullif(sum(s.decided), 0), 1) AS withheld_percent
FROM stated s
JOIN reports r ON r.id = s.report_id
WHERE s.decided IS NOT NULL AND s.withheld IS NOT NULL
GROUP BY r.agency_id
HAVING withheld > 0
ORDER BY withheld DESC, withheld_percent DESC
