"""Draw the European emblem (coopdocs/data/eu-emblem.png) from its geometric description.

The Commission's graphic rules (CPR 2021/1060 annex IX): a blue rectangle 3:2, twelve gold
five-pointed stars on an invisible circle whose radius is a third of the height, each star's
radius an eighteenth of the height, one point up. Reflex blue #003399, yellow #FFCC00.
Pure Python (zlib), so the same bytes every time.
"""

from __future__ import annotations

import math
import struct
import sys
import zlib
from pathlib import Path

BLUE, GOLD = (0x00, 0x33, 0x99), (0xFF, 0xCC, 0x00)
HEIGHT = 240
WIDTH = HEIGHT * 3 // 2
SAMPLES = 4  # supersampling per axis


def star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    inner = r * math.sin(math.radians(18)) / math.sin(math.radians(126))
    points = []
    for k in range(10):
        radius = r if k % 2 == 0 else inner
        angle = math.radians(-90 + 36 * k)
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def inside(x: float, y: float, polygon: list[tuple[float, float]]) -> bool:
    result = False
    j = len(polygon) - 1
    for i, (xi, yi) in enumerate(polygon):
        xj, yj = polygon[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            result = not result
        j = i
    return result


def coverage() -> list[list[float]]:
    grid = [[0.0] * WIDTH for _ in range(HEIGHT)]
    r = HEIGHT / 18
    for n in range(12):
        angle = math.radians(-90 + 30 * n)
        cx, cy = WIDTH / 2 + HEIGHT / 3 * math.cos(angle), HEIGHT / 2 + HEIGHT / 3 * math.sin(angle)
        polygon = star(cx, cy, r)
        for py in range(int(cy - r) - 1, int(cy + r) + 2):
            for px in range(int(cx - r) - 1, int(cx + r) + 2):
                hits = sum(
                    inside(px + (i + 0.5) / SAMPLES, py + (j + 0.5) / SAMPLES, polygon)
                    for i in range(SAMPLES)
                    for j in range(SAMPLES)
                )
                grid[py][px] = max(grid[py][px], hits / SAMPLES**2)
    return grid


def png(grid: list[list[float]]) -> bytes:
    rows = b""
    for line in grid:
        rows += b"\x00" + bytes(round(b + (g - b) * c) for c in line for b, g in zip(BLUE, GOLD, strict=True))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "coopdocs/data/eu-emblem.png")
    target.write_bytes(png(coverage()))
    print(target)
