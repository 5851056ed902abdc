"""Narrative figures: the counts a report's prose states, and whether its tables agree.

Every report states its key figures twice, in the tables and in the prose (本年新收政府信息公开
申请312件, 行政复议2件…); a report before 2019 states them only in the prose.
:func:`read_figures` reads the prose's counts into figures ``{"key", "value", "unit",
"sentence", "start", "end"}``, where ``text[start:end] == sentence``; :func:`table_checks`
compares each figure with the parsed table's value under the same key (or the sum of the rows
it names) and records a ``text_table_mismatch`` warning when they differ. The keys and the
phrases that state them are in :mod:`harvester.parse.vocabulary` (docs/report-format.md
section 8).

How a count is read: one regular expression finds every unit (件, 条, 次, 人次, 元, 万元…)
right after a digit, a Chinese numeral or a space, in the whole text, and the number before it
is read backwards; only those numbers cost any further work (the statements of none have one
scan per word of negation). The words just before a number, back to the previous number or
the start of its clause, must end with a phrase of the vocabulary (收到…申请, 行政复议,
主动公开政府信息).
A change (同比增加5件), a share, an ordinal (第3条), an approximation (1400余条, 近300个), the
end of a range (3至5件) and a cumulative count (历年累计) are not counts of the year and give
nothing; a percentage has no unit and is never a count. Numbers in table lines (tabs, pipes)
are the tables' business. A statement of none gives 0 only when the text says so in words
(未收到政府信息公开申请, 未发生…行政复议, 未收取任何费用); an absent figure stays absent.
"""

from __future__ import annotations

import re

from harvester.checks import check
from harvester.parse import vocabulary as vocab

_NUMERALS = "零〇一二两三四五六七八九十百千万"
_DIGIT_CLASS = f"0-9０-９{_NUMERALS}"
# The scan: a unit's first character right after a digit, a numeral or a space (one regular
# expression over the whole text; Python's engine makes this the cheapest first step). 万 is
# not a unit's start: 万元's 元 and 1.2万条's 条 follow it. The number is then read backwards.
_UNIT_STARTS = "".join(sorted({unit[0] for unit in vocab.NARRATIVE_UNITS} - {"万"}))
_UNIT_AT = re.compile(rf"[{_UNIT_STARTS}](?<=[{_DIGIT_CLASS} \t\u3000\n].)")
_DIGITS_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_NUMBER_CHARS = frozenset("0123456789０１２３４５６７８９,." + _NUMERALS)
_NUMBER_BOUNDARY = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-/_")
_SPACES = frozenset(" \t\u3000\n")
_NUMBER_LOOK_BACK = 24
_WHITESPACE = re.compile(r"\s+")
_HALF_WIDTH = str.maketrans({"（": "(", "）": ")", "，": ",", "；": ";", "：": ":", "％": "%"})
_CLAUSE_MARKS = (",", ";", "。", "!", "?", "！", "？")
_RAW_CLAUSE_MARKS = ("，", ",", "；", ";", "。", "！", "？", "!", "?")
# How far back a number's words and a sentence's start are looked for.
_LOOK_BACK = 80
_SENTENCE_LOOK_BACK = 400  # and forward
# A sentence ends at its full stop (not at a semicolon: 予以公开1宗；不予公开1宗 is one
# sentence), at a blank line, before a line that starts with an enumerator (a heading or a list
# item), after a short line and after an enumerated line without a full stop (headings: wrapped
# prose fills its lines), unless the line ends with a comma.
_SHORT_LINE = 20
_HEADING_LINE = 40
_STOPS = ("。", "！", "？", "!", "?")
_ENUMERATOR = (r"(?:[一二三四五六七八九十]{1,3}[、是]|[(（][一二三四五六七八九十\d]{1,3}[)）]"
               r"|\d{1,2}[、.．](?!\d))")
_BREAK = re.compile(
    r"(?P<stop>[。！？!?])"
    r"|\n[ \t\u3000]*(?=\n)"
    rf"|\n(?=[ \t\u3000#]*{_ENUMERATOR})"
    rf"|(?m:^[^\n]{{1,{_SHORT_LINE - 1}}}(?<![，、,(（:：])\n)"
    rf"|(?m:^[ \t\u3000#]*{_ENUMERATOR}[^\n。！？!?]{{0,{_HEADING_LINE}}}(?<![，、,(（:：])\n)")

_PHRASES = tuple(
    (phrase, re.compile(f"(?:{phrase.pattern}){vocab.NARRATIVE_FILLER}$"))
    for phrase in vocab.NARRATIVE_PHRASES)
