#!/usr/bin/env python3
"""Regenerates tests/fixtures/indicators/metadata/ from a Kolada metadata snapshot.

The unit tests check the project's indicators/ files against this fixture, so that they run
without the snapshot. It holds only what the curated files refer to: the curated KPIs and
their partners, the units and municipality groups the region sets name, and those groups'
members. Run it after adding key figures or region sets:

    scripts/update-indicators-fixture.py [SNAPSHOT_DIR]

SNAPSHOT_DIR defaults to ../shared/kolada-snapshot.
"""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
snapshot = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared" / "kolada-snapshot"
out = root / "tests" / "fixtures" / "indicators" / "metadata"


def values(name):
    with open(snapshot / name, encoding="utf-8") as f:
        return json.load(f)["values"]


def write(name, items):
    out.mkdir(parents=True, exist_ok=True)
    body = {"values": items, "count": len(items), "next_url": None, "previous_url": None}
    with open(out / name, "w", encoding="utf-8") as f:
        json.dump(body, f, ensure_ascii=False, indent=1)
        f.write("\n")


curated = json.load(open(root / "indicators" / "kpis.json", encoding="utf-8"))["kpis"]
sets = json.load(open(root / "indicators" / "region_sets.json", encoding="utf-8"))["region_sets"]
# Not curated, but added by local files: the tests' (tests/fixtures/indicators/local/) and the
# README's example, which a test checks against this fixture.
extra_kpis = {"U01413", "N02268"}
kpi_ids = {e["id"] for e in curated} | {e["partner"] for e in curated if "partner" in e} | extra_kpis
members = {m for s in sets for m in s["members"]}

kpis = [k for k in values("kpi.json") if k["id"] in kpi_ids]
groups = [g for g in values("municipality_groups.json") if g["id"] in members]
unit_ids = members | {m["member_id"] for g in groups for m in g["members"]}
units = [m for m in values("municipality.json") if m["id"] in unit_ids]
write("kpi.json", kpis)
write("municipality.json", units)
write("municipality_groups.json", groups)
print(f"{len(kpis)} KPIs, {len(units)} units, {len(groups)} groups written to {out}")
