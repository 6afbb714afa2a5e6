"""Server-rendered SVG for the incident page: the toll's history (every figure as published, by whom, when).

Reads a list of TollPoint; writes an SVG string. Pure, no script: every label is escaped text in <title>/<text>.
"""
from __future__ import annotations

import html
from datetime import datetime, timezone

from schemas.incident import TollPoint

e = html.escape
COLOURS = {"killed": "#b00020", "wounded": "#e08a00", "casualties": "#5a6b7b"}
WIDTH, HEIGHT = 560, 190
LEFT, RIGHT, TOP, BOTTOM = 44, 110, 14, 30


def _x_positions(points: list[TollPoint]) -> tuple[list[float], str, str]:
    """Publication time when every point has one (real spacing), else arrival order."""
    plot_w = WIDTH - LEFT - RIGHT
    times = [p.published_at for p in points]
    if times and all(t is not None for t in times):
        stamps = [t.astimezone(timezone.utc).timestamp() for t in times]  # type: ignore[union-attr]
        lo, hi = min(stamps), max(stamps)
        span = hi - lo
        xs = [LEFT + (plot_w * (s - lo) / span if span else plot_w / 2) for s in stamps]
        fmt = "%Y-%m-%d %H:%M" if span < 3 * 86400 else "%Y-%m-%d"
        first = datetime.fromtimestamp(lo, tz=timezone.utc).strftime(fmt)
        last = datetime.fromtimestamp(hi, tz=timezone.utc).strftime(fmt)
        return xs, first, last
    n = len(points)
    xs = [LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2) for i in range(n)]
    return xs, "first report", "latest report"


def _figure(p: TollPoint) -> tuple[int, int] | None:
    low = p.low if p.low is not None else p.high
    high = p.high if p.high is not None else p.low
    return None if low is None or high is None else (low, high)


def toll_chart_svg(history: list[TollPoint]) -> str:
    """One series per kind (killed, wounded, casualties): a dot per report, a bar for a low–high range, a line
    through the standing reports in time order; retracted reports are hollow and grey and off the line."""
    points = [p for p in history if _figure(p) is not None]
    if not points:
        return "<p><small>No figures reported yet.</small></p>"
    order = sorted(range(len(points)), key=lambda i: (points[i].published_at is None, points[i].published_at or 0, i))
    points = [points[i] for i in order]
    xs, first_label, last_label = _x_positions(points)
    top = max(_figure(p)[1] for p in points) or 1  # type: ignore[index]
    plot_h = HEIGHT - TOP - BOTTOM

    def y(v: int) -> float:
        return TOP + plot_h * (1 - v / top)

    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' class='toll-chart' width='{WIDTH}' height='{HEIGHT}' "
        f"viewBox='0 0 {WIDTH} {HEIGHT}' role='img' aria-label='toll history'>",
        f"<line x1='{LEFT}' y1='{TOP}' x2='{LEFT}' y2='{HEIGHT - BOTTOM}' stroke='#999'/>",
        f"<line x1='{LEFT}' y1='{HEIGHT - BOTTOM}' x2='{WIDTH - RIGHT}' y2='{HEIGHT - BOTTOM}' stroke='#999'/>",
    ]
    for v in sorted({0, top, top // 2}):
        parts.append(f"<text x='{LEFT - 6}' y='{y(v) + 4:.1f}' text-anchor='end' font-size='11'>{v}</text>")
        parts.append(f"<line x1='{LEFT}' y1='{y(v):.1f}' x2='{WIDTH - RIGHT}' y2='{y(v):.1f}' stroke='#eee'/>")
    if first_label == last_label or len(set(xs)) == 1:  # every report at one moment: one label under them
        parts.append(f"<text x='{xs[0]:.1f}' y='{HEIGHT - 10}' font-size='11' text-anchor='middle'>{e(first_label)}</text>")
    else:
        parts.append(f"<text x='{LEFT}' y='{HEIGHT - 10}' font-size='11'>{e(first_label)}</text>")
        parts.append(f"<text x='{WIDTH - RIGHT}' y='{HEIGHT - 10}' font-size='11' text-anchor='end'>{e(last_label)}</text>")
    kinds = [k for k in COLOURS if any(p.kind == k for p in points)]
    for row, kind in enumerate(kinds):
        colour = COLOURS[kind]
        standing = [(x, _figure(p)) for x, p in zip(xs, points) if p.kind == kind and not p.retracted]
        if len(standing) > 1:
            path = " ".join(f"{x:.1f},{y(f[1]):.1f}" for x, f in standing)  # type: ignore[index]
            parts.append(f"<polyline points='{path}' fill='none' stroke='{colour}' stroke-opacity='.5'/>")
        ly = TOP + 14 * row + 6
        parts.append(f"<circle cx='{WIDTH - RIGHT + 14}' cy='{ly}' r='4' fill='{colour}'/>")
        parts.append(f"<text x='{WIDTH - RIGHT + 22}' y='{ly + 4}' font-size='11'>{kind}</text>")
    for x, p in zip(xs, points):
        low, high = _figure(p)  # type: ignore[misc]
        colour = "#aaa" if p.retracted else COLOURS[p.kind]
        figure = f"{low}" if low == high else f"{low}–{high}"
        tip = " · ".join(
            s for s in (
                f"{p.kind} {figure}{' (' + p.qualifier + ')' if p.qualifier else ''}",
                f"given by {p.source}" if p.source else "",
                p.outlet or p.article_id,
                p.published_at.isoformat(timespec="minutes") if p.published_at else "undated",
                "retracted" if p.retracted else "",
            ) if s
        )
        parts.append(f"<g class='toll-point' data-kind='{p.kind}'><title>{e(tip)}</title>")
        if low != high:
            parts.append(f"<line x1='{x:.1f}' y1='{y(low):.1f}' x2='{x:.1f}' y2='{y(high):.1f}' stroke='{colour}' stroke-width='3' stroke-opacity='.6'/>")
        fill = "none" if p.retracted else colour
        parts.append(f"<circle cx='{x:.1f}' cy='{y(high):.1f}' r='4' fill='{fill}' stroke='{colour}'/></g>")
    parts.append("</svg>")
    return "".join(parts)
