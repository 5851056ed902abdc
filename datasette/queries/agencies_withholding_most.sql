-- title: 不予公开最多的机关 · The agencies that withhold most
-- description: Per agency, over its reports (optionally of one region, by slug or name, and one year): applications answered 不予公开 (withheld, rows withheld_*), all applications decided (row total), and the withheld share. Only reports that state both are counted. Over every region of a national database this reads every report: give a region for an answer at once.
WITH chosen AS (  -- the region asked for, by slug or name (none: all of them, below)
    SELECT slug FROM regions WHERE slug = :region OR name = :region
),
figures AS (  -- two plans: one region through its index, or every region
    SELECT v.report_id, v.item, v.value, v.year
    FROM chosen CROSS JOIN application_values v ON v.region = chosen.slug
    WHERE v.applicant = 'total'
    UNION ALL
    SELECT report_id, item, value, year FROM application_values
    WHERE coalesce(:region, '') = '' AND applicant = 'total'
),
stated AS (
    SELECT report_id,
        sum(CASE WHEN item LIKE 'withheld\_%' ESCAPE '\' THEN value END) AS withheld,
        max(CASE WHEN item = 'total' THEN value END) AS decided
    FROM figures
    WHERE coalesce(:year, '') = '' OR year = CAST(:year AS INTEGER)
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
