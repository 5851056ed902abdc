"""The five real seed reports, parsed from their text: every value, and every check they must
(and must not) carry."""

import pytest

from harvester.parse.report import parse_bytes
from tests.support.parsing import SEED_NAMES, checks_named, seed_text, seed_truth, values_of


@pytest.fixture(scope="module")
def parsed() -> dict[str, dict]:
    return {name: parse_bytes(seed_text(name), f"{name}.txt") for name in SEED_NAMES}


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_value_matches_the_hand_typed_truth(parsed, name):
    assert values_of(parsed[name]) == values_of(seed_truth(name))


def test_spot_values_read_off_the_documents(parsed):
    # A few values re-typed here from the .txt files, independent of the JSON truth.
    assert parsed["000"]["active_disclosure"]["licensing"] == {"decisions": 8270}
    assert parsed["002"]["active_disclosure"]["licensing"] == {
        "prior_items": 149, "change": 170, "decisions": 8633}
    assert parsed["002"]["active_disclosure"]["fees"] == {"prior_items": 11, "change": -5}
    assert parsed["002"]["active_disclosure"]["procurement"] == {
        "projects": 59, "amount_wan_yuan": 28204.0}
    assert parsed["003"]["active_disclosure"]["fees"] == {"amount_wan_yuan": 2019.4359}
    assert parsed["003"]["applications"]["withheld_third_party"]["commercial"] == 2
    assert parsed["004"]["applications"]["unavailable_not_held"]["natural_person"] == 2
    assert parsed["001"]["review_litigation"]["litigation_direct"] == {
        "upheld": 0, "corrected": 0, "other": 9, "pending": 2, "total": 11}


def test_amounts_are_floats_and_counts_ints(parsed):
    assert isinstance(parsed["004"]["active_disclosure"]["fees"]["amount_wan_yuan"], float)
    assert isinstance(parsed["000"]["active_disclosure"]["fees"]["amount_wan_yuan"], float)
    assert type(parsed["004"]["applications"]["new"]["total"]) is int


def test_metadata(parsed):
    assert parsed["001"]["title"] == "2021年度政府信息公开工作报告"  # no agency in the title
    assert parsed["001"]["agency"] == "鹤岗市工农区人民政府"  # from the opening sentence
    assert parsed["002"]["agency"] == "通化市东昌区人民政府"  # from the signature
    assert parsed["002"]["year"] == 2020
    assert parsed["002"]["published"] == "2021-02-25"
    assert parsed["004"]["title"] == "韶关市武江区人民政府2021年度政府信息公开工作报告"
    assert parsed["004"]["published"] is None


def test_seed_004_is_clean(parsed):
    assert parsed["004"]["checks"] == []


def test_seed_001_breaks_balance_and_outcomes(parsed):
    report = parsed["001"]
    balance = {c["where"] for c in checks_named(report, "balance")}
    outcomes = {c["where"] for c in checks_named(report, "outcomes")}
    # Natural persons: 1 new, 1 granted, but the total row prints 0.
    assert balance == {"applications.natural_person", "applications.total"}
    assert outcomes == {"applications.natural_person", "applications.total"}
    assert all(c["severity"] == "error" for c in report["checks"])
    assert report["applications"]["total"]["total"] == 0  # what the document says, not fixed


def test_seed_002_breaks_balance_outcomes_and_review(parsed):
    report = parsed["002"]
    assert {c["where"] for c in checks_named(report, "balance")} == {
        "applications.natural_person", "applications.total"}
    assert [c["where"] for c in checks_named(report, "review_total")] == [
        "review_litigation.review"]
    assert report["review_litigation"]["review"]["total"] == 0


def test_seed_003_recovers_the_stray_cells(parsed):
    recovered = checks_named(parsed["003"], "recovered_extra_cell")
    assert {c["where"] for c in recovered} == {"applications.total",
                                               "applications.carried_forward"}
    assert all(c["severity"] == "info" for c in recovered)
    assert not [c for c in parsed["003"]["checks"] if c["severity"] != "info"]


def test_seed_000_recovers_the_headerless_review_block(parsed):
    report = parsed["000"]
    [recovered] = checks_named(report, "recovered_review_litigation")
    assert recovered["severity"] == "info"
    missing = {c["where"] for c in checks_named(report, "missing_row")}
    assert "applications.granted" in missing and "applications.total" in missing
    assert "applications.new" not in missing
    # Absent rows are absent, never zero.
    assert "granted" not in report["applications"]
    assert not [c for c in report["checks"] if c["severity"] == "error"]
