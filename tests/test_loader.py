"""The data loader is strict: a bad file stops loading with a message naming file and line."""

import os
import shutil

import pytest

from policies import quote
from policies.rulebook import DATA_DIR, load
from policies.yamlstrict import DataError


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _line_of(path, needle):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_shipped_data_loads():
    book = load()
    assert set(book.regions) == {"hangzhou", "yuyao", "shanghai", "yangling"}
    assert len(book.version) == 12


@pytest.mark.parametrize(
    "file, old, new, line_of, message",
    [
        ("hangzhou/2025.yaml", "    fee: {amount: 120, cite: 附件 三、(一)2}",
         "    fee: {amount: 120, cite: 附件 三、(一)2, amout: 3}", "amout", "unknown key 'amout'"),
        ("shanghai/2025.yaml", "coverage_year: 2025\n", "coverage_year: 2025\ncoverage_year: 2026\n",
         "coverage_year: 2026", "duplicate key 'coverage_year' (first given on line {first})"),
        ("yangling/2025.yaml", "window: {start: 2024-09-01", "window: {start: 2024-09-31",
         "2024-09-31", "bad date '2024-09-31'"),
        ("yuyao/2023.yaml", "    fee: {amount: 290, cite: 三、(三)}", "    fee: {amount: 290}",
         "amount: 290}", "missing required key 'cite'"),
    ],
)  # fmt: skip
def test_mistakes_name_file_and_line(data_copy, file, old, new, line_of, message):
    path = data_copy / file
    _edit(path, old, new)
    with pytest.raises(DataError) as err:
        load(str(data_copy))
    assert f"{file.split('/')[1]}:{_line_of(path, line_of)}:" in str(err.value)
    if "{first}" in message:
        message = message.format(first=_line_of(path, "coverage_year: 2025"))
    assert message in str(err.value)


def test_empty_citation_is_refused(data_copy):
    path = data_copy / "zhejiang" / "mechanism.yaml"
    _edit(path, "fixed_months: {amount: 3, cite: 二、(三)2}", "fixed_months: {amount: 3, cite: ''}")
    with pytest.raises(DataError, match=r"mechanism.yaml:\d+: \(waiting.fixed_months.cite\) every figure needs"):
        load(str(data_copy))


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("coverage_year: 2025\n", "coverage_year: 2024\n", "does not match the file name"),
        ("        - {hukou: local, age: {max: 17}}", "        - {hukou: local, age: {max: 17}, color: red}",
         "unknown fact 'color'"),
        ("  - groups: [tekun, dibao, dibao_edge", "  - groups: [tekun, dibbao, dibao_edge", "unknown value 'dibbao'"),
        ("    schemes: [daxuesheng]\n", "    schemes: [nosuch]\n", "unknown scheme code 'nosuch'"),
        ("window: {start: 2024-10-23, end: 2024-12-25", "window: {start: 2024-12-26, end: 2024-12-25",
         "end is before start"),
    ],
)  # fmt: skip
def test_other_mistakes_are_named(data_copy, old, new, message):
    _edit(data_copy / "hangzhou" / "2025.yaml", old, new)
    with pytest.raises(DataError, match=message) as err:
        load(str(data_copy))
    assert "hangzhou" in str(err.value) and "2025.yaml" in str(err.value)


def test_alias_used_twice_is_refused(data_copy):
    _edit(data_copy / "yuyao" / "region.yaml", "aliases: [余姚,", "aliases: [杭州, 余姚,")
    with pytest.raises(DataError, match="alias '杭州' is already used"):
        load(str(data_copy))


def test_a_new_region_is_only_data(data_copy):
    """Adding a region is a folder of data files: no code change, and it answers at once."""
    new = data_copy / "testqu"
    shutil.copytree(data_copy / "yangling", new)
    _edit(new / "region.yaml", "code: yangling", "code: testqu")
    _edit(new / "region.yaml", "name: 杨凌示范区", "name: 测试区")
    _edit(new / "region.yaml", "aliases: [杨凌, 杨陵, 杨凌示范区, 杨凌区, 杨陵区, 杨凌农业高新技术产业示范区, 陕西杨凌]",
          "aliases: [测试]")
    _edit(new / "2025.yaml", "personal_fee: 80\n    paid_by: 残联资助320元", "personal_fee: 60\n    paid_by: 残联资助340元")
    os.rename(new / "2025.yaml", new / "2026.yaml")
    _edit(new / "2026.yaml", "coverage_year: 2025", "coverage_year: 2026")
    _edit(new / "2026.yaml", "window: {start: 2024-09-01, end: 2024-12-20", "window: {start: 2025-09-01, end: 2025-12-20")
    book = load(str(data_copy))
    answer = quote({"region": "测试", "as_of": "2025-10-01", "age": 30, "hukou": "local", "student": "none",
                    "employee_insured": False, "special": ["disabled_severe"]}, rulebook=book)  # fmt: skip
    assert answer["region"] == {"code": "testqu", "name": "测试区"}
    assert answer["coverage_year"] == 2026 and answer["data_year"] == 2026 and not answer["stale"]
    assert answer["personal_fee"] == 60 and answer["subsidy"]["amount"] == 340
