"""The embed pages in a real browser: Debian's Chromium driven by Playwright.

Skipped with the reason when Chromium or Playwright is missing; CI installs both.
"""

from __future__ import annotations

import json
import os
import urllib.request
from pathlib import Path

import pytest

import tests.browser  # noqa: F401  (skips this module without Chromium or Playwright)

GOAL = "knowledge-distillation"


def plan_steps(base: str, lang: str = "en") -> list[str]:
    with urllib.request.urlopen(f"{base}/plans?goals={GOAL}&lang={lang}") as r:
        return [s["id"] for s in json.load(r)["steps"]]


def test_example_portal_embeds_a_working_plan(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto(f"{server}/embed/example?goals={GOAL}")
    frame = page.frame_locator("#studypath")
    # the graph has one node per step and the goal is highlighted
    steps = plan_steps(server)
    frame.locator(".graph .step").first.wait_for()
    assert frame.locator(".graph .step").count() == len(steps)
    goal = frame.locator(".graph .step.goal")
    assert goal.count() == 1 and goal.get_attribute("data-step") == GOAL
    # the portal received "ready" with the steps, and resized the iframe to the content
    page.wait_for_selector('#log li[data-type="studypath:ready"]')
    ready = page.locator('#log li[data-type="studypath:ready"]').first.text_content()
    assert GOAL in ready
    assert int(page.locator("#studypath").get_attribute("height")) > 600
    # clicking a step shows its details inside, and tells the portal
    target = steps[2]
    frame.locator(f'.graph .step[data-step="{target}"]').click()
    detail = frame.locator(f"#detail-{target}")
    assert detail.is_visible() and "studypath run" in detail.text_content()
    page.wait_for_selector('#log li[data-type="studypath:step"]')
    assert target in page.locator('#log li[data-type="studypath:step"]').last.text_content()
    assert target in page.locator("#selected").text_content()
    # the schedule buttons select too
    frame.locator(f'.step-link[data-step="{steps[0]}"]').first.click()
    assert frame.locator(f"#detail-{steps[0]}").is_visible() and not detail.is_visible()
    # a listener that starts late says hello and gets "ready" again
    late_ready = page.evaluate(
        """() => new Promise((resolve) => {
            const frame = document.getElementById("studypath");
            window.addEventListener("message", (e) => {
              if (e.source === frame.contentWindow && e.data.type === "studypath:ready")
                resolve(e.data.steps);
            });
            frame.contentWindow.postMessage({ type: "studypath:hello" }, location.origin);
            setTimeout(() => resolve(null), 10000);  // no answer: fail, do not hang
        })"""
    )
    assert late_ready == steps
    # no request left the server's origin
    assert requests and all(u.startswith(server) for u in requests), [
        u for u in requests if not u.startswith(server)
    ]
    page.close()


@pytest.mark.parametrize("lang,width", [("en", 1280), ("zh", 1280), ("en", 390), ("zh", 390)])
def test_plan_page_readable_at_desktop_and_phone(server, browser, lang, width):
    page = browser.new_page(viewport={"width": width, "height": 844})
    page.goto(f"{server}/embed/plan?goals={GOAL}&lang={lang}")
    # nothing overflows the viewport except the graph, which scrolls in its own box
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1
    heading = page.locator("h1").text_content()
    assert ("学习计划" in heading) if lang == "zh" else ("Study plan" in heading)
    font = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.step-link')).fontSize)"
    )
    assert font >= 14
    out = Path(__file__).resolve().parents[2] / "docs" / "images"
    if os.environ.get("STUDYPATH_SCREENSHOTS"):  # refresh the screenshots docs/embedding.md shows
        page.screenshot(
            path=str(out / f"embed-plan-{lang}-{'desktop' if width > 800 else 'phone'}.png")
        )
    page.close()


def test_concept_page_and_error_page(server, browser):
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    page.goto(f"{server}/embed/concept/huffman-coding?lang=zh")
    assert page.locator(".source .hl").count() == 1
    assert page.locator(".graph .node").count() >= 2
    response = page.goto(f"{server}/embed/concept/hufman-coding")
    assert response.status == 404 and "huffman-coding" in page.locator("main").text_content()
    page.close()


