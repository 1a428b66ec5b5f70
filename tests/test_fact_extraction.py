"""The rule-based Chinese fact extractor (bot/components/zh_facts.py).

Each case is what a resident might type and the normalised facts expected from it: every expected
key must be there with that value, and no other fact may appear, except ``subject``, ``affirm`` and
``correction`` when a case does not name them.
"""

import os
import subprocess
import sys

import pytest

from bot.components.zh_facts import extract, extract_entities

LOOSE = {"subject", "affirm", "correction", "number", "question", "hukou_kind", "reply", "duration", "year", "special_not",
         "young_subject", "doubt", "place_named", "place_wide", "region_not"}
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CASES = [
    ("我四十八，户口在上海崇明，农村的，不是低保也不是残疾人，没啥特殊身份", {"age": 48, "subject": "self",
                                                                 "hukou_region": "shanghai", "special": []}),
    ("我毕业两年了", {"subject": "self", "student": "none"}),
    # in a message about a child, a bare 爸爸 / 妈妈 is the child's parent; 跟爷爷奶奶 is who the child lives with
    ("宝宝出生第五天，爸爸在余姚单位交了十年社保", {"subject": "child", "age": 0, "newborn_days": 5,
                                             "parent_employee_insured": True, "parent_employee_years": 10}),
    ("孩子爸爸在余姚交的是居民医保，妈妈在余姚单位交职工医保", {"subject": "child", "region": "yuyao",
                                                        "parent_employee_insured": True}),  # one parent is enough
    ("孩子跟爷爷奶奶在余姚上小学", {"subject": "child", "region": "yuyao", "school_local": True,
                                  "student": "primary_secondary"}),
    ("来电人女儿，咨询父亲参保：父亲73岁", {"subject": "parent", "age": 73}),  # the caller is the daughter
    ("孩子11月出生的", {"subject": "child"}),  # a birth month alone gives no days (not 11 months either)
    # 职工医保 changed in one message: what holds now; a contradiction with no change said is asked
    ("以前单位交的，离职后自己续了灵活就业职工医保，现在还在交", {"subject": "self", "employee_insured": True}),
    ("我有职工医保，没有职工医保", {"subject": "self"}),
    ("才五岁哪有职工医保", {"age": 5, "employee_insured": False}),
    ("交职工医保要多少钱", {}),  # asked, not held
    ("他爸爸单位交的", {"subject": "child", "parent_employee_insured": True}),
    ("户口上个月刚迁过来", {"hukou": "local", "transfer": "new_qualification_within_3m"}),  # a new 户口 within 3 months
    ("户口还在老家没迁过来", {"hukou": "nonlocal"}),
    # 户口 in residents' words: moved here, moved away, a form's field, a corrected move, typed by look or sound
    ("我老公是上门女婿，户口去年已经迁到我们余姚来了", {"subject": "spouse", "hukou_region": "yuyao"}),
    ("嫁到临平十来年了户口一直没迁还在江西老家", {"region": "hangzhou", "hukou": "nonlocal"}),
    ("户籍所在地：陕西省杨凌示范区李台街道", {"hukou_region": "yangling"}),
    ("户口迁出了杨凌，迁到西安了，人还住在杨凌", {"hukou": "nonlocal", "region": "yangling"}),
    ("户口原来在杭州，2019年迁去深圳了，现在回杭州了想交医保", {"hukou": "nonlocal", "region": "hangzhou"}),
    ("我户口之前在余姚 去年迁到象山了 人也在象山", {"region_unsupported": "象山"}),
    ("刚把户口从安徽迁到余姚", {"hukou_region": "yuyao"}),
    ("我户口在杭州，哦不对，我户口去年迁回老家江西了，人还在萧山", {"subject": "self", "hukou": "nonlocal",
                                                          "region": "hangzhou"}),
    ("户口已经迁回余姚了，之前在上海读书迁出去的", {"hukou_region": "yuyao"}),  # a place of the past
    ("我户口在杭州，户口在安徽", {"subject": "self"}),  # two 户口, no correction: asked
    ("我没有杭州户口，在滨江住", {"subject": "self", "hukou": "nonlocal", "region": "hangzhou"}),
    ("我是新上海人，前年落户的", {"subject": "self", "hukou": "local", "region": "shanghai"}),
    ("老家户口，人在临平", {"hukou": "nonlocal", "region": "hangzhou"}),
    ("户口是咸阳乾县的，在杨凌上班", {"hukou": "nonlocal", "region": "yangling"}),  # 乾 stays 乾
    ("我户扣在桐庐，人在拱墅上班", {"subject": "self", "hukou": "nonlocal", "region": "hangzhou"}),
    ("我婆婆户囗在崇明，八十多了", {"subject": "parent", "hukou_region": "shanghai", "age": 81, "age_approx": True}),
    ("户口就在于姚城区", {"hukou_region": "yuyao"}),  # one character typed wrong, joined to the word before it
    ("关键在于要交多少", {}),  # 于要 sounds like 余姚 but two characters differ: left alone
    ("马上还款", {}),
    ("医保上还是不上", {"region": None}),  # 上 + 还是, not a typed 上海市
    ("没得职工医保", {"employee_insured": False}),  # 没得: 没有 in southwestern speech
    # 职工医保 in residents' words: not held, stopped, held, unsure which
    ("我是灵活就业人员，但是没交过社保", {"subject": "self", "employee_insured": False}),
    ("是不是职工医保", {}),
    ("老板没给我们交社保，我在萧山一个厂里做", {"employee_insured": False, "region": "hangzhou"}),
    ("我是外卖骑手，平台没给交社保", {"subject": "self", "employee_insured": False}),
    ("职工医宝交了十五年，今年断了，公司倒闭了", {"employee_insured": False}),
    ("我有职工医保，居民医保断了", {"subject": "self", "employee_insured": True}),  # the other insurance stopped
    ("我妈是退休职工，退休医保在杭州", {"subject": "parent", "employee_insured": True, "region": "hangzhou"}),
    ("在杨凌一个单位上班，单位给缴了医疗保险", {"region": "yangling", "employee_insured": True}),
    ("社保是单位交的，在上海", {"employee_insured": True, "region": "shanghai"}),
    ("我爸62岁，户口在上海宝山，啥医保都没有", {"subject": "parent", "age": 62, "hukou_region": "shanghai",
                                            "employee_insured": False}),
    ("我三十，户口在余姚，老公在余姚单位交社保，我自己没交", {"subject": "self", "age": 30, "hukou_region": "yuyao",
                                                       "region": "yuyao", "employee_insured": False}),
    ("我自己交的社保，不知道是职工还是居民", {"subject": "self"}),
    ("冇職工醫保", {"employee_insured": False}),
    # said of the parents as "we" in a message about a child
    ("我们是双职工，都有社保，孩子在上城读初一", {"parent_employee_insured": True, "subject": "child", "region": "hangzhou",
                                             "school_local": True, "student": "primary_secondary"}),
    ("我们两口子都没有职工医保，闺女6岁在临平上一年级", {"parent_employee_insured": False, "subject": "child", "age": 6,
                                                   "region": "hangzhou", "student": "primary_secondary"}),
    # of two tiers, the one chosen; a comparison or an "if" chooses none
    ("我老公交的是一档，我想交二档", {"subject": "self", "tier": "二档"}),
    ("一档和二档有啥区别，我选二档的话能多报多少", {}),
    # groups only a child belongs to make the message about a child, unless they answer a question alone
    ("困境儿童 在杭州", {"special": ["hardship_child"], "subject": "child", "region": "hangzhou"}),
    # two words for the child are one child; 跟着我 is not about the speaker
    ("小孩在上海读高一，外地户口，住院能报吗，孩子有居住证", {"subject": "child", "region": "shanghai", "school_local": True,
                                                      "student": "primary_secondary", "hukou": "nonlocal",
                                                      "residence_permit": True}),
    ("孩子跟着我在杨凌读初中，户口在甘肃天水", {"subject": "child", "region": "yangling", "school_local": True,
                                             "student": "primary_secondary", "hukou": "nonlocal"}),
    # a town of the region before 人 / 户口; 打工人 is not where one is from
    ("余姚泗门人", {"hukou_region": "yuyao"}),
    ("余姚梁弄的农村户口", {"hukou_region": "yuyao"}),
    ("杭州打工人", {"region": "hangzhou"}),
    ("他们都在余姚农村，户口也在", {"region": "yuyao", "hukou": "local"}),
    ("我在黑龙江鹤岗，户口也在这", {"subject": "self", "region_unsupported": "鹤岗"}),  # local to a place not held: moot
    ("我媳妇儿是残疾人，二级的", {"subject": "spouse", "special": ["disabled_severe"]}),
    # an agent's note: the one the caller asks for, and what follows is theirs
    ("来电人为其母咨询，72岁，上海户籍", {"subject": "parent", "age": 72, "hukou_region": "shanghai"}),
    ("不是给我妈问，是我自己，我52岁，余姚户口", {"subject": "self", "age": 52, "hukou_region": "yuyao"}),
    ("咱妈六十出头，户口杭州富阳", {"subject": "parent", "age": 60, "age_approx": True, "hukou_region": "hangzhou"}),
    ("我妈自己有职工医保", {"subject": "parent", "employee_insured": True}),  # 自己 after a relative is that relative
    ("我老公有职工医保 我自己没有 我32岁 想给自己交", {"subject": "self", "employee_insured": False, "age": 32}),
    # where one is from is the 户口's place, unless a 户口 is said in so many words
    ("我是杨凌的", {"subject": "self", "hukou_region": "yangling"}),
    ("我今年九十五了，老上海", {"subject": "self", "age": 95, "hukou_region": "shanghai"}),
    ("我是杭州的，户口在安徽", {"subject": "self", "hukou": "nonlocal"}),
    ("我老家是余姚的，但户口早就迁到上海了，现在住上海", {"subject": "self", "hukou_region": "shanghai", "region": "shanghai"}),
    ("余姚的，我50岁", {"subject": "self", "region": "yuyao", "age": 50}),  # a bare place: the 户口 is asked
    # a clause that is only a number, in a message about someone, is the age
    ("被征地农民，余杭的，五十七", {"special": ["land_expropriated"], "region": "hangzhou", "age": 57}),
    ("余姚，68", {"region": "yuyao", "age": 68}),
    ("儿子刚生3天，上海户口", {"subject": "child", "age": 0, "newborn_days": 3, "hukou_region": "shanghai"}),
    ("孩子在杭州出生刚一周", {"subject": "child", "region": "hangzhou", "age": 0, "newborn_days": 7}),
    ("宝宝一周岁了", {"subject": "child", "age": 1}),
    # 职工医保 asked about, planned, or a card is not coverage held
    ("我28岁，在杭州做外卖员，灵活就业能交职工医保吗，户口贵州", {"subject": "self", "age": 28, "region": "hangzhou",
                                                             "hukou": "nonlocal"}),
    ("我想交职工医保", {}),
    ("我婆婆七十六 富阳的 她那个医保卡是不是社保卡", {"subject": "parent", "age": 76, "region": "hangzhou"}),
    ("我是国企改制以后退休的，现在没有单位给交医保", {"subject": "self", "employee_insured": False,
                                                "special": ["enterprise_retiree"]}),
    # a group asked about, or not (yet, still) held, is not said; none of them said in other words
    ("我爸以前当兵的，退伍老兵，算优抚对象吗", {"subject": "parent"}),
    ("我是低保边缘户，但是证明还没办下来", {}),
    ("我的残疾证是二级的，已经过期了", {}),
    ("我是低保户，孩子还没办下来户口", {"subject": "self", "special": ["dibao"]}),
    ("我啥困难都不是，就是普通老百姓，六十五岁", {"subject": "self", "special": [], "age": 65}),
    ("儿子智力残疾四级，别的都没有", {"subject": "child", "special": []}),
    ("来电人为其母亲咨询，来电人本人有职工医保，母亲67岁，余姚户籍", {"subject": "parent", "age": 67, "hukou_region": "yuyao"}),
    ("刚满周岁", {"age": 1}),
    ("我家闺女5岁上大班，户口上海", {"subject": "child", "age": 5, "student": "preschool", "hukou_region": "shanghai"}),
    ("我今年刚毕业二十二岁户口在杭州", {"subject": "self", "student": "none", "age": 22, "hukou_region": "hangzhou"}),
    ("六十八了 农村的 在余姚马渚 没交过职工医保", {"age": 68, "region": "yuyao", "employee_insured": False}),
    ("我交的是灵活就业那种职工医保", {"subject": "self", "employee_insured": True}),
    ("有职工医保能交居民吗", {"employee_insured": True}),
    # the 户口 not moved away is still here; not yet moved here is elsewhere; 老户口 ties the place to 户口
    ("我妈户口没迁走，还在余姚", {"subject": "parent", "hukou": "local", "region": "yuyao"}),
    ("户口还没迁过来", {"hukou": "nonlocal"}),
    ("我是杨凌的老户口", {"subject": "self", "hukou_region": "yangling"}),
    ("户口没迁还在余姚", {"hukou_region": "yuyao"}),
    ("户口在宁波北仑", {"hukou": "nonlocal"}),  # the tie is before the chain 宁波北仑
    # studying outside every region held with a 户口 in one: where to enroll is asked, not guessed
    ("女儿在西安读大学 户口在余姚", {"subject": "child", "student": "university", "hukou_region": "yuyao", "region_open": True}),
    # two values of one fact in one message, no correction said: asked, not chosen; a stop is a change
    ("我是外地户口，本地户口", {"subject": "self"}),
    ("以前有职工医保，后来停了", {"employee_insured": False}),
    # 我姐家 is a place to live, not a person; living outside every region held with a 户口 in one: asked
    ("我妈现在住桐庐我姐家 户口还在富阳", {"subject": "parent", "hukou_region": "hangzhou", "region_open": True}),
    ("我杨凌户口在四川打工", {"hukou_region": "yangling", "region_open": True}),
    # two regions held, the 户口's and the work's: which one is asked
    ("我是余姚户口，现在在上海工作，想交居民医保", {"subject": "self", "hukou_region": "yuyao", "region_open": True}),
    ("我在杭州滨江上班但户口在余姚", {"subject": "self", "hukou_region": "yuyao", "region_open": True}),
    ("我在上海工作，户口在余姚，想回余姚交", {"subject": "self", "hukou_region": "yuyao", "region": "yuyao"}),
    # where one is treated is not where one enrolls
    ("我是杭州户口，去上海看病异地就医怎么备案", {"subject": "self", "hukou_region": "hangzhou"}),
    # at home in a place not held: the 户口 there means nothing for a region held
    ("贵州毕节户口，人也在毕节", {"region_unsupported": "毕节"}),
    ("我在海南三亚，户口也在三亚", {"region_unsupported": "三亚"}),
    # a street or town of a region that shares a county's name elsewhere
    ("老妈八十，余姚凤山街道", {"subject": "parent", "age": 80, "region": "yuyao"}),
    # a clause that is only 本地的 answers the 户口 question, beside other facts (was read only alone)
    ("本地的，上小学", {"hukou": "local", "student": "primary_secondary"}),
    ("上小学，本地的", {"hukou": "local", "student": "primary_secondary"}),
    ("本地的学校，上初中", {"student": "primary_secondary"}),
    ("俺娘六十多了 在杨陵住 户口也在这", {"region": "yangling", "hukou": "local", "age": 61, "age_approx": True,
                                         "subject": "parent"}),
    ("我36岁 在上海 非沪籍 有居住证", {"region": "shanghai", "hukou": "nonlocal", "age": 36, "residence_permit": True,
                                      "subject": "self"}),
    ("我35岁 拱墅区 户口本地", {"region": "hangzhou", "hukou": "local", "age": 35, "subject": "self"}),
    ("户口在这个村", {}),
    ("上个月刚离职 单位停了", {"employee_insured": False}),
    ("我在上海单位有交", {"region": "shanghai", "employee_insured": True, "subject": "self"}),
    ("她上个月刚转成职工医保了", {"employee_insured": True}),
    ("单位有交公积金", {}),
    ("有残疾证 二级", {"special": ["disabled_severe"]}),
    # traditional characters read as simplified ones (OpenCC's character table)
    ("醫保怎麼交 我媽七十歲 上海戶口", {"subject": "parent", "age": 70, "hukou_region": "shanghai"}),
    ("孩子8歲 杭州戶口 讀小學", {"subject": "child", "age": 8, "hukou_region": "hangzhou", "student": "primary_secondary"}),
    ("去年因病返贫了", {"special": ["poverty_returned"]}),
    ("不是特困 不是低保 不是残疾 什么补助都没有", {"special": []}),
    ("娃儿刚生7天 杨凌的", {"age": 0, "newborn_days": 7, "subject": "child", "region": "yangling"}),
    ("年龄：45；是否职工医保：否", {"age": 45, "employee_insured": False}),
    # --- region (aliases from the rule book) and unsupported places -------------------------
    ("萧山区", {"region": "hangzhou"}),
    ("我在杭州", {"region": "hangzhou"}),
    ("杭州市区", {"region": "hangzhou"}),
    ("我住在临平", {"region": "hangzhou"}),
    ("我家在滨江", {"region": "hangzhou"}),
    ("我在浙江杭州", {"region": "hangzhou"}),
    ("宁波余姚", {"region": "yuyao"}),
    ("我们是余姚的", {"region": "yuyao"}),
    ("从杭州搬到余姚了", {"region": "yuyao"}),
    ("在上海参保", {"region": "shanghai"}),
    ("沪", {"region": "shanghai"}),
    ("杨陵", {"region": "yangling"}),
    ("陕西杨凌示范区", {"region": "yangling"}),
    ("我在北京", {"region_unsupported": "北京"}),
    ("北京", {"region_unsupported": "北京"}),
    ("我在深圳打工", {"region_unsupported": "深圳"}),
    ("住在广州", {"region_unsupported": "广州"}),
    ("我现在在苏州", {"region_unsupported": "苏州"}),
    ("宁波的", {}),  # 宁波 contains 余姚: decides nothing by itself
    ("哈尔滨江北", {"region": None, "region_unsupported": "江北"}),  # 滨江 only as a word, not inside 哈尔滨江北: not held
    # --- age, newborns, birth years ----------------------------------------------------------
    ("8岁", {"age": 8}),
    ("十二岁", {"age": 12}),
    ("二十三岁", {"age": 23}),
    ("一百零二岁", {"age": 102}),
    ("两岁半", {"age": 2}),
    ("六十五周岁", {"age": 65}),
    ("孩子四周岁半", {"age": 4, "subject": "child"}),
    ("七十多", {"age": 71, "age_approx": True}),
    ("我妈七十多了", {"age": 71, "age_approx": True, "subject": "parent"}),
    ("老人家快八十了", {"age": 79, "age_approx": True, "subject": "parent"}),  # 快80: not yet 80 周岁
    ("我爸六十来岁", {"age": 60, "age_approx": True, "subject": "parent"}),
    ("五十多岁", {"age": 51, "age_approx": True}),
    ("八九岁", {"age": 8, "age_approx": True}),
    ("三十五六岁", {"age": 35, "age_approx": True}),
    ("他今年十八", {"age": 18}),
    ("年龄是45", {"age": 45}),
    ("我今年３５", {"age": 35}),
    ("我60了", {"age": 60}),
    ("孩子今年两岁了", {"age": 2, "subject": "child"}),
    ("3个月大的宝宝", {"age": 0, "newborn_days": 90, "subject": "child"}),
    ("宝宝才三个月", {"age": 0, "newborn_days": 90, "subject": "child"}),
    ("6个月", {"age": 0, "newborn_days": 180}),
    ("半岁的宝宝", {"age": 0, "newborn_days": 180, "subject": "child"}),
    ("刚出生20天", {"age": 0, "newborn_days": 20}),
    ("宝宝出生才二十天", {"age": 0, "newborn_days": 20, "subject": "child"}),
    ("孩子生下来10天", {"age": 0, "newborn_days": 10, "subject": "child"}),
    ("刚满月的宝宝", {"age": 0, "newborn_days": 30, "subject": "child"}),
    ("宝宝刚出生", {"age": 0, "subject": "child"}),
    ("1958年出生", {"birth_year": 1958}),
    ("58年的", {"birth_year": 1958}),
    ("05年生的", {"birth_year": 2005}),
    ("九八年的", {"birth_year": 1998}),
    ("一九五八年出生", {"birth_year": 1958}),
    ("两千零五年出生", {"birth_year": 2005}),
    ("出生于1985年", {"birth_year": 1985}),
    ("1990年5月出生", {"birth_year": 1990}),
    ("我是2003年生的", {"birth_year": 2003}),
    ("出生日期1990年", {"birth_year": 1990}),
    # ages and years that are not there
    ("孩子不满18岁", {"subject": "child"}),
    ("60岁以上", {}),
    ("交了两百多", {}),
    ("一百多块", {}),
    ("今年一起交", {}),
    ("我一个人", {}),
    ("2025年的保费是多少", {}),
    ("2025年生效的政策", {}),
    ("出生在1960年代", {}),
    # --- hukou ---------------------------------------------------------------------------------
    ("本地户口", {"hukou": "local"}),
    ("本地人", {"hukou": "local"}),
    ("本市户籍", {"hukou": "local"}),
    ("是本地的", {"hukou": "local"}),
    ("不是外地的", {"hukou": "local"}),
    ("外地", {"hukou": "nonlocal"}),
    ("外省", {"hukou": "nonlocal"}),
    ("外地户口", {"hukou": "nonlocal"}),
    ("老家河南", {"hukou": "nonlocal"}),
    ("我老家是安徽的", {"hukou": "nonlocal"}),
    ("户口在安徽", {"hukou": "nonlocal"}),
    ("农村户口在外省", {"hukou": "nonlocal"}),
    ("我是河南人", {"hukou": "nonlocal"}),
    ("户口不在杭州", {"hukou": "nonlocal"}),
    ("不是杭州户口", {"hukou": "nonlocal"}),
    ("户口也不在这边", {"hukou": "nonlocal"}),
    ("不是本地户口", {"hukou": "nonlocal"}),
    ("新杭州人", {"region": "hangzhou", "hukou": None}),  # came from elsewhere; whether the 户口 moved is not said
    ("外来务工人员", {"hukou": "nonlocal"}),
    ("在外地打工", {}),
    ("杭州户口", {"hukou_region": "hangzhou"}),
    ("杭州的户口", {"hukou_region": "hangzhou"}),
    ("杭州本地户口", {"hukou_region": "hangzhou"}),
    ("我是杭州人", {"hukou_region": "hangzhou"}),
    ("户口迁到杭州了", {"hukou_region": "hangzhou"}),
    ("孩子户口跟我在杭州", {"hukou_region": "hangzhou", "subject": "child"}),
    # a child's 户口 that follows someone's is where theirs is (老公 is 她爸; 爱人 says neither)
    ("我是安徽人，老公是余姚人，女儿户口随她爸，女儿6岁", {"hukou_region": "yuyao", "subject": "child", "age": 6}),
    ("我是安徽人，爱人是余姚人，女儿户口随她爸，女儿6岁", {"subject": "child", "age": 6}),
    ("儿子户口跟我，我是杭州上城户口，他老爸是河南的", {"subject": "child", "region": "hangzhou", "hukou_region": "hangzhou"}),
    ("他们家宝宝 2岁 在上海", {"subject": "child", "age": 2, "region": "shanghai"}),
    ("我哥家的闺女 9岁 他家是低保户", {"subject": "child", "age": 9, "special": ["dibao"]}),  # the household's group
    ("我哥家的闺女 9岁 我哥是低保户", {"subject": "child", "age": 9}),  # his own: not the niece's
    # the speaker set against the spouse (我没X echoing what was said of them), or facts said before the spouse is
    # named with words of their own: the speaker's case
    ("老公单位上班，我没上班，36岁", {"subject": "self", "age": 36}),
    ("户口在安徽 35岁 老婆是杭州人", {"subject": "self", "hukou": "nonlocal", "age": 35}),
    # where one is now, over places one has left
    ("以前在上海上班交社保，现在回杨凌了", {"region": "yangling"}),
    ("之前在杭州打工，后来回贵州老家了", {"region_unsupported": "贵州"}),
    ("我在余姚上班，现在住上海", {"region_open": True}),  # two regions held, neither chosen: asked
    ("宝宝还在吃奶呢", {"subject": "child", "student": "preschool"}),
    ("我外婆八十了，这辈子没上过班", {"subject": "parent", "age": 80, "employee_insured": False}),  # never an employee
    ("老伴六十五，从来没工作过", {"subject": "spouse", "age": 65, "employee_insured": False}),
    ("杭州 45 没工作", {"region": "hangzhou", "age": 45}),  # no job now is not no 职工医保 (灵活就业 pays it)
    # an agent's note: 本人 is the caller, not a second person
    ("来电人称：本人61岁，户籍余姚，特困人员", {"subject": "self", "age": 61, "hukou_region": "yuyao", "special": ["tekun"]}),
    ("俺是残急人 二级的", {"subject": "self", "special": ["disabled_severe"]}),  # 残急 typed for 残疾
    # asked for by the baby's parents: the baby's case, and their 职工医保 is the parents'
    ("帮我女儿女婿问，他们都在余姚上班有职工医保，外孙刚出生8天",
     {"region": "yuyao", "parent_employee_insured": True, "age": 0, "newborn_days": 8, "subject": "child"}),
    ("宝宝余姚户口 5个月", {"subject": "child", "hukou_region": "yuyao", "age": 0, "newborn_days": 150}),
    # 都… after two named as one is theirs, not the speaker's said of later; 老人家 is a person, not a home
    ("我公公婆婆都在杭州，都六十多了，我在外地上班", {"subject": "parent", "region": "hangzhou", "age": 61, "age_approx": True}),
    ("老人家是八十好几的人了，杭州户口", {"subject": "parent", "age": 85, "age_approx": True, "hukou_region": "hangzhou"}),
    ("去年和前年都没交，户口在余姚", {"gap_years": 2, "hukou_region": "yuyao"}),
    ("上年度未缴费，杨凌户口", {"missed_last_year": True, "hukou_region": "yangling"}),
    ("我爸今年整六十，上海户口", {"subject": "parent", "age": 60, "hukou_region": "shanghai"}),
    ("闺女上个月出生的，杨凌户口", {"subject": "child", "age": 0, "hukou_region": "yangling"}),  # days asked
    ("宝宝已经满百天", {"subject": "child", "age": 0, "newborn_days": 100}),
    ("孙女周岁刚过", {"subject": "child", "age": 1}),
    ("来电人为其父咨询，其父户籍杭州，年八十一", {"subject": "parent", "hukou_region": "hangzhou", "age": 81}),
    ("今天刚生的，户口准备报在杭州", {"age": 0, "newborn_days": 0, "young_subject": "child", "region": "hangzhou"}),
    ("从2024年开始就没交了", {"missed_since": 2024}),  # the dialog counts the years to the one asked
    ("从2020年开始就没交过职工医保", {"employee_insured": False}),  # 职工医保's years, not the resident scheme's
    ("户口在上海", {"hukou_region": "shanghai"}),
    ("户籍在上海", {"hukou_region": "shanghai"}),
    ("沪籍", {"hukou_region": "shanghai"}),
    ("老家在余姚", {"hukou_region": "yuyao"}),
    # --- student and school ---------------------------------------------------------------------
    ("幼儿园", {"student": "preschool"}),
    ("还没上学", {"student": "preschool"}),
    ("还没读书", {"student": "preschool"}),
    ("上托班", {"student": "preschool"}),
    ("学龄前", {"student": "preschool"}),
    ("小朋友上幼儿园中班", {"student": "preschool", "subject": "child"}),
    ("小学二年级", {"student": "primary_secondary"}),
    ("读五年级", {"student": "primary_secondary"}),
    ("小学生", {"student": "primary_secondary"}),
    ("初三", {"student": "primary_secondary"}),
    ("初中", {"student": "primary_secondary"}),
    ("高中", {"student": "primary_secondary"}),
    ("高二", {"student": "primary_secondary"}),
    ("上高中了", {"student": "primary_secondary"}),
    ("中职", {"student": "primary_secondary"}),
    ("职高", {"student": "primary_secondary"}),
    ("大二", {"student": "university"}),
    ("她在读大三", {"student": "university"}),
    ("大学生", {"student": "university"}),
    ("研究生", {"student": "university"}),
    ("读研", {"student": "university"}),
    ("我在读博", {"student": "university"}),
    ("本科", {"student": "university"}),
    ("大专", {"student": "university"}),
    ("博士", {"student": "university"}),
    ("技工院校", {"student": "university"}),
    ("孩子读技校", {"student": "university", "subject": "child"}),
    ("不上学了", {"student": "none"}),
    ("已经毕业", {"student": "none"}),
    ("大学毕业了", {"student": "none"}),
    ("中专毕业", {"student": "none"}),
    ("上班了", {"student": "none"}),
    ("没读书", {"student": "none"}),
    ("不是学生", {"student": "none"}),
    ("大一点的孩子", {"subject": "child"}),  # 大一 only as a word
    ("正月初三", {}),
    ("孩子明年考大学", {"subject": "child"}),
    ("我爸七十多了，没上学", {"age": 71, "age_approx": True, "student": "none", "subject": "parent"}),
    ("不上学", {"student": "none"}),
    ("孩子还没上学", {"student": "preschool", "subject": "child"}),
    ("在外地上学", {"school_local": False}),
    ("在老家读书", {"school_local": False}),
    ("学校在外地", {"school_local": False}),
    ("在本地上学", {"school_local": True}),
    ("学校就在本地", {"school_local": True}),
    ("在杭州读书", {"school_local": True, "region": "hangzhou"}),
    ("孩子在北京上大学", {"school_local": False, "student": "university", "subject": "child"}),
    # --- employee insurance: the person, and a parent ------------------------------------------
    ("没上学，也没单位的医保", {"student": "none", "employee_insured": False}),  # 单位的医保 = 职工医保
    ("我有公司交的医保", {"employee_insured": True}),
    ("我有职工医保", {"employee_insured": True}),
    ("单位给交医保", {"employee_insured": True}),
    ("在公司上班交社保", {"employee_insured": True}),
    ("我们公司交社保的", {"employee_insured": True}),
    ("职工医保交满了15年", {"employee_insured": True}),
    ("我一直在交职工医保", {"employee_insured": True}),
    ("没有职工医保", {"employee_insured": False}),
    ("没工作", {}),  # no job is not "no 职工医保": 灵活就业 residents pay it; the question is asked
    ("灵活就业没交", {"employee_insured": False}),
    ("公司不给交社保", {"employee_insured": False}),
    ("没有单位", {}),
    ("职工医保停了五个月", {"employee_insured": False}),
    ("社保停了两年", {"employee_insured": False}),
    ("孩子爸爸在杭州交职工医保五年了", {"parent_employee_insured": True, "parent_employee_years": 5, "subject": "child"}),
    ("他妈妈单位交了两年社保", {"parent_employee_insured": True, "parent_employee_years": 2}),
    ("孩子他爸有职工医保，交了三年", {"parent_employee_insured": True, "parent_employee_years": 3, "subject": "child"}),
    ("孩子爸爸交了一年半职工医保", {"parent_employee_insured": True, "parent_employee_years": 1.5, "subject": "child"}),
    ("父母都没有职工医保", {"parent_employee_insured": False}),
    ("我和孩子爸爸都没有职工医保", {"parent_employee_insured": False, "subject": "child"}),
    # --- residence permit ---------------------------------------------------------------------
    ("有居住证", {"residence_permit": True}),
    ("办了居住证", {"residence_permit": True}),
    ("居住证办了", {"residence_permit": True}),
    ("居住证有", {"residence_permit": True}),
    ("没有居住证", {"residence_permit": False}),
    ("居住证还没办", {"residence_permit": False}),
    # --- gaps in coverage ---------------------------------------------------------------------
    ("断了两年", {"gap_years": 2}),
    ("断保三年", {"gap_years": 3}),
    ("断缴两年", {"gap_years": 2}),
    ("断交了2年", {"gap_years": 2}),
    ("中断了一年", {"gap_years": 1}),
    ("漏交了一年", {"gap_years": 1}),
    ("没交两年", {"gap_years": 2}),
    ("有两年没交了", {"gap_years": 2}),
    ("已经三年没交了", {"gap_years": 3}),
    ("我断保了两年，想补交", {"gap_years": 2}),
    ("前年和去年都没交", {"gap_years": 2}),
    ("一直交", {"gap_years": 0}),
    ("一直在交", {"gap_years": 0}),
    ("每年都交", {"gap_years": 0}),
    ("年年都交", {"gap_years": 0}),
    ("没断过", {"gap_years": 0}),
    ("从来没断过", {"gap_years": 0}),
    ("去年没交", {"missed_last_year": True}),
    ("去年忘交了", {"missed_last_year": True}),
    ("去年断了", {"missed_last_year": True}),
    ("2025年没交", {"missed_year": 2025}),
    ("2025没交", {"missed_year": 2025}),
    ("25年没交", {"missed_year": 2025}),
    ("二〇二四年没交", {"missed_year": 2024}),
    ("我2019年就没交了", {"missed_year": 2019}),
    ("一直没交", {}),
    ("今年还没交", {}),
    # --- hardship and priority groups ---------------------------------------------------------
    ("低保户", {"special": ["dibao"]}),
    ("我是低宝户", {"special": ["dibao"]}),
    ("低保护", {"special": ["dibao"]}),
    ("低保边缘", {"special": ["dibao_edge"]}),
    ("我们家是低保边缘户", {"special": ["dibao_edge"]}),
    ("特困", {"special": ["tekun"]}),
    ("五保户", {"special": ["tekun"]}),
    ("孤儿", {"special": ["orphan"]}),
    ("事实无人抚养儿童", {"special": ["orphan"]}),
    ("家里是特困户，孩子是孤儿", {"special": ["tekun", "orphan"], "subject": "child"}),
    ("残疾证一级", {"special": ["disabled_severe"]}),
    ("残疾证二级", {"special": ["disabled_severe"]}),
    ("二级肢体残疾", {"special": ["disabled_severe"]}),
    ("持有二级残疾证", {"special": ["disabled_severe"]}),
    ("我有残疾证，一级的", {"special": ["disabled_severe"]}),
    ("重度残疾", {"special": ["disabled_severe"]}),
    ("残疾证三级", {}),
    ("四级残疾", {}),
    ("残疾人基本生活保障证", {"special": ["disabled_living"]}),
    ("优抚对象", {"special": ["youfu"]}),
    ("烈属", {"special": ["youfu"]}),
    ("我是烈士家属", {"special": ["youfu"]}),
    ("计生户", {"special": ["family_planning"]}),
    ("独生子女户", {"special": ["family_planning"]}),
    ("防返贫监测", {"special": ["poverty_monitored"]}),
    ("防返贫监测对象", {"special": ["poverty_monitored"]}),
    ("被征地", {"special": ["land_expropriated"]}),
    ("失地农民", {"special": ["land_expropriated"]}),
    ("困境儿童", {"special": ["hardship_child"]}),
    ("低保户和残疾证一级都有", {"special": ["dibao", "disabled_severe"]}),
    ("低保户，但是不是孤儿", {"special": ["dibao"]}),
    ("不是低保户", {}),
    ("不是低保户也不是特困", {}),
    ("都不是", {"special": []}),
    ("没有这些", {"special": []}),
    ("不是困难户", {"special": []}),
    # --- tier, transfers ------------------------------------------------------------------------
    ("一档", {"tier": "一档"}),
    ("二档", {"tier": "二档"}),
    ("我想选一档", {"tier": "一档"}),
    ("选第二档", {"tier": "二档"}),
    ("职工医保刚停了两个月", {"transfer": "employee_within_3m", "employee_insured": False}),
    ("单位上个月停了社保", {"transfer": "employee_within_3m", "employee_insured": False}),
    ("上个月单位停了我的医保", {"transfer": "employee_within_3m", "employee_insured": False}),
    ("刚退伍", {"transfer": "military_within_3m"}),
    ("刚退伍两个月", {"transfer": "military_within_3m"}),
    ("复员一个月", {"transfer": "military_within_3m"}),
    ("退伍两年了", {}),
    ("刚刑满释放", {"transfer": "prison_release_within_3m"}),
    ("刚出狱", {"transfer": "prison_release_within_3m"}),
    ("刚办了居住证", {"transfer": "new_qualification_within_3m", "residence_permit": True}),
    ("刚落户杭州", {"transfer": "new_qualification_within_3m", "hukou_region": "hangzhou"}),
    # --- who the question is about --------------------------------------------------------------
    ("我自己", {"subject": "self"}),
    ("本人", {"subject": "self"}),
    ("孩子", {"subject": "child"}),
    ("儿子", {"subject": "child"}),
    ("女儿", {"subject": "child"}),
    ("宝宝", {"subject": "child"}),
    ("给我儿子问", {"subject": "child"}),
    ("我妈", {"subject": "parent"}),
    ("我爸", {"subject": "parent"}),
    ("老人", {"subject": "parent"}),
    ("母亲", {"subject": "parent"}),
    ("我要给我爸妈交", {"subject": "parent"}),
    ("老婆", {"subject": "spouse"}),
    ("老公", {"subject": "spouse"}),
    ("爱人", {"subject": "spouse"}),
    ("我想给老婆交", {"subject": "spouse"}),
    ("孙子三岁", {"subject": "child", "age": 3}),  # a grandchild is asked about as a child
    ("我外甥", {"subject": "other"}),
    # --- yes / no answers and corrections -------------------------------------------------------
    ("是", {"affirm": True}),
    ("对", {"affirm": True}),
    ("嗯", {"affirm": True}),
    ("有", {"affirm": True}),
    ("是的", {"affirm": True}),
    ("是的！", {"affirm": True}),
    ("对的", {"affirm": True}),
    ("没错", {"affirm": True}),
    ("好的", {"affirm": True}),
    ("可以", {"affirm": True}),
    ("不是", {"affirm": False}),
    ("没有", {"affirm": False}),
    ("否", {"affirm": False}),
    ("没", {"affirm": False}),
    ("不", {"affirm": False}),
    ("不用了", {"affirm": False}),
    ("不对", {"affirm": False, "correction": True}),
    ("对不对", {"correction": None}),
    ("是的，我有居住证", {"affirm": True, "residence_permit": True}),
    ("对，杭州户口", {"affirm": True, "hukou_region": "hangzhou"}),
    ("没有，我没有居住证", {"affirm": False, "residence_permit": False}),
    ("嗯，是低保户", {"affirm": True, "special": ["dibao"]}),
    ("不是，我是本地人", {"affirm": False, "hukou": "local"}),
    ("没有居住证，户口在老家", {"residence_permit": False, "hukou": "nonlocal", "affirm": None}),
    ("不对，是外地户口", {"hukou": "nonlocal", "correction": True}),
    ("我说错了，孩子是十岁", {"age": 10, "subject": "child", "correction": True}),
    ("不是八岁，是十岁", {"age": 10, "correction": True}),
    ("搞错了，是余姚", {"region": "yuyao", "correction": True}),
    ("更正一下，应该是二档", {"tier": "二档", "correction": True}),
    ("不是低保，是低保边缘", {"special": ["dibao_edge"], "correction": True}),
    ("不对，我是58年的", {"birth_year": 1958, "correction": True}),
    ("应该是哪个档", {"correction": None}),
    # --- several facts in one message -----------------------------------------------------------
    ("我妈今年六十五，杭州户口，是低保户，一直在交",
     {"age": 65, "hukou_region": "hangzhou", "special": ["dibao"], "gap_years": 0, "subject": "parent"}),
    ("我女儿十九岁，在杭州读大一，户口在老家河南",
     {"age": 19, "school_local": True, "region": "hangzhou", "student": "university", "hukou": "nonlocal", "subject": "child"}),
    ("孩子3岁，上托班，杭州户口，爸爸有职工医保",
     {"age": 3, "student": "preschool", "hukou_region": "hangzhou", "parent_employee_insured": True, "subject": "child"}),
    ("我是外地的，在余姚上班，有居住证，单位没交社保",
     {"hukou": "nonlocal", "region": "yuyao", "residence_permit": True, "employee_insured": False}),
    ("新生儿，出生15天，爸爸在上海交社保三年了",
     {"age": 0, "newborn_days": 15, "parent_employee_insured": True, "parent_employee_years": 3, "subject": "child"}),
    ("本人45周岁，灵活就业，没有职工医保", {"age": 45, "employee_insured": False, "subject": "self"}),
    ("萧山的，外地户口，有居住证", {"region": "hangzhou", "hukou": "nonlocal", "residence_permit": True}),
    ("在上海工作，沪籍", {"region": "shanghai", "hukou_region": "shanghai"}),
    ("我在杭州，户口在老家", {"region": "hangzhou", "hukou": "nonlocal"}),
    ("大学生，在外省读书，户口在杭州", {"student": "university", "school_local": False, "hukou_region": "hangzhou"}),
    ("小孩上初中，在老家读书", {"student": "primary_secondary", "school_local": False, "subject": "child"}),
    ("我家孩子12岁了,在余姚读初一", {"age": 12, "student": "primary_secondary", "school_local": True, "region": "yuyao",
                                  "subject": "child"}),
    ("我是杭州户口，在上海读大学",  # the 户口's region or the school's (G6): asked, not chosen
     {"hukou_region": "hangzhou", "region": None, "school_local": None, "region_open": True, "student": "university"}),
    ("我是五保户，七十多岁", {"special": ["tekun"], "age": 71, "age_approx": True}),
    ("我老公是残疾人，残疾证二级", {"special": ["disabled_severe"], "subject": "spouse"}),
    ("我们家是独生子女户，孩子在读初二", {"special": ["family_planning"], "student": "primary_secondary", "subject": "child"}),
    ("孩子18岁，高三", {"age": 18, "student": "primary_secondary", "subject": "child"}),
    # --- private numbers are never facts --------------------------------------------------------
    ("330106199001011234", {}),
    ("13812345678", {}),
    ("身份证330106199001011234", {}),
    ("我的身份证号是33010619900101123X", {}),
    ("手机 138 1234 5678", {}),
    ("手机号：138-1234-5678", {}),
    ("银行卡6222020012345678901", {}),
    ("卡号 6222 0200 1234 5678", {}),
    ("电话13812345678，孩子8岁", {"age": 8, "subject": "child"}),
    # 职工医保 in the words of the fourth development set
    ("公司只给交了养老，医疗没交", {"employee_insured": False}),
    ("我交的社保里只有养老和失业，医疗那块没有", {"employee_insured": False, "subject": "self"}),
    ("老板说试用期不给交社保", {"employee_insured": False}),
    ("厂方未为其缴纳社会保险", {"employee_insured": False}),
    ("2024年下岗后未续缴职工医保", {"employee_insured": False}),
    ("木有职工医保", {"employee_insured": False}),
    ("我妈一直交的新农合", {"employee_insured": False, "subject": "parent", "gap_years": 0}),
    ("我现在单位交着社保，下个月辞职", {"employee_insured": True, "subject": "self"}),
    ("打算去找个有社保的工作", {"employee_insured": None}),
    ("离职了，不知道公司给我停了没", {"employee_insured": None}),
    ("我交过职工医保", {"employee_insured": None}),
    ("以前交过职工医保 现在没了", {"employee_insured": False}),
    ("俺是开出租的，社保自己交，交的职工那种", {"employee_insured": True, "subject": "self"}),
    ("医保关系在原单位（职工医保）", {"employee_insured": True}),
    # an agent's note: the caller's relative
    ("来电人之子读初中，户籍余姚", {"subject": "child", "student": "primary_secondary", "hukou_region": "yuyao"}),
    ("来电人岳母，70岁，户籍慈溪", {"subject": "parent", "age": 70, "hukou": "nonlocal"}),
    ("来电人女儿，咨询父亲参保，父亲67岁", {"subject": "parent", "age": 67}),
    ("伢读五年级，十一岁", {"subject": "child", "student": "primary_secondary", "age": 11}),
    # groups
    ("我爸肢残二级，家里不是低保", {"subject": "parent", "special": ["disabled_severe"]}),
    ("我们没评上低保，就是普通家庭", {"special": []}),
    ("未明确是否为低保或低保边缘", {"special": None}),
    ("是否低保：是", {"special": ["dibao"]}),
    ("我妈是重度残疾，但是一直没去办残疾证", {"subject": "parent", "special": None}),
    ("我家老人是烈士遗属，在余姚", {"subject": "parent", "special": ["youfu"], "region": "yuyao"}),
    ("杭州的，我40岁，本地户口，没有职工医保，都不是", {"region": "hangzhou", "subject": "self", "age": 40, "hukou": "local",
                                              "employee_insured": False, "special": []}),
    ("是问户口还是年龄？都不是", {"special": None}),
    ("不是学生也不是职工，都不是", {"special": None, "student": "none"}),
    # whose fact, places, ages, 居住证 (dev4)
    ("老公单位有五险一金，我在家带娃啥社保都没有，滨江的，我能交城乡居民吗",
     {"subject": "self", "employee_insured": False, "region": "hangzhou"}),
    ("我在杨凌一家公司上班，公司给我交了医保，我老婆没工作也没医保，想给她交",
     {"subject": "spouse", "employee_insured": False, "region": "yangling"}),
    ("我妈70了，我能交吗", {"subject": "parent", "age": 70}),
    ("儿子今年6月大学毕业的，还没工作", {"subject": "child", "student": "none", "age": None, "newborn_days": None}),
    ("我是新杭州人，住在拱墅", {"region": "hangzhou", "hukou": None}),
    ("我是新杭州人，户口今年才迁过来的", {"subject": "self", "region": "hangzhou", "hukou": "local"}),
    ("我户口是杭州的，但是是淳安那边，现在在上城区住", {"subject": "self", "region": "hangzhou", "hukou": "nonlocal"}),
    ("户口在杭州，在淳安住", {"hukou": None, "hukou_region": None}),
    ("户口在杭州，但不知道算不算市区，是在乡下", {"region": "hangzhou", "hukou": None, "hukou_region": None}),
    ("我以前是上海户口，后来迁到昆山了，人还在上海住", {"region": "shanghai", "hukou": None, "hukou_region": None}),
    ("企业改制的时候退休的，当时没给办医保，现在六十六", {"special": ["enterprise_retiree"], "age": 66}),
    ("来电人户籍湖南，现居上城区，持杭州居住证",
     {"subject": "self", "hukou": "nonlocal", "region": "hangzhou", "residence_permit": True}),
    ("我在杭州，有上海的居住证", {"region": "hangzhou", "residence_permit": None}),
    ("咱是外地户口，在上海打工，居住证去年到期了没续",
     {"subject": "self", "hukou": "nonlocal", "region": "shanghai", "residence_permit": False}),
    ("今年刚落户上海，人才引进的", {"hukou_region": "shanghai", "transfer": None}),
    # the speaker and the spouse: whose case it is
    ("老公单位交职工医保，我全职在家带娃，啥保险都没有", {"subject": "self", "employee_insured": False}),
    ("我户籍是安徽的，老公是杭州户口，我能跟着他交杭州的吗", {"subject": "self", "hukou": "nonlocal", "region": "hangzhou"}),
    ("老公单位交的医保，能不能把我也挂上", {"subject": "self", "employee_insured": None}),
    ("我有居住证，我老公没办，他想在上海交", {"subject": "spouse", "region": "shanghai"}),
    ("我是职工医保，我爱人是居民医保，杭州户籍", {"subject": "spouse", "hukou_region": "hangzhou", "employee_insured": None}),
    ("我老公三十九，户口在上海金山，没上班，自己没交过社保",
     {"subject": "spouse", "age": 39, "hukou_region": "shanghai", "employee_insured": False}),
    ("我是孩子奶奶，我有职工医保，孩子他爸妈没有，宝宝两个月",
     {"subject": "child", "parent_employee_insured": False, "age": 0, "newborn_days": 60}),
    # asked, not said
    ("我婆婆有没有职工医保我也不清楚，她以前在供销社上班", {"subject": "parent", "employee_insured": None}),
    ("灵活就业职工医保和居民医保哪个划算，我40岁，上海户口",
     {"subject": "self", "age": 40, "hukou_region": "shanghai", "employee_insured": None}),
    ("孩子休学在家养病，本来读初二", {"subject": "child", "student": None}),
    ("来电人称本人户籍原在余杭区，2025年随配偶将户口迁至安徽合肥，现仍居住在余杭，未办理居住证",
     {"subject": "self", "region": "hangzhou", "residence_permit": False, "hukou_region": None}),
    # dev5: agent notes' relatives, ages, groups, typos
    ("来电人(女 55岁)咨询其孙参保 其孙出生20天", {"subject": "child", "age": 0, "newborn_days": 20}),
    ("来电人为其妹咨询 其妹二级残疾 持证 现居余姚", {"subject": "other", "special": ["disabled_severe"], "region": "yuyao"}),
    ("来电人反映其配偶 54岁 户籍余姚兰江街道", {"subject": "spouse", "age": 54, "hukou_region": "yuyao"}),
    ("阿拉姆妈今年八十二", {"subject": "parent", "age": 82}),
    ("娘家妈六十六 婆婆六十九 给婆婆办", {"subject": "parent", "age": 69}),
    ("孩子快三岁了", {"subject": "child", "age": 2, "age_approx": True}),
    ("孙子今年虚岁三岁", {"subject": "child", "age": 2, "age_approx": True}),  # 虚岁: a year or two over 周岁
    ("我六十好几了", {"subject": "self", "age": 65, "age_approx": True}),
    ("孩子爸爸去世了 妈妈改嫁联系不上 民政认定了事实无人抚养儿童", {"subject": "child", "special": ["orphan"]}),
    ("我是独生子女", {"special": None}),  # 是独 sounds like 失独, but 独生子女 goes on past it
    # whom the 户口 moved to or one lives with is a place, not the person asked about
    ("我是投靠女儿把户口迁到余姚的，现在住在女儿家，凤山街道", {"subject": "self", "hukou_region": "yuyao", "region": "yuyao"}),
    ("我自己交的灵活就业 不是问我 是问我闺女 她在上海读中专",
     {"subject": "child", "region": "shanghai", "school_local": True, "student": "primary_secondary"}),
    ("我今年30 我老婆28 她没工作也从来没交过医保 我们住临平 她户口在贵州",
     {"subject": "spouse", "age": 28, "region": "hangzhou", "hukou": "nonlocal", "employee_insured": False}),
    ("来电人(女 55岁)咨询其孙参保 其孙出生20天 户籍杭州拱墅 其父在杭州单位有职工医保",  # the caller described, not a member
     {"subject": "child", "age": 0, "newborn_days": 20, "hukou_region": "hangzhou", "region": "hangzhou",
      "parent_employee_insured": True}),
    ("来电人（女儿）杭州户口，其父户籍安徽，76岁", {"subject": "parent", "age": 76, "hukou": "nonlocal"}),
    ("我老公以前跑运输，自己交过几年职工医保，前年开始就没交了", {"subject": "spouse", "employee_insured": False}),
    ("俺在上海干保洁，东家没给交保险", {"subject": "self", "region": "shanghai", "employee_insured": False}),
    ("退休前在上海国企，医保是上海职工医保", {"region": "shanghai", "employee_insured": True}),
    ("退休了，领养老金，医保在老家交的居民医保", {"employee_insured": False}),
    ("辞职一年多了社保早断了", {"employee_insured": False}),
    ("来电人称家庭经济困难 未认定低保", {"special": None}),
    ("来电人自述二级残疾 尚未办理残疾证", {"special": None}),
    ("杨凌本地户口，我今年六十九，老伴七十二，两人都没职工医保，想一块交",
     {"subject": "self", "age": 69, "hukou_region": "yangling", "employee_insured": False}),
    # 职工医保 in more everyday words (dev6); a case imagined (如果 / 万一) is not a fact
    ("我爸今年六十二还在工地打零工 职工医保从来没交过", {"subject": "parent", "employee_insured": False}),
    ("我爱人是职工医保退休的 我是居民医保 今年续费多少钱", {"subject": "self", "employee_insured": False}),
    ("公司就给交个养老 医疗叫我们自己去交居民的", {"employee_insured": False}),
    ("如果我离职了 能不能直接转交居民医保", {"employee_insured": None}),
    ("交了十年职工医保 后来断掉了 现在想接上 不过想交居民的", {"employee_insured": False}),
    ("我在公司交的社保 万一公司倒闭了 我是不是得自己交", {"employee_insured": True}),
    ("还在试用期 公司说转正了才给交社保", {"employee_insured": False}),
    ("被裁了 公司社保给交到10月底", {"employee_insured": False}),
    ("以前交职工的 去年开始改交居民的了", {"employee_insured": False}),
    ("俺公公医保一直交的农村合作医疗", {"subject": "parent", "employee_insured": False, "gap_years": 0}),
    ("本人在事业单位工作，医保由单位统一缴纳。", {"employee_insured": True}),
    ("社保断过半年 现在重新上班了 新公司这个月开始给交了", {"employee_insured": True, "student": "none"}),
    ("我交的是职工医保还是居民医保我也搞不清", {"employee_insured": None}),
    # a group asked about in general or imagined is said of no one (dev6); a group named and then 我家就是 is
    ("低保户能免费交医保吗", {"special": None}),
    ("低边家庭的医保咋个交法", {"special": None}),
    ("如果我申请下来低保 医保能免吗", {"special": None}),
    ("特困孤儿这些都免费的吧 我家孩子不是 就普通的 没啥特殊", {"subject": "child", "special": []}),
    ("低边户有补贴吗？我家就是", {"special": ["dibao_edge"]}),
    ("残疾证三级的 别的身份一个没有 这样能减不", {"special": []}),
    # an agent's 来电人称其父…: the rest of the note is about that person
    ("来电人称其父为特困供养人员，82岁，户籍杨凌区", {"subject": "parent", "special": ["tekun"], "age": 82,
                                                     "hukou_region": "yangling"}),
    # a level taken up after one finished; 先问我的 names the speaker
    ("我儿子本科毕业后又考了研 现在研二", {"subject": "child", "student": "university"}),
    ("今年六十整 刚从单位退休 上海 我老婆五十五还在上班 儿子上大学 先问我的",
     {"subject": "self", "age": 60, "region": "shanghai", "student": None}),
    # 勿 (吴语) is 不; where one came from yields to the 户口 said; who one moved with is not the subject
    ("侬好 我户口勿在上海个 在上海住了交关年数了", {"subject": "self", "hukou": "nonlocal", "region": "shanghai"}),
    ("我是外地嫁过来的 户口去年迁到上海了", {"subject": "self", "hukou_region": "shanghai", "hukou": None}),
    ("我随迁的 跟儿子把户口迁到上海了 今年六十八", {"subject": "self", "hukou_region": "shanghai", "age": 68}),
    # 杭州 narrowed to outside 市区; a school below university beside a 户口 in another region held: asked
    ("户口是杭州的 但不是市区 是桐庐分水镇的", {"hukou": "nonlocal", "hukou_region": None, "region": None}),
    ("孩子在杭州读高中 户口在余姚", {"subject": "child", "student": "primary_secondary", "hukou_region": "yuyao",
                                    "region_open": True, "region": None, "school_local": None}),
    ("老人户口在余姚 住我家 我家在上海", {"subject": "parent", "hukou_region": "yuyao", "region_open": True}),
    # towns and streets of the regions held, said alone (民政部's level-4 table); ordinary words are not towns
    ("我是余姚梁弄的 六十五了", {"subject": "self", "region": "yuyao", "hukou_region": "yuyao", "age": 65}),
    ("户口在陆埠 住也在陆埠", {"hukou_region": "yuyao", "region": "yuyao"}),
    ("俺是揉谷的 六十五了", {"subject": "self", "hukou_region": "yangling", "age": 65}),
    ("在下沙上班", {"region": "hangzhou"}),
    ("户口在观海卫", {"hukou": "nonlocal"}),  # 慈溪, 宁波 outside 余姚
    ("我妈在淳安千岛湖，户口也在淳安", {"subject": "parent", "hukou": None, "region_unsupported": "淳安"}),
    ("我想留下来在杭州交", {"region": "hangzhou"}),
    # dev7: an age to be reached, a school begun, an employer's payment are not pay dates; 满60 next year is 59
    ("我妈明年5月满60周岁 现在交是按哪个档 上海户口", {"subject": "parent", "age": 59, "age_approx": True,
                                                     "pay_date": None, "hukou_region": "shanghai"}),
    ("孩子九月份刚上的小学一年级 在杭州拱墅 户口外地", {"subject": "child", "pay_date": None, "student": "primary_secondary",
                                                      "region": "hangzhou", "hukou": "nonlocal"}),
    ("交了以后能退吗 我交了余姚的居民医保 结果新单位下个月给我交职工", {"pay_date": None, "subject": "self", "region": "yuyao"}),
    # not yet: a school finished or a job begun later; a 居住证 waited for
    ("明年7月我孩子高中毕业", {"subject": "child", "student": "primary_secondary"}),
    ("春节后上班了再弄", {"student": None}),
    ("我今年6月大学毕业了", {"subject": "self", "student": "none"}),
    ("等我拿到居住证再交 在上海 外地户口", {"residence_permit": False, "region": "shanghai", "hukou": "nonlocal"}),
    # a parent's 居住证 is a newborn's only (contract); 生孩子 is not a person
    ("我是外地的在上海打工有居住证，想问我女儿能不能在上海交，她8岁在这边读小学",
     {"subject": "child", "age": 8, "residence_permit": None, "region": "shanghai", "school_local": True,
      "student": "primary_secondary"}),
    ("我们在上海有居住证 宝宝刚出生十天", {"subject": "child", "residence_permit": True, "newborn_days": 10, "age": 0,
                                         "region": "shanghai"}),
    ("异地生孩子能报吗 我在余姚交的居民医保 准备回湖南生", {"subject": None, "region": "yuyao"}),
    # living in one region held, the 户口 in another: which is asked
    ("婆婆七十五 户口在富阳 我们都在上海 想帮她交", {"subject": "parent", "age": 75, "hukou_region": "hangzhou",
                                                "region_open": True, "region": None}),
    # a place between the words and 职工医保; 公司停了职工医保; 本地 between spaces; 杨林 typed for 杨凌
    ("交费渠道有哪些 上海的 孩子在上海上幼儿园 户口外地 爸爸有上海职工医保",
     {"subject": "child", "region": "shanghai", "school_local": True, "student": "preschool", "hukou": "nonlocal",
      "parent_employee_insured": True}),
    ("我没有上海职工医保", {"subject": "self", "employee_insured": False, "region": "shanghai"}),
    ("我今年8月份公司停了职工医保，现在交居民医保，杭州户口", {"subject": "self", "employee_insured": False,
                                                           "hukou_region": "hangzhou"}),
    ("在职工医保里", {"employee_insured": True}),
    ("明年一月一号能不能用 杭州 本地 四十七", {"region": "hangzhou", "hukou": "local", "age": 47}),
    ("宁波鄞州的可以在你们这里问吗", {"region_unsupported": "鄞州"}),
    ("户口在杭州市区 但是一直在建德住 在哪交", {"hukou_region": "hangzhou", "region_open": True}),
    ("我想问一下杨林的城乡居民医疗保险我今年六十二岁了户口在杨林本地的",
     {"subject": "self", "region": "yangling", "hukou_region": "yangling", "age": 62}),
    # dev7: a form's 特殊身份：无; 没有低保残疾这些; 上不上学 is asked; 女孩 is a child; 那时候就上大学 is later
    ("年龄：６３　户口：杭州市余杭区　特殊身份：无　", {"age": 63, "hukou_region": "hangzhou", "special": []}),
    ("杭州滨江户口 34岁 没有低保残疾这些 没断过保", {"region": "hangzhou", "hukou_region": "hangzhou", "age": 34,
                                                 "special": [], "special_not": ["dibao"], "gap_years": 0}),
    ("孩子刚出生20天 上海户口 要不要问孩子上不上学", {"subject": "child", "age": 0, "newborn_days": 20,
                                                   "hukou_region": "shanghai", "student": None}),
    ("两岁半 上海户口 女孩", {"subject": "child", "age": 2, "hukou_region": "shanghai"}),
    ("孩子那时候就上大学了", {"subject": "child", "student": None}),
    ("我是1966年12月25号的 上海户口", {"subject": "self", "birth_date": "1966-12-25", "hukou_region": "shanghai"}),
    ("我妈身份证上是1959年3月的 户口在杨凌五泉镇", {"subject": "parent", "birth_year": 1959, "hukou_region": "yangling"}),
    # dev6: 我交医保要钱吗 asks for the speaker (爸爸's disability is not theirs); a grade corrected; 户口还没去上
    ("我们家是低保户 爸爸一级残疾 我在读高中 我交医保要钱吗", {"subject": "self", "special": ["dibao"],
                                                             "student": "primary_secondary"}),
    ("我是二级残疾 不对 是三级 证上写的三级", {"special": None}),
    ("我爸残疾证是四级。。不好意思看错了 是二级", {"subject": "parent", "special": ["disabled_severe"]}),
    ("孩子刚生十天 户口还没去上 我们大人是余姚户口", {"subject": "child", "age": 0, "newborn_days": 10, "hukou": None,
                                                   "region": "yuyao"}),
    # a couple asking for themselves is the speaker's case; who one moved with is not the topic of the clause
    ("我和老伴都60多了", {"subject": "self", "age": 61, "age_approx": True}),
    ("宝宝出生25天，户口已经上在杭州了，我和老公都没有职工医保", {"subject": "child", "age": 0, "newborn_days": 25,
                                                              "hukou_region": "hangzhou", "parent_employee_insured": False}),
    # 职工医保 said not to be had in everyday words (issue 8, dev8)
    ("打零工的没人给交社保 户口在余姚 43岁", {"employee_insured": False, "hukou_region": "yuyao", "age": 43}),
    ("断缴职工医保三个月了", {"employee_insured": False}),
    ("只交了养老没交医疗", {"employee_insured": False}),
    # whose: a spouse's 单位交的 is not the speaker's; a son-in-law's 五险一金 is not the daughter's asked about
    ("我家那口子说他单位交的，我自己没有，我53了，我能交居民医保吗", {"subject": "self", "age": 53}),
    ("我女婿是外地的，在杭州上班有五险一金。我女儿在家带孩子没工作，杭州户口，我女儿能交居民医保吗",
     {"region": "hangzhou", "subject": "child", "hukou_region": "hangzhou"}),
    ("我爸妈都70多了，我爸是退休工人有医保，我妈一直是农民，户口都在余姚马渚，我妈的医保要怎么交？",
     {"age": 71, "age_approx": True, "subject": "parent", "hukou_region": "yuyao"}),
    ("我孙子是孤儿，父母都不在了，现在跟着我们老两口，户口在余姚，14岁",
     {"subject": "child", "special": ["orphan"], "hukou_region": "yuyao", "age": 14}),
    ("准备上幼儿园了，现在2岁8个月，余姚户口", {"age": 2, "hukou_region": "yuyao", "young_subject": "child"}),
    # said with doubt: not taken
    ("好像是低保吧", {"doubt": "special"}),
    ("好像他爸公司有交", {"subject": "child", "doubt": "parent_employee_insured"}),
    # where someone lives is not their 户口; a city's 市区 outside the region held in one of its counties
    ("余姚丈亭的老人，八十岁", {"region": "yuyao", "subject": "parent", "age": 80}),
    ("宁波市区", {"region_unsupported": "宁波市区"}),
    ("俺们都是本地的", {"hukou": "local"}),
    # ages in more forms (issue 8, dev8): the old way, one to be reached, a baby's months and days, 虚岁 after
    ("我外婆八十有三了", {"subject": "parent", "age": 83}),
    ("过了年就60了，余姚户口", {"age": 59, "age_approx": True, "hukou_region": "yuyao"}),
    ("孩子三个月零十天", {"age": 0, "newborn_days": 100, "subject": "child"}),
    ("出生一个半月的宝宝", {"age": 0, "newborn_days": 45, "subject": "child"}),
    ("孩子出生忘记交了，现在都两个月了", {"subject": "child", "age": 0, "newborn_days": 60}),
    ("我爸今年七十，我妈小他两岁", {"age": 70, "subject": "parent"}),  # 小他两岁 is a difference, not an age
    ("俺是杨凌滴，七十啦", {"subject": "self", "region": "yangling", "age": 70}),
    ("我妈6十7了", {"age": 67, "subject": "parent"}),
    ("我今年36岁虚岁", {"subject": "self", "age": 35, "age_approx": True}),
    # a transfer said as recent (上个月 / 还不到一个月); not one that is to come or a 户口 that left
    ("户口上个月刚迁到余姚", {"transfer": "new_qualification_within_3m", "hukou_region": "yuyao"}),
    ("落户还不到一个月", {"transfer": "new_qualification_within_3m"}),
    ("我上个月刚从监狱出来", {"subject": "self", "transfer": "prison_release_within_3m"}),
    ("孩子户口现在在老家，等房产证下来才能迁到上海", {"subject": "child", "region": "shanghai", "hukou": "nonlocal"}),
    ("户口前两天刚迁走，迁到江苏了", {"region_unsupported": "江苏"}),
    # the school's place: a school named after it, 幼儿园在…, 上的幼儿园, abroad
    ("孩子在杨凌职业技术学院上大一，户口在甘肃",
     {"subject": "child", "region": "yangling", "school_local": True, "student": "university", "hukou": "nonlocal"}),
    ("也是在浦东上的幼儿园", {"region": "shanghai", "school_local": True, "student": "preschool"}),
    ("儿子在读高一，寄宿在余姚中学",
     {"subject": "child", "student": "primary_secondary", "region": "yuyao", "school_local": True}),
    ("孩子在读幼儿园，幼儿园在萧山", {"subject": "child", "student": "preschool", "region": "hangzhou", "school_local": True}),
    ("孩子在国外读书，户口在杭州", {"subject": "child", "school_local": False, "hukou_region": "hangzhou"}),
    # 户口 and whose case, from dev9 (written apart from the code)
    ("我籍贯是余姚，但户口一直在杭州西湖区", {"subject": "self", "hukou_region": "hangzhou"}),  # 籍贯 is not the 户口
    ("户口准备迁到上海，还在办手续", {"region": "shanghai"}),  # where it will be, not the 户口 now
    ("孩子去年从老家转学到余姚读四年级，学籍已经转过来了",
     {"subject": "child", "region": "yuyao", "school_local": True, "student": "primary_secondary"}),  # 学籍, not 户口
    ("我老婆户口还在老家四川，我是上海户口，我们住在上海，她能交上海居民医保吗",
     {"subject": "spouse", "hukou": "nonlocal", "region": "shanghai"}),
    ("我是低保，我儿子不是，他在外面打工，他交医保要多少", {"subject": "child"}),
    ("我是失独家庭，老伴也去世了，一个人在余姚，63岁",
     {"subject": "self", "special": ["family_planning"], "region": "yuyao", "age": 63}),
    ("杨凌户口，今年伍拾捌岁，能交吗", {"hukou_region": "yangling", "age": 58}),
    ("她是我继女，12岁，户口在上海", {"subject": "child", "age": 12, "hukou_region": "shanghai"}),
    ("来电人称其配偶为杭州市上城区户籍，来电人本人户籍安徽，现无工作，咨询其本人能否在杭州参保",
     {"subject": "self", "hukou": "nonlocal", "region": "hangzhou"}),
    ("户口好像还在杭州吧，我也不太确定", {"region": "hangzhou", "doubt": "hukou_region"}),
    ("阿拉囡囡上个礼拜刚生出来，上海的，要交医保伐", {"region": "shanghai", "age": 0, "subject": "child"}),  # 囡囡: a baby
    # school, 职工医保 and the groups in more words (dev9)
    ("孩子高中毕业了，9月去外省读大学了，户口还在杭州",
     {"subject": "child", "school_local": False, "student": "university", "hukou_region": "hangzhou"}),
    ("我是老年大学的学员，算学生吗？68岁，杭州", {"subject": "self", "student": "none", "age": 68, "region": "hangzhou"}),
    ("女儿去年休学了，今年复学了，现在读大二", {"subject": "child", "student": "university"}),
    ("公司倒闭了，去年就没交了，现在想交居民医保，杭州户口", {"employee_insured": False, "hukou_region": "hangzhou"}),
    ("我在工地上打零工，没有单位，也没交过什么保险，45岁，上海",
     {"subject": "self", "employee_insured": False, "age": 45, "region": "shanghai"}),
    ("莫得工作 莫得医保 想交个居民的 余姚 36岁", {"employee_insured": False, "region": "yuyao", "age": 36}),
    ("我六十五了，一直是居民医保，每年我儿子给我交的", {"age": 65, "subject": "self", "employee_insured": False}),
    ("低宝边缘户 杭州 我老妈 83岁", {"special": ["dibao_edge"], "region": "hangzhou", "subject": "parent", "age": 83}),
    ("申请过低保但是没评上，孩子10岁，杭州", {"subject": "child", "age": 10, "region": "hangzhou", "special_not": ["dibao"]}),
    # whose case: someone else's wife, 老两口, a child the words describe, 老头子, the speaker described
    ("我弟在厂里上班厂里交保险的 他老婆没上班也没交过职工医保 问下他老婆能交吗", {"subject": "other", "employee_insured": False}),
    ("独生子女伤残家庭 我女儿出车祸残了 我们老两口的医保能补吗", {"special": ["family_planning"], "subject": "self"}),
    ("我是福利院的工作人员 我们院里集中供养的孩子 医保怎么交", {"special": ["welfare_institution"], "subject": "child"}),
    ("我家老头子瘫了好几年了 一直没去办残疾证", {"subject": "spouse"}),
    ("孩子还小 五岁 明年才上小学", {"subject": "child", "age": 5}),  # not at school yet
    ("我一个老头子七十好几了，余姚的", {"subject": "self", "age": 75, "age_approx": True, "region": "yuyao"}),
    ("杭州居民医保住院报销比例多少", {"region": "hangzhou"}),  # the scheme asked about, not where one is treated
    ("我在上海住院，医保在余姚", {"region": "yuyao"}),
    # where someone else works is not where the person asked about enrolls, when another place is said
    ("帮我爸问一下，他65岁，杭州户口，能不能交居民医保，我自己是在上海交职工医保的",
     {"subject": "parent", "age": 65, "hukou_region": "hangzhou", "region": None, "employee_insured": None}),
    ("我在上海上班交的五险 我妈在余姚 她能不能交", {"subject": "parent", "region": "yuyao"}),
    ("俺姐在上海上班公司交社保 我在杨凌家里种地啥保险也没有",
     {"subject": "self", "region": "yangling", "employee_insured": False}),
    ("我在余姚厂里上班有社保，想给我老婆交，她没工作也没医保",  # no other place: the family's
     {"subject": "spouse", "region": "yuyao", "employee_insured": False}),
    # the speaker set against someone just named; the speaker described to the one named
    ("我妈是低保 我不是 我要交多少钱 余姚", {"subject": "self", "special": None, "region": "yuyao"}),
    ("我家那口子是职工医保 我不是", {"subject": "self", "employee_insured": False}),
    ("我妈是低保，我是她女儿，我要交吗？", {"subject": "self", "special": None}),
    ("我老公以灵活就业身份交职工医保，我能不能交居民的？", {"subject": "self", "employee_insured": None}),
    ("户口萧山的，我老婆是外地的", {"subject": "self", "hukou_region": "hangzhou", "hukou": None}),
    ("我儿子28了在杭州上班 公司交社保的 我自己55岁户口在萧山 没有医保",
     {"subject": "self", "age": 55, "region": "hangzhou", "hukou_region": "hangzhou", "employee_insured": False}),
    ("我儿子15岁初三，户口余姚，我自己41岁在余姚厂里上班有职工医保",  # the speaker's coverage is the parent's
     {"subject": "child", "age": 15, "student": "primary_secondary", "hukou_region": "yuyao", "region": "yuyao",
      "parent_employee_insured": True}),
    # 俺大 (关中, 河南: my dad) and sentence-final 咧 / 嘞; not 我大概 / 俺大儿子
    ("俺大今年六十五咧 杨凌户口", {"subject": "parent", "age": 65, "hukou_region": "yangling"}),
    ("我大概35岁", {"subject": "self", "age": 35}),
    ("俺大儿子在上海", {"subject": "child", "region": "shanghai"}),
    # a group not (yet) held, asked about, or said in doubt; and not held by the one asked about
    ("我是重残，二级的，但是残疾证过期了还没去换，这样还能免吗", {"special": None}),
    ("听说重度残疾人免费，我妈是精神残疾，不知道几级", {"subject": "parent", "special": None}),
    ("我爸是退伍军人，能不能享受优抚对象的医保政策？", {"subject": "parent", "special": None}),
    ("村里说我们家是低保边缘，后来又说不是，到底是不是我也搞不清", {"special": None, "doubt": "special"}),
    ("吃低保的能免费交医保不", {"special": None}),
    ("我家是低保户，我儿子说他不算，他25岁了在杭州上班没社保",
     {"subject": "child", "special": None, "special_not": ["dibao"], "age": 25, "region": "hangzhou",
      "employee_insured": False}),
    # 职工医保 going on after leaving a job; a course that is not full-time
    ("去年辞职了，社保转成个人交了，一直没断", {"employee_insured": True, "gap_years": 0}),
    ("辞职了，社保转成个人交了吗", {"employee_insured": False}),  # asked whether it was: only the leaving is said
    ("我在网上读网络教育的本科，不是全日制", {"subject": "self", "student": "none"}),
    # 她 is the woman named (not the colleague named after her); 我自己交社保 describes, it does not ask
    ("同事的老婆，全职太太，杭州上城户口，同事自己公司有社保，她能不能交城乡居民医保",
     {"subject": "other", "region": "hangzhou", "hukou_region": "hangzhou", "employee_insured": None}),
    ("我自己交社保 交的是杭州的 我老婆交的是居民医保 她今年还没交 能晚点交吗",
     {"subject": "spouse", "region": "hangzhou", "employee_insured": False}),
    # twins; 我们两个 (the parents) in the child's clause; ages in months past the first year
    ("双胞胎 出生八天 户口还没报 我跟老公户口都是余杭的 老公单位交社保",
     {"subject": "child", "age": 0, "newborn_days": 8, "region": "hangzhou", "parent_employee_insured": True}),
    ("我儿子16个月了户口在杭州临平我们两个都在上班有五险的",
     {"subject": "child", "age": 1, "hukou_region": "hangzhou", "parent_employee_insured": True, "employee_insured": None}),
    ("宝宝十八个月", {"subject": "child", "age": 1, "newborn_days": None}),
    # a 户口 at the school or at a host is where the school or the host is
    ("户口迁到学校去了，我在上海读大三",
     {"subject": "self", "region": "shanghai", "hukou_region": "shanghai", "student": "university", "school_local": True}),
    ("我户口还在学校没迁走，毕业两年了，学校在杭州",
     {"subject": "self", "region": "hangzhou", "hukou_region": "hangzhou", "student": "none", "school_local": True}),
    ("我是余姚的，我女儿在外地读大学，户口迁到学校了",
     {"subject": "child", "hukou": "nonlocal", "student": "university", "school_local": False}),
    ("户口挂靠在朋友家，地址是杭州上城区的", {"region": "hangzhou", "hukou_region": "hangzhou"}),
    ("我户口是集体户 挂在公司集体户上 公司在滨江 我人也住滨江",
     {"subject": "self", "region": "hangzhou", "hukou_region": "hangzhou"}),
    # a retired employee keeps 职工医保; one who never worked or draws the residents' pension has none
    ("我爸是从纺织厂退休的，退休工资四千多", {"subject": "parent", "employee_insured": True}),
    ("俺爹退休了 每个月领退休金三千来块 他还要交这个医宝不", {"subject": "parent", "employee_insured": True}),
    ("我家老爷子厂里退下来的 每月养老金两千多", {"subject": "parent", "employee_insured": True}),
    ("岳父拿的是城乡居民养老金 一个月两百来块 不是退休工资", {"subject": "parent", "employee_insured": False}),
    ("婆婆六十多 一天班没上过 一辈子农村的", {"subject": "parent", "age": 61, "age_approx": True, "employee_insured": False}),
    ("我爸86岁 杨凌户口 一直务农 不是企业退休的",
     {"subject": "parent", "age": 86, "hukou_region": "yangling", "employee_insured": None}),
    ("我老伴儿七十了，户口杭州上城区，以前是街道小厂的，没退休金",  # no pension alone: not read (annotators split)
     {"subject": "spouse", "age": 70, "hukou_region": "hangzhou", "employee_insured": None}),
    ("没单位 自己交的灵活就业医保 现在正常扣款", {"employee_insured": True}),
]  # fmt: skip


