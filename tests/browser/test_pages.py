"""The operator pages in headless Chromium against a real worker: the table fills in live after a push (no
reload), a filter narrows it, an incident page shows claims, history chart and mentions, the pipeline page shows
the broker, throughput, lag and assignment. Each test saves a screenshot in its tmp dir."""
from __future__ import annotations

from collections import Counter

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from streams.supervisor import http_json

pytestmark = pytest.mark.integration

WAIT = 120  # seconds a condition may take on a slow CI machine; the tests wait for states, never for time


def rows(driver) -> list:
    return driver.find_elements(By.CSS_SELECTOR, "#incidents tbody tr")


# Read in one script run: the page's live poll may redraw the table between two WebDriver calls.
_TABLE = """return Array.from(document.querySelectorAll('#incidents tbody tr'), tr =>
    [tr.dataset.id, Array.from(tr.querySelectorAll('td'), td => td.innerText.trim())]);"""


def table(driver) -> list[tuple[str, list[str]]]:
    """(incident id, cell texts) of each row shown."""
    return [(row_id, texts) for row_id, texts in driver.execute_script(_TABLE)]


def test_table_updates_live_and_filters(stack, chrome, tmp_path):
    web = stack.worker.web
    chrome.get(web + "/incidents")
    assert chrome.title == "sitrep incidents"
    assert not rows(chrome), "the table should be empty before anything is pushed"
    # A reload would wipe this marker: it proves the rows arrive through the page's own polling.
    chrome.execute_script("window.__noReload = 'still here';")
    stack.push_seeds()
    expected = stack.seed()
    WebDriverWait(chrome, WAIT).until(lambda d: len(rows(d)) == len(expected))
    assert chrome.execute_script("return window.__noReload;") == "still here"
    assert chrome.find_element(By.ID, "shown").text == str(len(expected))
    assert "live, checked" in chrome.find_element(By.ID, "live").text

    by_id = {r["incident_id"]: r for r in expected}
    for row_id, texts in table(chrome):
        record = by_id[row_id]
        date, place, kind, killed, wounded, claimed, sources, _conflict, link = texts
        assert kind == record["attack_type"]
        assert record["place"]["country"] in place
        if record["killed"]["best"] is not None:
            assert killed.split()[0] == str(record["killed"]["best"])
            if record["killed"]["low"] is not None and record["killed"]["low"] != record["killed"]["high"]:
                assert f"({record['killed']['low']}–" in killed
        assert sources.startswith(f"{record['independent_sources']} (")
        assert link == "details"
        if record["date"]["start"]:
            assert record["date"]["start"].startswith(date)
    chrome.save_screenshot(str(tmp_path / "incidents-live.png"))
    problems = [m["message"] for m in chrome.get_log("browser") if m["level"] in ("SEVERE", "ERROR")]
    assert not problems, problems  # the live script ran under the page's CSP without an error

    # Click a filter: the commonest attack type, through the form as an operator would.
    kind, count = Counter(r["attack_type"] for r in expected).most_common(1)[0]
    Select(chrome.find_element(By.NAME, "type")).select_by_visible_text(kind)
    chrome.find_element(By.CSS_SELECTOR, "#filters button[type=submit]").click()
    WebDriverWait(chrome, WAIT).until(lambda d: f"type={kind}" in d.current_url)
    WebDriverWait(chrome, WAIT).until(lambda d: len(rows(d)) == count)
    assert {texts[2] for _, texts in table(chrome)} == {kind}
    assert chrome.find_element(By.ID, "shown").text == f"{count} of {len(expected)}"
    # The live refresh keeps the filter: after the next poll the rows are still only that type.
    WebDriverWait(chrome, WAIT).until(lambda d: "live, checked" in d.find_element(By.ID, "live").text)
    assert {texts[2] for _, texts in table(chrome)} == {kind}

    # Sorting by killed, highest first.
    chrome.get(web + "/incidents")
    chrome.find_element(By.LINK_TEXT, "Killed").click()
    WebDriverWait(chrome, WAIT).until(lambda d: "sort=killed" in d.current_url)
    best = [int(c) for c in (texts[3].split()[0] for _, texts in table(chrome)) if c.isdigit()]
    assert best and best == sorted(best, reverse=True)
    chrome.save_screenshot(str(tmp_path / "incidents-filtered.png"))
    assert (tmp_path / "incidents-filtered.png").stat().st_size > 10_000


