"""Rendering reports the way portals publish them, and making random valid reports.

Used by the parser's round-trip tests and by the demo web: a report dict in the
``docs/report-format.md`` shape goes in, an annual report comes out as HTML or text, in the layouts
real portals show:

- ``word``: a table pasted from Word (``MsoNormalTable``, ``<o:p>``, ``rowspan``/``colspan``
  label cells, digits split across ``<span>``s, padded cells, labels broken by ``<br>``);
- ``plain``: a hand-written table, one label cell a row;
- ``tabs`` (text): tab-separated rows, as copied from a web page;
- ``lines`` (text): one cell per line, rows separated by blank lines, as copied from Word.

Only the rows and sections the report holds are rendered, so a partial report renders as a
partial document. A report before 2019 (``legacy``) has no template table: its figures are
stated in prose (:func:`legacy_figures`, :func:`legacy_paragraphs`).
"""

from __future__ import annotations

import html
import random

from harvester.parse.vocabulary import (
    ACTIVE_ARTICLES,
    ACTIVE_CONTENT_HEADER,
    ACTIVE_FIELD_LABELS,
    ACTIVE_FIELD_LABELS_2019,
    ACTIVE_ROWS,
    APPLICANT_COLUMN_LABELS,
    APPLICANT_COLUMNS,
    APPLICANT_HEADER,
    APPLICANT_PARTS,
    APPLICATION_ROWS,
    APPLICATIONS_IDENTITY_NOTE,
    LEGAL_PERSON_HEADER,
    LITIGATION_HEADER,
    OUTCOME_ROWS,
    OUTCOMES_HEADING,
    REVIEW_FIELD_LABELS,
    REVIEW_FIELDS,
    REVIEW_GROUP_LABELS,
    REVIEW_GROUPS,
    REVIEW_HEADER,
    REVIEW_OUTCOMES,
    SECTION_LABELS,
)

HTML_SHAPES = ("word", "plain")
TEXT_SHAPES = ("tabs", "lines")

# A table as rows of cells; a cell is (text, colspan, rowspan).
Cell = tuple[str, int, int]


def title_of(report: dict) -> str:
    return f"{report.get('agency') or ''}{report['year']}年政府信息公开工作年度报告"


def format_number(value: int | float) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.4f}".rstrip("0")
    return str(value)


# ---- the tables, as grids of spanned cells (shared by every shape) -------------------------

def active_table(report: dict) -> list[list[Cell]]:
    template = report["template"]
    values = report.get("active_disclosure", {})
    rows = {row.key: row for row in ACTIVE_ROWS[template]}
    field_labels = ACTIVE_FIELD_LABELS_2019 if template == "2019" else ACTIVE_FIELD_LABELS
    width = 1 + max(len(row.fields) for row in rows.values())
    table: list[list[Cell]] = []
    for article, keys in ACTIVE_ARTICLES[template]:
        present = [key for key in keys if key in values]
        if not present:
            continue
        fields = rows[present[0]].fields
        table.append([(article, width, 1)])
        table.append([(ACTIVE_CONTENT_HEADER, 1, 1)]
                     + [(field_labels[name], 1, 1) for name in fields]
                     + ([("", width - 1 - len(fields), 1)] if len(fields) < width - 1 else []))
        for key in present:
            numbers = [(format_number(values[key][name]), 1, 1) for name in rows[key].fields]
            padding = [("", width - 1 - len(numbers), 1)] if len(numbers) < width - 1 else []
            table.append([(rows[key].label, 1, 1), *numbers, *padding])
    return table


def applications_table(report: dict, merged_labels: bool) -> list[list[Cell]]:
    """Section 三. With ``merged_labels`` the labels sit in three columns joined by row and
    column spans, as the template prints them; without, one label cell a row."""
    template = report["template"]
    values = report.get("applications", {})
    rows = [row for row in APPLICATION_ROWS[template] if row.key in values]
    label_width = 3 if merged_labels else 1
    table: list[list[Cell]] = [
        [(APPLICATIONS_IDENTITY_NOTE, label_width, 3), (APPLICANT_HEADER, 7, 1)],
        [(APPLICANT_COLUMN_LABELS["natural_person"], 1, 2), (LEGAL_PERSON_HEADER, 5, 1),
         (APPLICANT_COLUMN_LABELS["total"], 1, 2)],
        [(APPLICANT_COLUMN_LABELS[c], 1, 1) for c in APPLICANT_PARTS[1:]],
    ]
    outcome_keys = [*OUTCOME_ROWS[template], "total"]
    outcome_rows = [row for row in rows if row.key in outcome_keys]
    groups = _outcome_groups([row.label for row in outcome_rows])
    for row in rows:
        numbers = [(format_number(values[row.key][c]), 1, 1) for c in APPLICANT_COLUMNS]
        if not merged_labels:
            table.append([(row.label, 1, 1), *numbers])
            continue
        if row.key not in outcome_keys:
            table.append([(row.label, 3, 1), *numbers])
            continue
        labels: list[Cell] = []
        if row is outcome_rows[0]:
            labels.append((OUTCOMES_HEADING, 1, len(outcome_rows)))
        group, item, group_size = groups[outcome_rows.index(row)]
        if item is None:
            labels.append((group, 2, 1))
        else:
            if group_size:
                labels.append((group, 1, group_size))
            labels.append((item, 1, 1))
        table.append([*labels, *numbers])
    return table


