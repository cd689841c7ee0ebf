"""The partners on a map, for the experience sheet: drawn by matplotlib (Agg) from
`partners[].location` {lat, lon}, else the centre of the partner's country, over the countries'
outlines that ship with coopdocs (coopdocs/data/world-50m.json.gz: Natural Earth 1:50m, public
domain, see world-50m.LICENSE.txt). No tile server, nothing fetched: the same PNG bytes for the
same partners.

Each partner is a numbered point; the document lists the numbers with the names beside the map
(labels on the map would overlap for neighbours twenty kilometres apart).
"""

from __future__ import annotations

import gzip
import io
import json
import math
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from coopdocs.project.model import ProjectFile

LAND, SEA, EDGE, HOME, POINT = "#F2F2EE", "#DCEAF4", "#9AA3AB", "#DDE8CF", "#1F4E79"
MIN_SPAN = 3.0  # degrees of latitude shown at least (one partner, or neighbours)


@dataclass(frozen=True)
class Place:
    """A partner on the map: its number, name, where, and whether that is its own `location`
    (else its country's centre)."""

    number: int
    name: str
    country: str
    lat: float
    lon: float
    exact: bool


@cache
def world() -> dict[str, Any]:
    data = files("coopdocs").joinpath("data/world-50m.json.gz").read_bytes()
    loaded: dict[str, Any] = json.loads(gzip.decompress(data))
    return loaded


def country_centre(code: str) -> tuple[float, float] | None:
    """(lat, lon) of a country's centre (its largest land's), None for a code the data lacks."""
    found = world()["countries"].get(code)
    return (found["centre"][1], found["centre"][0]) if found else None


def places(project: ProjectFile) -> list[Place]:
    """Every partner with a place: its location, else its country's centre; partners of one
    country without a location are set a little apart, so that each number shows."""
    found: list[Place] = []
    for number, partner in enumerate(project.partners, start=1):
        name = partner.short_name or partner.name
        if partner.location is not None:
            found.append(Place(number, name, partner.country, partner.location.lat, partner.location.lon, True))
            continue
        centre = country_centre(partner.country)
        if centre is not None:
            found.append(Place(number, name, partner.country, centre[0], centre[1], False))
    return _apart(found)


def _apart(found: list[Place]) -> list[Place]:
    """Places at the very same point are spread on a small circle around it."""
    groups: dict[tuple[float, float], list[int]] = {}
    for index, place in enumerate(found):
        groups.setdefault((round(place.lat, 2), round(place.lon, 2)), []).append(index)
    spread = list(found)
    for indexes in groups.values():
        for k, index in enumerate(indexes if len(indexes) > 1 else []):
            angle = 2 * math.pi * k / len(indexes)
            p = found[index]
            spread[index] = Place(
                p.number, p.name, p.country, p.lat + 0.35 * math.sin(angle), p.lon + 0.5 * math.cos(angle), p.exact
            )
    return spread


@cache
def _arcs() -> list[list[tuple[float, float]]]:
    return decode_arcs(world())


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """TopoJSON's quantised, delta-encoded arcs as (lon, lat) points (also used by scripts/make_world.py)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def rings(code: str) -> list[list[tuple[float, float]]]:
    """The outer and inner rings of a country's polygons, as (lon, lat) points."""
    country = world()["countries"][code]
    polygons = country["arcs"] if country["type"] == "MultiPolygon" else [country["arcs"]]
    arcs = _arcs()
    found = []
    for polygon in polygons:
        for indexes in polygon:
            points: list[tuple[float, float]] = []
            for index in indexes:
                arc = arcs[index] if index >= 0 else arcs[~index][::-1]
                points.extend(arc if not points else arc[1:])
            found.append(_unwrapped(points))
    return found