_TRIGGERS = re.compile("|".join(sorted({re.escape(word) for phrase in vocab.NARRATIVE_PHRASES
                                         for word in phrase.triggers})))
# Each trigger word with the phrases (by index) it lets through.
_TRIGGER_PHRASES = tuple(
    (word, frozenset(index for index, phrase in enumerate(vocab.NARRATIVE_PHRASES)
                     if word in phrase.triggers))
    for word in sorted({word for phrase in vocab.NARRATIVE_PHRASES for word in phrase.triggers}))
_TRAILING = tuple((key, re.compile(pattern)) for key, pattern in vocab.NARRATIVE_TRAILING)
_TRAILING_UNITS = frozenset(unit for phrase in vocab.NARRATIVE_PHRASES
                            if phrase.key.startswith("review_litigation.") for unit in phrase.units)
_INCLUDES_CARRIED_OVER = re.compile(vocab.NARRATIVE_INCLUDES_CARRIED_OVER)
_NOT_BEFORE = re.compile(vocab.NARRATIVE_NOT_A_COUNT_BEFORE)
_NOT_AFTER = re.compile(vocab.NARRATIVE_NOT_A_COUNT_AFTER)
_NOT_APPLICATIONS = re.compile(vocab.NARRATIVE_NOT_APPLICATIONS)
_NOT_THIS_YEAR = re.compile(vocab.NARRATIVE_NOT_THIS_YEAR)
_NONE_TRIGGER = re.compile("|".join(map(re.escape, vocab.NARRATIVE_NONE_TRIGGERS)))
_NEGATION = re.compile(vocab.NARRATIVE_NEGATION)
_NONE_NOT_MEANT = re.compile(vocab.NARRATIVE_NONE_NOT_MEANT)
_NONE_RECEIVED = re.compile(vocab.NARRATIVE_NONE_RECEIVED)
_NO_FEES = re.compile(vocab.NARRATIVE_NO_FEES)
_NOT_DISCLOSURE_FEES = re.compile(vocab.NARRATIVE_NOT_DISCLOSURE_FEES)
_PROCEEDING_WORDS = re.compile("|".join(word for _, word in vocab.NARRATIVE_NONE_OF))

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_POWERS = {"十": 10, "百": 100, "千": 1000}

# Sums of table rows that a narrative key names (the table has no row of its own for them).
_WITHHELD = tuple(row.key for row in vocab.APPLICATION_ROWS["2021"]
                  if row.key.startswith("withheld_"))
_UNAVAILABLE = tuple(row.key for row in vocab.APPLICATION_ROWS["2021"]
                     if row.key.startswith("unavailable_"))
_NOT_PROCESSED = tuple(row.key for row in vocab.APPLICATION_ROWS["2021"]
                       if row.key.startswith("not_processed_"))
_OTHER_2021 = ("other_no_correction", "other_no_fee", "other_misc")
_APPLICATION_SUMS = {
    "applications.withheld.total": _WITHHELD,
    "applications.unavailable.total": _UNAVAILABLE,
    "applications.not_processed.total": _NOT_PROCESSED,
    "applications.granted_incl_partially.total": ("granted", "partially_granted"),
}


def chinese_number(numeral: str) -> int | None:
    """The value of a Chinese numeral (一百二十三, 两千零五, 三万五千, 二〇二一), or None."""
    if not any(ch in _DIGITS or ch == "十" for ch in numeral):
        return None
    if all(ch in _DIGITS for ch in numeral):  # 二〇二一: digit by digit
        return int("".join(str(_DIGITS[ch]) for ch in numeral))
    total = section = 0
    digit: int | None = None
    for ch in numeral:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _POWERS:
            section += (1 if digit is None else digit) * _POWERS[ch]
            digit = None
        else:  # 万
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
    return total + section + (digit or 0)


def _number_before(text: str, end: int, unit: str) -> tuple[int, int | float, str] | None:
    """The number that ends (but for spaces) at ``end``, read backwards: its start, its value
    and its unit (万 before 元 makes 万元; before another unit it multiplies)."""
    low = max(0, end - _NUMBER_LOOK_BACK)
    while end > low and text[end - 1] in _SPACES:
        end -= 1
    start = end
    while start > low and text[start - 1] in _NUMBER_CHARS:
        start -= 1
    while start < end and text[start] in ",.":
        start += 1
    if start == end or (start > 0 and text[start - 1] in _NUMBER_BOUNDARY):
        return None
    number = text[start:end]
    wan = number[-1] == "万" and len(number) > 1 and (
        unit == "元" or number[-2] not in _NUMERALS)
    if wan:
        number = number[:-1].rstrip()
        if unit == "元":
            unit, wan = "万元", False
    value: int | float | None
    if number[0] in _NUMERALS:
        value = chinese_number(number)
    elif _DIGITS_NUMBER.fullmatch(number):
        digits = number.replace(",", "")
        value = float(digits) if "." in digits else int(digits)
    else:
        return None
    if value is None:
        return None
    if wan:
        value = value * 10000
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return start, value, unit


