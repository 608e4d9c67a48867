"""Every user-facing string of studypath, one table per language.

The plan's explanations, the Markdown, iCalendar and text exports, the embed pages (and
the web front end) and the CLI read their words here, so a translation is made in one
place and the two languages cannot drift apart: tests/planner/test_text.py checks that
both tables have the same keys and the same placeholders.
"""

from __future__ import annotations

import re
from typing import Any

TEXT: dict[str, dict[str, str]] = {
    "en": {
        # plans and their exports
        "title": "Study plan",
        "goals": "Goals",
        "goal": "goal",
        "known_goals": "Already known goals",
        "known_goals_short": "already known",
        "total": "Total",
        "hours": "hours",
        "h": "h",
        "weeks": "weeks",
        "week_label": "Week {n}",
        "reviews_calendar": "studypath reviews",
        "review_event": "Review: {name}",
        "your_answer": "Your answer",
        "answer_a_number": "Please answer with a number.",
        "answer_a_choice": "Please answer with a choice number from 0 to {last}.",
        "question_number": "Question {n}",
        "placement_done": "Done after {asked} questions: you already know {n} concepts.",
        "why": "Why",
        "read": "Read",
        "run": "Run",
        "run_reference": "Run the reference implementation",
        "reading_list": "Reading list",
        "reading": "Reading",
        "books": "Books",
        "papers": "Papers",
        "steps": "steps",
        "finish": "Finish",
        "serves": "Serves",
        "curriculum_version": "Curriculum version",
        "curriculum_short": "curriculum",
        "no_reading": "no reading listed",
        "no_reading_sentence": "No reading listed.",
        # explanations (planner.explain)
        "goal_itself": "This is one of your goals.",
        "needs": "{dependent} needs {prerequisite}",
        "needs_because": "{dependent} needs {prerequisite} ({reason})",
        "chain_joiner": "; ",
        "toward_goal": "Toward {goal}: {chain}.",
        # pages
        "legend": "Disciplines",
        "graph": "Plan graph",
        "schedule": "Weekly schedule",
        "continued": "(continued)",
        "continued_suffix": " (continued)",
        "title_for": "Study plan: {goals}",
        "hint": "Select a step to see why, what to read and what to run.",
        "free": "free online",
        "link": "link",
        "concept_page": "Concept page",
        "level": "level",
        "discipline": "discipline",
        "neighbourhood": "Prerequisites and dependents",
        "prerequisites": "Prerequisites",
        "dependents": "Useful for",
        "used_by": "Used by",
        "implementation": "Reference implementation",
        "any_of": "any one of a group",
        "any_of_short": "any of",
        "recommended": "recommended",
        "no_prerequisites": "None: a starting point.",
        "did_you_mean": "Did you mean",
        "not_found": "Not found",
        "invalid": "Invalid request",
        "chapter": "ch. {n}",
        # CLI
        "colon": ": ",
        "comma": ", ",
        "heading": "{label}:",
        "labelled": "{label}: {value}",
        "recommended_tag": " (recommended)",
        "hint_label": "Hint: ",
        "key_idea_label": "Key idea: ",
        "stuck": "(stuck? add --hint)",
        "wrote": "wrote",
        "recorded_verified": "recorded as verified: ",
        "not_graded": "not graded: ",
    },
    "zh": {
        "title": "学习计划",
        "goals": "目标",
        "goal": "目标",
        "known_goals": "已掌握的目标",
        "known_goals_short": "已掌握",
        "total": "合计",
        "hours": "小时",
        "h": "小时",
        "weeks": "周",
        "week_label": "第 {n} 周",
        "reviews_calendar": "studypath 复习",
        "review_event": "复习：{name}",
        "your_answer": "你的答案",
        "answer_a_number": "请输入一个数。",
        "answer_a_choice": "请输入选项编号（0 到 {last}）。",
        "question_number": "第 {n} 题",
        "placement_done": "共答 {asked} 题：你已掌握 {n} 个概念。",
        "why": "为什么学",
        "read": "阅读",
        "run": "运行",
        "run_reference": "运行参考实现",
        "reading_list": "阅读清单",
        "reading": "阅读",
        "books": "书籍",
        "papers": "论文",
        "steps": "步骤",
        "finish": "预计完成",
        "serves": "服务于",
        "curriculum_version": "课程图版本",
        "curriculum_short": "课程图版本",
        "no_reading": "暂无阅读材料",
        "no_reading_sentence": "暂无阅读材料。",
        "goal_itself": "这是你的学习目标。",
        "needs": "{dependent}需要{prerequisite}",
        "needs_because": "{dependent}需要{prerequisite}（{reason}）",
        "chain_joiner": "；",
        "toward_goal": "为了目标「{goal}」：{chain}。",
        "legend": "学科",
        "graph": "计划图",
        "schedule": "每周安排",
        "continued": "（续）",
        "continued_suffix": "（续）",
        "title_for": "学习计划：{goals}",
        "hint": "点击一个步骤，查看为什么学、读什么、运行什么。",
        "free": "免费在线阅读",
        "link": "链接",
        "concept_page": "概念页面",
        "level": "层级",
        "discipline": "学科",
        "neighbourhood": "先修与后续",
        "prerequisites": "先修",
        "dependents": "用于",
        "used_by": "用于",
        "implementation": "参考实现",
        "any_of": "任选其一",
        "any_of_short": "任选其一",
        "recommended": "推荐",
        "no_prerequisites": "无：这是一个起点。",
        "did_you_mean": "你是不是想找",
        "not_found": "未找到",
        "invalid": "请求无效",
        "chapter": "第 {n} 章",
        "colon": "：",  # full-width, no space after it
        "comma": "，",
        "heading": "{label}：",
        "labelled": "{label}：{value}",
        "recommended_tag": "（推荐）",
        "hint_label": "提示：",
        "key_idea_label": "关键思路：",
        "stuck": "（需要提示？加上 --hint）",
        "wrote": "已写入",
        "recorded_verified": "已记录为已验证：",
        "not_graded": "无法评分：",
    },
}

LANGUAGES = tuple(TEXT)


# Chinese typography puts a space between Chinese and Latin letters or digits; a template
# such as "{dependent}需要{prerequisite}" cannot know whether a name starts with either.
_HAN_THEN_LATIN = re.compile(
    r"(?<=[\u4e00-\u9fff])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[\u4e00-\u9fff])"
)


def text(language: str, key: str, **fields: Any) -> str:
    """The string ``key`` in ``language`` (English when the language is unknown), with
    its ``{placeholders}`` filled from ``fields``."""
    template = TEXT.get(language, TEXT["en"])[key]
    filled = template.format(**fields) if fields else template
    return _HAN_THEN_LATIN.sub(" ", filled) if language == "zh" else filled


def words(language: str) -> dict[str, Any]:
    """One language's table for templates: ``t.hours`` is a string, and a string with the
    placeholder ``{n}`` is a function, ``t.week_label(3)``."""
    table = TEXT.get(language, TEXT["en"])
    return {k: (lambda n, _v=v: _v.format(n=n)) if "{n}" in v else v for k, v in table.items()}
