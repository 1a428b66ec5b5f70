"""The answer ledger (``ledger/``): reference codes, record/find/purge on SQLite and PostgreSQL, the CLI.

The PostgreSQL tests use the server at 127.0.0.1:5432 (``LEDGER_TEST_PG_URL`` to point elsewhere),
each in a fresh schema ``ledger_test_<random>`` dropped afterwards. They fail, never skip, when the
server is unreachable: CI has it.
"""

import datetime as dt
import itertools
import json
import os
import random
import subprocess
import sys
import uuid

import pytest

from ledger import codes
from ledger.codes import ALPHABET, AMBIGUOUS, CodeError
from ledger.store import DEFAULT_PATH, RETENTION_DAYS_DEFAULT, Ledger, LedgerError, retention_days

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PG_URL = os.environ.get("LEDGER_TEST_PG_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")
UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 22, 9, 30, 15, 123456, tzinfo=UTC)
VERSION = "3f9a1c0e7b2d"

FACTS = {"region": "杭州", "as_of": "2025-06-10", "age": 40, "hukou": "local", "student": "none",
         "employee_insured": False, "special": ["dibao"], "tier": "二档", "parent_employee_years": 2.5}  # fmt: skip
ANSWER = {
    "status": "eligible",
    "region": {"code": "hangzhou", "name": "杭州市区"},
    "personal_fee": 630,
    "subsidy": None,
    "stale": False,
    "enrollment_window": {"start": "2024-10-23", "end": "2024-12-25"},
    "notes": ["一档、二档由参保人根据本人情况选择；咨询：参保12393，缴费12366。", "“引号”与 emoji 🙂"],
    "fee_options": [{"name": "一档", "fee": 730}, {"name": "二档", "fee": 630}],
}
CARD = "【杭州市区 2025年度城乡居民医保】 适用：城乡居民医保\n个人缴费：630元。\n集中参保期：2024-10-23至2024-12-25。"


# -- backends ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_admin():
    import sqlalchemy as sa

    problem = None
    try:
        engine = sa.create_engine(PG_URL, future=True)
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
    except Exception as error:  # driver missing or server down: a failure, not a skip
        problem = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
    if problem:
        pytest.fail(f"PostgreSQL at {PG_URL} is needed by the ledger tests and is unreachable: {problem}", pytrace=False)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
        return
    import sqlalchemy as sa

    admin = request.getfixturevalue("pg_admin")
    schema = f"ledger_test_{uuid.uuid4().hex[:12]}"
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = admin.url.update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
def ledger(db_url):
    with Ledger(db_url) as book:
        yield book


def _record(book, now=NOW, **changes):
    args = {"facts": FACTS, "answer": ANSWER, "card_text": CARD, "channel": "web", "rule_version": VERSION, "now": now}
    return book.record(**{**args, **changes})


# -- codes -------------------------------------------------------------------------------------


def test_alphabet_has_no_ambiguous_characters_and_codes_are_8_of_it():
    assert len(ALPHABET) == 23 and len(set(ALPHABET)) == 23 and ALPHABET == ALPHABET.upper()
    assert not set(ALPHABET) & set("0O1IL2Z5S8BUV") and set(AMBIGUOUS) == set("0O1IL2Z5S8BUV")
    made = {codes.new_code() for _ in range(2000)}
    assert len(made) == 2000
    for code in made:
        assert len(code) == 8 and set(code) <= set(ALPHABET) and codes.is_valid(code)
        assert codes.format_code(code) == f"{code[:4]}-{code[4:]}"
    assert codes.format_code("K7QFM3XW") == "K7QF-M3XW"  # the example the messages show is a real code


def _sample_codes():
    rng = random.Random(20261122)
    bodies = ["3333333", "YYYYYYY", "K7QFM3X", "34679AC"]
    bodies += ["".join(rng.choice(ALPHABET) for _ in range(7)) for _ in range(8)]
    return [body + codes.check_char(body) for body in bodies]


