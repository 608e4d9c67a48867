"""`studypath placement` and `studypath review`: the learning loop from a terminal, through
a studypath service (STUDYPATH_API), like `studypath check --learner` records a pass."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from api.recording import RecordingRefused, call_service, quoted
from planner.text import text

ApiOpt = Annotated[
    str,
    typer.Option(envvar="STUDYPATH_API", help="The studypath service, e.g. http://127.0.0.1:8000"),
]
LearnerOpt = Annotated[str, typer.Option(envvar="STUDYPATH_LEARNER", help="Your learner id")]
TokenOpt = Annotated[str, typer.Option(envvar="STUDYPATH_TOKEN", help="Your learner token")]


def _call(api: str, method: str, path: str, **kw: Any) -> Any:
    try:
        return call_service(api, method, path, **kw)
    except RecordingRefused as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(3) from None


def _ask(question: dict[str, Any], lang: str) -> float:
    typer.echo("\n" + question["prompt"])
    if question["choices"] is not None:
        for i, choice in enumerate(question["choices"]):
            typer.echo(f"  {i}. {choice}")
    while True:
        suffix = "：" if lang == "zh" else ": "  # Chinese typography: a full-width colon
        raw = typer.prompt(text(lang, "your_answer"), prompt_suffix=suffix).strip()
        try:
            value = float(raw)
        except ValueError:
            typer.echo(text(lang, "answer_a_number"))
            continue
        if question["choices"] is not None and not (
            value.is_integer() and 0 <= value < len(question["choices"])
        ):
            typer.echo(text(lang, "answer_a_choice", last=len(question["choices"]) - 1))
            continue
        return int(value) if question["choices"] is not None else value


def placement_cmd(
    goal: Annotated[list[str], typer.Option("--goal", help="Goal id or exact name; repeat")],
    api: ApiOpt,
    lang: Annotated[str, typer.Option("--lang", help="en or zh")] = "en",
) -> None:
    """Find where to start: answer at most 30 questions; prints what you already know and
    the plan command that leaves it out."""
    if lang not in ("en", "zh"):
        raise typer.BadParameter(f"--lang must be en or zh, not '{lang}'")
    step = _call(api, "POST", "/placements", body={"goals": goal, "language": lang})
    while not step["done"]:
        question = step["question"]
        typer.echo(text(lang, "question_number", n=step["asked"] + 1))
        value = _ask(question, lang)
        step = _call(
            api,
            "POST",
            quoted("placements", step["id"], "answers"),
            body={"question_id": question["id"], "answer": value},
        )
    known = step["known"]
    typer.echo("\n" + text(lang, "placement_done", asked=step["asked"], n=len(known)))
    for cid in known:
        typer.echo(f"  {cid}")
    goals = " ".join(f"--goal {g}" for g in goal)
    typer.echo("\nstudypath plan " + goals + (f" --known {','.join(known)}" if known else ""))


def review_cmd(
    learner: LearnerOpt,
    token: TokenOpt,
    api: ApiOpt,
    concept: Annotated[str | None, typer.Argument(help="Concept to rate")] = None,
    rating: Annotated[
        str | None, typer.Option(help="again, hard, good or easy (with a concept)")
    ] = None,
    due_before: Annotated[
        str | None, typer.Option(help="ISO 8601 date-time: only reviews due by then")
    ] = None,
) -> None:
    """List your reviews (soonest due first), or rate one: `studypath review CONCEPT --rating good`."""
    if concept is not None:
        if rating not in ("again", "hard", "good", "easy"):
            raise typer.BadParameter("--rating must be again, hard, good or easy")
        done = _call(
            api,
            "POST",
            quoted("learners", learner, "reviews", concept),
            token=token,
            body={"rating": rating},
        )
        credited = ", ".join(done["credited"]) or "-"
        typer.echo(f"{concept}: next review {done['due']}; credited: {credited}")
        return
    query = f"?due_before={due_before}" if due_before else ""
    cards = _call(api, "GET", quoted("learners", learner, "reviews") + query, token=token)
    for card in cards["data"]:
        typer.echo(f"{card['due']}  {card['concept_id']}  (stability {card['stability']})")
    typer.echo(f"{cards['count']} review(s)")
