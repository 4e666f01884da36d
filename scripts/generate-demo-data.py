#!/usr/bin/env python3
"""Writes the offline demo's fixture files, tests/fixtures/demo/*.json.

The catalogue facts (KPI ids, titles and descriptions, unit ids and names, group members) are
Kolada's public metadata, read from the snapshot (../shared/kolada-snapshot by default). Every
VALUE is made up here, from a fixed seed: the demo must never pass for real data, so every KPI
title (and KPI group title) starts with "[DEMO] ".

    scripts/generate-demo-data.py [--snapshot DIR] [--out DIR]

The output is deterministic: running it again gives the same files.
"""

import argparse
import json
import math
import random
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEMO = "[DEMO] "
FIRST_YEAR, LAST_YEAR = 2010, 2023
CHANGED_ON = "2024-06-15"
ELECTION_YEARS = (2010, 2014, 2018, 2022)

NORRBOTTEN_GROUP = "G33632"
COUNTY_GROUPS = [f"G{n}" for n in range(33612, 33633)]
COMPARISON_GROUPS = ["G176784", "G43577"]

# The demo's key figures: how their made-up values behave. level/trend are for T; gap is K - M;
# "election" values change only in election years; k_m_from: the first year with K and M.
KPIS = {
    # A: municipalities and regions
    "N00945": {"level": 38.0, "trend": 0.25, "spread": 3.0, "gap": None},
    "N00943": {"level": 24.0, "trend": 0.55, "spread": 3.0, "gap": None},
    "N00957": {"level": 30.0, "trend": -0.45, "spread": 6.0, "gap": 11.0},
    "N01982": {"level": 33.0, "trend": 0.6, "spread": 7.0, "gap": 12.0},
    # L: regions only
    "N60077": {"level": 78.0, "trend": 0.6, "spread": 4.0, "gap": -9.0},
    "N65815": {"level": 46.0, "trend": 0.3, "spread": 4.0, "gap": None, "election": True},
    # K: municipalities only
    "N00209": {"level": 66.0, "trend": 1.1, "spread": 8.0, "gap": -10.0},
    "N05816": {"level": 38.0, "trend": 0.5, "spread": 12.0, "gap": None, "election": True},
    "N23801": {"level": 14.0, "trend": -0.3, "spread": 2.5, "gap": 4.0, "k_m_from": 2015},
    "N31814": {"level": 38.0, "trend": 0.4, "spread": 9.0, "gap": -6.0},
}
KPI_GROUPS = {
    "G2KPI148336": ["N00943", "N00945", "N00957", "N01982", "N31814", "N60077", "N65815"],
    "G2KPI148333": ["N00209", "N00943", "N00945", "N01982", "N05816", "N23801", "N31814"],
}
# Municipalities outside Norrbotten that get values: the first few of each county, enough for
# every county group to have a (made-up) mean. Norrbotten's 14 all get values.
PER_OTHER_COUNTY = 3


def load_values(path):
    return json.loads(path.read_text(encoding="utf-8"))["values"]


def envelope(values):
    return {"values": values, "count": len(values), "next_url": None, "previous_url": None}


def write_json(path, document, one_item_per_line):
    """Compact JSON with one list item per line, so that diffs stay readable."""
    if not one_item_per_line:
        text = json.dumps(document, ensure_ascii=False, indent=1)
    else:
        key, items = one_item_per_line
        rest = {k: v for k, v in document.items() if k != key}
        lines = [json.dumps(item, ensure_ascii=False, separators=(",", ":")) for item in items]
        tail = json.dumps(rest, ensure_ascii=False, separators=(",", ":"))[1:-1]
        text = '{"' + key + '":[\n' + ",\n".join(lines) + "\n]" + ("," + tail if tail else "") + "}"
    path.write_text(text + "\n", encoding="utf-8")


def clamp(value):
    return round(min(max(value, 0.5), 99.5), 1)


