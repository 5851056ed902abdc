-- title: 全文检索（任意长度） · Search the text for any word
-- description: Full-text search finds words of three characters or more (trigram index). This query also finds shorter words such as 复议 or 诉讼, by scanning the texts. Enter the word as q.
SELECT
    r.id AS report_id,
    r.region,
    r.agency,
    r.year,
    r.title,
    r.canonical_url
FROM reports r
WHERE r.title LIKE '%' || :q || '%' OR r.clean_text LIKE '%' || :q || '%'
ORDER BY r.region, r.agency, r.year
