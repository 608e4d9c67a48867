"""The web app at / in a real browser, as a learner uses it (Debian's Chromium, Playwright).

Skipped with the reason when Chromium or Playwright is missing; CI installs both.
"""

from __future__ import annotations

import json
import os
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

import tests.browser  # noqa: F401  (skips this module without Chromium or Playwright)

GOAL = "knowledge-distillation"
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


def plan_steps(base: str, known: list[str] = ()) -> list[str]:
    q = urllib.parse.urlencode({"goals": GOAL, "known": ",".join(known)})
    with urllib.request.urlopen(f"{base}/plans?{q}") as r:
        return [s["id"] for s in json.load(r)["steps"]]


def test_a_learner_finds_a_goal_gets_a_plan_signs_up_and_marks_progress(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto(f"{server}/?lang=en")
    # search: Chinese characters, then a misspelling
    page.fill("#search", "熵")
    page.wait_for_selector('#results li[data-id="shannon-entropy"]')
    page.fill("#search", "distilation")
    first = page.locator("#results li").first
    first.wait_for()
    page.wait_for_selector('#results li:first-child[data-id="knowledge-distillation"]')
    page.locator("#results li").first.locator("button.add-goal").click()
    page.wait_for_selector("details.step")
    steps = plan_steps(server)
    assert page.locator("details.step").count() == len(steps)
    assert page.locator('#goals li[data-id="knowledge-distillation"]').count() == 1

    # the graph zooms and pans
    def scale() -> float:
        style = page.get_attribute("#graph", "style") or ""
        return float(style.split("scale(")[1].split(")")[0])

    for _ in range(100):  # the graph image has loaded and been fitted to the frame
        if page.evaluate("() => document.getElementById('graph').complete"):
            break
        page.wait_for_timeout(100)
    fitted = scale()
    page.click("#zoom-in")
    assert scale() == pytest.approx(fitted * 1.25, rel=1e-3)
    box = page.locator("#graph-frame").bounding_box()
    page.mouse.move(box["x"] + 100, box["y"] + 100)
    page.mouse.down()
    page.mouse.move(box["x"] + 160, box["y"] + 130)
    page.mouse.up()
    assert "translate(" in page.get_attribute("#graph", "style")
    assert page.evaluate("document.getElementById('graph').naturalWidth") > 0
    # a step's details: why, readings, the command, and questions answered in place
    step = page.locator(f'details.step[data-id="{steps[0]}"]')
    step.locator("summary").click()
    assert "studypath run" in step.text_content()
    step.locator("form.question").first.wait_for()
    assert step.locator("form.question").count() >= 2
    numeric = step.locator("form.question:has(input[type=number])").first
    numeric.locator("input").fill("123456")
    numeric.locator("button").click()
    numeric.locator(".verdict.bad").wait_for()
    # sign up, mark two steps, reload: the plan is shorter by exactly those two
    page.fill("#display-name", "Ada")
    page.click("#signup button")
    page.wait_for_selector("#signed-in:not([hidden])")
    assert page.text_content("#who") == "Ada"
    for concept in steps[:2]:
        # a step left open stays open when the plan is drawn again (after the sign-up):
        # open it only if it is closed
        details = page.locator(f'details.step[data-id="{concept}"]')
        if details.get_attribute("open") is None:
            details.locator("summary").click()
        with page.expect_response(lambda r: "/progress/" in r.url and r.request.method == "PUT"):
            page.locator(f'details.step[data-id="{concept}"] button.mark').click()
        page.wait_for_selector(f'details.step[data-id="{concept}"]', state="detached")
    page.reload()
    page.wait_for_selector("details.step")
    shown = page.locator("details.step").evaluate_all("els => els.map(e => e.dataset.id)")
    assert shown == plan_steps(server, steps[:2]) and len(shown) == len(steps) - 2
    assert page.locator("#reviews:not([hidden])").count() == 1  # mastered concepts are enrolled
    # the language switch keeps the goals and the learner
    page.click("#lang-switch")
    page.wait_for_selector("details.step")
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert "知识蒸馏" in page.text_content("#goals") or "知识蒸馏" in page.text_content("#weeks")
    assert page.text_content("#who") == "Ada"
    # no request left the server's origin
    assert requests and all(u.startswith(server) for u in requests), [
        u for u in requests if not u.startswith(server)
    ]
    context.close()


@pytest.mark.parametrize("lang,width", [("en", 1280), ("zh", 1280), ("en", 390), ("zh", 390)])
def test_the_app_at_desktop_and_phone_widths(server, browser, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/?lang={lang}")
    page.evaluate(
        "([g, n]) => localStorage.setItem('studypath.goals', JSON.stringify([{id: g, name: n}]))",
        [GOAL, "x"],
    )
    page.reload()
    page.wait_for_selector("details.step")
    # nothing overflows the viewport sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    if os.environ.get("STUDYPATH_SCREENSHOTS"):  # refresh the screenshots docs/app.md shows
        page.screenshot(
            path=str(IMAGES / f"app-{lang}-{'desktop' if width > 800 else 'phone'}.png"),
            full_page=False,
        )
    context.close()
