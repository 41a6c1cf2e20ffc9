"""Pure computation: camera views, zone coverage, rulesets, OSM zone derivation.

Nothing in this package touches files, Qt or folium; every function takes and
returns GeoDataFrames, numpy arrays or frozen dataclasses.
"""