@pytest.mark.parametrize("code", _sample_codes())
def test_check_character_catches_every_substitution_and_transposition(code):
    assert codes.is_valid(code)
    for position, other in itertools.product(range(8), ALPHABET):
        if other != code[position]:
            typo = code[:position] + other + code[position + 1 :]
            assert not codes.is_valid(typo), typo
            with pytest.raises(CodeError, match="校验不符"):
                codes.normalise(typo)
    for i, j in itertools.combinations(range(8), 2):  # adjacent ones and every other pair too
        if code[i] != code[j]:
            swapped = list(code)
            swapped[i], swapped[j] = swapped[j], swapped[i]
            assert not codes.is_valid("".join(swapped)), (code, i, j)


@pytest.mark.parametrize(
    "typed",
    ["K7QF-M3XW", "k7qf-m3xw", "k7qf m3xw", "K7QFM3XW", "  k7 qf m3 xw ", "K7QF—M3XW", "Ｋ７ＱＦ－Ｍ３ＸＷ", "K7QF\u3000M3XW",
     "咨询编号：K7QF-M3XW", "编号 k7qf-m3xw"],
)  # fmt: skip
def test_normalise_accepts_what_an_agent_types(typed):
    assert codes.normalise(typed) == "K7QFM3XW"


@pytest.mark.parametrize(
    "typed, message",
    [
        ("K7QF-M3XO", "第8位是「O」"),  # O for 0 (or 0 for O): rejected, never guessed
        ("k7qf-m30w", "第7位是「0」"),
        ("K1QF-M3XW", "容易混淆"),
        ("K7QF-M3X!", "第8位「!」无效"),
        ("K7QF-M3X", "应为8位"),
        ("K7QF-M3XWW", "应为8位"),
        ("K7QF-M3XA", "校验不符"),
        ("7KQF-M3XW", "校验不符"),  # adjacent transposition
        ("", "请输入咨询编号"),
        (" - ", "请输入咨询编号"),
        (None, "应为文字"),
    ],
)
def test_normalise_rejects_with_a_clear_chinese_message(typed, message):
    with pytest.raises(CodeError, match=message):
        codes.normalise(typed)


def test_handoff_line_names_the_grouped_code():
    assert codes.handoff_line("k7qfm3xw") == "如需人工帮助，请提供咨询编号 K7QF-M3XW。"


# -- record / find -----------------------------------------------------------------------------


def test_record_then_find_round_trips_json_and_chinese(ledger):
    local = dt.timezone(dt.timedelta(hours=8))
    code = _record(ledger, now=NOW.astimezone(local), channel="微信")
    assert len(code) == 9 and code[4] == "-" and codes.is_valid(code.replace("-", ""))
    entry = ledger.find(code)
    assert entry == {
        "code": code,
        "created_at": "2026-11-22T09:30:15.123456+00:00",  # stored and returned as UTC
        "channel": "微信",
        "rule_version": VERSION,
        "facts": FACTS,
        "answer": ANSWER,
        "card_text": CARD,
        "transcript": [],
    }
    assert list(entry["answer"]) == list(ANSWER)  # key order kept
    assert json.dumps(entry["facts"], ensure_ascii=False) == json.dumps(FACTS, ensure_ascii=False)


def test_typed_variants_find_the_same_row(ledger):
    codes_made = [_record(ledger, card_text=f"卡片{i}") for i in range(3)]
    for i, code in enumerate(codes_made):
        bare = code.replace("-", "")
        for typed in (code, bare, code.lower(), f"{bare[:4].lower()} {bare[4:].lower()}", f" 咨询编号：{code} "):
            assert ledger.find(typed)["card_text"] == f"卡片{i}"


def test_unknown_code_is_none_and_malformed_code_is_a_clear_error(ledger):
    _record(ledger)
    unknown = next(c for c in iter(codes.new_code, None) if ledger.find(c) is None)
    assert ledger.find(unknown) is None
    with pytest.raises(CodeError, match="校验不符"):
        ledger.find(unknown[:7] + next(ch for ch in ALPHABET if ch != unknown[7]))
    with pytest.raises(CodeError, match="容易混淆"):
        ledger.find("OOOO-0000")
    with pytest.raises(CodeError):
        ledger.find("'; DROP TABLE answers; --")
    assert ledger.stats()["count"] == 1