def _compact(text: str) -> str:
    return _WHITESPACE.sub("", text).translate(_HALF_WIDTH)


def _clause_tail(compacted: str) -> str:
    """The compacted words after the last clause mark."""
    cut = max(compacted.rfind(mark) for mark in _CLAUSE_MARKS)
    return compacted[cut + 1:]


def _sentence_span(text: str, position: int) -> tuple[int, int]:
    """The sentence around ``position``, as offsets with no whitespace at either end."""
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    if line_end < 0:
        line_end = len(text)
    # The full stops bound the stretch the (slower) break pattern is searched in.
    low = max(0, position - _SENTENCE_LOOK_BACK)
    start = max(low, max(text.rfind(stop, low, position) for stop in _STOPS))
    for match in _BREAK.finditer(text, start, position):
        start = match.end()
    limit = min(len(text), position + _SENTENCE_LOOK_BACK)
    stops = [found for stop in _STOPS if (found := text.find(stop, position, limit)) >= 0]
    if stops:
        limit = min(stops) + 1
    match = _BREAK.search(text, position, limit)
    end = limit if match is None else match.end() if match["stop"] else match.end() - 1
    stripped = text[line_start:line_end].strip()
    if (line_end < end and len(stripped) < _SHORT_LINE
            and not stripped.endswith(("，", "、", ",", "(", "（", ":", "："))):
        end = line_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _clause_span(text: str, position: int) -> tuple[int, int]:
    low = max(0, position - _LOOK_BACK)
    high = min(len(text), position + _LOOK_BACK)
    start = max(low, max(text.rfind(mark, low, position) for mark in _RAW_CLAUSE_MARKS) + 1)
    ends = [found for mark in _RAW_CLAUSE_MARKS if (found := text.find(mark, position, high)) >= 0]
    return start, min(ends) if ends else high


