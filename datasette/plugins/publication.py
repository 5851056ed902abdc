"""The publication's own Datasette plugin (loaded with ``--plugins-dir datasette/plugins``).

- Chinese labels: a ``zh`` template filter gives a column's or table's label from the
  ``harvest-publication`` plugin settings that ``datasette/build_metadata.py`` writes (so
  labels are typed once, most of them in :mod:`harvester.parse.vocabulary`).
- Cells: ``report_id`` is a link labelled "agency year" wherever it appears; a region slug in a
  view or a query shows the region's name; a report's full text shows as a short excerpt in
  every table (the row page shows it whole, last).
- The report's own page (``row-harvest-reports.html``) gets the report's three tables and checks.
- Charts: ``svg_chart`` draws a canned query's rows as an inline SVG chart (a ``chart`` entry
  in the query's metadata), server-side: no JavaScript, no CDN, nothing to install.
- Search: a word of one or two characters typed in the reports table's search box (the trigram
  index needs three) goes to the ``search_any_word`` canned query, which scans the texts.
- CSV: every CSV link streams all rows (``_stream=on``), not the first page.
- Dashboard: ``/dashboard`` (``templates/pages/dashboard.html``) charts the whole database:
  applications by year, the mix of outcomes, the reasons for withholding, coverage, and the
  agencies that received most in the latest year.
- Demo data: when a crawl of the database ran against the demo web (``harvest_runs.stats`` has
  ``harvester/demo_web``), every page says that its figures are synthetic.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, quote, urlencode

import markupsafe

from datasette import hookimpl

DATABASE = "harvest"
PLUGIN = "harvest-publication"
EXCERPT = 40
# A cell longer than this shows as an excerpt.
LONG = 160
# The trigram index finds words of three characters or more.
SHORTEST_INDEXED_WORD = 3
DEMO_FLAG = "harvester/demo_web"


def _settings(datasette) -> dict:
    return datasette.plugin_config(PLUGIN) or {}


@hookimpl
def prepare_jinja2_environment(env, datasette):
    def label(name, table=None):
        settings = _settings(datasette)
        name = str(name)
        return (settings.get("table_labels", {}).get(name) if table == "table"
                else settings.get("column_labels", {}).get(name)) or ""

    def chart(spec, columns, rows):
        return svg_chart(spec, columns, rows, _settings(datasette).get("column_labels"))

    env.filters["zh"] = label
    env.globals["svg_chart"] = chart


async def _report_label(datasette, report_id) -> str | None:
    db = datasette.get_database(DATABASE)
    row = (await db.execute("SELECT agency, year FROM reports WHERE id = ?",
                            [report_id])).first()
    return f"{row[0]} {row[1]}" if row else None


async def _region_name(datasette, slug) -> str | None:
    db = datasette.get_database(DATABASE)
    row = (await db.execute("SELECT name FROM regions WHERE slug = ?", [slug])).first()
    return row[0] if row else None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if database != DATABASE:
        return None
    raw = value["value"] if isinstance(value, dict) else value
    if column == "clean_text" and isinstance(raw, str):
        excerpt = raw[:EXCERPT].replace("\n", " ")
        return markupsafe.Markup(
            f'<span class="excerpt" title="全文 {len(raw):,} 字，见本行页面末尾">'
            f"{html.escape(excerpt)}…<em>（全文 {len(raw):,} 字）</em></span>")
    if isinstance(raw, str) and len(raw) > LONG and "://" not in raw[:10]:
        # Long JSON and text (a document's parse, its headers, a crawl's stats): an excerpt;
        # the row's JSON has it whole.
        return markupsafe.Markup(
            f'<span class="excerpt" title="{len(raw):,} 字，全部见本行的 JSON">'
            f"{html.escape(raw[:EXCERPT])}…<em>（{len(raw):,} 字，见 JSON）</em></span>")
    if column == "report_id" and isinstance(raw, int):
        async def report_link():
            label = await _report_label(datasette, raw) or str(raw)
            href = datasette.urls.table(DATABASE, "reports") + f"/{raw}"
            return markupsafe.Markup(f'<a href="{href}">{html.escape(label)}</a>')
        return report_link()
    if column == "region" and isinstance(value, str) and value:
        async def region_link():
            name = await _region_name(datasette, value)
            if name is None:
                return None
            href = datasette.urls.table(DATABASE, "regions") + "/" + quote(value)
            return markupsafe.Markup(f'<a href="{href}" title="{html.escape(value)}">'
                                     f"{html.escape(name)}</a>")
        return region_link()
    return None


async def _demo_notice(datasette) -> bool:
    try:
        db = datasette.get_database(DATABASE)
    except KeyError:
        return False
    if "harvest_runs" not in await db.table_names():
        return False
    row = (await db.execute(
        "SELECT 1 FROM harvest_runs WHERE json_extract(stats, ?) > 0 LIMIT 1",
        [f'$."{DEMO_FLAG}"'])).first()
    return row is not None


async def _report_page(datasette, report_id) -> dict:
    db = datasette.get_database(DATABASE)

    async def rows(sql, params):
        return [dict(r) for r in (await db.execute(sql, params)).rows]

    (report,) = await rows(
        "SELECT r.*, g.name AS region_name, d.url AS document_url, d.content_type, "
        "d.fetched_at FROM reports r LEFT JOIN regions g ON g.slug = r.region "
        "LEFT JOIN documents d ON d.id = r.document_id WHERE r.id = ?", [report_id])
    checks = await rows(
        'SELECT "check", severity, "where", message, source FROM checks WHERE report_id = ? '
        "AND (document_id = ? OR source != 'parser') ORDER BY severity = 'info', "
        'severity = \'warning\', "where"', [report_id, report["document_id"]])
    flagged = {}
    for check in checks:
        if check["severity"] != "info" and check["where"]:
            flagged.setdefault(check["where"], []).append(check["message"])
    return {
        "report": report,
        "applications": await rows(
            "SELECT * FROM applications_wide WHERE report_id = ? ORDER BY position",
            [report_id]),
        "active_disclosure": await rows(
            "SELECT item, item_label, field, field_label, value FROM active_disclosure_values "
            "WHERE report_id = ?", [report_id]),
        "review_litigation": await rows(
            "SELECT proceeding, proceeding_label, outcome, outcome_label, value "
            "FROM review_litigation_values WHERE report_id = ?", [report_id]),
        "checks": checks,
        "flagged": flagged,
        "copies": await rows(
            "SELECT id, url, outcome, content_type, fetched_at FROM documents "
            "WHERE report_id = ? ORDER BY id", [report_id]),
    }


# ---- The dashboard (/dashboard): the whole database at a glance ----------------------------

# An outcome row's group as the template numbers it: （三）不予公开 of
# （三）不予公开 1.属于国家秘密.
_GROUP = re.compile(r"^（[一二三四五六七八九]）[^（ 0-9.]+")


async def _dashboard(datasette) -> dict:
    db = datasette.get_database(DATABASE)

    async def rows(sql, params=()):
        return (await db.execute(sql, list(params))).rows

    labels = await rows("SELECT key, label FROM labels WHERE kind = 'application_row' "
                        "AND template = '2021' ORDER BY position")
    groups, group = {}, None
    for key, label in labels:
        match = _GROUP.match(label)
        if match:
            group = match.group(0)
        if key in ("new", "carried_over", "total", "carried_forward"):
            group = None
        elif group:
            groups[key] = group
    totals = await rows("SELECT year, item, sum(applications), sum(reports) "
                        "FROM application_totals GROUP BY year, item ORDER BY year")
    received = [(year, value, count) for year, item, value, count in totals if item == "new"]
    mix: dict[tuple, float] = {}
    for year, item, value, _ in totals:
        if item in groups:
            mix[(year, groups[item])] = mix.get((year, groups[item]), 0) + value
    label_of = dict(labels)
    order = {key: position for position, (key, _) in enumerate(labels)}
    withheld = [(year, label_of.get(item, item), value) for year, item, value, _ in
                sorted(totals, key=lambda row: (order.get(row[1], len(order)), row[0]))
                if item.startswith("withheld_")]
    coverage = await rows("SELECT year, count(*), count(DISTINCT region), "
                          "count(DISTINCT agency_id) FROM reports GROUP BY year ORDER BY year")
    latest = received[-1][0] if received else None
    top = await rows(
        "SELECT report_id, region_name, agency, value FROM application_values "
        "WHERE applicant = 'total' AND year = ? AND item = 'new' ORDER BY value DESC LIMIT 10",
        [latest]) if latest is not None else []
    return {"charts": [
        ("历年新收申请（总计栏，各报告之和） · Applications received by year",
         {"x": "year", "y": "applications"}, ["year", "applications", "reports"], received),
        ("办理结果构成 · The mix of outcomes",
         {"x": "year", "y": "applications", "series": "outcome"},
         ["year", "outcome", "applications"],
         [(y, g, v) for (y, g), v in sorted(mix.items(), key=lambda kv: kv[0][::-1])]),
        ("不予公开的理由 · Reasons for withholding",
         {"x": "year", "y": "applications", "series": "reason"},
         ["year", "reason", "applications"], withheld),
        ("报告覆盖 · Coverage: reports, regions and agencies by year",
         {"x": "year", "y": ["reports", "regions", "agencies"]},
         ["year", "reports", "regions", "agencies"], coverage),
    ], "top": top, "latest": latest}


@hookimpl
def extra_template_vars(template, database, table, columns, view_name, request, datasette):
    async def variables():
        found = {"demo_notice": await _demo_notice(datasette),
                 "applicant_columns": _settings(datasette).get("applicant_columns", [])}
        if view_name == "table" and database == DATABASE:  # region facets show names
            db = datasette.get_database(DATABASE)
            found["region_names"] = dict((await db.execute(
                "SELECT slug, name FROM regions")).rows)
        if template == "pages/dashboard.html":
            found["dashboard"] = await _dashboard(datasette)
        if view_name == "row" and database == DATABASE and table in ("reports", "documents"):
            key = request.url_vars.get("pks")
            db = datasette.get_database(DATABASE)
            row = (await db.execute(f"SELECT clean_text FROM {table} WHERE id = ?",
                                    [key])).first()
            found["full_text"] = row[0] if row else None
            if table == "reports" and row is not None:
                found["report_page"] = await _report_page(datasette, int(key))
        return found
    return variables


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def publication(scope, receive, send):
            if scope["type"] == "http":
                path = scope["path"]
                query = parse_qs(scope.get("query_string", b"").decode(), keep_blank_values=True)
                if path.endswith(".csv") and "_stream" not in query:
                    # A CSV link exports every row, not the first page.
                    query["_stream"] = ["on"]
                    scope = {**scope,
                             "query_string": urlencode(query, doseq=True).encode()}
                words = (query.get("_search") or [""])[0].split()
                if path == f"/{DATABASE}/reports" and words and \
                        min(len(w) for w in words) < SHORTEST_INDEXED_WORD:
                    target = f"/{DATABASE}/search_any_word?" + urlencode({"q": words[0]})
                    await send({"type": "http.response.start", "status": 302,
                                "headers": [(b"location", target.encode()),
                                            (b"content-type", b"text/plain")]})
                    await send({"type": "http.response.body",
                                "body": "短词：全文扫描 · a short word: scanning the texts"
                                        .encode()})
                    return
            await app(scope, receive, send)
        return publication
    return wrap


# ---- Charts -------------------------------------------------------------------------------

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf")
WIDTH, HEIGHT, MARGIN = 720, 320, 48
MOST_SERIES = len(PALETTE)


def svg_chart(spec, columns, rows, labels=None) -> markupsafe.Markup:
    """A line chart of ``rows`` (sequences in ``columns`` order): x from ``spec["x"]``, y from
    ``spec["y"]`` (a column, or a list of columns: a line each), one line per value of
    ``spec["series"]`` (the first ten). Absent values are gaps, never zeros. Returns an empty
    string when the rows hold nothing to draw."""
    if not spec or not rows:
        return markupsafe.Markup("")
    index = {name: i for i, name in enumerate(columns)}
    ys = spec.get("y") if isinstance(spec.get("y"), list) else [spec.get("y")]
    if spec.get("x") not in index or not all(y in index for y in ys):
        return markupsafe.Markup("")
    x_at = index[spec["x"]]
    series_at = index.get(spec.get("series"))
    series: dict[str, dict] = {}
    for row in rows:
        x = row[x_at]
        for y_name in ys:
            y = row[index[y_name]]
            if x is None or not isinstance(y, (int, float)):
                continue  # an absent value is a gap, never a zero
            name = str(row[series_at]) if series_at is not None else y_name
            if name not in series and len(series) >= MOST_SERIES:
                continue
            series.setdefault(name, {})[x] = y
    points = [(x, y) for values in series.values() for x, y in values.items()]
    if not points:
        return markupsafe.Markup("")
    xs = sorted({x for x, _ in points})
    top = max(y for _, y in points)
    low = min(0, min(y for _, y in points))
    span = (top - low) or 1
    step = (WIDTH - 2 * MARGIN) / max(1, len(xs) - 1)

    def at(x, y):
        left = MARGIN + xs.index(x) * step if len(xs) > 1 else WIDTH / 2
        return left, HEIGHT - MARGIN - (y - low) / span * (HEIGHT - 2 * MARGIN)

    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
             f'viewBox="0 0 {WIDTH} {HEIGHT + 20 * len(series)}" width="100%" '
             f'style="max-width:{WIDTH}px" data-series="{len(series)}" '
             f'data-points="{len(points)}">',
             f"<title>{html.escape(spec.get('title', ''))}</title>",
             f'<line x1="{MARGIN}" y1="{HEIGHT - MARGIN}" x2="{WIDTH - MARGIN}" '
             f'y2="{HEIGHT - MARGIN}" stroke="#333"/>',
             f'<line x1="{MARGIN}" y1="{MARGIN}" x2="{MARGIN}" y2="{HEIGHT - MARGIN}" '
             'stroke="#333"/>']
    for value in (low, (low + top) / 2, top):
        _, y = at(xs[0], value)
        parts.append(f'<text x="{MARGIN - 4}" y="{y:.1f}" font-size="11" text-anchor="end">'
                     f"{value:g}</text>")
    for x in xs:
        left, _ = at(x, low)
        parts.append(f'<text x="{left:.1f}" y="{HEIGHT - MARGIN + 16}" font-size="11" '
                     f'text-anchor="middle">{html.escape(str(x))}</text>')
    for number, (name, values) in enumerate(series.items()):
        colour = PALETTE[number % len(PALETTE)]
        coordinates = [at(x, values[x]) for x in xs if x in values]
        path = " ".join(f"{left:.1f},{top_:.1f}" for left, top_ in coordinates)
        parts.append(f'<polyline class="series" fill="none" stroke="{colour}" stroke-width="2" '
                     f'points="{path}"><title>{html.escape(name)}</title></polyline>')
        parts.extend(f'<circle cx="{left:.1f}" cy="{top_:.1f}" r="3" fill="{colour}"/>'
                     for left, top_ in coordinates)
        legend = (labels or {}).get(name) or name
        parts.append(f'<text x="{MARGIN}" y="{HEIGHT + 20 * number + 4}" font-size="12" '
                     f'fill="{colour}">■ {html.escape(str(legend))}</text>')
    parts.append("</svg>")
    return markupsafe.Markup("".join(parts))

