-- title: 未通过恒等式校验的报告 · Reports failing identities
-- description: Agency-years whose kept copy breaks an identity the template states (balance: new + carried_over = total + carried_forward; outcomes; row totals; review/litigation totals), or whose copies disagree. A report's 上年结转 that differs from the year before's 结转下年度 is not here: those carried-over warnings are listed apart in carried_over_warnings. One row per report and broken rule, with the report's own words on where; report_id links to the report's page, canonical_url to the source.
SELECT
    r.id AS report_id,
    r.region,
    r.agency,
    r.year,
    r.template,
    c."check",
    c.severity,
    c."where",
    c.message,
    r.canonical_url
FROM checks c
JOIN reports r ON r.id = c.report_id
WHERE c."check" IN ('balance', 'outcomes', 'row_total', 'review_total', 'copies_disagree')
  AND (c.document_id = r.document_id OR c.source IN ('harvest', 'relation'))
ORDER BY r.region, r.agency, r.year, c."check", c."where"