def test_the_cases_are_many_and_distinct():
    texts = [text for text, _ in CASES]
    assert len(set(texts)) == len(texts)
    assert len(texts) >= 160


@pytest.mark.parametrize("text, expected", CASES, ids=[text for text, _ in CASES])
def test_extract(text, expected):
    facts = extract(text)
    for key, value in expected.items():
        if value is None:  # explicitly absent
            assert key not in facts, f"{text!r}: unexpected {key}={facts.get(key)!r}"
        else:
            assert key in facts and facts[key] == value, f"{text!r}: {key} expected {value!r}, got {facts}"
    unexpected = set(facts) - set(expected) - LOOSE
    assert not unexpected, f"{text!r}: unexpected facts {unexpected} in {facts}"


@pytest.mark.parametrize(
    "text, forbidden",
    [
        ("断了两年", {"age", "birth_year"}),
        ("2025年没交", {"birth_year", "age", "gap_years"}),
        ("330106199001011234", {"age", "birth_year", "missed_year", "gap_years", "newborn_days"}),
        ("13812345678", {"age", "birth_year", "missed_year", "gap_years", "newborn_days"}),
        ("我的身份证是330106199001011234，手机13812345678", {"age", "birth_year", "missed_year", "gap_years"}),
        ("职工医保刚停了两个月", {"age", "newborn_days"}),
    ],
)
def test_numbers_that_are_not_ages_or_years(text, forbidden):
    assert not forbidden & set(extract(text))


