#!/usr/bin/env python3
"""Quick review aid: checks indicators/*.json against a Kolada metadata snapshot.

The authoritative check is the C++ one (`kolcat indicators check` and the unit tests); this
script only helps while editing the data by hand. Usage:

    scripts/check-indicators-against-snapshot.py [SNAPSHOT_DIR] [INDICATORS_DIR]

SNAPSHOT_DIR defaults to ../shared/kolada-snapshot, INDICATORS_DIR to indicators/.
Exits 1 when any problem is found.
"""
import json
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
snapshot = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared" / "kolada-snapshot"
indicators = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else root / "indicators"


def values(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["values"]


kpis = {k["id"]: k for k in values(snapshot / "kpi.json")}
units = {m["id"] for m in values(snapshot / "municipality.json")}
units |= {g["id"] for g in values(snapshot / "municipality_groups.json")}
goals = json.load(open(indicators / "goals.json", encoding="utf-8"))
curated = json.load(open(indicators / "kpis.json", encoding="utf-8"))["kpis"]
sets = json.load(open(indicators / "region_sets.json", encoding="utf-8"))["region_sets"]

sub_goals = {g["number"] for g in goals["sub_goals"]}
targets = {t["id"] for t in goals["targets"]}
allowed_levels = {"L": {"region"}, "K": {"municipality"}, "A": {"region", "municipality", "both"}}
problems = []
seen = set()
for e in curated:
    i = e["id"]
    if i in seen:
        problems.append(f"{i}: duplicate")
    seen.add(i)
    k = kpis.get(i)
    if k is None:
        problems.append(f"{i}: not in the snapshot's kpi.json")
        continue
    if e["level"] not in allowed_levels[k["municipality_type"]]:
        problems.append(f"{i}: level {e['level']} but municipality_type {k['municipality_type']}")
    problems += [f"{i}: unknown sub-goal {g}" for g in e["goals"] if g not in sub_goals]
    problems += [f"{i}: unknown target {t}" for t in e["targets"] if t not in targets]
    if e["breakdown"] == "pair" and e.get("partner") not in kpis:
        problems.append(f"{i}: partner {e.get('partner')} not in kpi.json")
    if e["breakdown"] == "flag_only" and not k["is_divided_by_gender"]:
        problems.append(f"{i}: breakdown flag_only but is_divided_by_gender is false")
    if e.get("historical", False) != bool(re.search(r"\(-\d{4}\)$", k["title"])):
        problems.append(f"{i}: historical {e.get('historical', False)} but title {k['title']!r}")
for s in sets:
    problems += [f"region set {s['name']}: unknown unit {m}" for m in s["members"] if m not in units]

# Kolada's own Jämställdhet groups must be covered, apart from retired members and the members
# the project replaced on purpose (indicators/README.md, "Excluded").
replaced = {"U71453": "discontinued (-2024); its successor N78111 is curated"}
groups = {g["id"]: g for g in values(snapshot / "kpi_groups.json")}
for gid in ("G2KPI148336", "G2KPI148333"):
    for m in groups[gid]["members"]:
        if m["member_id"] in kpis and m["member_id"] not in seen and m["member_id"] not in replaced:
            problems.append(f"{m['member_id']}: member of {gid} but not curated")

counts = {n: sum(1 for e in curated if n in e["goals"]) for n in sorted(sub_goals)}
print(f"{len(curated)} KPIs; per sub-goal: {counts}")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
