"""Parse a curriculum folder (concepts.yaml + textbooks.yaml) into models, collecting the
problems of each file and entry with file, line, concept id and field.

This is the layer below validation (graph.validate checks cross-references over what is
parsed here) and loading (graph.loader puts the two together).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from graph.errors import Problem
from graph.schema import Book, Concept, Discipline, Paper
from graph.yaml_source import LineDict, read_yaml, read_yaml_fast

# progress(phase, done=None, total=None): see graph.progress
Progress = Callable[..., None]

CONCEPTS_FILE = "concepts.yaml"
TEXTBOOKS_FILE = "textbooks.yaml"
DATA_DIR_ENV = "STUDYPATH_DATA_DIR"


def bundled_data_dir() -> Path:
    """The curriculum that ships with studypath (data/ in a checkout, studypath_data installed)."""
    import studypath_data  # the data/ folder, installed as a package

    return Path(studypath_data.__file__).resolve().parent


def resolve_data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """``data_dir``, else $STUDYPATH_DATA_DIR, else the bundled curriculum."""
    chosen = data_dir or os.environ.get(DATA_DIR_ENV)
    return Path(chosen).expanduser().resolve() if chosen else bundled_data_dir()


@dataclass
class ParsedCurriculum:
    """What the files say, before cross-references are checked."""

    directory: Path
    disciplines: dict[str, Discipline] = field(default_factory=dict)
    concepts: dict[str, Concept] = field(default_factory=dict)
    books: dict[str, Book] = field(default_factory=dict)
    papers: dict[str, Paper] = field(default_factory=dict)
    # concept id -> its raw mapping, kept only while validating, for line numbers
    raw_concepts: dict[str, LineDict] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # ids of concepts that are defined but failed validation (reported once, not as unknown)
    invalid_ids: set[str] = field(default_factory=set)


def locate(raw: Any, loc: tuple[Any, ...]) -> int | None:
    """The line of the value at ``loc`` inside a raw YAML mapping (best effort)."""
    line = getattr(raw, "line", None)
    node = raw
    for part in loc:
        if isinstance(node, LineDict) and isinstance(part, str) and part in node:
            line = node.line_of(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            line = getattr(node, "line", line)
        else:
            break
    return line


def _field_name(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def validation_problems(
    err: ValidationError, raw: Any, *, file: str, concept_id: str | None, prefix: str = ""
) -> list[Problem]:
    problems = []
    for e in err.errors():
        # pydantic puts union/function-validator names in loc; keep only data keys
        loc = tuple(p for p in e["loc"] if isinstance(p, int) or not str(p).startswith("function-"))
        message = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            message = "unknown field (check the spelling; see docs/curriculum-format.md)"
        problems.append(
            Problem(
                code="invalid-value" if e["type"] != "missing" else "missing-field",
                message=message,
                file=file,
                line=locate(raw, loc),
                concept_id=concept_id,
                field=(prefix + _field_name(loc)) or None,
            )
        )
    return problems


def top_level_list(
    doc: Any, key: str, *, file: str, problems: list[Problem], required: bool = True
) -> list[Any]:
    if not isinstance(doc, dict):
        return []
    value = doc.get(key)
    if value is None:
        if required:
            problems.append(
                Problem(
                    "missing-field", f"the file needs a top-level '{key}:' list", file=file, line=1
                )
            )
        return []
    if not isinstance(value, list):
        line = doc.line_of(key) if isinstance(doc, LineDict) else None
        problems.append(
            Problem("invalid-value", f"'{key}' must be a list", file=file, line=line, field=key)
        )
        return []
    return value


def _parse_entries(
    entries: list[Any],
    model: type[BaseModel],
    *,
    file: str,
    what: str,
    out: dict[str, Any],
    problems: list[Problem],
    raw_out: dict[str, LineDict] | None = None,
    invalid_out: set[str] | None = None,
    progress: Progress | None = None,
) -> None:
    first_line: dict[str, int | None] = {}
    total = len(entries)
    for index, raw in enumerate(entries):
        # Let go of each parsed entry once its model exists: the parsed document and the
        # models would otherwise coexist (4.5 + 5 KB per concept; 10 GB at 10^6). Line
        # numbers, when needed, come from raw_out, which keeps its own reference.
        entries[index] = None
        if progress is not None and index % 10000 == 0 and total > 10000:
            progress(f"checking {what}s", index, total)
        line = getattr(raw, "line", None)
        if not isinstance(raw, dict):
            problems.append(
                Problem(
                    "invalid-value",
                    f"each {what} must be a mapping",
                    file=file,
                    line=line,
                    field=f"[{index}]",
                )
            )
            continue
        raw_id = raw.get("id")
        cid = raw_id if isinstance(raw_id, str) else None
        try:
            item = model.model_validate(raw)
        except ValidationError as err:
            problems.extend(validation_problems(err, raw, file=file, concept_id=cid))
            if cid and cid not in first_line:
                first_line[cid] = line  # still claim the id, so later duplicates are reported
                if invalid_out is not None:
                    invalid_out.add(cid)  # it exists, it is only broken: no "unknown id" noise
            continue
        item_id: str = item.id  # type: ignore[attr-defined]
        if item_id in first_line or item_id in out:
            problems.append(
                Problem(
                    "duplicate-id",
                    f"{what} id '{item_id}' is already defined at line {first_line.get(item_id)}",
                    file=file,
                    line=line,
                    concept_id=item_id if what == "concept" else None,
                    field="id",
                )
            )
            continue
        first_line[item_id] = line
        out[item_id] = item
        if raw_out is not None and isinstance(raw, LineDict):
            raw_out[item_id] = raw


def parse_folder(
    directory: Path, *, fast: bool = False, progress: Progress | None = None
) -> ParsedCurriculum | None:
    """Read both files of a curriculum folder; schema problems are collected, not raised.

    ``fast`` uses the Rust parser without line numbers and returns None when it cannot
    read a file, so that the caller falls back to the careful, line-aware reader.
    """
    parsed = ParsedCurriculum(directory=directory)
    problems = parsed.problems
    if not directory.is_dir():
        problems.append(Problem("folder-missing", f"{directory} is not a folder"))
        return parsed
    if fast:
        concepts_doc = read_yaml_fast(directory / CONCEPTS_FILE)
        books_doc = read_yaml_fast(directory / TEXTBOOKS_FILE)
        if concepts_doc is None or books_doc is None:
            return None
    else:
        concepts_doc, found = read_yaml(directory / CONCEPTS_FILE)
        problems.extend(found)
        books_doc, found = read_yaml(directory / TEXTBOOKS_FILE)
        problems.extend(found)
    for doc, name in ((concepts_doc, CONCEPTS_FILE), (books_doc, TEXTBOOKS_FILE)):
        read_ok = not any(p.file == name for p in problems)
        if doc is None and read_ok and name == CONCEPTS_FILE:
            problems.append(
                Problem(
                    "missing-field",
                    "the file is empty: it needs 'disciplines:' and 'concepts:'",
                    file=name,
                    line=1,
                )
            )
        if doc is not None and not isinstance(doc, dict):
            problems.append(
                Problem("invalid-value", "the top level must be a mapping", file=name, line=1)
            )

    _parse_entries(
        top_level_list(concepts_doc, "disciplines", file=CONCEPTS_FILE, problems=problems),
        Discipline,
        file=CONCEPTS_FILE,
        what="discipline",
        out=parsed.disciplines,
        problems=problems,
    )
    _parse_entries(
        top_level_list(concepts_doc, "concepts", file=CONCEPTS_FILE, problems=problems),
        Concept,
        file=CONCEPTS_FILE,
        what="concept",
        out=parsed.concepts,
        problems=problems,
        raw_out=parsed.raw_concepts,
        invalid_out=parsed.invalid_ids,
        progress=progress,
    )
    _parse_entries(
        top_level_list(books_doc, "books", file=TEXTBOOKS_FILE, problems=problems, required=False),
        Book,
        file=TEXTBOOKS_FILE,
        what="book",
        out=parsed.books,
        problems=problems,
    )
    _parse_entries(
        top_level_list(books_doc, "papers", file=TEXTBOOKS_FILE, problems=problems, required=False),
        Paper,
        file=TEXTBOOKS_FILE,
        what="paper",
        out=parsed.papers,
        problems=problems,
    )
    problems += unknown_top_level_keys(concepts_doc, CONCEPTS_FILE, {"disciplines", "concepts"})
    problems += unknown_top_level_keys(books_doc, TEXTBOOKS_FILE, {"books", "papers"})
    return parsed


def unknown_top_level_keys(doc: Any, file: str, allowed: set[str]) -> list[Problem]:
    """A misspelt top-level key would silently drop a whole list: each is a problem."""
    if not isinstance(doc, dict):
        return []
    return [
        Problem(
            "unknown-field",
            f"unknown top-level key '{key}' (expected {sorted(allowed)})",
            file=file,
            line=doc.line_of(key) if isinstance(doc, LineDict) else None,
            field=key,
        )
        for key in doc
        if key not in allowed
    ]
