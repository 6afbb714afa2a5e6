"""The toll-history chart: one mark per report, placed by time and figure, text escaped."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from xml.etree import ElementTree

from schemas.incident import TollPoint
from streams.web.charts import HEIGHT, LEFT, WIDTH, RIGHT, toll_chart_svg

T0 = datetime(2022, 7, 1, 8, 0, tzinfo=timezone.utc)


def _p(kind, low, high, hours=0, retracted=False, source=None, when=True) -> TollPoint:
    return TollPoint(claim_id=f"c{kind}{low}{hours}", article_id="a", kind=kind, low=low, high=high,
                     published_at=T0 + timedelta(hours=hours) if when else None, retracted=retracted, source=source)


def _circles(svg: str) -> list[tuple[float, float]]:
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    return [(float(c.get("cx")), float(c.get("cy"))) for g in root.iter(f"{ns}g") for c in g.iter(f"{ns}circle")]


def test_no_figures_gives_a_note_not_an_svg():
    assert "<svg" not in toll_chart_svg([])
    assert "<svg" not in toll_chart_svg([_p("killed", None, None)])


def test_points_follow_time_and_size():
    svg = toll_chart_svg([_p("killed", 10, 10, hours=5), _p("killed", 2, 2, hours=0), _p("wounded", 4, 6, hours=1)])
    (x1, y1), (x2, y2), (x3, y3) = _circles(svg)  # drawn in time order
    assert x1 == LEFT and x3 == WIDTH - RIGHT and LEFT < x2 < x3
    assert y1 > y2 > y3  # 2 killed, 6 wounded (top of range), 10 killed: higher figure, higher on the chart
    assert 0 <= min(y1, y2, y3) and max(y1, y2, y3) <= HEIGHT
    assert svg.count("<polyline") == 1  # only killed has two standing reports to join


def test_ranges_retractions_and_escaping():
    svg = toll_chart_svg([
        _p("killed", 3, 8, hours=0, source="<b>police</b>"),
        _p("killed", 20, 20, hours=2, retracted=True),
    ])
    ElementTree.fromstring(svg)  # well-formed
    assert "<b>" not in svg and "&lt;b&gt;police&lt;/b&gt;" in svg
    assert re.search(r"stroke-width='3'", svg)  # the 3–8 range is drawn as a bar
    assert "fill='none' stroke='#aaa'" in svg  # the retracted report is hollow and grey
    assert "<polyline" not in svg  # a retracted report is off the line, leaving one standing point


def test_undated_reports_fall_back_to_arrival_order():
    svg = toll_chart_svg([_p("killed", 1, 1, when=False), _p("killed", 2, 2, when=False), _p("killed", 3, 3, when=False)])
    xs = [x for x, _ in _circles(svg)]
    assert xs == sorted(xs) and len(set(xs)) == 3 and "first report" in svg


def test_reports_at_one_moment_get_one_centred_label():
    svg = toll_chart_svg([_p("killed", 7, 7), _p("wounded", 15, 15)])
    assert svg.count(">2022-07-01 08:00<") == 1 and "text-anchor='middle'" in svg
    xs = {x for x, _ in _circles(svg)}
    assert xs == {LEFT + (WIDTH - LEFT - RIGHT) / 2}
