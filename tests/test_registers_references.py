"""References are stable, per board and register, and never handed out twice."""

from __future__ import annotations

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.packaging.custom import StringProperty

from meeting_packs.references import (ISSUED, issued_references, next_reference, remember_reference,
                                      same_ref)
from meeting_packs.registers.schema import PLAN_BOOK, RISKS_BOOK


def test_next_reference_counts_on_from_the_highest_ever_used():
    used = ["HWB-A001", "hwb-a007", " HWB-A003 ", None, "", "SENDPB-A099", "HWB-R050", "HWB-A0x"]
    assert next_reference("hwb", "A", used) == "HWB-A008"
    assert next_reference("hwb", "R", used, 2) == "HWB-R51"
    assert next_reference("scb", "P", []) == "SCB-P001"
    assert next_reference("hwb", "A", ["HWB-A999"]) == "HWB-A1000"


@settings(max_examples=100, deadline=None)
@given(numbers=st.lists(st.integers(1, 5000), max_size=20))
def test_next_reference_is_never_one_already_used(numbers):
    used = [f"HWB-A{n:03d}" for n in numbers]
    new = next_reference("hwb", "A", used)
    assert all(not same_ref(u, new) for u in used)
    assert int(new[5:]) == max(numbers, default=0) + 1


def test_remembered_references_keep_the_newest_of_each_kind():
    properties = {"MSIP_Label_Enabled": "true"}
    remember_reference(properties, "HWB-R01")
    remember_reference(properties, "SENDPB-R01")
    remember_reference(properties, "HWB-R02")
    assert properties == {"MSIP_Label_Enabled": "true", ISSUED: "SENDPB-R01,HWB-R02"}
    assert issued_references(properties) == ["SENDPB-R01", "HWB-R02"]
    assert issued_references({}) == []


def _delete_row(path, sheet, row):
    book = openpyxl.load_workbook(path)
    book[sheet].delete_rows(row)
    book.save(path)


def test_a_risk_deleted_by_hand_keeps_its_number(populated, invoke):
    assert invoke("risks", "add", "hwb", "Second", "--likelihood", "1", "--impact", "1",
                  "--owner", "MM").output == "HWB-R02 (score 1, Low)\n"
    _delete_row(populated.register_path(RISKS_BOOK), "Risks", 4)
    result = invoke("risks", "add", "hwb", "Third", "--likelihood", "1", "--impact", "1", "--owner", "MM")
    assert result.output == "HWB-R03 (score 1, Low)\n"


def test_a_plan_item_deleted_by_hand_keeps_its_number(populated, invoke):
    assert invoke("plan", "add", "sendpb", "Second").output == "SENDPB-P002\n"
    _delete_row(populated.register_path(PLAN_BOOK), "Forward plan", 2)   # SENDPB-P001
    _delete_row(populated.register_path(PLAN_BOOK), "Forward plan", 3)   # SENDPB-P002: none left
    assert invoke("plan", "add", "sendpb", "Third").output == "SENDPB-P003\n"


def test_other_custom_properties_survive_a_save(populated, invoke):
    """Sensitivity labels and the like live in the same place; a save must not strip them."""
    path = populated.register_path(RISKS_BOOK)
    book = openpyxl.load_workbook(path)
    book.custom_doc_props.append(StringProperty(name="MSIP_Label_1234_Name", value="OFFICIAL & <Sensitive>"))
    book.save(path)
    assert invoke("risks", "update", "HWB-R01", "--impact", "3").exit_code == 0
    properties = populated.read(RISKS_BOOK).properties
    assert properties["MSIP_Label_1234_Name"] == "OFFICIAL & <Sensitive>"
    assert issued_references(properties) == ["SENDPB-R01", "HWB-R01"]


@pytest.mark.parametrize("a, b, same", [("HWB-A001", "hwb-a001", True), (" HWB-A001", "HWB-A001 ", True),
                                        (None, "HWB-A001", False), ("HWB-A01", "HWB-A001", False)])
def test_same_ref(a, b, same):
    assert same_ref(a, b) is same