def _outcome_groups(labels: list[str]) -> list[tuple[str, str | None, int]]:
    """For each outcome row label: (group label, item label or None, group rowspan if this row
    opens the group else 0). ``（三）不予公开 1.属于国家秘密`` opens a group of items."""
    result: list[tuple[str, str | None, int]] = []
    for index, label in enumerate(labels):
        if " " in label:
            group, item = label.split(" ", 1)
            size = 1
            for following in labels[index + 1:]:
                if " " in following or following.startswith(("（", "(")):
                    break
                size += 1
            result.append((group, item, size))
        elif label.startswith(("（", "(")):
            result.append((label, None, 0))
        else:
            group = result[-1][0] if result else ""
            result.append((group, label, 0))
    return result


def review_table(report: dict) -> list[list[Cell]]:
    values = report["review_litigation"]
    fields = [(REVIEW_FIELD_LABELS[name], 1, 1) for name in REVIEW_FIELDS]
    return [
        [(REVIEW_HEADER, 5, 1), (LITIGATION_HEADER, 10, 1)],
        [*((REVIEW_FIELD_LABELS[name], 1, 2) for name in REVIEW_FIELDS),
         (REVIEW_GROUP_LABELS["litigation_direct"].split("·")[1], 5, 1),
         (REVIEW_GROUP_LABELS["litigation_after_review"].split("·")[1], 5, 1)],
        [*fields, *fields],
        [(format_number(values[group][name]), 1, 1)
         for group in REVIEW_GROUPS for name in REVIEW_FIELDS],
    ]


# ---- prose ----------------------------------------------------------------------------------

def _prose(report: dict) -> dict[str, list[str]]:
    agency = report.get("agency") or "本机关"
    year = report["year"]
    return {
        "opening": [f"根据《中华人民共和国政府信息公开条例》有关规定，现公布{agency}{year}年政府"
                    f"信息公开工作年度报告。报告中所列数据的统计期限为{year}年1月1日至12月31日。"],
        "overview": [f"{year}年，{agency}坚持以公开为常态、不公开为例外，认真贯彻落实政务公开"
                     "工作各项要求，规范办理程序，拓宽公开渠道。"],
        "problems": ["政府信息公开工作仍存在公开深度和广度不够等问题，下一步将加强培训，"
                     "提升公开质量。"],
        "other_matters": ["本年度未收取信息处理费。"],
    }


# ---- shapes ---------------------------------------------------------------------------------

def _sections(report: dict, merged_labels: bool):
    """(section key, heading, paragraphs, table or None) in document order."""
    prose = _prose(report)
    yield "overview", SECTION_LABELS["overview"], prose["overview"], None
    if "active_disclosure" in report:
        yield "active_disclosure", SECTION_LABELS["active_disclosure"], [], active_table(report)
    if "applications" in report:
        yield ("applications", SECTION_LABELS["applications"], [],
               applications_table(report, merged_labels))
    if "review_litigation" in report:
        yield "review_litigation", SECTION_LABELS["review_litigation"], [], review_table(report)
    yield "problems", SECTION_LABELS["problems"], prose["problems"], None
    yield "other_matters", SECTION_LABELS["other_matters"], prose["other_matters"], None


def render_html(report: dict, shape: str = "word") -> str:
    """The article body of ``report`` as an HTML fragment, in one of :data:`HTML_SHAPES`."""
    if shape not in HTML_SHAPES:
        raise ValueError(f"unknown HTML shape {shape!r}; expected one of {HTML_SHAPES}")
    word = shape == "word"
    parts = [_paragraph(title_of(report), word, center=True)]
    parts += [_paragraph(text, word) for text in _prose(report)["opening"]]
    for _, heading, paragraphs, table in _sections(report, merged_labels=word):
        parts.append(_paragraph(heading, word))
        parts += [_paragraph(text, word) for text in paragraphs]
        if table is not None:
            parts.append(_word_table(table) if word else _plain_table(table))
    return "\n".join(parts)


def _paragraph(text: str, word: bool, center: bool = False) -> str:
    if not word:
        return f"<p>{html.escape(text)}</p>"
    align = " align=center style='text-align:center'" if center else ""
    return (f"<p class=MsoNormal{align}><span style='font-size:12.0pt;font-family:宋体'>"
            f"{html.escape(text)}<o:p></o:p></span></p>")