def test_a_taken_code_is_replaced_by_a_fresh_one(ledger, monkeypatch):
    first = _record(ledger).replace("-", "")
    fresh = next(c for c in iter(codes.new_code, None) if c != first)
    offered = iter([first, first, fresh])
    monkeypatch.setattr(codes, "new_code", lambda: next(offered))
    assert _record(ledger, card_text="second") == codes.format_code(fresh)
    assert ledger.find(first)["card_text"] == CARD and ledger.stats()["count"] == 2
    monkeypatch.setattr(codes, "new_code", lambda: first)
    with pytest.raises(LedgerError, match="都已被占用"):
        _record(ledger)


# -- purge / stats -----------------------------------------------------------------------------


def test_purge_removes_only_rows_older_than_n_days_and_keeps_the_boundary(ledger):
    day, tick = dt.timedelta(days=1), dt.timedelta(microseconds=1)
    ages = {"older": 180 * day + tick, "much_older": 400 * day, "exactly": 180 * day, "younger": 180 * day - tick,
            "today": dt.timedelta(0)}  # fmt: skip
    made = {name: _record(ledger, now=NOW - age, card_text=name) for name, age in ages.items()}
    assert ledger.purge(180, NOW) == 2
    assert {name for name, code in made.items() if ledger.find(code)} == {"exactly", "younger", "today"}
    assert ledger.purge(180, NOW) == 0
    stats = ledger.stats()
    assert stats["count"] == 3 and stats["oldest"] == (NOW - 180 * day).isoformat() and stats["newest"] == NOW.isoformat()
    assert ledger.purge(1, NOW.astimezone(dt.timezone(dt.timedelta(hours=-5)))) == 2  # `now` in any zone


@pytest.mark.parametrize("days", [0, -1, True, "180", 1.5, None])
def test_purge_needs_a_positive_whole_number_of_days(ledger, days):
    with pytest.raises(ValueError, match="保留天数"):
        ledger.purge(days, NOW)


@pytest.mark.parametrize("now", [dt.datetime(2026, 11, 22, 9, 30), dt.date(2026, 11, 22), "2026-11-22", None])
def test_the_time_is_passed_in_and_must_be_timezone_aware(ledger, now):
    with pytest.raises(ValueError, match="带时区"):
        _record(ledger, now=now)
    with pytest.raises(ValueError, match="带时区"):
        ledger.purge(180, now)


def test_stats_of_an_empty_ledger(ledger):
    assert ledger.stats() == {"count": 0, "oldest": None, "newest": None}


def test_retention_default_and_environment():
    assert RETENTION_DAYS_DEFAULT == 180
    assert retention_days({}) == 180 and retention_days({"LEDGER_RETENTION_DAYS": " 30 "}) == 30
    for bad in ("0", "-5", "abc", "1.5"):
        with pytest.raises(ValueError, match="LEDGER_RETENTION_DAYS"):
            retention_days({"LEDGER_RETENTION_DAYS": bad})


# -- what is refused ---------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [{"name": "张三"}, {"id_number": "x"}, {"phone": "x"}, {"Age": 40}])
def test_record_refuses_fact_keys_outside_the_contract(ledger, extra):
    with pytest.raises(ValueError, match="报价契约以外的字段"):
        _record(ledger, facts={**FACTS, **extra})
    assert ledger.stats()["count"] == 0


@pytest.mark.parametrize(
    "where, value, kind",
    [
        ("facts", "33010219900307123X", "身份证号"),
        ("answer", "请联系 330102199003071234", "身份证号"),
        ("answer", "手机13812345678", "手机号"),
        ("card_text", "回电 +86 138-1234-5678", "手机号"),
        ("answer", 15912345678, "手机号"),
        ("card_text", "卡号 6222021234567890123", "银行卡号"),
        ("answer", "6222 0212 3456 7890", "银行卡号"),
        ("card_text", "６２２２０２１２３４５６７８９０", "银行卡号"),  # full-width digits
    ],
)
def test_record_refuses_values_that_look_like_personal_identifiers(ledger, where, value, kind):
    if where == "facts":
        changes = {"facts": {**FACTS, "region": value}}
    elif where == "answer":
        changes = {"answer": {**ANSWER, "notes": [*ANSWER["notes"], {"deep": [value]}]}}
    else:
        changes = {"card_text": CARD + value}
    with pytest.raises(ValueError, match=kind) as refused:
        _record(ledger, **changes)
    assert str(value) not in str(refused.value)  # the message never repeats the identifier
    assert ledger.stats()["count"] == 0


