"""Write coopdocs/data/world-50m.json.gz: the countries' outlines and centres that the experience
sheet's map draws (coopdocs/documents/partner_map.py), so that nothing is fetched at run time.

Source: Natural Earth's Admin 0 countries at 1:50m (public domain, naturalearthdata.com),
as the TopoJSON of the npm package world-atlas 2.0.2 (ISC licence, © Michael Bostock):

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    pip download --no-deps pycountry        # ISO 3166 numeric → alpha-2 codes, for this script only
    python scripts/make_world.py package/countries-50m.json [PATH/TO/pycountry]

The TopoJSON is kept as it is (quantized, delta-encoded arcs: about a third of plain
coordinates); each country's geometry is keyed by its ISO 3166-1 alpha-2 code and gets its
centre: the visual centre of its largest polygon (mainland France, not French Guiana): the
point inside it farthest from its coast and borders, where a name or a point is put.
"""

from __future__ import annotations

import gzip
import io
import json
import math
import sys
from pathlib import Path

from coopdocs.documents.partner_map import decode_arcs

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "coopdocs" / "data" / "world-50m.json.gz"
SOURCE = (
    "Natural Earth, Admin 0 countries 1:50m (public domain, naturalearthdata.com), as the TopoJSON of "
    "world-atlas 2.0.2 (ISC, © Michael Bostock); keyed by ISO 3166-1 alpha-2, centres computed by "
    "scripts/make_world.py"
)
# Natural Earth's parts without an ISO numeric code that people still name by a country's code.
EXTRA = {"Kosovo": "XK", "N. Cyprus": None, "Somaliland": None, "Siachen Glacier": None}


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def area_centroid(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    """(|area|, x, y) of a ring, planar in degrees: enough to place a point inside a country."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if not a:
        return 0.0, points[0][0], points[0][1]
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def inside(x: float, y: float, points: list[tuple[float, float]]) -> bool:
    found = False
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            found = not found
    return found


def edge_distance(x: float, y: float, points: list[tuple[float, float]], scale: float) -> float:
    """The distance (degrees of latitude) from a point to the nearest edge of a ring."""
    best = math.inf
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        ax, ay, bx, by, px, py = x0 * scale, y0, x1 * scale, y1, x * scale, y
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy))) if dx or dy else 0.0
        best = min(best, math.hypot(px - ax - t * dx, py - ay - t * dy))
    return best


def centre(arcs: list, geometry: dict) -> list[float]:
    """The visual centre of the largest polygon: of a grid of points inside it, the farthest
    from its edge (the centroid of a concave country such as Norway falls outside it)."""
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    outer = max((ring(arcs, polygon[0]) for polygon in polygons), key=lambda points: area_centroid(points)[0])
    _area, cx, cy = area_centroid(outer)
    xs, ys = [p[0] for p in outer], [p[1] for p in outer]
    scale = math.cos(math.radians((min(ys) + max(ys)) / 2))
    best, where = -1.0, (cx, cy)
    steps = 60
    for i in range(steps + 1):
        for j in range(steps + 1):
            x = min(xs) + (max(xs) - min(xs)) * i / steps
            y = min(ys) + (max(ys) - min(ys)) * j / steps
            if inside(x, y, outer):
                distance = edge_distance(x, y, outer, scale)
                if distance > best:
                    best, where = distance, (x, y)
    return [round(where[0], 3), round(where[1], 3)]


def main(source: Path, pycountry_path: str | None = None) -> None:
    if pycountry_path:
        sys.path.insert(0, pycountry_path)
    import pycountry

    topology = json.loads(source.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    countries = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        code = EXTRA.get(name, "")
        if code == "" and "id" in geometry:
            found = pycountry.countries.get(numeric=geometry["id"])
            code = found.alpha_2 if found else None
        if not code or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        countries[code] = {"type": geometry["type"], "arcs": geometry["arcs"], "centre": centre(arcs, geometry)}
    data = {
        "source": SOURCE,
        "transform": topology["transform"],
        "arcs": topology["arcs"],
        "countries": dict(sorted(countries.items())),
    }
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, compresslevel=9) as archive:
        archive.write(json.dumps(data, separators=(",", ":")).encode("utf-8"))
    TARGET.write_bytes(out.getvalue())
    print(f"{TARGET}: {len(countries)} pays, {len(out.getvalue()) // 1024} Kio")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None)
