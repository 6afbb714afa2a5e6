"""Operator web view on Faust's web server: reads the `incidents` table, the metrics and the consumer's state,
writes HTTP responses.

/incidents (HTML, kept live by a small script polling /incidents.json?view=rows), /incidents.json,
/incidents/{id} (HTML; .json for the record), /pipeline (+ .json), /health, /metrics, /deadletters.
Every piece of article text is escaped, on the server and in the page's script; nothing dumps a raw table.
"""
from __future__ import annotations

import asyncio
import base64
import hashlib
import html
import logging
import time
from datetime import timezone
from typing import Any

from prometheus_client import generate_latest

from schemas import codec
from schemas.incident import Incident
from streams import metrics
from streams.incidents.fold import to_record
from streams.incidents.store import IncidentStore, StateCache
from streams.web.charts import toll_chart_svg
from streams.web.pipeline import PipelineMonitor, pipeline_html

log = logging.getLogger(__name__)
e = html.escape


VIEW_CACHE_CLAIMS = 1_000  # the pages' own decoded states, apart from the agent's so a page never evicts those


def incident_records(store: IncidentStore) -> list[Incident]:
    records = []
    for key in store.ids():
        record = to_record(store.load(key))
        if record is not None and record.merged_into is None:
            records.append(record)
    metrics.incidents_live.set(len(records))
    # Newest first by event date; undated last; id as the stable tie-break.
    records.sort(key=lambda r: r.incident_id)
    records.sort(key=lambda r: (r.date.start is not None, r.date.start or ""), reverse=True)
    return records


def find_incident(store: IncidentStore, incident_id: str) -> Incident | None:
    """Follows merges: an absorbed id answers with its survivor."""
    seen: set[str] = set()
    while incident_id not in seen:
        seen.add(incident_id)
        record = to_record(store.load(incident_id), limit=None)  # the incident page lists every claim
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


def _count_parts(c: Any) -> tuple[str, str]:
    """(best, "(low–high)" or ""): the table shows the range beside the best figure whenever they differ."""
    if c.best is None and c.low is None:
        return "–", ""
    best = "?" if c.best is None else str(c.best)
    if c.low is not None and (c.low != c.best or c.high != c.best):
        return best, f"({c.low}–{'' if c.high is None else c.high})"
    return best, ""


def _with_small(text: str, small: str) -> str:
    return f"{e(text)} <small>{e(small)}</small>" if small else e(text)


def _count(c: Any) -> str:
    return _with_small(*_count_parts(c))


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


PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title><link rel="icon" href="data:,">
<style>body{{font:14px system-ui,sans-serif;margin:1.5em}}table{{border-collapse:collapse;margin-bottom:1em}}
td,th{{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}}
.conflict,.lagging{{color:#b00;font-weight:600}}.ok{{color:#070;font-weight:600}}small{{color:#666}}
blockquote{{margin:.3em 0;color:#333;max-width:48em}}#incidents td:nth-child(-n+1),#incidents td:nth-child(4),
#incidents td:nth-child(5),#claims td:nth-child(2),#history td:nth-child(1){{white-space:nowrap}}nav a{{margin-right:.8em}}#live{{color:#666}}</style>
{head}</head><body>{body}</body></html>"""

NAV = (
    "<nav><a href='/incidents'>incidents</a><a href='/pipeline'>pipeline</a><a href='/deadletters'>dead letters</a>"
    "<a href='/health'>health</a><a href='/metrics'>metrics</a></nav>"
)


_STATUS_WORDS = {"doubted": "claim doubted", "unknown": ""}


def _statement(r: Any) -> str:
    """One statement on who did it, in words: "claimed by X on Telegram", "attributed to X by Y" ..."""
    group = r.group or "unnamed group"
    by = f" by {r.by}" if r.by else ""
    if r.status == "claimed":
        return f"claimed by {group}{' on ' + r.channel if r.channel else ''}"
    if r.status == "doubted":
        return f"claim of {group} doubted{by}"
    if r.status == "attributed":
        return f"attributed to {group}{by}"
    if r.status == "speculated":
        return f"{group} suspected{by}"
    if r.status == "denied":
        return f"denied by {group}"
    return "no claim of responsibility"


def row_summary(r: Incident) -> dict[str, Any]:
    """What one table row shows, already formatted, so the page's script renders exactly what the server does."""
    killed, killed_range = _count_parts(r.killed)
    wounded, wounded_range = _count_parts(r.wounded)
    group, status = r.perpetrator.actor()
    return {
        "id": r.incident_id,
        "date": _date(r.date),
        "place": _place(r.place),
        "type": r.attack_type,
        "killed": killed,
        "killed_range": killed_range,
        "wounded": wounded,
        "wounded_range": wounded_range,
        "claimed": group or "–",
        "claim_status": _STATUS_WORDS.get(status, status),
        "sources": f"{r.independent_sources} ({_articles(r)} article{'' if _articles(r) == 1 else 's'})",
        "conflicting": r.conflicting,
    }


def _articles(r: Incident) -> int:
    return max(r.articles_total, len(r.articles))  # records from before the total was kept list them all


def _row_html(r: Incident) -> str:
    row = row_summary(r)
    return (
        f"<tr data-id='{e(row['id'])}'>"
        f"<td>{e(row['date'])}</td><td>{e(row['place'])}</td><td>{e(row['type'])}</td>"
        f"<td>{_count(r.killed)}</td><td>{_count(r.wounded)}</td><td>{_with_small(row['claimed'], row['claim_status'])}</td>"
        f"<td>{e(row['sources'])}</td>"
        f"<td>{'<span class=conflict>yes</span>' if row['conflicting'] else ''}</td>"
        f"<td><a href='/incidents/{e(row['id'])}'>details</a></td></tr>"
    )


# Polls the JSON with the page's own query and rebuilds the tbody from DOM nodes with textContent: no data
# ever reaches innerHTML, so a hostile place name or actor stays text. Stops polling while the tab is hidden.
LIVE_SCRIPT = """<script>
(function () {
  var INTERVAL = %(interval)d;
  var tbody = document.querySelector('#incidents tbody');
  var shown = document.getElementById('shown');
  var live = document.getElementById('live');
  var params = new URLSearchParams(window.location.search);
  params.set('view', 'rows');
  var last = null;
  function cell(tr, text, small) {
    var td = document.createElement('td');
    td.textContent = text;
    if (small) { td.appendChild(document.createTextNode(' ')); var s = document.createElement('small'); s.textContent = small; td.appendChild(s); }
    tr.appendChild(td);
    return td;
  }
  function render(rows) {
    var body = document.createElement('tbody');
    rows.forEach(function (r) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-id', r.id);
      cell(tr, r.date); cell(tr, r.place); cell(tr, r.type);
      cell(tr, r.killed, r.killed_range); cell(tr, r.wounded, r.wounded_range);
      cell(tr, r.claimed, r.claim_status); cell(tr, r.sources);
      var c = cell(tr, '');
      if (r.conflicting) { var span = document.createElement('span'); span.className = 'conflict'; span.textContent = 'yes'; c.appendChild(span); }
      var a = document.createElement('a');
      a.href = '/incidents/' + encodeURIComponent(r.id);
      a.textContent = 'details';
      cell(tr, '').appendChild(a);
      body.appendChild(tr);
    });
    tbody.replaceWith(body);
    tbody = body;
  }
  function tick() {
    if (document.hidden) { return; }
    fetch('/incidents.json?' + params.toString(), {cache: 'no-store'})
      .then(function (resp) { if (!resp.ok) { throw new Error('HTTP ' + resp.status); } return resp.text(); })
      .then(function (text) {
        if (text !== last) {
          last = text;
          var data = JSON.parse(text);
          render(data.rows);
          shown.textContent = String(data.rows.length) + (data.rows.length === data.total ? '' : ' of ' + data.total);
        }
        live.textContent = 'live, checked ' + new Date().toLocaleTimeString();
      })
      .catch(function (err) { live.textContent = 'live update failed (' + err.message + '); retrying'; });
  }
  setInterval(tick, INTERVAL);
  document.addEventListener('visibilitychange', tick);
})();
</script>"""
LIVE_INTERVAL_MS = 3000
LIVE = LIVE_SCRIPT % {"interval": LIVE_INTERVAL_MS}
_LIVE_HASH = base64.b64encode(hashlib.sha256(LIVE[len("<script>"):-len("</script>")].encode()).digest()).decode()
# Only the page's own script (by hash) may run, and it may only fetch from this origin: even if some text escaped
# the escaping, the browser would refuse to run it.
HTML_HEADERS = {
    "Content-Security-Policy": (
        f"default-src 'none'; script-src 'sha256-{_LIVE_HASH}'; connect-src 'self'; style-src 'unsafe-inline'; "
        "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def html_response(view: Any, page: str, status: int = 200) -> Any:
    return view.html(page, status=status, headers=dict(HTML_HEADERS))


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

    active = (params.get("sort") or "date") == key
    descending = (params.get("order") or "desc") != "asc"
    order = "asc" if active and descending else "desc"  # a second click on the sorted column flips it
    query = {k: v for k, v in params.items() if k not in ("sort", "order", "view") and v}
    query.update(sort=key, order=order)
    arrow = (" ▼" if descending else " ▲") if active else ""
    return f"<a href='/incidents?{e(urlencode(query))}'>{label}</a>{arrow}"


def incidents_html(records: list[Incident], params: Any = None, universe: list[Incident] | None = None) -> str:
    """`universe` is the unfiltered table: the filter choices and the total come from it."""
    params = params if params is not None else {}
    universe = records if universe is None else universe
    shown = f"{len(records)}" + ("" if len(universe) == len(records) else f" of {len(universe)}")
    body = (
        f"{NAV}<h1>Incidents <small id='shown'>{shown}</small></h1>"
        f"{_filter_form(params, universe)}"
        f"<p><small id='live'>live: updates every {LIVE_INTERVAL_MS // 1000} s</small></p>"
        f"<table id='incidents'><thead><tr><th>{_sort_link('Date', 'date', params)}</th>"
        f"<th>{_sort_link('Place', 'place', params)}</th><th>Type</th><th>{_sort_link('Killed', 'killed', params)}</th>"
        f"<th>{_sort_link('Wounded', 'wounded', params)}</th>"
        f"<th>Perpetrator</th><th>{_sort_link('Independent sources', 'sources', params)}</th>"
        "<th>Conflicting</th><th></th></tr></thead>"
        f"<tbody>{''.join(_row_html(r) for r in records)}</tbody></table>"
        "<p><a href='/incidents.json'>JSON</a></p>"
    )
    return PAGE.format(title="sitrep incidents", head="", body=body + LIVE)


def rows_payload(records: list[Incident], total: int) -> dict[str, Any]:
    return {"total": total, "rows": [row_summary(r) for r in records]}


def _safe_url(url: str | None) -> str | None:
    # Only web links: a javascript: or data: URL from a feed must never become clickable.
    return url if url and url.strip().lower().startswith(("http://", "https://")) else None


def _link(url: str | None, label: str) -> str:
    safe = _safe_url(url)
    return f"<a href='{e(safe)}' rel='noopener noreferrer nofollow'>{e(label)}</a>" if safe else e(label)


def _when(value: Any) -> str:
    """Publication time in UTC; a bare date when the feed gave no time of day (midnight UTC)."""
    if value is None:
        return "–"
    utc = value.astimezone(timezone.utc)
    return utc.date().isoformat() if (utc.hour, utc.minute, utc.second) == (0, 0, 0) else utc.strftime("%Y-%m-%d %H:%M UTC")


def _figure(low: int | None, high: int | None) -> str:
    if low == high:
        return "?" if low is None else str(low)
    return f"{'' if low is None else low}–{'' if high is None else high}"


def incident_html(r: Incident) -> str:
    claims = []
    for c in r.claims:
        figures = []
        for label, fig in (("killed", c.killed), ("wounded", c.wounded), ("casualties", c.casualties)):
            if fig is not None and (fig.low is not None or fig.high is not None):
                figures.append(f"{label} {e(_figure(fig.low, fig.high))}{' (' + e(fig.qualifier) + ')' if fig.qualifier else ''}")
        if c.attackers_killed:
            figures.append(f"attackers killed {c.attackers_killed}")
        flags = (" <small>(primary)</small>" if c.primary else " <small>(mention)</small>") + (
            " <small class=conflict>retracted</small>" if c.retracted else ""
        )
        claims.append(
            f"<tr class='claim'><td>{_link(c.url, c.outlet or c.article_id)}{flags}</td>"
            f"<td>{e(_when(c.published_at))}</td><td>{'; '.join(figures) or '–'}</td>"
            f"<td>{e(c.source or 'not stated')}</td><td><blockquote>{e(c.quote[:600])}</blockquote></td></tr>"
        )
    history = "".join(
        f"<tr><td>{e(_when(h.published_at))}</td><td>{e(h.kind)}</td><td>{_figure(h.low, h.high)}</td>"
        f"<td>{e(h.qualifier or '')}</td><td>{e(h.source or '')}</td><td>{e(h.outlet or h.article_id)}</td>"
        f"<td>{'retracted' if h.retracted else ''}</td></tr>"
        for h in r.history
    )
    merges = "".join(f"<li><code>{e(m.absorbed_id)}</code>: {e(m.reason)}</li>" for m in r.merges)
    aliases = "".join(f"<li><code>{e(a)}</code></li>" for a in r.aliases)
    primary_ids = {a.article_id for a in r.articles if a.primary}
    primary = [a for a in r.articles if a.primary]
    mentions = [a for a in r.articles if not a.primary and a.article_id not in primary_ids]

    def articles(items: list[Any], empty: str) -> str:
        return "".join(
            f"<li>{_link(a.url, a.outlet or a.article_id)} <small>{e(a.article_id)}</small></li>" for a in items
        ) or f"<li>{empty}</li>"

    said = [_statement(x) for x in r.perpetrator.statements]
    if not said:  # records from before statements: their summary fields
        said = [f"claimed by {r.perpetrator.claimed_by}"] if r.perpetrator.claimed_by else []
        said += [f"attributed to {r.perpetrator.attributed_to}"] if r.perpetrator.attributed_to else []
        said += [f"denied by {', '.join(r.perpetrator.denied_by)}"] if r.perpetrator.denied_by else []
    perpetrator = e(" · ".join(said) or "perpetrator unknown")
    body = (
        f"{NAV}<p><a href='/incidents'>← all incidents</a></p>"
        f"<h1>{e(r.attack_type)} · {e(_place(r.place))} · {e(_date(r.date))}</h1>"
        f"<p id='summary'>Killed {_count(r.killed)} · wounded {_count(r.wounded)}"
        f"{' · attackers killed ' + str(r.attackers_killed) if r.attackers_killed else ''}"
        f"{' · <span class=conflict>sources conflict</span>' if r.conflicting else ''}"
        f" · {perpetrator} · {r.independent_sources} independent source(s) · version {r.version}"
        f"{' · updated ' + e(_when(r.updated_at)) if r.updated_at else ''}</p>"
        f"<h2>Claims <small>{len(r.claims)}</small></h2>"
        "<table id='claims'><tr><th>Outlet</th><th>Published</th><th>Figures</th><th>Figures given by</th><th>Quote</th></tr>"
        f"{''.join(claims)}</table>"
        f"<h2>Toll history</h2>{toll_chart_svg(r.history)}"
        "<table id='history'><tr><th>Published</th><th>Kind</th><th>Figure</th><th>Qualifier</th><th>Given by</th>"
        f"<th>Outlet</th><th></th></tr>{history}</table>"
        f"<h2>Reported by</h2><ul id='primary-articles'>{articles(primary, 'none')}</ul>"
        f"<h2>Articles that only mention it</h2><ul id='mentions'>{articles(mentions, 'none')}</ul>"
        f"<h2>Merges</h2><ul id='merges'>{merges or '<li>none</li>'}</ul>"
        f"<h2>Aliases</h2><ul id='aliases'>{aliases or '<li>none</li>'}</ul>"
        f"<p>Id <code>{e(r.incident_id)}</code> · <a href='/incidents/{e(r.incident_id)}.json'>JSON</a></p>"
    )
    return PAGE.format(title=f"sitrep incident {e(r.incident_id[:8])}", head="", body=body)


PIPELINE_SAMPLE_SECONDS = 2.0


class Health:
    """Broker reachability, probed in the background so /health answers at once."""

    def __init__(self, client: dict[str, Any] | None = None) -> None:
        self.client = client or {}  # a secured cluster's arguments (Settings.kafka_client)
        self.broker_ok: bool | None = None
        self.checked_at: float = 0.0
        self.error: str = ""

    async def probe(self, bootstrap: list[str]) -> None:
        from aiokafka.admin import AIOKafkaAdminClient

        client = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=3000, **self.client)
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
    store = IncidentStore(topo.tables["incidents"], StateCache(VIEW_CACHE_CLAIMS))
    health = topo.health = Health(topo.settings.kafka_client())
    monitor = topo.pipeline = PipelineMonitor(metrics.REGISTRY)

    @app.timer(interval=5.0, on_leader=False)
    async def _probe_broker() -> None:
        servers = [f"{u.host}:{u.port or 9092}" for u in app.conf.broker]
        await health.probe(servers)

    @app.timer(interval=PIPELINE_SAMPLE_SECONDS, on_leader=False)
    async def _sample_pipeline() -> None:
        await monitor.collect(app, health, topo.embedded)

    @app.page("/pipeline")
    async def pipeline_page(self: Any, request: Any) -> Any:
        return html_response(self, pipeline_html(monitor.snapshot, PAGE, NAV))

    @app.page("/pipeline.json")
    async def pipeline_json(self: Any, request: Any) -> Any:
        return self.bytes(codec.dumps(monitor.snapshot.as_json()), content_type="application/json")

    @app.page("/incidents")
    async def incidents_page(self: Any, request: Any) -> Any:
        records = incident_records(store)
        return html_response(self, incidents_html(filter_records(records, request.query), request.query, universe=records))

    @app.page("/incidents.json")
    async def incidents_json(self: Any, request: Any) -> Any:
        universe = incident_records(store)
        records = filter_records(universe, request.query)
        if request.query.get("view") == "rows":  # what the table page's script polls: rows only, pre-formatted
            return self.bytes(codec.dumps(rows_payload(records, len(universe))), content_type="application/json")
        return self.bytes(codec.dumps([r.model_dump(mode="json") for r in records]), content_type="application/json")

    @app.page("/incidents/{incident_id}")
    async def incident_page(self: Any, request: Any, incident_id: str) -> Any:
        as_json = incident_id.endswith(".json")
        record = find_incident(store, incident_id[:-5] if as_json else incident_id)
        if record is None:
            return html_response(self, PAGE.format(title="not found", head="", body="<p>No such incident.</p>"), status=404)
        if as_json:
            return self.bytes(codec.dumps(record), content_type="application/json")
        return html_response(self, incident_html(record))

    @app.page("/deadletters")
    async def deadletters_page(self: Any, request: Any) -> Any:
        letters = list(metrics.recent_dead_letters)[::-1]
        skipped = list(metrics.recent_skipped)[::-1]
        rows = "".join(
            f"<tr><td>{e(str(d.failed_at))}</td><td>{e(d.stage)}</td><td>{e(d.reason)}</td>"
            f"<td>{e(str(d.source_topic))}[{d.source_partition}]@{d.source_offset}</td><td>{d.size}</td>"
            f"<td>{d.parts}</td><td>{e(d.error[:300])}</td></tr>"
            for d in letters
        )
        srows = "".join(f"<tr><td>{e(s.article_id)}</td><td>{e(s.reason)}</td><td>{e(s.detail)}</td></tr>" for s in skipped)
        body = (
            f"{NAV}<h1>Recent dead letters</h1>"
            "<table><tr><th>When</th><th>Stage</th><th>Reason</th><th>Source</th><th>Bytes</th><th>Parts</th>"
            "<th>Error</th></tr>"
            f"{rows}</table><h2>Articles with no claim</h2><table><tr><th>Article</th><th>Reason</th><th>Detail</th></tr>{srows}</table>"
        )
        return html_response(self, PAGE.format(title="sitrep dead letters", head="", body=body))

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