def test_ordinary_numbers_are_not_mistaken_for_identifiers(ledger):
    card = CARD + "\n咨询：12393、12366、0571-12345678；2024-10-23 2024-12-25；630元；20251001"
    answer = {**ANSWER, "amounts": [630, 1200000, 20251231, 2025], "dates": "2024-10-23 2024-12-25 2025-01-01"}
    assert ledger.find(_record(ledger, answer=answer, card_text=card))["card_text"] == card


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"facts": ["region"]}, "facts 应为 dict"),
        ({"answer": "eligible"}, "answer 应为 dict"),
        ({"card_text": None}, "card_text 应为字符串"),
        ({"channel": ""}, "channel"),
        ({"channel": "x" * 33}, "channel"),
        ({"rule_version": None}, "rule_version"),
        ({"answer": {"fee": float("nan")}}, "JSON"),
        ({"answer": {"when": dt.date(2025, 1, 1)}}, "JSON"),
    ],
)
def test_record_checks_its_arguments(ledger, changes, message):
    with pytest.raises(ValueError, match=message):
        _record(ledger, **changes)


# -- configuration and failures ----------------------------------------------------------------


def test_schema_creation_is_idempotent_and_shared(db_url):
    with Ledger(db_url) as first, Ledger(db_url) as second:
        first.create_schema()
        first.create_schema()
        code = _record(first)
        second.create_schema()
        assert second.find(code)["card_text"] == CARD


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_postgres_rows_live_in_the_test_schema_only(pg_admin, db_url):
    import sqlalchemy as sa

    with Ledger(db_url) as book:
        _record(book)
    schema = sa.engine.make_url(db_url).query["options"].split("=", 1)[1]
    assert schema.startswith("ledger_test_")
    with pg_admin.connect() as conn:
        assert conn.execute(sa.text(f'select count(*) from "{schema}".answers')).scalar() == 1
        assert conn.execute(sa.text("select to_regclass('public.answers')")).scalar() is None


