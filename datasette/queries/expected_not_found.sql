-- title: 应有而未找到的报告 · Agency-years expected but not found
-- description: Every region of the registry that was crawled owes a report of its own government for each year of the national template (2019 on, up to the latest year found; a division abolished or renamed, up to its last year), and every agency that published once owes one for each year between its first and its last report. These are the agency-years owed that no crawl found.
WITH RECURSIVE years(year) AS (
    SELECT min(year) FROM reports
    UNION ALL
    SELECT year + 1 FROM years WHERE year < (SELECT max(year) FROM reports)
),
expected AS (
    SELECT g.region, g.agency, years.year
    FROM (SELECT slug AS region, name || '人民政府' AS agency, until FROM regions
          WHERE slug IN (SELECT spider FROM harvest_runs)) g
    JOIN years ON years.year >= 2019 AND years.year <= coalesce(g.until, years.year)
    UNION
    SELECT a.region, a.name, years.year
    FROM agencies a
    JOIN (SELECT agency_id, min(year) AS first, max(year) AS last
          FROM reports GROUP BY agency_id) span ON span.agency_id = a.id
    JOIN years ON years.year BETWEEN span.first AND span.last
)
SELECT e.region, e.agency, e.year
FROM expected e
WHERE NOT EXISTS (SELECT 1 FROM reports r
                  WHERE r.region = e.region AND r.agency = e.agency AND r.year = e.year)
ORDER BY e.region, e.agency, e.year
