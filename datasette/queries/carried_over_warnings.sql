-- title: 结转数与上年不符（警告） · Carried-over figures that differ from the year before (warnings)
-- description: Kept apart from the identity errors: a report whose 上年结转 (carried over) is not the previous year's 结转下年度 (carried forward). Often one of the two reports was corrected or counted differently; each report's own table may well add up.
SELECT
    r.id AS report_id,
    r.region,
    r.agency,
    r.year,
    c."check",
    c."where",
    c.message,
    r.canonical_url
FROM checks c
JOIN reports r ON r.id = c.report_id
WHERE c."check" = 'carried_over_mismatch'
  AND (c.document_id = r.document_id OR c.source IN ('harvest', 'relation'))
ORDER BY r.region, r.agency, r.year, c."check", c."where"