def total_values(rng, spec, unit_offset):
    """One unit's made-up totals for FIRST_YEAR..LAST_YEAR; None where there is no value."""
    values = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        if spec.get("election") and year not in ELECTION_YEARS and values:
            values.append(values[-1])  # the same council until the next election
            continue
        t = spec["level"] + unit_offset + spec["trend"] * (year - FIRST_YEAR)
        values.append(clamp(t + rng.gauss(0, spec["spread"] * 0.06)))
    return values


def make_series(rng, kpi_id, unit_id):
    spec = KPIS[kpi_id]
    series = {"kpi": kpi_id, "municipality": unit_id}
    totals = total_values(rng, spec, rng.gauss(0, spec["spread"]))
    series["T"] = totals
    if spec["gap"] is not None:
        first = spec.get("k_m_from", FIRST_YEAR)
        for gender, sign in (("K", 1), ("M", -1)):
            series[gender] = [
                clamp(t + sign * spec["gap"] / 2 + rng.gauss(0, 0.4))
                if t is not None and FIRST_YEAR + i >= first else None
                for i, t in enumerate(totals)
            ]
    # A few gaps, as in real series: a missing year loses all its genders.
    for i in range(len(totals)):
        if rng.random() < 0.02:
            for gender in ("T", "K", "M"):
                if gender in series:
                    series[gender][i] = None
    return series


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshot", type=Path, default=REPO.parent / "shared" / "kolada-snapshot")
    parser.add_argument("--out", type=Path, default=REPO / "tests" / "fixtures" / "demo")
    args = parser.parse_args()
    rng = random.Random(20240615)

    real_kpis = {k["id"]: k for k in load_values(args.snapshot / "kpi.json")}
    units = load_values(args.snapshot / "municipality.json")
    real_groups = {g["id"]: g for g in load_values(args.snapshot / "municipality_groups.json")}

    kpis = []
    for kpi_id in sorted(KPIS):
        kpi = dict(real_kpis[kpi_id])
        kpi["title"] = DEMO + kpi["title"]
        kpi["description"] = DEMO + "Påhittade värden för kolcats demo, inte Koladas. " + (
            kpi.get("description") or "")
        kpis.append(kpi)
    titles = {k["id"]: k["title"] for k in kpis}

    groups = [real_groups[g] for g in COUNTY_GROUPS + COMPARISON_GROUPS]
    kpi_groups = [
        {"id": gid, "title": DEMO + "Jämställdhet",
         "members": [{"member_id": m, "member_title": titles[m]} for m in members]}
        for gid, members in sorted(KPI_GROUPS.items())
    ]

    regions = [u["id"] for u in units if u["type"] == "L"]  # Riket and the 21 regions
    municipalities = [m["member_id"] for m in real_groups[NORRBOTTEN_GROUP]["members"]]
    for gid in COUNTY_GROUPS:
        if gid != NORRBOTTEN_GROUP:
            municipalities += [m["member_id"] for m in real_groups[gid]["members"][:PER_OTHER_COUNTY]]
    municipalities.sort()

    series = []
    for kpi_id in sorted(KPIS):
        kind = real_kpis[kpi_id]["municipality_type"]
        # K-type key figures have no values for Riket and the regions ("00xx").
        unit_ids = (regions if kind in ("A", "L") else []) + (
            municipalities if kind in ("A", "K") else [])
        for unit_id in sorted(unit_ids):
            series.append(make_series(rng, kpi_id, unit_id))

    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    write_json(out / "kpi.json", envelope(kpis), ("values", kpis))
    write_json(out / "municipality.json", envelope(units), ("values", units))
    write_json(out / "municipality_groups.json", envelope(groups), ("values", groups))
    write_json(out / "kpi_groups.json", envelope(kpi_groups), ("values", kpi_groups))
    values = {"changed_on": CHANGED_ON, "first_period": FIRST_YEAR, "series": series}
    write_json(out / "values.json", values, ("series", series))
    total = sum(len(s[g]) - s[g].count(None) for s in series for g in ("T", "K", "M") if g in s)
    print(f"wrote {out}: {len(kpis)} KPIs, {len(units)} units, {len(groups)} groups, "
          f"{len(series)} series, {total} values")


if __name__ == "__main__":
    main()
