"""One table of user-facing strings per language: the two tables agree, and every string
is used by the product (a dead entry would be translated for nothing)."""

from __future__ import annotations

import re
import string
from pathlib import Path

from planner.text import TEXT, text, words

ROOT = Path(__file__).resolve().parents[2]


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_keys_and_placeholders():
    assert set(TEXT["en"]) == set(TEXT["zh"])
    differ = {k for k in TEXT["en"] if _placeholders(TEXT["en"][k]) != _placeholders(TEXT["zh"][k])}
    assert differ == set()


def test_chinese_strings_use_chinese_punctuation():
    ascii_marks = re.compile(r"[\u4e00-\u9fff][,:;()]|[,:;()][\u4e00-\u9fff]")
    assert [k for k, v in TEXT["zh"].items() if ascii_marks.search(v)] == []


def test_every_string_is_used_by_the_product():
    sources = [
        *(ROOT / "planner").glob("*.py"),
        *(ROOT / "api").rglob("*.py"),
        *(ROOT / "api" / "templates").glob("*.html"),
    ]
    body = "\n".join(p.read_text(encoding="utf-8") for p in sources if p.name != "text.py")
    unused = [k for k in TEXT["en"] if not re.search(rf"[\"'.]{k}\b", body)]
    assert unused == []


def test_text_fills_placeholders_and_falls_back_to_english():
    assert text("zh", "week_label", n=3) == "第 3 周"
    assert text("fr", "week_label", n=3) == "Week 3"
    assert words("zh")["chapter"](2) == "第 2 章" and words("en")["hours"] == "hours"


def test_chinese_text_spaces_latin_names_it_is_filled_with():
    # Chinese typography: a space between Chinese and a Latin letter or digit, none elsewhere
    assert text("zh", "needs", dependent="知识蒸馏", prerequisite="Softmax 函数") == (
        "知识蒸馏需要 Softmax 函数"
    )
    assert text("zh", "needs", dependent="DPO", prerequisite="指令微调") == "DPO 需要指令微调"
    assert text("en", "needs", dependent="a", prerequisite="b") == "a needs b"
