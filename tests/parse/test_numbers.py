import pytest

from harvester.parse.numbers import parse_number


@pytest.mark.parametrize(("cell", "number"), [
    ("0", 0), (" 3", 3), ("0 ", 0), ("8270", 8270), ("１２", 12), ("40,355", 40355),
    ("+170", 170), ("-5", -5), ("−5", -5), ("－5", -5), ("28204万元", 28204),
    ("2019.4359", 2019.4359), ("743.03", 743.03), ("1 151", 1151), ("\n0", 0), ("3件", 3),
])
def test_numbers_as_cells_print_them(cell, number):
    parsed = parse_number(cell)
    assert parsed == number
    assert type(parsed) is type(number)


@pytest.mark.parametrize("cell", [
    "", "  ", "规章", "第二十条第（一）项", "本年收费金额（单位：万元，保留4位小数）", "2021年",
    "1.属于国家秘密", "0439-3361168", "1,2345", "--", "+", "12.", ".5",
])
def test_not_numbers(cell):
    assert parse_number(cell) is None