def _unwrapped(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring crossing the antimeridian (Russia, Fiji) kept in one piece: longitudes continue past
    ±180° instead of jumping across the whole map."""
    out: list[tuple[float, float]] = []
    shift = 0.0
    for lon, lat in points:
        if out and lon + shift - out[-1][0] > 180:
            shift -= 360
        elif out and lon + shift - out[-1][0] < -180:
            shift += 360
        out.append((lon + shift, lat))
    return out


def extent(found: list[Place]) -> tuple[float, float, float, float]:
    """(west, east, south, north): the places with a margin, at least MIN_SPAN degrees tall and
    about 3:2 on the page (longitudes shrink by the cosine of the latitude)."""
    lats, lons = [p.lat for p in found], [p.lon for p in found]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    middle = (south + north) / 2
    scale = max(math.cos(math.radians(middle)), 0.2)
    height = max(north - south, MIN_SPAN) * 1.35
    width = max((east - west) * 1.25, height * 1.5 / scale)
    height = max(height, width * scale / 1.5)
    centre_lon = (west + east) / 2
    south, north = max(middle - height / 2, -85.0), min(middle + height / 2, 85.0)
    return centre_lon - width / 2, centre_lon + width / 2, south, north


def _visible(code: str, box: tuple[float, float, float, float]) -> bool:
    west, east, south, north = box
    for ring in rings(code):
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        if min(xs) <= east and max(xs) >= west and min(ys) <= north and max(ys) >= south:
            return True
    return False


MARKER_IN = 0.19  # a numbered point's diameter on the page, in inches


def decluttered(found: list[Place], radius: float, scale: float) -> list[tuple[float, float]]:
    """Where each numbered point is drawn: at its place, or moved around it (up, then around)
    until it overlaps no point drawn before it. `radius` in degrees of latitude; a degree of
    longitude is `scale` of one of latitude."""
    drawn: list[tuple[float, float]] = []

    def clear(x: float, y: float) -> bool:
        return all(math.hypot((x - a) * scale, y - b) >= 2.1 * radius for a, b in drawn)

    for place in found:
        x, y = place.lon, place.lat
        step = 0
        while not clear(x, y) and step < 48:
            ring, turn = 1 + step // 8, step % 8
            angle = math.pi / 2 - turn * math.pi / 4
            x = place.lon + 2.6 * radius * ring * math.cos(angle) / scale
            y = place.lat + 2.6 * radius * ring * math.sin(angle)
            step += 1
        drawn.append((x, y))
    return drawn


def map_png(found: list[Place], width_in: float = 6.3) -> bytes:
    """The map as PNG: the countries in view (the partners' shaded), each place a numbered point."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Polygon

    box = extent(found)
    west, east, south, north = box
    scale = max(math.cos(math.radians((south + north) / 2)), 0.2)
    height_in = width_in * (north - south) / ((east - west) * scale)
    figure, axes = plt.subplots(figsize=(width_in, height_in), dpi=150)
    axes.set_facecolor(SEA)
    homes = {p.country for p in found}
    for code in world()["countries"]:
        if not _visible(code, box):
            continue
        colour = HOME if code in homes else LAND
        for ring in rings(code):
            axes.add_patch(Polygon(ring, closed=True, facecolor=colour, edgecolor=EDGE, linewidth=0.5))
    radius = MARKER_IN / 2 * (north - south) / height_in  # a marker's radius, in degrees of latitude
    for place, (x, y) in zip(found, decluttered(found, radius, scale)):
        if (x, y) != (place.lon, place.lat):  # moved off its neighbour: a thin line to where it is
            axes.plot([place.lon, x], [place.lat, y], color=POINT, linewidth=0.7, zorder=2)
            axes.plot(place.lon, place.lat, "o", markersize=2.5, color=POINT, zorder=2)
        axes.plot(x, y, "o", markersize=MARKER_IN * 72, color=POINT, markeredgecolor="white", zorder=3)
        axes.text(
            x, y, str(place.number), color="white", fontsize=7, fontweight="bold", ha="center", va="center", zorder=4
        )
    axes.set_xlim(west, east)
    axes.set_ylim(south, north)
    axes.set_aspect(1 / scale)
    axes.set_xticks([])
    axes.set_yticks([])
    for spine in axes.spines.values():
        spine.set_edgecolor(EDGE)
    figure.subplots_adjust(left=0.01, right=0.99, top=0.99, bottom=0.01)
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    plt.close(figure)
    return out.getvalue()
