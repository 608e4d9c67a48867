"""Plan exports: Markdown study guide, BibTeX, iCalendar, Mermaid and DOT."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from graph.curriculum import Curriculum
from graph.render import to_dot, to_mermaid
from planner.models import Plan
from planner.svg import to_svg
from planner.text import TEXT, text

_MD_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]", "`": "\\`"}
_MD_RE = re.compile("[&<>\\[\\]`]")


def md(text: str) -> str:
    """Curriculum text in Markdown: HTML and link syntax shown as text, never rendered,
    on one line (a newline in a name would start a new block).

    >>> md('<img src=x onerror=alert(1)> [a](javascript:x)')
    '&lt;img src=x onerror=alert(1)&gt; \\\\[a\\\\](javascript:x)'
    """
    return _MD_RE.sub(lambda m: _MD_SPECIAL[m.group(0)], " ".join(str(text).split()))


def _md_url(url: str) -> str:
    """A link in Markdown: in angle brackets, so no character of it can end the link."""
    return f"<{url}>"


def _week_label(t: dict[str, str], n: int, language: str) -> str:
    return text(language, "week_label", n=n)


def _reading_text(r: dict[str, Any], lang: str) -> str:
    comma = text(lang, "comma")
    if r["type"] == "book":
        where = text(lang, "chapter", n=r["chapter"]) + (
            f" {md(r['chapter_title'])}" if r.get("chapter_title") else ""
        )
        if r.get("section"):
            where += f"{comma}§{r['section']}" + (
                f" {md(r['section_title'])}" if r.get("section_title") else ""
            )
        link = f" ({_md_url(r['free_url'])})" if r.get("free_url") else ""
        return f"*{md(r['title'])}*{comma}{where}{link}"
    link = f" {_md_url(r['link'])}" if r.get("link") else ""
    authors = ", ".join(md(a) for a in r["authors"][:3]) + (
        " et al." if len(r["authors"]) > 3 else ""
    )
    return f"{authors} ({r['year']}), *{md(r['title'])}*{link}"


def to_markdown(curriculum: Curriculum, plan: Plan) -> str:
    """A study guide a learner can follow: weeks, steps, why, what to read, what to run."""
    lang = plan.language
    t = TEXT[lang if lang in TEXT else "en"]
    colon = t["colon"]

    def name(i: str) -> str:
        return md(curriculum.concepts[i].name.get(lang))

    out = [f"# {t['title']}{colon}" + ", ".join(name(g) for g in plan.goals), ""]
    out.append(f"- {t['goals']}{colon}" + ", ".join(f"{name(g)} (`{g}`)" for g in plan.goals))
    if plan.known_goals:
        out.append(f"- {t['known_goals']}{colon}" + ", ".join(name(g) for g in plan.known_goals))
    out.append(
        f"- {t['total']}{colon}{plan.total_hours:g} {t['hours']}{t['comma']}"
        f"{plan.total_weeks} {t['weeks']} × {plan.hours_per_week:g} {t['hours']}"
    )
    if plan.finish_date:
        out.append(f"- {t['finish']}{colon}{plan.finish_date.isoformat()}")
    out.append(f"- {t['curriculum_version']}{colon}`{plan.curriculum_version}`")
    steps = {s.id: s for s in plan.steps}
    for week in plan.weeks:
        head = _week_label(t, week.week, lang)
        if week.start_date:
            head += f" ({week.start_date.isoformat()} – {week.end_date.isoformat() if week.end_date else ''})"
        out += ["", f"## {head}", ""]
        for sid in week.steps:
            s = steps[sid]
            if s.week != week.week:
                cont = text(lang, "continued_suffix")
                out.append(f"- {s.index}. {md(s.name)}{cont}")
                continue
            goal = " ★" if s.is_goal else ""
            disc = md(curriculum.disciplines[s.discipline].name.get(lang))
            out.append(f"### {s.index}. {md(s.name)}{goal}")
            out.append("")
            out.append(f"`{s.id}` · {disc} · {s.hours:g} {t['hours']}")
            out.append("")
            summary = curriculum.concepts[sid].summary
            if summary:
                out += [md(summary.get(lang)), ""]
            out.append(f"- **{t['why']}**{colon}{md(s.why.text)}")
            if s.resources:
                out.append(f"- **{t['read']}**{colon}{_reading_text(s.resources[0], lang)}")
            else:
                out.append(f"- **{t['read']}**{colon}{t['no_reading']}")
            if s.run:
                out.append(f"- **{t['run']}**{colon}`{s.run}`")
            out.append("")
    rl = plan.reading_list
    out += ["", f"## {t['reading_list']}", ""]
    if rl["books"]:
        out += [f"### {t['books']}", ""]
        for b in rl["books"]:
            extra = f" — {_md_url(b['free_url'])}" if b.get("free_url") else ""
            authors = ", ".join(md(a) for a in b["authors"])
            year = f", {b['year']}" if b.get("year") else ""
            out.append(f"- **{md(b['title'])}** ({authors}{year}){extra}")
            for ch in b["chapters"]:
                title = f" {md(ch['title'])}" if ch.get("title") else ""
                sec = f" §{ch['section']}" if ch.get("section") else ""
                out.append(
                    f"  - ch. {ch['chapter']}{title}{sec} → "
                    + ", ".join(name(x) for x in ch["steps"])
                )
        out.append("")
    if rl["papers"]:
        out += [f"### {t['papers']}", ""]
        for p in rl["papers"]:
            out.append(f"- {_reading_text(p, lang)} → " + ", ".join(name(x) for x in p["steps"]))
    return "\n".join(out).rstrip() + "\n"


def _bibkey(item_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", item_id.title())


_BIB_SPECIAL = {
    "\\": "\\textbackslash{}",
    # BibTeX counts braces even after a backslash, so a lone "\}" would end the value:
    # braces become commands whose own braces are balanced.
    "{": "\\textbraceleft{}",
    "}": "\\textbraceright{}",
    "&": "\\&",
    "%": "\\%",
    "#": "\\#",
    "_": "\\_",
    "$": "\\$",
    "^": "\\textasciicircum{}",
    "~": "\\textasciitilde{}",
}
_BIB_RE = re.compile("|".join(re.escape(k) for k in _BIB_SPECIAL))


def _bibescape(text: str) -> str:
    """A BibTeX field value: LaTeX specials as commands, no unbalanced brace, one line."""
    text = " ".join(text.split())
    return _BIB_RE.sub(lambda m: _BIB_SPECIAL[m.group(0)], text)


def _bibverbatim(text: str) -> str:
    """url, doi and eprint values are verbatim in BibTeX: braces and spaces percent-encoded
    (validation already refuses them; this keeps any entry closed regardless)."""
    return text.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20").replace("\n", "")


def to_bibtex(curriculum: Curriculum, plan: Plan) -> str:
    """The plan's reading list as BibTeX: @book and @article/@misc entries."""
    rl = plan.reading_list
    entries = []
    for b in rl["books"]:
        book = curriculum.books[b["book"]]
        fields = {
            "title": book.title,
            "author": " and ".join(book.authors),
            "publisher": book.publisher,
            "year": book.year,
            "edition": book.edition,
            "isbn": book.isbn,
            "url": book.free_url or book.url,
            "note": "Chapters: "
            + ", ".join(dict.fromkeys(str(c["chapter"]) for c in b["chapters"])),
        }
        entries.append(_bibentry("book", _bibkey(book.id), fields))
    for p in rl["papers"]:
        paper = curriculum.papers[p["paper"]]
        fields = {
            "title": paper.title,
            "author": " and ".join(paper.authors),
            "year": paper.year,
            "journal" if paper.doi else "howpublished": paper.venue,
            "doi": paper.doi,
            "eprint": paper.arxiv,
            "archiveprefix": "arXiv" if paper.arxiv else None,
            "url": paper.link,
        }
        entries.append(_bibentry("article" if paper.doi else "misc", _bibkey(paper.id), fields))
    return "\n".join(entries)