def _plain_table(table: list[list[Cell]]) -> str:
    rows = []
    for row in table:
        cells = "".join(_td(html.escape(text), colspan, rowspan) for text, colspan, rowspan in row)
        rows.append(f"<tr>{cells}</tr>")
    return '<table border="1">\n' + "\n".join(rows) + "\n</table>"


def _word_table(table: list[list[Cell]]) -> str:
    rows = []
    for row in table:
        cells = "".join(_td(_word_cell(text), colspan, rowspan, word=True)
                        for text, colspan, rowspan in row)
        rows.append(f"<tr style='mso-yfti-irow:{len(rows)};height:20.0pt'>{cells}</tr>")
    return ("<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 "
            "style='border-collapse:collapse;mso-table-layout-alt:fixed;border:none'>\n<tbody>"
            + "\n".join(rows) + "</tbody></table>")


def _word_cell(text: str) -> str:
    """Word's markup for a cell: digits split over two spans with padding, long labels broken
    by a line break (``结果<br>纠正``)."""
    span = "<span style='font-size:10.5pt;font-family:宋体'>"
    if text.lstrip("+-").replace(".", "").isdigit():
        middle = max(1, len(text) // 2)
        return (f"<p class=MsoNormal align=center style='text-align:center'>"
                f"<span lang=EN-US>&nbsp;{text[:middle]}</span><span lang=EN-US "
                f"style='mso-bidi-font-size:10.5pt'>{text[middle:]}</span><o:p></o:p></p>")
    escaped = html.escape(text)
    if len(text) == 4:
        escaped = f"{escaped[:2]}<br>{escaped[2:]}"
    return f"<p class=MsoNormal align=center style='text-align:center'>{span}{escaped}</span>" \
           "<o:p></o:p></p>"


def _td(content: str, colspan: int, rowspan: int, word: bool = False) -> str:
    attributes = ""
    if colspan > 1:
        attributes += f" colspan={colspan}" if word else f' colspan="{colspan}"'
    if rowspan > 1:
        attributes += f" rowspan={rowspan}" if word else f' rowspan="{rowspan}"'
    if word:
        attributes += " valign=top style='border:solid windowtext 1.0pt;padding:0cm 5.4pt'"
    return f"<td{attributes}>{content}</td>"


def render_text(report: dict, shape: str = "tabs") -> str:
    """The report as plain text, in one of :data:`TEXT_SHAPES`."""
    if shape not in TEXT_SHAPES:
        raise ValueError(f"unknown text shape {shape!r}; expected one of {TEXT_SHAPES}")
    lines = [title_of(report), "", *_prose(report)["opening"]]
    for _, heading, paragraphs, table in _sections(report, merged_labels=False):
        lines += ["", heading, *paragraphs]
        if table is None:
            continue
        for row in table:
            texts = [text for text, _, _ in row if text]
            if shape == "tabs":
                lines.append("\t".join(texts))
            else:
                lines += ["", *(f"\t{text}" for text in texts)]
    return "\n".join(lines) + "\n"


# ---- reports before 2019 (legacy): prose that states the figures ----------------------------

# The figures a legacy report states, keyed as docs/report-format.md section 8.
LEGACY_FIGURE_KEYS = (
    "active_disclosure.items", "applications.new.total", "applications.answered.total",
    "applications.granted.total", "review_litigation.review.total",
    "review_litigation.litigation.total", "applications.fees",
)


def legacy_figures(rng: random.Random) -> dict[str, int]:
    """The figures of a random report before 2019, as its prose will state them (a report
    that received no application states no outcome)."""
    figures = {"active_disclosure.items": rng.randint(40, 3000)}
    new = rng.choice((0, rng.randint(1, 9), rng.randint(1, 9), rng.randint(10, 60)))
    figures["applications.new.total"] = new
    if new:
        answered = rng.randint(max(1, new - 2), new)
        figures["applications.answered.total"] = answered
        figures["applications.granted.total"] = rng.randint(0, answered)
    busy = rng.random() < 0.35
    figures["review_litigation.review.total"] = rng.randint(0, 3) if busy else 0
    figures["review_litigation.litigation.total"] = rng.randint(0, 2) if busy else 0
    figures["applications.fees"] = 0
    return figures


def legacy_paragraphs(agency: str, year: int, figures: dict[str, int],
                      rng: random.Random) -> list[str]:
    """The body of a report before 2019 under the old headings: free prose stating
    ``figures`` (:func:`legacy_figures`), each in one of the ways real reports put it."""
    items = figures["active_disclosure.items"]
    active = rng.choice((
        f"{year}年，{agency}全年主动公开政府信息{items}条。",
        f"本年度通过政府门户网站、政务公开栏等渠道主动公开信息{items}条。",
        f"{year}年共公开政府信息{items}条，内容涵盖机构职能、规划计划、财政预算等。",
    ))
    new = figures["applications.new.total"]
    if new:
        answered = figures["applications.answered.total"]
        granted = figures["applications.granted.total"]
        applications = rng.choice((
            f"全年共受理政府信息公开申请{new}件，办结{answered}件，其中予以公开{granted}件。",
            f"本年度共收到政府信息公开申请{new}件，已答复{answered}件；同意公开{granted}件。",
            f"全年接到依申请公开{new}件，按期办结{answered}件，其中同意公开{granted}件。",
        ))
    else:
        applications = rng.choice(("本年度未收到政府信息公开申请。",
                                    f"{year}年，我单位未收到政府信息公开申请。"))
    review = figures["review_litigation.review.total"]
    litigation = figures["review_litigation.litigation.total"]
    if review or litigation:
        proceedings = rng.choice((
            f"因政府信息公开申请提起行政复议{review}件、行政诉讼{litigation}件。",
            f"全年发生政府信息公开行政复议案件{review}件，行政诉讼案件{litigation}件。",
        ))
    else:
        proceedings = rng.choice((
            "本年度未发生因政府信息公开申请提起行政复议、行政诉讼的情况。",
            f"{year}年未发生有关政府信息公开的行政复议和行政诉讼。",
        ))
    fees = rng.choice(("未收取任何费用。", "本年度依申请提供政府信息，未收取任何费用。"))
    return [
        f"根据《中华人民共和国政府信息公开条例》的规定，特向社会公布{agency}"
        f"{year}年度政府信息公开工作年度报告。",
        "一、概述",
        f"{year}年，我单位认真贯彻落实政府信息公开工作各项要求。{active}",
        "二、主动公开政府信息的情况",
        "主要通过政府网站、公开栏等形式公开政府信息。",
        "三、依申请公开政府信息和不予公开政府信息的情况",
        applications,
        "四、政府信息公开的收费及减免情况",
        fees,
        "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
        proceedings,
        "六、政府信息公开工作存在的主要问题及改进情况",
        "公开内容还需进一步丰富。",
    ]


# ---- random valid reports -------------------------------------------------------------------

def random_report(rng: random.Random, template: str, year: int, agency: str) -> dict:
    """A report that satisfies every identity of its template, with numbers of the sizes real
    reports print (mostly zeros and small counts, a few large ones)."""
    return {
        "agency": agency,
        "year": year,
        "template": template,
        "published": f"{year + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)}",
        "active_disclosure": _random_active(rng, template),
        "applications": _random_applications(rng, template),
        "review_litigation": _random_review(rng),
    }


def _count(rng: random.Random, high: int = 9) -> int:
    return 0 if rng.random() < 0.6 else rng.randint(1, high)


def _random_active(rng: random.Random, template: str) -> dict:
    values = {}
    for row in ACTIVE_ROWS[template]:
        fields = {}
        for name in row.fields:
            if name == "amount_wan_yuan":
                fields[name] = round(rng.uniform(0, 50000), rng.choice((0, 2, 4))) * 1.0
            elif name == "change":
                fields[name] = rng.randint(-50, 400)
            else:
                fields[name] = rng.choice((0, _count(rng), rng.randint(0, 50000)))
        values[row.key] = fields
    return values


def _random_applications(rng: random.Random, template: str) -> dict:
    outcome_keys = OUTCOME_ROWS[template]
    rows: dict[str, dict[str, int]] = {key: {} for key in
                                        ("new", "carried_over", *outcome_keys, "total",
                                         "carried_forward")}
    for column in APPLICANT_PARTS:
        busy = rng.random() < (0.8 if column == "natural_person" else 0.3)
        for key in outcome_keys:
            rows[key][column] = _count(rng) if busy else 0
        total = sum(rows[key][column] for key in outcome_keys)
        rows["total"][column] = total
        carried_forward = _count(rng, 3) if busy else 0
        carried_over = rng.randint(0, total + carried_forward) if busy and rng.random() < 0.3 else 0
        rows["carried_forward"][column] = carried_forward
        rows["carried_over"][column] = carried_over
        rows["new"][column] = total + carried_forward - carried_over
    for cells in rows.values():
        cells["total"] = sum(cells[column] for column in APPLICANT_PARTS)
    ordered = [row.key for row in APPLICATION_ROWS[template]]
    return {key: rows[key] for key in ordered}


def _random_review(rng: random.Random) -> dict:
    values = {}
    for group in REVIEW_GROUPS:
        fields = {name: _count(rng, 5) for name in REVIEW_OUTCOMES}
        fields["total"] = sum(fields.values())
        values[group] = fields
    return values
