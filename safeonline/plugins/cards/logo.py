"""The brand logo (assets/brand/logo.svg) drawn with Pillow.

Pillow cannot read SVG, and the logo must stay one file shared by site,
leaflets and cards; it uses only <path> (M L H V C S Z, absolute or
relative) and <circle>, so a small flattener draws it exactly.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image, ImageDraw

TOKEN_RE = re.compile(r"[MmLlHhVvCcSsZz]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
STEPS = 24  # segments per cubic curve


def _cubic(p0, p1, p2, p3):
    for i in range(1, STEPS + 1):
        t = i / STEPS
        u = 1 - t
        yield (u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
               u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1])


def path_polygons(d: str) -> list[list[tuple[float, float]]]:
    """SVG path data -> closed polygons."""
    tokens = TOKEN_RE.findall(d)
    polygons: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    x = y = 0.0
    ctrl = None
    cmd = ""
    i = 0

    def num() -> float:
        nonlocal i
        i += 1
        return float(tokens[i - 1])

    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
            if cmd in "Zz":
                if current:
                    polygons.append(current)
                current, ctrl = [], None
                continue
        rel = cmd.islower()
        base = (x, y) if rel else (0.0, 0.0)
        kind = cmd.upper()
        if kind == "M":
            if current:
                polygons.append(current)
            x, y = base[0] + num(), base[1] + num()
            current = [(x, y)]
            cmd = "l" if rel else "L"  # further pairs are line-tos
        elif kind == "L":
            x, y = base[0] + num(), base[1] + num()
            current.append((x, y))
        elif kind == "H":
            x = base[0] + num()
            current.append((x, y))
        elif kind == "V":
            y = base[1] + num()
            current.append((x, y))
        elif kind in "CS":
            if kind == "C":
                c1 = (base[0] + num(), base[1] + num())
            else:
                c1 = (2 * x - ctrl[0], 2 * y - ctrl[1]) if ctrl else (x, y)
            c2 = (base[0] + num(), base[1] + num())
            end = (base[0] + num(), base[1] + num())
            current.extend(_cubic((x, y), c1, c2, end))
            ctrl, (x, y) = c2, end
            continue
        ctrl = None
    if current:
        polygons.append(current)
    return polygons


def draw_logo(svg: Path, size: int) -> Image.Image:
    """The logo as an RGBA image `size` pixels square, antialiased by supersampling."""
    root = ET.fromstring(svg.read_text(encoding="utf-8"))
    _, _, width, height = (float(v) for v in root.get("viewBox", "0 0 64 64").split())
    scale = 4 * size / max(width, height)
    image = Image.new("RGBA", (4 * size, 4 * size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        fill = element.get("fill", "#000")
        if tag == "path":
            for polygon in path_polygons(element.get("d", "")):
                if len(polygon) > 2:
                    draw.polygon([(px * scale, py * scale) for px, py in polygon], fill=fill)
        elif tag == "circle":
            cx, cy, r = (float(element.get(k, 0)) * scale for k in ("cx", "cy", "r"))
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill)
    return image.resize((size, size), Image.Resampling.LANCZOS)
