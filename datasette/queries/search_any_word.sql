-- title: 全文检索（任意长度） · Search the text for any word
-- description: 一两个字的词（如 教育、复议）在这里查找：搜索框的 trigram 索引只找三个字以上的词，这里逐篇扫描标题和全文。 The table's search box finds words of three characters or more (trigram index); this query also finds shorter words such as 教育 or 复议, by scanning the titles and texts (the search box sends a short word here). Enter the word as q.
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
