"""The review site in a real headless Chromium (Debian's `chromium` and `chromium-driver`, driven by Selenium):
it loads without a console error, the index lists every report, and selecting a row outlines its box on the page
image where the row's words are. A screenshot is kept under tests/artefacts/."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from baocao.review.docs import from_file
from baocao.review.site import build_site

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
ARTEFACTS = Path(__file__).resolve().parent / "artefacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1500,950")
BOX_SLACK_PX = 2.0  # a box is drawn where its row is, to this many CSS pixels (borders, rounding)


def _browser_missing() -> str:
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        return "no Chromium here (Debian packages chromium and chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (the `test` extra)"
    return ""


pytestmark = pytest.mark.skipif(bool(_browser_missing()), reason=_browser_missing() or "browser present")

INPUTS = [SAMPLES / "pdf" / "001_ruled.pdf", SAMPLES / "docx" / "004_report.docx",
          SAMPLES / "003_b08f386338765894.txt", SAMPLES / "pdf" / "004_lost_glyphs.pdf"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    docs = [from_file(path) for path in INPUTS]
    out = tmp_path_factory.mktemp("site")
    summary = build_site(docs, out)
    return docs, out, summary


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="baocao-chromium-")
    for flag in FLAGS + (f"--user-data-dir={profile}",):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _errors(driver) -> list:
    return [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]


def test_index_lists_every_report_without_console_errors(site, browser):
    from selenium.webdriver.common.by import By

    docs, out, summary = site
    browser.get(summary.index.as_uri())
    rows = browser.find_elements(By.CSS_SELECTOR, "#reports tbody tr")
    assert len(rows) == len(docs)
    shown = browser.find_element(By.ID, "reports").text
    for doc in docs:
        assert doc.name in shown
    assert _errors(browser) == []
    # filtering by a commune's name keeps its reports only
    name = docs[2].report["unit_name"]
    browser.find_element(By.ID, "filter").send_keys(name)
    visible = [r for r in browser.find_elements(By.CSS_SELECTOR, "#reports tbody tr") if r.is_displayed()]
    assert visible and all(name in r.text for r in visible)
    assert browser.find_element(By.ID, "shown").text == str(len(visible))
    # sorting by the number of rows orders them
    browser.find_element(By.ID, "filter").clear()
    browser.execute_script("document.getElementById('filter').dispatchEvent(new Event('input'))")
    browser.find_elements(By.CSS_SELECTOR, "#reports th")[5].click()
    counts = [int(r.find_elements(By.TAG_NAME, "td")[5].text) for r in
              browser.find_elements(By.CSS_SELECTOR, "#reports tbody tr")]
    assert counts == sorted(counts) and len(counts) == len(docs)


def test_selecting_a_row_outlines_its_box_on_the_page_image(site, browser, capsys):
    from selenium.webdriver.common.by import By

    docs, out, summary = site
    doc = docs[0]  # the ruled PDF: every row has its box
    boxed = [r for r in doc.rows if r.get("bbox") and r.get("value") is not None]
    assert boxed
    target = boxed[len(boxed) // 2]
    browser.get((out / "reports" / f"{doc.sha256[:16]}.html").as_uri())
    browser.execute_script("document.querySelectorAll('img').forEach(function (i) { i.loading = 'eager'; });")
    row = browser.find_element(By.CSS_SELECTOR, f'#rows tr[data-row="{target["row_index"]}"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
    row.click()
    page = browser.find_element(By.CSS_SELECTOR, f'.page[data-page="{target["page"]}"]')
    image = page.find_element(By.TAG_NAME, "img")
    browser.execute_script("return arguments[0].decode()", image)
    box = page.find_element(By.CLASS_NAME, "box")
    assert box.is_displayed()
    shown = browser.execute_script(
        "var b = arguments[0].getBoundingClientRect(), i = arguments[1].getBoundingClientRect();"
        "return [b.left - i.left, b.top - i.top, b.width, b.height, i.width, i.height, arguments[1].naturalWidth];",
        box, image)
    left, top, width, height, image_w, image_h, natural = shown
    assert natural > 0  # the page image loaded
    width_pt, height_pt = float(page.get_attribute("data-w")), float(page.get_attribute("data-h"))
    x0, y0, x1, y1 = target["bbox"]
    expected = (x0 / width_pt * image_w, y0 / height_pt * image_h, (x1 - x0) / width_pt * image_w,
                (y1 - y0) / height_pt * image_h)
    for got, want in zip((left, top, width, height), expected):
        assert abs(got - want) <= BOX_SLACK_PX
    assert width > 10 and height > 3
    assert "selected" in row.get_attribute("class")
    assert _errors(browser) == []
    ARTEFACTS.mkdir(exist_ok=True)
    shot = ARTEFACTS / "review-report.png"
    browser.save_screenshot(str(shot))
    with capsys.disabled():  # shown in the run's output, not only on failure
        print(f"\nreview site screenshot kept at {shot}")
    assert shot.stat().st_size > 10_000


def test_text_sources_show_their_lines_and_selecting_a_row_marks_them(site, browser):
    from selenium.webdriver.common.by import By

    docs, out, summary = site
    doc = docs[2]  # a text report: its lines beside the rows
    browser.get((out / "reports" / f"{doc.sha256[:16]}.html").as_uri())
    target = next(r for r in doc.rows if r.get("value") is not None)
    row = browser.find_element(By.CSS_SELECTOR, f'#rows tr[data-row="{target["row_index"]}"]')
    row.click()
    hit = browser.find_elements(By.CSS_SELECTOR, ".ln.hit")
    assert hit and hit[0].get_attribute("id") == f"L{target['line']}"
    assert (target.get("value_raw") or "") in " ".join(h.text for h in hit)
    assert _errors(browser) == []


def test_repairs_and_field_lines_are_shown(site):
    docs, out, summary = site
    lost = docs[3]  # the PDF whose fonts lost glyphs: repaired words are marked in its rows
    page = (out / "reports" / f"{lost.sha256[:16]}.html").read_text(encoding="utf-8")
    assert lost.repairs and page.count('<mark class="repair"') >= 1
    text = docs[2]
    page = (out / "reports" / f"{text.sha256[:16]}.html").read_text(encoding="utf-8")
    assert 'class="snippet"' in page  # each field shows the line it was read from
    assert page.count("<tr tabindex") == len(text.rows)
