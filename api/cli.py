"""The ``studypath`` command line (Typer)."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError

from api.cli_learning import placement_cmd, review_cmd
from api.cli_lti import lti_app
from api.cli_xapi import xapi_app
from api.recording import RecordingRefused, evidence, record_failed_check, record_verified
from api.server import uvicorn_options
from api.settings import Settings
from graph import interchange
from graph.citations import cite_label
from graph.curriculum import Curriculum
from graph.diff import diff_curricula, render_diff
from graph.errors import DataValidationError, UnknownIdError
from graph.loader import load_curriculum
from graph.parse import resolve_data_dir
from graph.progress import TerminalProgress
from graph.questions import load_questions
from graph.report import chart_svg, quality_report, render_markdown, render_text
from graph.storage import open_curriculum
from implementations.exercise import (
    MEMORY_BYTES,
    WALL_SECONDS,
    CheckOutcome,
    check_file,
    exercise,
    stub_source,
)
from implementations.runner import run_module
from planner import PlanRequest, build_plan, export, next_concepts
from planner.text import text
from store.db import make_engine
from store.migrate import upgrade

app = typer.Typer(
    help="studypath: a study planner for the foundations of large language models.",
    no_args_is_help=True,
    add_completion=False,
)

DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data", help="Curriculum folder (default: $STUDYPATH_DATA_DIR, then the bundled one)"
    ),
]  # noqa: UP045
LangOpt = Annotated[str, typer.Option("--lang", help="en or zh")]


# a first (uncached) load of a large curriculum takes seconds to minutes: show a bar
_progress = TerminalProgress()


def _load(data: Path | None, *, strict: bool = False) -> Curriculum:
    try:
        return open_curriculum(data, strict=strict, progress=_progress)
    except DataValidationError as err:
        for p in err.problems:
            typer.echo(p.render(), err=True)
        typer.echo(f"{len(err.problems)} problem(s) in {resolve_data_dir(data)}", err=True)
        raise typer.Exit(1) from None


def _check_lang(lang: str) -> str:
    if lang not in ("en", "zh"):
        raise typer.BadParameter(f"--lang must be en or zh, not '{lang}'")
    return lang


@app.command()
def validate(
    directories: Annotated[
        list[Path] | None, typer.Argument(help="Curriculum folders (default: the bundled one)")
    ] = None,
    strict: Annotated[
        bool, typer.Option(help="Also demand resources, implementations, both languages")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as JSON")] = False,
) -> None:
    """Check curricula; print every problem with file, line, concept id and field."""
    results = []
    failed = False
    for directory in directories or [None]:
        start = time.perf_counter()
        try:
            c = load_curriculum(directory, strict=strict, progress=_progress)
            bank = load_questions(resolve_data_dir(directory), c.concepts, strict=strict)
        except DataValidationError as err:
            failed = True
            results.append(
                {
                    "folder": str(resolve_data_dir(directory)),
                    "valid": False,
                    "problems": [p.to_dict() for p in err.problems],
                }
            )
            if not as_json:
                for p in err.problems:
                    typer.echo(p.render())
                typer.echo(
                    f"invalid: {len(err.problems)} problem(s) in {resolve_data_dir(directory)}"
                )
            continue
        seconds = time.perf_counter() - start
        stats = c.stats()
        results.append(
            {
                "folder": str(resolve_data_dir(directory)),
                "valid": True,
                "version": c.version,
                "seconds": round(seconds, 3),
                "counts": stats,
                "questions": len(bank.questions),
            }
        )
        if not as_json:
            per = ", ".join(f"{k} {v}" for k, v in stats["per_discipline"].items())
            typer.echo(
                f"valid{' (strict)' if strict else ''}: {stats['concepts']} concepts ({per}), {stats['edges']} edges, "
                f"{stats['books']} books, {stats['papers']} papers, {stats['implementations']} implementations, "
                f"{len(bank.questions)} questions; version {c.version}; {seconds:.2f} s"
            )
    if as_json:
        typer.echo(
            json.dumps(results[0] if len(results) == 1 else results, ensure_ascii=False, indent=2)
        )
    if failed:
        raise typer.Exit(1)


@app.command()
def show(
    concept_id: Annotated[str, typer.Argument(help="Concept id, e.g. shannon-entropy")],
    data: DataOpt = None,
    lang: LangOpt = "en",
) -> None:
    """Show one concept: summary, prerequisites with reasons, readings, implementation."""

    lang = _check_lang(lang)
    c = _load(data)
    try:
        concept = c.concept(concept_id)
    except UnknownIdError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from None

    def say(key: str) -> str:
        return text(lang, key)

    def heading(key: str) -> str:
        return text(lang, "heading", label=say(key))

    def labelled(key: str, value: str) -> str:
        return text(lang, "labelled", label=say(key), value=value)

    disc = c.disciplines[concept.discipline].name.get(lang)
    typer.echo(f"{concept.name.get(lang)}  [{concept.id}]")
    typer.echo(
        f"{labelled('discipline', disc)} · {say('level')} {concept.level or '-'} · "
        f"{concept.hours:g} {say('h')}"
    )
    if concept.summary:
        typer.echo("\n" + concept.summary.get(lang))
    if concept.prerequisites:
        typer.echo("\n" + heading("prerequisites"))
        for pre in concept.prerequisites:
            names = " | ".join(c.concepts[m].name.get(lang) for m in pre.members)
            label = labelled("any_of_short", names) if pre.any_of else names
            tag = "" if pre.strength == "required" else say("recommended_tag")
            reason = f" — {pre.reason.get(lang)}" if pre.reason else ""
            typer.echo(f"  • {label}{tag}{reason}")
    dependents = c.direct_dependents(concept.id)
    if dependents:
        names = ", ".join(c.concepts[d].name.get(lang) for d in dependents)
        typer.echo("\n" + labelled("used_by", names))
    if concept.resources:
        typer.echo("\n" + heading("reading"))
        for r in concept.resources:
            typer.echo(f"  [{r.role}] {cite_label(c, r)}")
    if concept.implementation:
        typer.echo("\n" + labelled("run_reference", f"studypath run {concept.id}"))


@app.command()
def run(
    concept_id: Annotated[str, typer.Argument(help="Concept id")],
    data: DataOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
) -> None:
    """Run a concept's reference implementation; exit 1 when a check fails."""

    c = _load(data)
    try:
        concept = c.concept(concept_id)
    except UnknownIdError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from None
    if not concept.implementation:
        typer.echo(f"error: concept '{concept_id}' has no reference implementation", err=True)
        raise typer.Exit(2)
    result = run_module(concept.implementation)
    if as_json:
        typer.echo(
            json.dumps(
                dict(result.report.to_dict(), seconds=round(result.seconds, 4)),
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        typer.echo(result.report.render())
        typer.echo(f"({result.seconds:.3f} s)")
    raise typer.Exit(0 if result.report.ok else 1)


def _exercise_module(c: Curriculum, concept_id: str, *, exit_code: int) -> str:
    try:
        concept = c.concept(concept_id)
    except UnknownIdError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(exit_code) from None
    if not concept.implementation:
        typer.echo(f"error: concept '{concept_id}' has no reference implementation", err=True)
        raise typer.Exit(exit_code)
    return concept.implementation


@app.command("exercise")
def exercise_cmd(
    concept_id: Annotated[str, typer.Argument(help="Concept id")],
    lang: LangOpt = "en",
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write (default: stdout)")
    ] = None,
    data: DataOpt = None,
) -> None:
    """Write the exercise of a concept: the functions to implement, with their tasks."""
    _check_lang(lang)
    module = _exercise_module(_load(data), concept_id, exit_code=4)
    stub = stub_source(module, concept_id=concept_id, lang=lang, filename=str(out) if out else None)
    if out is None:
        typer.echo(stub, nl=False)
        return
    if out.exists():
        typer.echo(f"error: {out} exists; choose another --out (nothing was written)", err=True)
        raise typer.Exit(4)
    out.write_text(stub, encoding="utf-8")
    typer.echo(f"{text(lang, 'wrote')} {out}; studypath check {concept_id} {out}", err=True)


@app.command("check")
def check_cmd(
    concept_id: Annotated[str, typer.Argument(help="Concept id")],
    file: Annotated[Path, typer.Argument(help="Your solution (a Python file)")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
    hint: Annotated[
        int,
        typer.Option("--hint", count=True, help="After a failure: a nudge; twice: the key idea"),
    ] = 0,
    lang: LangOpt = "en",
    learner: Annotated[
        str | None,
        typer.Option(envvar="STUDYPATH_LEARNER", help="Record a pass for this learner id"),
    ] = None,
    token: Annotated[
        str | None, typer.Option(envvar="STUDYPATH_TOKEN", help="The learner's token")
    ] = None,
    api: Annotated[
        str | None,
        typer.Option(
            envvar="STUDYPATH_API", help="The studypath service, e.g. http://127.0.0.1:8000"
        ),
    ] = None,
    wall_seconds: Annotated[
        float,
        typer.Option(
            envvar="STUDYPATH_CHECK_WALL_SECONDS", min=1, max=3600, help="Wall-clock limit"
        ),
    ] = WALL_SECONDS,
    memory_mb: Annotated[
        int,
        typer.Option(
            envvar="STUDYPATH_CHECK_MEMORY_MB", min=256, max=65536, help="Address-space limit"
        ),
    ] = MEMORY_BYTES // 1024**2,
    data: DataOpt = None,
) -> None:
    """Grade your implementation of a concept with the reference's own checks.

    Exit 0: every check passed; 1: a check failed; 2: your file failed to import, crashed
    or hit a limit; 3: the pass could not be recorded; 4: usage error or unknown id.
    """
    _check_lang(lang)
    c = _load(data)
    module = _exercise_module(c, concept_id, exit_code=4)
    if not file.is_file():
        typer.echo(f"error: {file} is not a file", err=True)
        raise typer.Exit(4)
    if sum(x is not None for x in (learner, token, api)) not in (0, 3):
        typer.echo("error: recording needs --learner, --token and --api together", err=True)
        raise typer.Exit(4)
    outcome = check_file(module, file, wall_seconds=wall_seconds, memory_bytes=memory_mb * 1024**2)
    limits = {"wall_seconds": wall_seconds, "memory_mb": memory_mb}
    all_hints = exercise(module).hints
    hints = all_hints.get(lang) or all_hints.get("en", ("", ""))
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "concept": concept_id,
                    "ok": outcome.status == "passed",
                    "status": outcome.status,
                    "message": outcome.message,
                    "checks": outcome.checks,
                    "limits": limits,
                    "hints": list(hints[:hint]) if hint and outcome.status != "passed" else [],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        _print_outcome(outcome, hints, hint, lang)
    if outcome.status == "passed" and learner and token and api:
        passed = len(outcome.checks)
        proof = evidence(file, curriculum_version=c.version, passed=passed, total=passed)
        try:
            record_verified(api, learner, token, concept_id, proof)
        except RecordingRefused as err:
            typer.echo(f"not recorded: {err}", err=True)
            raise typer.Exit(3) from None
        typer.echo(
            text(lang, "recorded_verified") + concept_id,
            err=True,
        )
    elif outcome.status == "failed" and outcome.checks and learner and token and api:
        # a failed run changes no progress; it is reported for the learning record (xAPI),
        # and the exit code stays the check's own
        passed = sum(1 for check in outcome.checks if check.get("passed"))
        proof = evidence(
            file, curriculum_version=c.version, passed=passed, total=len(outcome.checks)
        )
        try:
            record_failed_check(api, learner, token, concept_id, proof)
        except RecordingRefused as err:
            typer.echo(f"failed run not reported: {err}", err=True)
    raise typer.Exit(outcome.exit_code)


def _print_outcome(outcome: CheckOutcome, hints: tuple[str, ...], hint: int, lang: str) -> None:
    if outcome.status in ("error", "limit"):
        typer.echo(text(lang, "not_graded") + outcome.message)
        return
    for ch in outcome.checks:
        mark = "PASS" if ch["passed"] else "FAIL"
        typer.echo(f"[{mark}] {ch['name']}" + (f": {ch['detail']}" if ch["detail"] else ""))
    passed = sum(ch["passed"] for ch in outcome.checks)
    failed = len(outcome.checks) - passed
    typer.echo(f"{passed} passed, {failed} failed ({outcome.seconds:.1f} s)")
    if failed and hint:
        labels = (text(lang, "hint_label"), text(lang, "key_idea_label"))
        for label, hint_text in list(zip(labels, hints, strict=False))[:hint]:
            typer.echo(label + hint_text)
    elif failed:
        typer.echo(text(lang, "stuck"))


@app.command()
def plan(
    goal: Annotated[
        list[str],
        typer.Option("--goal", help="Goal concept id; repeat for several, in priority order"),
    ],
    known: Annotated[
        str, typer.Option("--known", help="Comma-separated ids you already know")
    ] = "",
    hours_per_week: Annotated[
        float, typer.Option("--hours-per-week", help="Study hours per week (0.5-80)")
    ] = 6.0,
    lang: LangOpt = "en",
    fmt: Annotated[
        str, typer.Option("--format", help="md, json, ics, bibtex, mermaid, dot or svg")
    ] = "md",
    start_date: Annotated[
        str | None, typer.Option("--start-date", help="YYYY-MM-DD: dated weeks")
    ] = None,  # noqa: UP045
    depth: Annotated[
        str,
        typer.Option(
            "--depth",
            help="essentials (required edges), standard (also the goals' recommended "
            "prerequisites) or thorough (every edge)",
        ),
    ] = "standard",
    include_recommended: Annotated[
        bool, typer.Option("--include-recommended", help="Same as --depth thorough")
    ] = False,
    owned: Annotated[
        str, typer.Option("--owned", help="Comma-separated ids of books you own")
    ] = "",
    prefer_free: Annotated[
        bool, typer.Option("--prefer-free", help="Prefer free online readings")
    ] = False,
    data: DataOpt = None,
) -> None:
    """Plan a study path and print it (a Markdown study guide by default)."""

    c = _load(data)
    split = lambda s: [x.strip() for x in s.split(",") if x.strip()]  # noqa: E731
    try:
        request = PlanRequest(
            goals=goal,
            known=split(known),
            hours_per_week=hours_per_week,
            language=lang,  # type: ignore[arg-type]
            start_date=start_date,
            depth="thorough" if include_recommended else depth,  # type: ignore[arg-type]
            owned_books=split(owned),
            prefer_free=prefer_free,
        )
        result = build_plan(curriculum=c, request=request)
    except ValidationError as err:
        for e in err.errors():
            typer.echo(f"error: --{str(e['loc'][0]).replace('_', '-')}: {e['msg']}", err=True)
        raise typer.Exit(2) from None
    except UnknownIdError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from None
    if fmt not in export.FORMATS:
        typer.echo(
            f"error: --format must be one of {', '.join(export.FORMATS)}, not '{fmt}'", err=True
        )
        raise typer.Exit(2)
    if fmt == "json":
        body = result.model_dump_json(indent=2).encode()
    else:
        body = export.render_plan(c, result, fmt)
    sys.stdout.buffer.write(body if body.endswith(b"\n") else body + b"\n")
    sys.stdout.flush()


app.command("placement")(placement_cmd)
app.command("review")(review_cmd)


@app.command("next")
def next_cmd(
    known: Annotated[
        str, typer.Option("--known", help="Comma-separated ids you already know")
    ] = "",
    goal: Annotated[
        list[str] | None, typer.Option("--goal", help="Only what serves these goals")
    ] = None,  # noqa: UP045
    limit: Annotated[int, typer.Option(help="How many to show")] = 20,
    lang: LangOpt = "en",
    data: DataOpt = None,
) -> None:
    """What you can study next: concepts whose prerequisites you already know."""

    lang = _check_lang(lang)
    c = _load(data)
    try:
        items = next_concepts(
            c,
            known=[x.strip() for x in known.split(",") if x.strip()],
            goals=goal or None,
            limit=limit,
        )
    except UnknownIdError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from None
    for item in items:
        concept = c.concepts[item["id"]]
        typer.echo(
            f"{concept.name.get(lang)}  [{concept.id}]  {concept.hours:g} h, unlocks {item['unlocks']}"
        )


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
    data: DataOpt = None,
    reload: Annotated[bool, typer.Option(help="Reload on code changes (development)")] = False,
) -> None:
    """Start the HTTP service (uvicorn). Refuses to start on an invalid curriculum."""

    if data is not None:
        os.environ["STUDYPATH_DATA_DIR"] = str(data.resolve())
    _load(data)  # fail fast, with the full list of problems, before any worker starts
    uvicorn.run(
        "api.asgi:app",
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        log_level="info",
        **uvicorn_options(),
    )


FORMATS_HELP = "node-link (JSON), csv (nodes.csv + edges.csv) or graphml"


@app.command("import")
def import_graph(
    fmt: Annotated[str, typer.Argument(help=FORMATS_HELP)],
    sources: Annotated[
        list[Path],
        typer.Argument(
            help="node-link: a .json file; csv: nodes.csv edges.csv; graphml: a .graphml file"
        ),
    ],
    out: Annotated[Path, typer.Option("--out", help="Curriculum folder to write")] = Path(
        "curriculum"
    ),
) -> None:
    """Turn a graph from another tool into a curriculum folder, and validate it."""

    try:
        if fmt == "node-link":
            concepts_doc, books_doc, report = interchange.from_node_link(
                json.loads(sources[0].read_text(encoding="utf-8"))
            )
        elif fmt == "csv":
            if len(sources) != 2:
                raise typer.BadParameter("csv needs two files: NODES.csv EDGES.csv")
            folder = sources[0].parent
            concepts_doc, books_doc, report = interchange.from_csv(
                sources[0], sources[1], folder / "disciplines.csv", folder / "textbooks.yaml"
            )
        elif fmt == "graphml":
            concepts_doc, books_doc, report = interchange.from_graphml(sources[0])
        else:
            raise typer.BadParameter(f"format must be {FORMATS_HELP}, not '{fmt}'")
    except (OSError, ValueError, KeyError) as err:
        typer.echo(f"error: cannot read {', '.join(map(str, sources))}: {err}", err=True)
        raise typer.Exit(2) from None
    interchange.write_folder(out, concepts_doc, books_doc)
    for line in report.lines():
        typer.echo(line)
    c = _load(out)
    typer.echo(
        f"imported {len(c)} concepts, {c.graph.number_of_edges()} edges into {out}; version {c.version}"
    )


@app.command("export")
def export_graph(
    fmt: Annotated[str, typer.Argument(help=FORMATS_HELP)],
    out: Annotated[
        Path, typer.Option("--out", help="File (node-link, graphml) or folder (csv) to write")
    ],
    data: DataOpt = None,
) -> None:
    """Write a curriculum in an interchange format (importing it back gives the same version)."""

    c = _load(data)
    if fmt == "node-link":
        out.write_text(
            json.dumps(interchange.to_node_link(c), ensure_ascii=False), encoding="utf-8"
        )
    elif fmt == "csv":
        interchange.write_csv(c, out)
    elif fmt == "graphml":
        interchange.write_graphml(c, out)
    else:
        typer.echo(f"error: format must be {FORMATS_HELP}, not '{fmt}'", err=True)
        raise typer.Exit(2)
    typer.echo(f"exported {len(c)} concepts (version {c.version}) to {out}")


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="Old curriculum folder")],
    new: Annotated[Path, typer.Argument(help="New curriculum folder")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of text")] = False,
) -> None:
    """What changed between two curricula: concepts, edges, books, papers (exit 0 either way)."""

    result = diff_curricula(_load(old), _load(new))
    typer.echo(
        json.dumps(result, ensure_ascii=False, indent=2) if as_json else render_diff(result),
        nl=as_json,
    )


