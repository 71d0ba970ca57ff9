"""axe-core (from npm) over every public page type, at desktop and phone widths, in Chromium:
no critical, serious or moderate findings. Screenshots go to tests/artifacts/."""

from pathlib import Path

import pytest
from django.conf import settings

from content.demo.resources import demo_resources_ensure
from files.demo import demo_simulator_ensure
from tests.browser import chromium_page, screenshot
from workforce.demo import demo_workforce_ensure

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
PAGE_TYPES = {
    "home": "/",
    "home-en": "/en/",
    "bank": "/f64-11/",
    "bank-one-type": "/f64-11/?type=ebook",
    "research": "/f64-11/demo-f64-11-research-1/",
    "research-en": "/en/f64-11/demo-f64-11-research-1/",
    "ebook": "/f64-11/demo-f64-11-ebook-1/",
    "elearning": "/f64-11/demo-f64-11-elearning-1/",
    "econtent-infographic": "/f64-06/demo-f64-06-econtent-1/",
    "simulator": "/f64-11/demo-f64-11-simulator-1/",
    "expert": "/f64-11/demo-f64-11-expert-1/",
    "employer": "/f64-11/demo-f64-11-employer-1/",
    "search": "/search/?q=หุ่นยนต์",
    "workforce": "/workforce/",
    "workforce-field": "/workforce/f64-11/",
}
REPORTED = ("critical", "serious", "moderate")


@pytest.fixture
def site(live_server):
    for step in (demo_resources_ensure, demo_simulator_ensure, demo_workforce_ensure):
        step(lambda message: None)
    return live_server.url


def _axe_findings(page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated, not injected: the CSP stays on
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' ')).slice(0, 3)])"
    )
    return [
        f"{rule} ({impact}): {targets}"
        for rule, impact, targets in violations
        if impact in REPORTED
    ]


@pytest.mark.parametrize("width", [1366, 390])
def test_every_public_page_type_has_no_serious_or_moderate_axe_findings(site, width):
    findings = {}
    with chromium_page(width=width, height=900) as page:
        for name, url in PAGE_TYPES.items():
            response = page.goto(site + url, wait_until="networkidle")
            assert response.status == 200, name
            screenshot(page, f"site-{name}-{width}")
            if problems := _axe_findings(page):
                findings[name] = problems
    assert findings == {}
