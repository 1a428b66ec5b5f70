"""A one-line Chinese summary of the facts gathered, for the answer's header and for a handoff to a
hotline agent (so the agent need not ask again). Only facts, never what the resident typed."""

from __future__ import annotations

from policies.vocabulary import SPECIAL_GROUPS, TRANSFERS

WHO = {"self": "本人", "child": "孩子", "parent": "父母", "spouse": "配偶", "other": "家人"}
STUDENT = {"none": "未在读", "preschool": "学龄前", "primary_secondary": "中小学/中职在读", "university": "全日制大学在读"}
FLAGS = {
    "hukou": {"local": "本地户口", "nonlocal": "外地户口"},
    "school_local": {True: "学校在本地", False: "学校在外地"},
    "employee_insured": {True: "有职工医保", False: "无职工医保"},
    "parent_employee_insured": {True: "父母一方有本地职工医保", False: "父母无本地职工医保"},
    "residence_permit": {True: "有居住证", False: "无居住证"},
}


def summary(slots: dict, region_name: str | None = None) -> str:
    """``杭州市区；孩子；8岁；本地户口；中小学/中职在读`` — empty when nothing is known yet."""
    parts = []
    if region_name:
        parts.append(region_name)
    elif slots.get("region_unsupported"):
        parts.append(f"{slots['region_unsupported']}（暂不支持）")
    if slots.get("subject") in WHO and slots["subject"] != "self":
        parts.append(f"为{WHO[slots['subject']]}咨询")
    if slots.get("newborn_days") is not None:
        parts.append(f"新生儿（出生约{slots['newborn_days']}天）")
    elif slots.get("birth_date"):
        parts.append("年龄按身份证出生日期计算")
    elif slots.get("age") is not None:
        parts.append(f"{'约' if slots.get('age_approx') else ''}{slots['age']}岁")
    for name in ("hukou",):
        if slots.get(name) in FLAGS[name]:
            parts.append(FLAGS[name][slots[name]])
    if slots.get("student") in STUDENT:
        parts.append(STUDENT[slots["student"]])
    for name in ("school_local", "residence_permit", "employee_insured", "parent_employee_insured"):
        if slots.get(name) in FLAGS[name]:
            parts.append(FLAGS[name][slots[name]])
    if slots.get("parent_employee_years") is not None:
        parts.append(f"父母职工医保累计{slots['parent_employee_years']}年")
    special = slots.get("special")
    if special is not None:
        groups = [SPECIAL_GROUPS[g] for g in special if g in SPECIAL_GROUPS]
        parts.append("、".join(groups) if groups else "不属于困难群体")
    if slots.get("gap_years") is not None:
        parts.append("一直连续参保" if slots["gap_years"] == 0 else f"断保{slots['gap_years']}年")
    if slots.get("tier"):
        parts.append(f"选{slots['tier']}")
    if slots.get("transfer") in TRANSFERS:
        parts.append(TRANSFERS[slots["transfer"]])
    return "；".join(parts)