@pytest.mark.parametrize(
    "text",
    [
        "我妈今年六十五，杭州户口，是低保户，一直在交",
        "孩子爸爸在杭州交职工医保五年了",
        "  是的，我有居住证",
        "电话13812345678，孩子８岁，在外地上学",
        "不对，是外地户口",
        "家里是特困户，孩子是孤儿，残疾证一级",
    ],
)
def test_entity_spans_point_at_their_text(text):
    entities = extract_entities(text)
    assert entities
    for entity in entities:
        assert set(entity) == {"entity", "value", "start", "end", "text"}
        assert 0 <= entity["start"] < entity["end"] <= len(text)
        assert text[entity["start"] : entity["end"]] == entity["text"]


def test_entities_carry_the_normalised_values_and_spans():
    text = "我妈今年六十五，杭州户口，是低保户，一直在交"
    by_name = {e["entity"]: e for e in extract_entities(text)}
    assert by_name["hukou_region"]["value"] == "hangzhou" and by_name["hukou_region"]["text"] == "杭州"
    assert by_name["special"]["value"] == "dibao" and by_name["special"]["text"] == "低保户"
    assert by_name["age"]["value"] == 65 and "六十五" in by_name["age"]["text"]
    assert by_name["gap_years"]["value"] == 0 and by_name["gap_years"]["text"] == "一直在交"
    assert by_name["subject"]["value"] == "parent" and by_name["subject"]["text"] == "我妈"


