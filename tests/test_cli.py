"""``python -m policies quote|card``: JSON lines in, one answer per line out, in order."""

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _run(args, stdin, env=None):
    return subprocess.run([sys.executable, "-m", "policies", *args], input=stdin.encode(), capture_output=True,
                          cwd=ROOT, env={**os.environ, **(env or {})}, timeout=60)  # fmt: skip


def test_quote_answers_every_line_in_order_and_survives_bad_lines():
    lines = [
        json.dumps({"region": "hangzhou", "as_of": "2024-11-01", "age": 10, "hukou": "local", "special": []}),
        "this is not json",
        "",
        json.dumps({"region": "沪", "as_of": "2024-11-20", "age": 75, "hukou": "local", "student": "none",
                    "employee_insured": False, "special": []}),  # fmt: skip
        json.dumps({"region": "杨凌", "as_of": "2024-10-01", "age": 30, "colour": "blue"}),
        "[1, 2]",
    ]
    done = _run(["quote"], "\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [a["status"] for a in answers] == ["needs_info", "invalid", "invalid", "eligible", "invalid", "invalid"]
    assert answers[0]["region"]["code"] == "hangzhou" and answers[3]["personal_fee"] == 655
    assert answers[4]["errors"][0]["field"] == "colour" and answers[4]["errors"][0]["code"] == "unknown_field"
    assert answers[1]["errors"][0]["code"] == "bad_json" and answers[5]["errors"][0]["code"] == "not_object"


def test_today_comes_from_the_environment():
    done = _run(["quote"], '{"region": "hangzhou", "age": 3}\n', env={"ASSISTANT_TODAY": "2024-11-01"})
    assert json.loads(done.stdout)["coverage_year"] == 2025
    done = _run(["quote"], '{"region": "hangzhou", "age": 3}\n', env={"ASSISTANT_TODAY": "2026-11-22"})
    assert json.loads(done.stdout)["coverage_year"] == 2027


def test_card_prints_the_chinese_card():
    done = _run(["card"], '{"region": "余姚", "as_of": "2022-10-01", "age": 8, "hukou": "local", '
                          '"student": "primary_secondary", "special": []}\n')  # fmt: skip
    text = done.stdout.decode()
    assert text.startswith("结论：可以参加余姚市2023年度城乡居民医保（中小学生档）。\n")
    assert "交多少：个人290元；政府另补助每人每年370元。" in text
    assert "截止：2022年12月25日前缴费（还剩85天）" in text  # the line's as_of gives the days left


def test_card_prints_the_spoken_and_wechat_lengths():
    line = ('{"region": "余姚", "as_of": "2022-10-01", "age": 8, "hukou": "local", "student": "primary_secondary", '
            '"special": []}\n')
    spoken = _run(["card", "--length", "spoken"], line).stdout.decode().strip()
    assert spoken.startswith("您可以参加余姚市2023年度城乡居民医保（中小学生档），个人交290元") and len(spoken) <= 120
    wechat = _run(["card", "--length", "wechat"], line).stdout.decode().strip()
    assert wechat.startswith("【余姚市2023年度城乡居民医保】\n适用：中小学生档\n交多少：个人290元") and len(wechat) <= 300


def test_start_up_imports_neither_rasa_nor_tensorflow():
    code = "import sys, policies.cli; policies.cli.answer_line('{\"region\":\"沪\",\"age\":3}', None); " \
           "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rasa', 'rasa_sdk', 'tensorflow', 'spacy')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=60)
    assert done.stdout.decode().strip() == "[]", done.stderr