def test_incident_page(stack, chrome, tmp_path):
    expected = stack.seed()
    # The incident with most articles: it has several claims and a toll history.
    record = max(expected, key=lambda r: (len(r["articles"]), len(r["history"]), r["incident_id"]))
    chrome.get(stack.worker.web + "/incidents")
    WebDriverWait(chrome, WAIT).until(lambda d: len(rows(d)) == len(expected))
    row = chrome.find_element(By.CSS_SELECTOR, f"#incidents tbody tr[data-id='{record['incident_id']}']")
    row.find_element(By.LINK_TEXT, "details").click()
    WebDriverWait(chrome, WAIT).until(lambda d: d.current_url.endswith("/incidents/" + record["incident_id"]))

    heading = chrome.find_element(By.TAG_NAME, "h1").text
    assert record["attack_type"] in heading and record["place"]["country"] in heading
    claim_rows = chrome.find_elements(By.CSS_SELECTOR, "#claims tr.claim")
    assert len(claim_rows) == len(record["claims"])
    quotes = {c.find_elements(By.TAG_NAME, "td")[4].text for c in claim_rows}
    assert {c["quote"][:600].strip() for c in record["claims"]} == {q.strip() for q in quotes}
    for tr, claim in zip(claim_rows, record["claims"]):
        assert (claim["outlet"] or claim["article_id"]) in tr.text
        for a in tr.find_elements(By.TAG_NAME, "a"):
            assert a.get_attribute("href").startswith(("http://", "https://"))
    if record["history"]:
        marks = chrome.find_elements(By.CSS_SELECTOR, "svg.toll-chart g.toll-point")
        figures = [h for h in record["history"] if h["low"] is not None or h["high"] is not None]
        assert len(marks) == len(figures)
        assert len(chrome.find_elements(By.CSS_SELECTOR, "#history tr")) == len(record["history"]) + 1
    mentions = chrome.find_element(By.ID, "mentions").text
    primary = {a["article_id"] for a in record["articles"] if a["primary"]}
    for article in record["articles"]:
        if article["article_id"] not in primary:
            assert article["article_id"] in mentions
    assert chrome.find_element(By.ID, "merges").text and chrome.find_element(By.ID, "aliases").text
    chrome.save_screenshot(str(tmp_path / "incident.png"))

    # An unknown id answers 404 with a page, not a stack trace.
    status, _ = http_json(stack.worker.web + "/incidents/no-such-incident.json")
    assert status == 404


def test_pipeline_page(stack, chrome, tmp_path):
    stack.seed()
    chrome.get(stack.worker.web + "/pipeline")
    # The page is filled by a background sampler; wait until it has seen the seeds go through.
    def ready(d):
        d.refresh()
        text = d.find_element(By.ID, "throughput").text
        return "extract" in text and "connected" in d.find_element(By.ID, "broker").text and \
            d.find_elements(By.XPATH, "//table[@id='lag']//td[text()='sitrep.articles.raw.v1']")

    WebDriverWait(chrome, WAIT, poll_frequency=2).until(ready)
    totals = {
        tr.find_elements(By.TAG_NAME, "td")[0].text: int(tr.find_elements(By.TAG_NAME, "td")[-1].text)
        for tr in chrome.find_elements(By.CSS_SELECTOR, "#throughput tr")[1:]
    }
    assert totals["extract"] >= 5 and totals["resolve"] >= 1 and totals["project"] >= 1
    lag_topics = {tr.find_elements(By.TAG_NAME, "td")[0].text for tr in chrome.find_elements(By.CSS_SELECTOR, "#lag tr")[1:]}
    assert {"sitrep.articles.raw.v1", "sitrep.claims.v1", "sitrep.incidents.events.v1"} <= lag_topics
    assignment = chrome.find_element(By.ID, "assignment").text
    assert "sitrep.articles.raw.v1" in assignment and "0, 1, 2, 3" in assignment
    assert chrome.find_element(By.ID, "deadletters").text
    chrome.save_screenshot(str(tmp_path / "pipeline.png"))
    status, body = http_json(stack.worker.web + "/pipeline.json")
    assert status == 200 and body["broker"]["reachable"] is True and body["totals"]["agent:extract"] >= 5
