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
