"""Attribute bombs (harvester/parse/markup.py): an element with more attributes than any real
page has loses them, keeps its content, and leaves a check (issue #16)."""

from __future__ import annotations

from harvester.parse.markup import MAX_ATTRIBUTES, affordable
from harvester.parse.readers import html


def element(attributes: int, content: str = "二、主动公开政府信息情况") -> str:
    listed = " ".join(f'data-a{i}="{i}"' for i in range(attributes))
    return f'<p class="x" {listed}>{content}</p>'


def test_an_element_over_the_cap_loses_its_attributes_and_keeps_its_text():
    markup, checks = affordable(f"<body>{element(MAX_ATTRIBUTES + 1)}</body>")
    assert markup == "<body><p>二、主动公开政府信息情况</p></body>"
    assert [(c["check"], c["severity"]) for c in checks] == [("attribute_cap", "warning")]
    assert "1,002 attributes" in checks[0]["message"]  # class and 1,001 data- attributes


def test_an_element_at_the_cap_and_a_long_data_uri_are_left_as_they_are():
    image = f'<img alt="盖章" src="data:image/png;base64,{"A" * 50_000}">'
    page = f"<body>{element(MAX_ATTRIBUTES - 1)}{image}</body>"
    assert affordable(page) == (page, [])


def test_the_html_reader_reads_the_text_of_an_attribute_bomb_with_a_check():
    document = html.read(f"<html><body>{element(40_000)}</body></html>".encode())
    assert document.text == "二、主动公开政府信息情况"
    assert [c["check"] for c in document.checks] == ["attribute_cap"]