def test_default_url_is_var_ledger_db_and_construction_does_nothing(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    book = Ledger()
    assert book.url == f"sqlite:///{DEFAULT_PATH}" and DEFAULT_PATH == os.path.join(ROOT, "var", "ledger.db")
    assert book._engine is None
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    assert Ledger().url.endswith("env.db") and not (tmp_path / "env.db").exists()
    monkeypatch.setenv("DATABASE_URL", "postgres://u:secret@db.example/ledger")
    assert Ledger().url.startswith("postgresql://") and "secret" not in repr(Ledger())


def test_an_unreachable_database_is_a_clear_error_on_first_use():
    book = Ledger("postgresql+psycopg2://nobody:hunter2@127.0.0.1:1/none?connect_timeout=3")  # nothing happens yet
    with pytest.raises(LedgerError, match="答复账本建表失败") as failed:
        book.find("K7QF-M3XW")
    assert "127.0.0.1:1" in str(failed.value) and "hunter2" not in str(failed.value)
    with pytest.raises(LedgerError, match="无法解析"):
        Ledger("not a url").stats()
    with pytest.raises(LedgerError, match="缺少驱动"):
        Ledger("mysql+nosuchdriver://x@localhost/db").stats()


def test_import_is_cheap():
    heavy = "('sqlalchemy', 'psycopg2', 'policies')"
    code = f"import sys, ledger; print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy}))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=60)
    assert done.stdout.decode().strip() == "[]", done.stderr


# -- the CLI -----------------------------------------------------------------------------------


def _cli(args, url, **env):
    full = {k: v for k, v in os.environ.items() if k != "LEDGER_RETENTION_DAYS"}
    full.update(DATABASE_URL=url, PYTHONIOENCODING="utf-8", **env)
    done = subprocess.run([sys.executable, "-m", "ledger", *args], capture_output=True, cwd=ROOT, env=full, timeout=60)
    out, err = done.stdout.decode(), done.stderr.decode()
    assert "Traceback" not in out + err, err
    return done.returncode, out, err


def test_cli_find_stats_and_purge(db_url):
    real_now = dt.datetime.now(UTC)  # the CLI reads the real clock
    with Ledger(db_url) as book:
        old = _record(book, now=real_now - dt.timedelta(days=400), card_text="旧卡片")
        mid = _record(book, now=real_now - dt.timedelta(days=100), card_text="中卡片")
        new = _record(book, now=real_now - dt.timedelta(days=1))

    status, out, _ = _cli(["find", new.lower().replace("-", " ")], db_url)
    assert status == 0 and out.splitlines()[0].startswith(f"咨询编号 {new}｜") and out.endswith(CARD + "\n")
    status, out, _ = _cli(["find", *new.lower().split("-"), "--json"], db_url)
    assert status == 0 and json.loads(out)["answer"] == ANSWER

    status, out, _ = _cli(["stats"], db_url)
    assert status == 0 and out.startswith("共 3 条记录；最早 ")

    status, out, _ = _cli(["purge"], db_url)  # the default retention, 180 days
    assert status == 0 and out.startswith("已清除 1 条") and "保留期 180 天" in out
    status, out, _ = _cli(["purge"], db_url, LEDGER_RETENTION_DAYS="90")
    assert status == 0 and out.startswith("已清除 1 条") and "保留期 90 天" in out
    status, out, _ = _cli(["purge", "--days", "30"], db_url)
    assert status == 0 and out.startswith("已清除 0 条")
    with Ledger(db_url) as book:
        assert book.find(old) is None and book.find(mid) is None and book.find(new)["card_text"] == CARD

    status, _, err = _cli(["find", old], db_url)
    assert status == 1 and "未找到咨询编号" in err
    status, _, err = _cli(["find", "K7QF-M3X0"], db_url)
    assert status == 2 and "容易混淆" in err
    status, _, err = _cli(["purge", "--days", "0"], db_url)
    assert status == 2 and "保留天数应为正整数" in err
    status, _, err = _cli(["purge"], db_url, LEDGER_RETENTION_DAYS="half a year")
    assert status == 2 and "LEDGER_RETENTION_DAYS" in err


def test_cli_reports_an_unreachable_database_without_a_traceback():
    status, _, err = _cli(["stats"], "postgresql+psycopg2://nobody:hunter2@127.0.0.1:1/none?connect_timeout=3")
    assert status == 1 and "答复账本" in err and "hunter2" not in err
    status, _, err = _cli(["nonsense"], "sqlite://")
    assert status == 2 and "invalid choice" in err


def test_what_the_resident_said_is_stored_with_the_answer_and_identifiers_refused(ledger):
    said = ["我在杭州，孩子8岁", "本地户口，上小学", "都不是"]
    code = ledger.record(FACTS, ANSWER, CARD, "rest", "v1", NOW, transcript=said)
    assert ledger.find(code)["transcript"] == said
    assert ledger.find(ledger.record(FACTS, ANSWER, CARD, "agent", "v1", NOW))["transcript"] == []  # from the console
    with pytest.raises(ValueError):
        ledger.record(FACTS, ANSWER, CARD, "rest", "v1", NOW, transcript=["我的手机13812345678"])


def test_a_ledger_of_an_earlier_version_gains_the_transcript_column(tmp_path):
    import sqlalchemy as sa

    url = f"sqlite:///{tmp_path}/old.db"
    engine = sa.create_engine(url)
    with engine.begin() as conn:  # the table as earlier versions made it: no transcript
        conn.execute(sa.text("CREATE TABLE answers (id INTEGER PRIMARY KEY AUTOINCREMENT, code VARCHAR(8) NOT NULL, "
                             "created_at DATETIME NOT NULL, channel VARCHAR(32) NOT NULL, rule_version VARCHAR(64) NOT NULL, "
                             "facts JSON NOT NULL, answer JSON NOT NULL, card_text TEXT NOT NULL)"))  # fmt: skip
    with Ledger(url=url) as book:
        code = book.record(FACTS, ANSWER, CARD, "rest", "v1", NOW, transcript=["你好"])
        assert book.find(code)["transcript"] == ["你好"]