def test_special_gives_one_entity_per_group_and_an_empty_list_for_none():
    specials = [e for e in extract_entities("家里是特困户，孩子是孤儿") if e["entity"] == "special"]
    assert [(e["value"], e["text"]) for e in specials] == [("tekun", "特困户"), ("orphan", "孤儿")]
    assert [e["value"] for e in extract_entities("都不是") if e["entity"] == "special"] == [[]]


def test_extract_is_the_entities_folded():
    text = "孩子3岁，上托班，杭州户口，爸爸有职工医保"
    from bot.components.zh_facts import NOT_FACTS

    entities = extract_entities(text)
    folded = {e["entity"]: e["value"] for e in entities if e["entity"] not in NOT_FACTS}
    assert extract(text) == folded  # the per-person readings a family conversation uses are not facts
    assert {"cue", "subject_key"} <= {e["entity"] for e in entities}  # nor are the reply cues and who exactly


def test_empty_and_unrelated_text():
    assert extract("") == {}
    assert extract("你好，请问医保怎么交？") == {}
    assert extract_entities("") == []


def test_importing_the_module_does_not_import_spacy():
    code = "import sys, bot.components.zh_facts; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_paste_gives_only_the_residents_own_first_or_last_sentence():
    notice = "【热点问答】城乡居民医保缴费问题解答。" + "问：我65岁，新生儿怎么参保？答：新生儿出生后90天内办理参保登记。" * 10
    assert len(notice) > 300
    assert extract(notice) == {} or set(extract(notice)) <= {"question"}
    asked = extract("帮我看看这个，我妈70岁。" + notice)
    assert asked.get("subject") == "parent" and asked.get("age") == 70


