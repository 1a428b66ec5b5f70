"""End to end through the running assistant (fixture ``assistant``, today 2024-11-20): how it reads
residents — a payment date said in words is the day the answer is computed for, a new person keeps
only what is shared, places get their role from the words around them, corrections and negations
are not read as answers, a general question named in so many words gets its own topic, English
does not end the conversation."""

from tests.test_e2e_http import say, texts


def test_a_payment_date_in_words_is_the_day_the_answer_is_for(assistant):
    first = texts(say("read-1", "杨凌的，45岁，本地户口，没有职工医保，不是困难群体"))
    assert "何时能用：2025年1月1日起（无等待期）。" in first
    later = texts(say("read-1", "要是开春再交呢，什么时候能用"))
    assert "按您说的缴费日期2025年3月1日计算" in later
    assert "2025年1月1日起" not in later and "无等待期" not in later
    assert "按2025年3月1日缴费计" in later and "按今天缴费计" not in later  # the line answering 什么时候能用


def test_that_my_husband_starts_a_new_person_and_keeps_the_region(assistant):
    first = texts(say("read-2", "替我婆婆问下，她六十多了本地户口，我自己有职工医保她没有，杭州的"))
    assert "老人是否属于以下可减免个人缴费的群体" in first  # her 职工医保 was not taken from mine
    answer = texts(say("read-2", "都不是"))
    assert "为父母咨询；约61岁；本地户口；无职工医保" in answer and "一档730元、二档630元" in answer
    assert "您的爱人今年多大" in texts(say("read-2", "那我老公呢"))
    husband = texts(say("read-2", "他45，有职工医保"))
    assert "杭州市区；为配偶咨询；45岁；有职工医保" in husband and "结论：按您说的情况，不能参加" in husband


def test_places_get_their_role_from_the_words_around_them(assistant):
    nonlocal_worker = texts(say("read-3", "安徽户口在杭州上班，35岁"))
    assert "杭州市区；35岁；外地户口" in nonlocal_worker and "非市区户籍人员" in nonlocal_worker
    county = texts(say("read-4", "我妈在桐庐，70了"))
    assert "“桐庐”属于杭州市，但不在杭州市区的统筹区内" in county and "12393" in county
    district = texts(say("read-5", "宁波鄞州的可以在你们这交吗"))
    assert "“鄞州”属于宁波市，但不在余姚市的统筹区内" in district


def test_a_correction_is_not_the_answer_to_the_question_asked(assistant):
    assert "有没有参加职工医保" in texts(say("read-6", "我在杭州上班，户口也在杭州，40岁"))
    corrected = texts(say("read-6", "不对，安徽户口，不是杭州的"))
    assert "40岁；外地户口）" in corrected and "无职工医保" not in corrected


def test_groups_named_after_a_negation_are_all_negated(assistant):
    reply = texts(say("read-7", "我在杭州，60岁，本地户口，没有职工医保，也不是低保特困"))
    assert "特困人员个人不缴费" not in reply and "是否属于以下可减免个人缴费的群体" in reply


def test_a_general_question_named_in_words_gets_its_topic(assistant):
    say("read-8", "支付宝里咋交")
    channels = texts(say("read-8", "上海"))
    assert channels.startswith("【上海市 2025年度 缴费渠道】") and "支付宝App" in channels
    ltc = texts(say("read-9", "杨凌的，长护险包含在里面吗"))
    assert ltc.startswith("【杨凌示范区 2025年度 长期护理保险】") and "未提及长期护理保险" in ltc


def test_english_gets_a_chinese_reply_and_the_conversation_goes_on(assistant):
    english = texts(say("read-10", "how much is it"))
    assert "不在我的服务范围内" not in english and any("\u4e00" <= c <= "\u9fff" for c in english)
    assert "孩子的户口是不是在上海市" in texts(say("read-10", "上海，孩子5岁"))


def test_a_newborn_is_not_asked_about_school_and_a_fathers_years_are_read(assistant):
    first = texts(say("read-11", "我在余姚，孩子刚出生20天，外地户口"))
    assert "在上学吗" not in first and "孩子的父母有没有一方在余姚市参加职工医保" in first
    years = texts(say("read-11", "孩子他爸在这边交职工医保五六年了"))
    assert "累计缴了几年" not in years and "居住证" in years  # the next fact the engine needs


def test_facts_typed_with_homophones_are_a_statement_not_a_general_question(assistant):
    reply = texts(say("read-12", "居民医包 余要 六十五岁"))
    assert "您的户口是不是在余姚市" in reply and "重复参保" not in reply


def test_a_range_of_gap_years_is_used_and_said_and_a_rural_hukou_answers_the_hukou_question(assistant):
    assert "您的户口是不是在余姚市" in texts(say("read-13", "余姚的，我50岁"))
    rural = texts(say("read-13", "农村户口"))
    assert "您的户口是不是在余姚市" not in rural and "有没有参加职工医保" in rural  # local: the next question
    asked = texts(say("read-14", "上海的，42岁，本地户口，不是困难群体，三四年没交了"))
    assert "有没有参加职工医保" in asked  # 上海 asks it now (rulings S6)
    gap = texts(say("read-14", "没有"))
    assert "；断保4年）" in gap and "断保年数按4年计算" in gap  # (上海 counts gaps from 2025 on: rulings R4)
