"""Property tests: random valid reports of both templates, rendered in random shapes and
charsets, parse back to exactly their numbers; random and truncated input never raises."""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harvester.demo.render import HTML_SHAPES, TEXT_SHAPES, random_report, render_html, render_text
from harvester.parse.report import parse_bytes
from tests.support.parsing import page, values_of

AGENCIES = ("某市某区人民政府", "某县教育局", "某区卫生健康局", "某镇人民政府", "某街道办事处",
            "某区自然资源局")


def render(report: dict, shape: str, charset: str, declared: str | None) -> bytes:
    if shape in HTML_SHAPES:
        return page(render_html(report, shape), charset, declared)
    return render_text(report, shape).encode(charset)


reports = st.builds(
    lambda seed, template, year, agency: random_report(random.Random(seed), template, year,
                                                       agency),
    st.integers(0, 2**32), st.sampled_from(["2019", "2021"]), st.integers(2019, 2025),
    st.sampled_from(AGENCIES))
shapes = st.sampled_from(HTML_SHAPES + TEXT_SHAPES)
charsets = st.sampled_from([("utf-8", "utf-8"), ("gbk", "gbk"), ("gbk", "utf-8"), ("gbk", None),
                            ("utf-8", "gbk"), ("gb18030", None)])


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports, shapes, charsets)
def test_random_reports_round_trip(report, shape, charset):
    parsed = parse_bytes(render(report, shape, *charset), f"report.{shape}")
    assert values_of(parsed) == values_of(report)
    assert not [c for c in parsed["checks"] if c["severity"] != "info"]


@settings(max_examples=300, deadline=None)
@given(reports, shapes, st.floats(0, 1))
def test_truncated_reports_never_raise(report, shape, fraction):
    data = render(report, shape, "utf-8", "utf-8")
    parsed = parse_bytes(data[:int(len(data) * fraction)], "cut")
    assert isinstance(parsed["checks"], list)
    for section in ("active_disclosure", "applications", "review_litigation"):
        for row in parsed.get(section, {}).values():
            # Whatever survived the cut is a number the report really has.
            assert all(isinstance(v, int | float) for v in row.values())


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=4000))
def test_random_bytes_never_raise(data):
    parsed = parse_bytes(data, "noise")
    assert isinstance(parsed["checks"], list)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("一二三四、（）行政复议总计规章0123456789\t\n |<>"
                                             "tabler/d政府信息公开年度报告")), max_size=600))
def test_random_text_never_raises(text):
    parsed = parse_bytes(text.encode(), "noise.txt")
    assert isinstance(parsed["checks"], list)
