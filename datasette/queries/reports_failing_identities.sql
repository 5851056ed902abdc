-- title: 未通过恒等式校验的报告 · Reports failing identities
-- description: Agency-years whose kept copy breaks an identity the template states (balance: new + carried_over = total + carried_forward; outcomes; row totals; review/litigation totals), or whose copies disagree or do not carry over from the year before. One row per report and broken rule, with the report's own words on where.
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
WHERE c."check" IN ('balance', 'outcomes', 'row_total', 'review_total',
                    'copies_disagree', 'carried_over_mismatch')
  AND (c.document_id = r.document_id OR c.source IN ('harvest', 'relation'))
ORDER BY r.region, r.agency, r.year, c."check", c."where"