@pytest.mark.parametrize(
    "path,rendered",
    [("/docs", ".swagger-ui .info .title"), ("/redoc", "[role=navigation], .menu-content")],
)
def test_api_docs_render_with_no_request_off_the_server(server, browser, path, rendered):
    page = browser.new_page()
    requests: list[str] = []
    blocked: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.on(
        "requestfailed",
        lambda req: blocked.append(req.url) if (req.failure or "").lower() == "csp" else None,
    )
    response = page.goto(server + path)
    page.wait_for_selector(rendered, timeout=20_000)
    page.wait_for_load_state("networkidle")
    assert "studypath" in page.content()
    assert "default-src 'self'" in (response.headers.get("content-security-policy") or "")
    own = (server, "data:", "blob:" + server)
    # what the page asked for elsewhere (ReDoc names its logo on a CDN) the browser refused
    # to send, by the page's policy
    left = [u for u in requests if not u.startswith(own) and u not in blocked]
    assert requests and left == [], left
    page.close()


def test_a_learner_marks_progress_inside_the_portals_frame(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[tuple[str, str]] = []
    page.on("request", lambda req: requests.append((req.url, req.headers.get("referer") or "")))
    page.goto(f"{server}/embed/example?goals={GOAL}")
    page.wait_for_selector('#log li[data-type="studypath:ready"]')
    frame = page.frame_locator("#studypath")
    steps = plan_steps(server)

    # the portal signs a learner in: an embed token in the fragment, which the frame removes
    page.click("#sign-in")
    page.wait_for_selector('#log li[data-type="studypath:session"]')
    assert '"state":"active"' in page.locator('#log li[data-type="studypath:session"]').last.text_content()
    inner = next(f for f in page.frames if "/embed/plan" in f.url)
    assert "embed_token" not in inner.url
    frame.locator(".session").wait_for()

    # zoom: the drawing grows and shrinks in its scrolling box
    width = lambda: frame.locator(".graph svg").bounding_box()["width"]  # noqa: E731
    natural = width()
    frame.locator('[data-zoom="in"]').click()
    assert width() == pytest.approx(natural * 1.25, rel=0.01)
    frame.locator('[data-zoom="reset"]').click()
    assert width() == pytest.approx(natural, rel=0.01)

    # mark the first step: the portal hears it, and the step moves to "known already"
    first = steps[0]
    frame.locator(f'.schedule .step-link[data-step="{first}"]').first.click()
    frame.locator(f'#detail-{first} .mark[data-mark="mastered"]').click()
    page.wait_for_selector(f'#progress li[data-concept="{first}"]')
    assert "mastered" in page.locator(f'#progress li[data-concept="{first}"]').text_content()
    known = frame.locator(f'.known-list .step-link[data-step="{first}"]')
    known.wait_for()
    assert frame.locator(f'.week:not(.known-list) .step-link[data-step="{first}"]').count() == 0
    assert frame.locator(f'.graph .step.known[data-step="{first}"]').count() == 1
    scheduled = inner.evaluate(
        """() => [...new Set([...document.querySelectorAll('.week:not(.known-list) .step-link')]
                 .map((b) => b.dataset.step))]"""
    )
    assert scheduled == [s for s in steps if s != first]  # the plan without it, in its order
    if os.environ.get("STUDYPATH_SCREENSHOTS"):  # the picture docs/embedding.md shows
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(Path(__file__).resolve().parents[2] / "docs/images/embed-session-en.png"))
    # the learner's view survives a reload of the frame (the token stays in this tab)
    inner.evaluate("location.reload()")
    frame.locator(f'.known-list .step-link[data-step="{first}"]').wait_for()

    # take the mark back: the step returns to the schedule
    frame.locator(f'.known-list .step-link[data-step="{first}"]').click()
    frame.locator(f'#detail-{first} .mark[data-mark="unmark"]').click()
    frame.locator(f'.week:not(.known-list) .step-link[data-step="{first}"]').wait_for()
    assert frame.locator(".known-list").count() == 0

    # a token the server refuses ends the session: the marks go, the portal hears it
    page.evaluate(
        """() => document.getElementById("studypath").contentWindow.postMessage(
            { type: "studypath:token", token: "spe_not-a-token" }, location.origin)"""
    )
    page.wait_for_function(
        """() => [...document.querySelectorAll('#log li[data-type="studypath:session"]')]
                 .some((li) => li.textContent.includes('"state":"expired"'))"""
    )
    assert frame.locator(".mark").count() == 0

    # nothing left the server, and no address or Referer ever carried the token
    assert requests and all(u.startswith(server) for u, _ in requests), requests
    assert not [r for r in requests if "embed_token" in r[0] or "embed_token" in r[1] or "spe_" in r[1]]
    page.close()