def test_a_babys_birthday_gives_the_days_since_that_day(monkeypatch):
    monkeypatch.setenv("ASSISTANT_TODAY", "2026-12-03")
    assert extract("是的，孩子11月18号刚出生") == {"affirm": True, "subject": "child", "age": 0, "newborn_days": 15}
    assert extract("有，宝宝10月30号出生的")["newborn_days"] == 34
    monkeypatch.setenv("ASSISTANT_TODAY", "2027-01-10")
    assert extract("宝宝12月30号出生的")["newborn_days"] == 11  # last year's December


def test_a_full_birth_date_is_a_birth_date_or_for_a_baby_its_days(monkeypatch):
    monkeypatch.setenv("ASSISTANT_TODAY", "2026-12-03")
    # a year before the month: never read as this year's birthday (a 66-year-old was once a 2-day-old)
    assert extract("来电人1960年12月1日出生") == {"subject": "self", "birth_date": "1960-12-01"}
    assert extract("宝宝2026年11月3号出生") == {"subject": "child", "age": 0, "newborn_days": 30}
    assert extract("宝宝今年6月3号出生，户口上在上海")["newborn_days"] == 183


def test_an_agents_note_describing_the_caller_is_not_a_family():
    note = extract_entities("来电人(女 55岁)咨询其孙参保 其孙出生20天 户籍杭州拱墅")
    assert not any(e["entity"] == "household" for e in note)
    family = extract_entities("我42、老婆40、孩子9岁读小学、我妈70，都是杭州户口")
    assert [m["label"] for m in next(e["value"] for e in family if e["entity"] == "household")] == ["我", "老婆", "孩子", "我妈"]