def _bibentry(kind: str, key: str, fields: dict[str, Any]) -> str:
    lines = [f"@{kind}{{{key},"]
    for k, v in fields.items():
        if v is None or v == "":
            continue
        value = _bibverbatim(str(v)) if k in ("url", "doi", "eprint") else _bibescape(str(v))
        lines.append(f"  {k} = {{{value}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_ics(curriculum: Curriculum, plan: Plan, *, start_date: date | None = None) -> bytes:
    """One all-day-span event per study week (iCalendar, via the icalendar library)."""
    from icalendar import Calendar, Event

    lang = plan.language
    t = TEXT[lang if lang in TEXT else "en"]
    colon = t["colon"]
    first = start_date or plan.start_date or datetime.now(UTC).date()
    cal = Calendar()
    cal.add("prodid", "-//studypath//study plan//EN")
    cal.add("version", "2.0")
    cal.add(
        "x-wr-calname",
        "studypath: " + ", ".join(curriculum.concepts[g].name.get(lang) for g in plan.goals),
    )
    steps = {s.id: s for s in plan.steps}
    stamp = datetime(2000, 1, 1, tzinfo=UTC)  # fixed: same plan, same file
    for week in plan.weeks:
        ev = Event()
        begin = first + timedelta(days=7 * (week.week - 1))
        ev.add(
            "uid", f"{plan.curriculum_version}-{'-'.join(plan.goals)[:80]}-w{week.week}@studypath"
        )
        ev.add("dtstamp", stamp)
        ev.add("dtstart", begin)
        ev.add("dtend", begin + timedelta(days=7))
        names = [steps[s].name for s in week.steps]
        ev.add("summary", f"{_week_label(t, week.week, lang)}{colon}" + ", ".join(names))
        lines = []
        for sid in week.steps:
            s = steps[sid]
            line = f"{s.index}. {s.name} ({s.hours:g} {t['hours']})"
            if s.resources:
                line += f" — {t['read']}{colon}" + _reading_text(s.resources[0], lang).replace(
                    "*", ""
                )
            if s.run:
                line += f" — {t['run']}{colon}{s.run}"
            lines.append(line)
        ev.add("description", "\n".join(lines))
        cal.add_component(ev)
    ical: bytes = cal.to_ical()
    return ical


def to_plan_mermaid(curriculum: Curriculum, plan: Plan) -> str:
    ids = [s.id for s in plan.steps]
    return to_mermaid(curriculum, ids, language=plan.language, highlight=plan.goals, order=ids)


def to_plan_dot(curriculum: Curriculum, plan: Plan) -> str:
    return to_dot(
        curriculum, [s.id for s in plan.steps], language=plan.language, highlight=plan.goals
    )


FORMATS = ("json", "md", "ics", "bibtex", "mermaid", "dot", "svg")
MEDIA_TYPES = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
    "bibtex": "application/x-bibtex; charset=utf-8",
    "mermaid": "text/plain; charset=utf-8",
    "dot": "text/vnd.graphviz; charset=utf-8",
    "svg": "image/svg+xml",
}


