"""The Mermaid export renders in Mermaid itself (the npm package, in Debian's Chromium).

Skipped with the reason when npm or Chromium is missing; CI has both. The package is
installed once into a cache folder outside the repository (it is a test tool, not code of
this project).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from planner import PlanRequest, build_plan
from planner.export import to_plan_mermaid

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CACHE = Path(os.environ.get("STUDYPATH_NPM_CACHE", "/tmp/studypath-test-npm"))


@pytest.fixture(scope="module")
def mermaid_js() -> Path:
    if not shutil.which("npm"):
        pytest.skip("npm is not installed: cannot fetch the mermaid package")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    js = CACHE / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    if not js.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--silent",
                "--prefix",
                str(CACHE),
                "mermaid@11",
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0 or not js.exists():
            pytest.skip(f"npm could not install mermaid: {done.stderr[-300:]}")
    return js


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_plan_mermaid_renders_one_node_per_step(bundled, mermaid_js, lang):
    from playwright.sync_api import sync_playwright

    plan = build_plan(
        curriculum=bundled,
        request=PlanRequest(goals=["knowledge-distillation", "adamw"], language=lang),
    )
    text = to_plan_mermaid(bundled, plan)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        page.set_content("<!doctype html><html><body><div id='out'></div></body></html>")
        page.add_script_tag(path=str(mermaid_js))
        svg = page.evaluate(
            """async (text) => {
                mermaid.initialize({startOnLoad: false, securityLevel: 'strict'});
                const out = await mermaid.render('plan', text);
                document.getElementById('out').innerHTML = out.svg;
                return out.svg;
            }""",
            text,
        )
        nodes = page.locator("#out g.node").count()
        browser.close()
    assert svg.startswith("<svg") and nodes == len(plan.steps)
    first = plan.steps[0].name
    assert first.split()[0] in svg
