#!/usr/bin/env python3
"""Makes src/map/fylker-2024.json, the county map of the dashboards, from Kartverket's 2024 county
boundaries (/work/shared/data/fylker-2024.topojson, CC BY 4.0, "© Kartverket"): GeoJSON with
coordinates rounded to 0.01 degree (about 1 km, far below a pixel on the map) and slivers dropped,
so the lazily loaded map stays small. Run: python3 scripts/fylker.py SOURCE.topojson"""
import json, sys

src = json.load(open(sys.argv[1] if len(sys.argv) > 1 else '/work/shared/data/fylker-2024.topojson'))
arcs = src['arcs']

def arc(i):
    a = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
    return a

def ring(idx):
    pts = []
    for i in idx:
        a = arc(i)
        pts.extend(a if not pts else a[1:])
    out = []
    for x, y in pts:
        p = [round(x, 2), round(y, 2)]
        if not out or out[-1] != p:
            out.append(p)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out

def area(r):
    return abs(sum(r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1] for i in range(len(r) - 1))) / 2

features = []
for g in src['objects']['Fylker']['geometries']:
    polys = g['arcs'] if g['type'] == 'MultiPolygon' else [g['arcs']]
    out = []
    for poly in polys:
        rings = [ring(r) for r in poly]
        if len(rings[0]) < 4 or area(rings[0]) < 0.002:
            continue
        out.append([r for r in rings if len(r) >= 4])
    p = g['properties']
    features.append({'type': 'Feature', 'id': p['fylkesnummer'], 'properties': {'number': p['fylkesnummer'], 'name': p['name']},
                     'geometry': {'type': 'MultiPolygon', 'coordinates': out}})

json.dump({'type': 'FeatureCollection', 'features': features}, open('src/map/fylker-2024.json', 'w'), separators=(',', ':'))