def render_plan(curriculum: Curriculum, plan: Plan, format: str) -> bytes:
    """A plan in one of ``FORMATS`` as bytes (UTF-8 for the text formats)."""
    if format == "json":
        return plan.model_dump_json().encode()
    if format == "md":
        return to_markdown(curriculum, plan).encode()
    if format == "bibtex":
        return to_bibtex(curriculum, plan).encode()
    if format == "ics":
        return to_ics(curriculum, plan)
    if format == "svg":
        return to_svg(curriculum, plan).encode()
    if format == "mermaid":
        return to_plan_mermaid(curriculum, plan).encode()
    if format == "dot":
        return to_plan_dot(curriculum, plan).encode()
    raise ValueError(f"unknown format '{format}'; one of {', '.join(FORMATS)}")


def reviews_ics(
    curriculum: Curriculum, due: list[tuple[str, datetime]], *, language: str = "en"
) -> bytes:
    """One all-day event per concept due for review, on the (UTC) day it falls due."""
    from icalendar import Calendar, Event

    lang = language if language in TEXT else "en"
    cal = Calendar()
    cal.add("prodid", "-//studypath//reviews//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", text(lang, "reviews_calendar"))
    stamp = datetime(2000, 1, 1, tzinfo=UTC)
    for concept_id, when in due:
        day = when.astimezone(UTC).date()
        ev = Event()
        ev.add("uid", f"review-{concept_id}-{day.isoformat()}@studypath")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", day)
        ev.add("dtend", day + timedelta(days=1))
        ev.add(
            "summary",
            text(lang, "review_event", name=curriculum.concepts[concept_id].name.get(lang)),
        )
        cal.add_component(ev)
    ical: bytes = cal.to_ical()
    return ical
