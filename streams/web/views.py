"""Operator web view on Faust's web server: reads the `incidents` table and the metrics, writes HTTP responses.

/incidents (HTML), /incidents.json, /incidents/{id} (HTML; .json for the record), /health, /metrics, /deadletters.
Every piece of article text is escaped; nothing dumps a raw table.
"""
from __future__ import annotations

import asyncio
import html
import logging
import time
from typing import Any

from prometheus_client import generate_latest

from schemas import codec
from schemas.incident import Incident
from streams import metrics
from streams.incidents.agent import load_state
from streams.incidents.fold import to_record

log = logging.getLogger(__name__)
e = html.escape


def incident_records(table: Any) -> list[Incident]:
    records = []
    for _key, raw in list(table.items()):
        record = to_record(load_state(raw))
        if record is not None and record.merged_into is None:
            records.append(record)
    metrics.incidents_live.set(len(records))
    # Newest first by event date; undated last; id as the stable tie-break.
    records.sort(key=lambda r: r.incident_id)
    records.sort(key=lambda r: (r.date.start is not None, r.date.start or ""), reverse=True)
    return records


def find_incident(table: Any, incident_id: str) -> Incident | None:
    """Follows merges: an absorbed id answers with its survivor."""
    seen: set[str] = set()
    while incident_id not in seen:
        seen.add(incident_id)
        record = to_record(load_state(table.get(incident_id)))
        if record is None or record.merged_into is None:
            return record
        incident_id = record.merged_into
    return None


SORTS = {
    "date": lambda r: (r.date.start is not None, r.date.start or ""),
    "killed": lambda r: (r.killed.best is not None, r.killed.best or 0),
    "wounded": lambda r: (r.wounded.best is not None, r.wounded.best or 0),
    "sources": lambda r: r.independent_sources,
    "place": lambda r: _place(r.place).lower(),
}


def filter_records(records: list[Incident], params: Any) -> list[Incident]:
    """Applies the table page's query: country, type, perpetrator, from/to (event date), conflicting, sort, order."""
    get = params.get
    country, kind, actor = (get("country") or "").lower(), get("type") or "", (get("perpetrator") or "").lower()
    since, until = get("from") or "", get("to") or ""
    out = []
    for r in records:
        if country and (r.place.country or "").lower() != country:
            continue
        if kind and r.attack_type != kind:
            continue
        who = " ".join(x for x in (r.perpetrator.claimed_by, r.perpetrator.attributed_to) if x).lower()
        if actor and actor not in who:
            continue
        day = r.date.start.isoformat() if r.date.start else ""
        if (since and (not day or day < since)) or (until and (not day or day > until)):
            continue
        if get("conflicting") in ("1", "true", "yes") and not r.conflicting:
            continue
        out.append(r)
    key = SORTS.get(get("sort") or "date", SORTS["date"])
    out.sort(key=key, reverse=(get("order") or "desc") != "asc")
    return out


def _count(c: Any) -> str:
    if c.best is None and c.low is None:
        return "–"
    best = "?" if c.best is None else str(c.best)
    if c.low is not None and (c.low != c.best or c.high != c.best):
        high = "" if c.high is None else str(c.high)
        return f"{best} <small>({c.low}–{high})</small>"
    return best


def _place(p: Any) -> str:
    return ", ".join(x for x in (p.site, p.city, p.admin1, p.country) if x) or "–"


def _date(d: Any) -> str:
    if d.start is None:
        return "undated"
    if d.precision == "year":
        return str(d.start.year)
    if d.precision == "month":
        return d.start.strftime("%Y-%m")
    return d.start.isoformat()


PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font:14px system-ui,sans-serif;margin:1.5em}}table{{border-collapse:collapse}}
td,th{{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}}
.conflict{{color:#b00;font-weight:600}}small{{color:#666}}blockquote{{margin:.3em 0;color:#333}}</style>
{head}</head><body>{body}</body></html>"""


def _filter_form(params: Any, records: list[Incident]) -> str:
    from schemas.claim import ATTACK_TYPES

    get = params.get
    countries = sorted({r.place.country for r in records if r.place.country})
    opts = "".join(f"<option{' selected' if get('country') == c else ''}>{e(c)}</option>" for c in countries)
    types = "".join(f"<option{' selected' if get('type') == t else ''}>{e(t)}</option>" for t in ATTACK_TYPES)
    checked = " checked" if get("conflicting") in ("1", "true", "yes") else ""
    return (
        "<form method='get' action='/incidents' id='filters'>"
        f"<label>Country <select name='country'><option value=''>any</option>{opts}</select></label> "
        f"<label>Type <select name='type'><option value=''>any</option>{types}</select></label> "
        f"<label>Perpetrator <input name='perpetrator' value='{e(get('perpetrator') or '')}' size='12'></label> "
        f"<label>From <input type='date' name='from' value='{e(get('from') or '')}'></label> "
        f"<label>To <input type='date' name='to' value='{e(get('to') or '')}'></label> "
        f"<label><input type='checkbox' name='conflicting' value='1'{checked}> conflicting only</label> "
        "<button type='submit'>Filter</button> <a href='/incidents'>reset</a></form>"
    )


def _sort_link(label: str, key: str, params: Any) -> str:
    from urllib.parse import urlencode

    order = "asc" if params.get("sort") == key and params.get("order", "desc") != "asc" else "desc"
    query = {k: v for k, v in params.items() if k not in ("sort", "order") and v}
    query.update(sort=key, order=order)
    return f"<a href='/incidents?{e(urlencode(query))}'>{label}</a>"


def incidents_html(records: list[Incident], params: Any = None, universe: list[Incident] | None = None) -> str:
    """`universe` is the unfiltered table: the filter choices and the total come from it."""
    params = params if params is not None else {}
    universe = records if universe is None else universe
    total = None if universe is records else len(universe)
    rows = []
    for r in records:
        rows.append(
            "<tr>"
            f"<td>{e(_date(r.date))}</td>"
            f"<td>{e(_place(r.place))}</td>"
            f"<td>{e(r.attack_type)}</td>"
            f"<td>{_count(r.killed)}</td>"
            f"<td>{_count(r.wounded)}</td>"
            f"<td>{e(r.perpetrator.claimed_by or r.perpetrator.attributed_to or '–')}</td>"
            f"<td>{r.independent_sources} ({len(r.articles)} articles)</td>"
            f"<td>{'<span class=conflict>yes</span>' if r.conflicting else ''}</td>"
            f"<td><a href='/incidents/{e(r.incident_id)}'>details</a></td>"
            "</tr>"
        )
    body = (
        f"<h1>Incidents <small>{len(records)}{'' if total is None else f' of {total}'}</small></h1>"
        f"{_filter_form(params, universe)}"
        f"<table id='incidents'><thead><tr><th>{_sort_link('Date', 'date', params)}</th>"
        f"<th>{_sort_link('Place', 'place', params)}</th><th>Type</th><th>{_sort_link('Killed', 'killed', params)}</th>"
        f"<th>{_sort_link('Wounded', 'wounded', params)}</th>"
        f"<th>Claimed / attributed</th><th>{_sort_link('Independent sources', 'sources', params)}</th>"
        "<th>Conflicting</th><th></th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        "<p><a href='/incidents.json'>JSON</a> · <a href='/health'>health</a> · <a href='/metrics'>metrics</a>"
        " · <a href='/deadletters'>dead letters</a></p>"
    )
    # A plain refresh keeps the table live with no script; operators watching a feed see new rows in 10 s.
    return PAGE.format(title="sitrep incidents", head="<meta http-equiv='refresh' content='10'>", body=body)


def incident_html(r: Incident) -> str:
    claims = []
    for c in r.claims:
        figures = []
        for label, fig in (("killed", c.killed), ("wounded", c.wounded), ("casualties", c.casualties)):
            if fig is not None and (fig.low is not None or fig.high is not None):
                rng = f"{fig.low}" if fig.low == fig.high else f"{fig.low}–{'' if fig.high is None else fig.high}"
                figures.append(f"{label} {e(rng)}{' (' + e(fig.qualifier) + ')' if fig.qualifier else ''}")
        # Only web links: a javascript: or data: URL from a feed must never become clickable.
        safe_url = c.url if c.url and c.url.lower().startswith(("http://", "https://")) else None
        label = e(c.outlet or c.article_id)
        link = f"<a href='{e(safe_url)}' rel='noopener noreferrer nofollow'>{label}</a>" if safe_url else label
        claims.append(
            f"<tr><td>{link}{' <small>(primary)</small>' if c.primary else ''}{' <small>retracted</small>' if c.retracted else ''}</td>"
            f"<td>{e(str(c.published_at or ''))}</td><td>{'; '.join(figures) or '–'}</td>"
            f"<td>{e(c.source or '–')}</td><td><blockquote>{e(c.quote[:600])}</blockquote></td></tr>"
        )
    history = "".join(
        f"<tr><td>{e(str(h.published_at or ''))}</td><td>{e(h.kind)}</td><td>{h.low}–{'' if h.high is None else h.high}</td>"
        f"<td>{e(h.qualifier or '')}</td><td>{e(h.source or '')}</td><td>{e(h.outlet or h.article_id)}</td>"
        f"<td>{'retracted' if h.retracted else ''}</td></tr>"
        for h in r.history
    )
    merges = "".join(f"<li>{e(m.absorbed_id)}: {e(m.reason)}</li>" for m in r.merges)
    body = (
        f"<p><a href='/incidents'>← all incidents</a></p><h1>{e(r.attack_type)} · {e(_place(r.place))} · {e(_date(r.date))}</h1>"
        f"<p>Killed {_count(r.killed)} · wounded {_count(r.wounded)}"
        f"{' · <span class=conflict>sources conflict</span>' if r.conflicting else ''}"
        f" · claimed by {e(r.perpetrator.claimed_by or '–')} · attributed to {e(r.perpetrator.attributed_to or '–')}"
        f"{' · denied by ' + e(', '.join(r.perpetrator.denied_by)) if r.perpetrator.denied_by else ''}"
        f" · {r.independent_sources} independent source(s) · version {r.version}</p>"
        "<h2>Claims</h2><table><tr><th>Source</th><th>Published</th><th>Figures</th><th>Given by</th><th>Quote</th></tr>"
        f"{''.join(claims)}</table>"
        "<h2>Toll history</h2><table><tr><th>Published</th><th>Kind</th><th>Figure</th><th>Qualifier</th><th>Given by</th>"
        f"<th>Outlet</th><th></th></tr>{history}</table>"
        f"<h2>Merges</h2><ul>{merges or '<li>none</li>'}</ul>"
        f"<p>Id {e(r.incident_id)}{' · aliases ' + e(', '.join(r.aliases)) if r.aliases else ''} · <a href='/incidents/{e(r.incident_id)}.json'>JSON</a></p>"
    )
    return PAGE.format(title="sitrep incident", head="", body=body)


class Health:
    """Broker reachability, probed in the background so /health answers at once."""

    def __init__(self) -> None:
        self.broker_ok: bool | None = None
        self.checked_at: float = 0.0
        self.error: str = ""

    async def probe(self, bootstrap: list[str]) -> None:
        from aiokafka.admin import AIOKafkaAdminClient

        client = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=3000)
        try:
            await asyncio.wait_for(client.start(), 5)
            await asyncio.wait_for(client.list_topics(), 5)
            self.broker_ok, self.error = True, ""
        except Exception as exc:  # noqa: BLE001 - any failure is "unreachable"
            self.broker_ok, self.error = False, f"{type(exc).__name__}: {exc}"
        finally:
            self.checked_at = time.time()
            try:
                await client.close()
            except Exception:  # noqa: BLE001
                pass


def agents_alive(topo: Any) -> dict[str, bool]:
    alive = {}
    for name, agent in topo.agents.items():
        if "." in name:
            continue
        actors = list(getattr(agent, "_actors", []) or [])
        alive[name] = bool(actors) and all(
            not (getattr(a, "actor_task", None) is not None and a.actor_task.done()) for a in actors
        )
    return alive


def register(topo: Any) -> None:
    app = topo.app
    table = topo.tables["incidents"]
    health = topo.health = Health()

    @app.timer(interval=5.0, on_leader=False)
    async def _probe_broker() -> None:
        servers = [f"{u.host}:{u.port or 9092}" for u in app.conf.broker]
        await health.probe(servers)

    @app.page("/incidents")
    async def incidents_page(self: Any, request: Any) -> Any:
        records = incident_records(table)
        return self.html(incidents_html(filter_records(records, request.query), request.query, universe=records))

    @app.page("/incidents.json")
    async def incidents_json(self: Any, request: Any) -> Any:
        records = filter_records(incident_records(table), request.query)
        return self.bytes(codec.dumps([r.model_dump(mode="json") for r in records]), content_type="application/json")

    @app.page("/incidents/{incident_id}")
    async def incident_page(self: Any, request: Any, incident_id: str) -> Any:
        as_json = incident_id.endswith(".json")
        record = find_incident(table, incident_id[:-5] if as_json else incident_id)
        if record is None:
            return self.html(PAGE.format(title="not found", head="", body="<p>No such incident.</p>"), status=404)
        if as_json:
            return self.bytes(codec.dumps(record), content_type="application/json")
        return self.html(incident_html(record))

    @app.page("/deadletters")
    async def deadletters_page(self: Any, request: Any) -> Any:
        letters = list(metrics.recent_dead_letters)[::-1]
        skipped = list(metrics.recent_skipped)[::-1]
        rows = "".join(
            f"<tr><td>{e(str(d.failed_at))}</td><td>{e(d.stage)}</td><td>{e(d.reason)}</td>"
            f"<td>{e(str(d.source_topic))}[{d.source_partition}]@{d.source_offset}</td><td>{e(d.error[:300])}</td></tr>"
            for d in letters
        )
        srows = "".join(f"<tr><td>{e(s.article_id)}</td><td>{e(s.reason)}</td><td>{e(s.detail)}</td></tr>" for s in skipped)
        body = (
            "<p><a href='/incidents'>← incidents</a></p><h1>Recent dead letters</h1>"
            "<table><tr><th>When</th><th>Stage</th><th>Reason</th><th>Source</th><th>Error</th></tr>"
            f"{rows}</table><h2>Articles with no claim</h2><table><tr><th>Article</th><th>Reason</th><th>Detail</th></tr>{srows}</table>"
        )
        return self.html(PAGE.format(title="sitrep dead letters", head="", body=body))

    @app.page("/health")
    async def health_page(self: Any, request: Any) -> Any:
        agents = agents_alive(topo)
        healthy = health.broker_ok is not False and all(agents.values())
        payload = {
            "status": "ok" if healthy else "unhealthy",
            "broker": {
                "reachable": health.broker_ok,
                "checked_at": health.checked_at,
                "error": health.error,
                "embedded": topo.embedded,
            },
            "agents": agents,
            "dead_letters": int(sum(s.value for m in metrics.dead_letters.collect() for s in m.samples if s.name.endswith("_total"))),
        }
        return self.bytes(codec.dumps(payload), content_type="application/json", status=200 if healthy else 503)

    @app.page("/metrics")
    async def metrics_page(self: Any, request: Any) -> Any:
        return self.bytes(generate_latest(metrics.REGISTRY), content_type="text/plain; version=0.0.4")
