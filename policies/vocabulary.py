"""The closed vocabularies of the quote contract (shared/spec/quote-contract.md).

These are names, not policy: which groups exist and what they are called. Which group gets what,
in which region, lives in the data files.
"""

# The national hotlines every referral names (参保 questions 12393, 缴费 questions 12366): the only
# place in the code that writes the numbers.
HOTLINE_ENROLLMENT = "12393"
HOTLINE_PAYMENT = "12366"
HOTLINES = f"参保问题请拨打{HOTLINE_ENROLLMENT}，缴费问题请拨打{HOTLINE_PAYMENT}"
HOTLINES_SHORT = f"咨询：参保{HOTLINE_ENROLLMENT}，缴费{HOTLINE_PAYMENT}。"
ASK_ENROLLMENT = f"请咨询{HOTLINE_ENROLLMENT}"

# Rulings R8: from this age a resident is taken as not a full-time student unless they say so.
ADULT_NOT_STUDENT_AGE = 35

HUKOU = ("local", "nonlocal")
STUDENT = ("none", "preschool", "primary_secondary", "university")

SPECIAL_GROUPS = {
    "tekun": "特困人员",
    "orphan": "孤儿/事实无人抚养儿童",
    "dibao": "低保对象",
    "dibao_edge": "低保边缘家庭成员",
    "disabled_severe": "重度残疾人（一、二级）",
    "disabled_living": "残疾人基本生活保障证持有人",
    "youfu": "优抚对象",
    "welfare_institution": "福利机构集中供养人员",
    "hardship_child": "困境儿童",
    "poverty_monitored": "防返贫监测对象",
    "poverty_returned": "返贫致贫人口",
    "family_planning": "计生户家庭成员",
    "land_expropriated": "被征地农民",
    "enterprise_retiree": "企业改制后退休人员",
}

TRANSFERS = {
    "employee_within_3m": "职工医保中断3个月内转入",
    "military_within_3m": "部队转业（复员）3个月内",
    "new_qualification_within_3m": "新取得户籍、居住证或学籍3个月内",
    "prison_release_within_3m": "刑满释放3个月内",
}

# Facts a condition in the data may test, and the contract fact to ask for when it is unknown.
CONDITION_FACTS = {
    "age": "age",
    "hukou": "hukou",
    "student": "student",
    "school_local": "school_local",
    "employee_insured": "employee_insured",
    "parent_employee_insured": "parent_employee_insured",
    "parent_employee_years": "parent_employee_years",
    "residence_permit": "residence_permit",
    "newborn": "newborn_days",
    "newborn_days": "newborn_days",
    "special_any": "special",
}

# The order in which unknown facts are asked for: most decisive first.
MISSING_ORDER = (
    "age",
    "hukou",
    "student",
    "school_local",
    "employee_insured",
    "parent_employee_insured",
    "parent_employee_years",
    "residence_permit",
    "special",
    "gap_years",
)

# General questions a resident may ask about a region (policies.faq): code -> the name shown.
# Which region's text says what on each lives in the data files (``faq:`` items and the structured
# sections the answer is derived from).
FAQ_TOPICS = {
    "channels": "缴费渠道",
    "window": "参保缴费时间",
    "family_pay": "家庭共济（亲属代缴）",
    "tiers": "缴费档次",
    "documents": "首次参保材料",
    "tier_change": "变更缴费档次",
    "refund": "退费",
    "duplicate": "重复参保",
    "benefits": "待遇标准（报销比例）",
    "newborn": "新生儿参保",
    "student": "学生参保",
    "makeup": "补缴期",
    "incentives": "连续参保激励",
    "hotline": "咨询电话",
    "ltc": "长期护理保险",
    "remote": "异地就医",
}