@app.command()
def report(
    directory: Annotated[
        Path | None, typer.Argument(help="Curriculum folder (default: the bundled one)")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text, json or md")] = "text",
    max_closure: Annotated[
        int, typer.Option(help="Flag concepts needing more required concepts than this")
    ] = 60,
    chart: Annotated[
        Path | None, typer.Option(help="With --format md: write the chart SVG here and link it")
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(min=1, help="List at most this many entries per finding (default: all)"),
    ] = None,
) -> None:
    """A quality report for authors: gaps, redundant edges, oversized closures, books used."""

    result = quality_report(_load(directory), max_closure=max_closure, limit=limit)
    if fmt == "json":
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    elif fmt == "md":
        if chart is not None:
            chart.write_text(chart_svg(result), encoding="utf-8")
        typer.echo(render_markdown(result, chart.name if chart is not None else None), nl=False)
    elif fmt == "text":
        typer.echo(render_text(result), nl=False)
    else:
        typer.echo(f"error: --format must be text, json or md, not '{fmt}'", err=True)
        raise typer.Exit(2)


db_app = typer.Typer(
    help="The learner database (SQLite by default, PostgreSQL by URL).", no_args_is_help=True
)
app.add_typer(db_app, name="db")
app.add_typer(xapi_app, name="xapi")
app.add_typer(lti_app, name="lti")


@db_app.command("upgrade")
def db_upgrade(
    url: Annotated[
        str | None,
        typer.Option("--url", help="Database URL (default: $STUDYPATH_DATABASE_URL, else SQLite)"),
    ] = None,
    revision: Annotated[str, typer.Option(help="Target revision")] = "head",
) -> None:
    """Create or migrate the learner database to the latest schema."""

    chosen = url or Settings().database_url
    engine = make_engine(chosen)
    try:
        at = upgrade(engine, revision)
    except DBAPIError as err:
        typer.echo(f"error: cannot reach the database: {err.orig}", err=True)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    typer.echo(f"database {engine.url.render_as_string(hide_password=True)} is at revision {at}")


# `studypath check` keeps exit 2 for "the learner's file failed", so its usage errors
# (and those of `exercise`) exit 4, as DESIGN section 9 says; other commands keep click's 2.
USAGE_EXIT = {"check": 4, "exercise": 4}
# typer ships its own click; its UsageError is the base of the public BadParameter
UsageError: type[Exception] = typer.BadParameter.__mro__[1]


def main() -> None:
    """The console script: the Typer app, with usage errors mapped to their exit codes."""
    try:
        code = app(standalone_mode=False)  # an Exit comes back as its code here
    except UsageError as err:
        err.show()  # type: ignore[attr-defined]
        command = next((a for a in sys.argv[1:] if not a.startswith("-")), "")
        sys.exit(USAGE_EXIT.get(command, 2))
    except typer.Exit as err:
        sys.exit(err.exit_code)
    except typer.Abort:
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
