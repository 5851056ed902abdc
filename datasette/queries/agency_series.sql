-- title: 一个机关的历年数据 · One agency's series across the years
-- description: One row per year, 2008 to today, for the agency whose name contains :agency (韶关市武江区人民政府, or part of a name: 武江区人民政府): applications new and handled, granted, administrative reviews, lawsuits and the active disclosure count (主动公开信息条数). Each from the report's tables where it states them, else from its prose (reports before 2019 have no tables); source says which (table, text, or table+text). A figure the report does not state is empty, never zero. Every figure with its sentence: the figures view.
SELECT
    year,
    region,
    agency,
    template,
    applications_new,
    applications_handled,
    granted,
    reviews,
    lawsuits,
    active_disclosure_items,
    source,
    report_id
FROM agency_series
WHERE agency LIKE '%' || :agency || '%'
ORDER BY region, agency, year