def _is_table_line(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return "|" in line or "\t" in line.strip()


class _Reader:
    """One text's figures, at most one per key and sentence (a sentence that states a key
    twice is breaking the first figure down: 主动公开信息3120条，其中…公开1888条)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.figures: list[tuple[int, dict]] = []
        self.taken: set[tuple[int, str]] = set()
        self.last_sentence = (0, 0)

    def sentence(self, position: int) -> tuple[int, int]:
        span = self.last_sentence
        if span[0] <= position < span[1]:
            return span
        span = self.last_sentence = _sentence_span(self.text, position)
        return span

    def add(self, position: int, key: str, value: int | float, unit: str) -> None:
        start, end = self.sentence(position)
        if (start, key) in self.taken:
            return
        self.taken.add((start, key))
        self.figures.append((position, {"key": key, "value": value, "unit": unit,
                                        "sentence": self.text[start:end], "start": start,
                                        "end": end}))

    def numbers(self) -> None:
        text = self.text
        previous_end = 0
        for match in _UNIT_AT.finditer(text):
            unit_start = match.start()
            unit = text[unit_start]
            if unit == "人":
                if text[unit_start + 1:unit_start + 2] != "次":
                    continue
                unit = "人次"
            unit_end = unit_start + len(unit)
            words_start = previous_end
            previous_end = unit_end
            number = _number_before(text, unit_start, unit)
            if number is None:
                continue
            position, value, unit = number
            if (position > 0 and text[position - 1] == "第") or _is_table_line(text, position):
                continue
            words = _clause_tail(_compact(text[max(words_start, position - _LOOK_BACK):position]))
            if not _TRIGGERS.search(words):
                ahead = text[unit_end:unit_end + 40]
                if "复" not in ahead and "诉" not in ahead:
                    continue
            if _NOT_BEFORE.search(words) or _NOT_THIS_YEAR.search(words) or \
                    _NOT_AFTER.match(text[unit_end:unit_end + 4].lstrip()):
                continue
            key = self.key(words, unit, position)
            if key is None:
                key = self.trailing_key(unit_end, unit)
            if key is None:
                continue
            if key == "applications.new.total" and _INCLUDES_CARRIED_OVER.match(
                    _compact(text[unit_end:unit_end + 12])):
                key = vocab.NARRATIVE_RECEIVED_INCL_CARRIED_OVER
            self.add(position, key, value, unit)

    def key(self, words: str, unit: str, position: int) -> str | None:
        candidates: set[int] = set()
        for word, indexes in _TRIGGER_PHRASES:
            if word in words:
                candidates |= indexes
        for index in sorted(candidates):
            phrase, pattern = _PHRASES[index]
            if unit not in phrase.units or not pattern.search(words):
                continue
            if phrase.key in vocab.NARRATIVE_APPLICATION_KEYS and _NOT_APPLICATIONS.search(words):
                continue
            if phrase.needs:
                start, end = self.sentence(position)
                if phrase.needs not in self.text[start:end]:
                    continue
            return phrase.key
        return None

    def trailing_key(self, end: int, unit: str) -> str | None:
        if unit not in _TRAILING_UNITS:
            return None
        _, clause_end = _clause_span(self.text, end)
        rest = _compact(self.text[end:clause_end])
        for key, pattern in _TRAILING:
            if pattern.match(rest):
                return key
        return None

    def statements_of_none(self) -> None:
        text = self.text
        done: set[int] = set()
        for match in _NONE_TRIGGER.finditer(text):
            position = match.start()
            near = _WHITESPACE.sub("", text[max(0, position - 3):position + 8])
            if any(label in near for label in vocab.NARRATIVE_NONE_LABELS) or \
                    _is_table_line(text, position):
                continue
            start, end = _clause_span(text, position)
            if start in done:
                continue
            done.add(start)
            self.none_in_clause(position, _compact(text[start:end]))

    def none_in_clause(self, position: int, clause: str) -> None:
        negation = _NEGATION.search(clause)
        if negation and not _NONE_NOT_MEANT.search(clause):
            for key, word in vocab.NARRATIVE_NONE_OF:
                if word in clause[negation.end():]:
                    self.add(position, key, 0, "件")
        if _NONE_RECEIVED.search(clause) and not _PROCEEDING_WORDS.search(clause):
            self.add(position, "applications.new.total", 0, "件")
        if _NO_FEES.search(clause) and not _NOT_DISCLOSURE_FEES.search(clause):
            self.add(position, "applications.fees", 0, "元")


def read_figures(text: str) -> list[dict]:
    """The counts the prose of ``text`` states, in the order it states them."""
    reader = _Reader(text)
    reader.numbers()
    reader.statements_of_none()
    reader.figures.sort(key=lambda item: item[0])
    return [figure for _, figure in reader.figures]


def table_value(report: dict, key: str) -> int | float | None:
    """The parsed tables' value of a dotted key (``applications.new.total``), or of a sum of
    rows that a narrative key names: withheld, unavailable, not processed, granted with partly
    granted, other (the three rows of 2021), litigation (direct and after review). A sum is
    there only when every row it adds is."""
    applications = report.get("applications") or {}

    def total(rows: tuple[str, ...]) -> int | float | None:
        parts = [(applications.get(row) or {}).get("total") for row in rows]
        return None if any(part is None for part in parts) else sum(parts)

    if key in _APPLICATION_SUMS:
        return total(_APPLICATION_SUMS[key])
    if key == "applications.other.total" and "other" not in applications:
        return total(_OTHER_2021)
    if key == "review_litigation.litigation.total":
        review = report.get("review_litigation") or {}
        direct = (review.get("litigation_direct") or {}).get("total")
        after = (review.get("litigation_after_review") or {}).get("total")
        return None if direct is None or after is None else direct + after
    section, _, rest = key.partition(".")
    row, _, field = rest.partition(".")
    if section not in ("applications", "review_litigation"):
        return None
    return ((report.get(section) or {}).get(row) or {}).get(field)


def table_checks(report: dict, figures: list[dict]) -> list[dict]:
    """A ``text_table_mismatch`` warning for every figure whose table counterpart differs;
    figures for keys the tables do not hold give nothing."""
    if not figures:
        return []
    checks: list[dict] = []
    reported: set[tuple[str, int | float]] = set()
    for figure in figures:
        key, value = figure["key"], figure["value"]
        table = table_value(report, key)
        if table is None or table == value or (key, value) in reported:
            continue
        reported.add((key, value))
        sentence = _WHITESPACE.sub("", figure["sentence"])
        if len(sentence) > 120:
            sentence = sentence[:119] + "…"
        checks.append(check("text_table_mismatch", "warning", key,
                            f"the text states {value} {figure['unit']} but the table "
                            f"{table}: 「{sentence}」"))
    return checks
