#!/usr/bin/env python3
"""Writes the offline demo's fixture files, demo/data/*.json.

The catalogue facts (KPI ids, titles and descriptions, unit ids and names, group members) are
Kolada's public metadata, read from the snapshot (../shared/kolada-snapshot by default). Every
VALUE is made up here, from a fixed seed: the demo must never pass for real data, so every KPI
title (and KPI group title) starts with "[DEMO] " and every description says the values are
made up.

The demo covers every key figure of the curated set (indicators/kpis.json) and every partner of
a pair, so that a default `kolcat sync` against kolcat-demo-server finds all of them.

    scripts/generate-demo-data.py [--snapshot DIR] [--out DIR] [--indicators FILE]

The output is deterministic: running it again gives the same files. Each (KPI, unit) series
draws from its own seeded generator, so adding a key figure leaves the others' values as they
were.
"""

import argparse
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEMO = "[DEMO] "
MADE_UP = ("Påhittade värden för kolcats demo, inte Koladas "
           "(made-up values for kolcat's demo, not Kolada's). ")
SEED = 20240615
FIRST_YEAR, LAST_YEAR = 2010, 2023
CHANGED_ON = "2024-06-15"
ELECTION_YEARS = (2010, 2014, 2018, 2022)
RIKET = "0000"

NORRBOTTEN_GROUP = "G33632"
COUNTY_GROUPS = [f"G{n}" for n in range(33612, 33633)]
COMPARISON_GROUPS = ["G176784", "G43577"]
# Kolada's "Jämställdhet" KPI groups; the demo keeps the members that it covers.
KPI_GROUP_IDS = ["G2KPI148333", "G2KPI148336"]

# How each key figure's made-up values behave. Every field but level/trend/spread is optional.
#   level, trend    T for an average unit in FIRST_YEAR, and its change per year
#   spread          standard deviation between municipalities (regions get half of it for
#                   A-type key figures, since they average many municipalities; Riket none)
#   gap             K - M; None (the default) means T only, no K/M values at all
#   lo, hi, digits  the value's bounds and rounding (default 0.5, 99.5 and 1 decimal: a share
#                   in %); digits -2 rounds to hundreds (kronor)
#   noise, km_noise year-to-year noise of T (default spread * 0.06) and of K/M around T +- gap/2
#   first, last     the first and last year with values (default FIRST_YEAR, LAST_YEAR)
#   election        the value changes only in election years (the council sits four years)
#   election_only   values exist only in election years (turnout)
#   km_from         the first year with K/M (N23801: Kolada's flag is false, K/M exist anyway)
#   km_until        the last year with K/M: later years have T only (gaps: `partial`)
#   t_only          {unit: (from, to)}: that unit has T only in those years (gaps: `partial`)
#   offset_like     draw each unit's level offset as that key figure does: a pair's two halves
#                   (women, men) move together across units
#   complement_of   T is 100 - that key figure's T (a share of women vs the same share of men)
#   ratio_of        T is 100 * K / M of that key figure (women's income as a share of men's)
KPIS = {
    # --- sub-goal 1: power and influence ---
    # Shares of women among elected politicians: by construction, so T only.
    "N05814": {"level": 42.5, "trend": 0.1, "spread": 5.0, "election": True},
    "N65814": {"level": 46.0, "trend": 0.15, "spread": 3.5, "election": True},
    "N05815": {"level": 43.0, "trend": 0.05, "spread": 6.0, "election": True},
    "N65815": {"level": 46.0, "trend": 0.3, "spread": 4.0, "gap": None, "election": True},
    "N05816": {"level": 38.0, "trend": 0.5, "spread": 12.0, "gap": None, "election": True},
    "N65816": {"level": 45.0, "trend": 0.4, "spread": 10.0, "election": True},
    "N05400": {"level": 84.0, "trend": 0.0, "spread": 4.0, "gap": 2.9, "election_only": True},
    # The citizen survey: Region Norrbotten lacks K/M in the last two years (`partial`).
    "N00669": {"level": 23.0, "trend": -0.2, "spread": 5.5, "gap": 0.6, "first": 2014,
               "t_only": {"0025": (2022, 2023)}},
    # Kolada flags it as divided by sex, but the demo has T only (`flag_without_values`).
    "N65900": {"level": 28.0, "trend": 0.6, "spread": 5.0, "first": 2012},
    "N15648": {"level": 50.0, "trend": 0.1, "spread": 7.0, "gap": -2.0, "first": 2015,
               "last": 2022},
    # Small groups of users, T only although flagged (`flag_without_values`); ends in 2021.
    "U28532": {"level": 78.0, "trend": 0.2, "spread": 9.0, "first": 2016, "last": 2021},
    "N65829": {"level": 12.0, "trend": 0.1, "spread": 3.0, "gap": 2.0, "lo": 0, "hi": 60,
               "election_only": True},
    "N65827": {"level": 480000, "trend": 9000, "spread": 40000, "gap": -20000, "lo": 200000,
               "hi": 900000, "digits": -2, "km_noise": 5000},
    # --- sub-goal 2: economic equality ---
    "N00952": {"level": 0, "trend": 0, "spread": 0, "ratio_of": "N00905", "lo": 50, "hi": 120},
    "N00892": {"level": 74.0, "trend": 0.4, "spread": 3.5, "lo": 50, "hi": 110},
    "N00951": {"level": -900, "trend": 90, "spread": 1000, "lo": -6000, "hi": 6000, "digits": 0},
    "N60953": {"level": -4500, "trend": 150, "spread": 1200, "lo": -12000, "hi": 3000,
               "digits": 0},
    "N00209": {"level": 66.0, "trend": 1.1, "spread": 8.0, "gap": -10.0},
    "N60077": {"level": 78.0, "trend": 0.6, "spread": 4.0, "gap": -9.0},
    "N02267": {"level": 80.0, "trend": 0.15, "spread": 3.0, "gap": -2.5, "first": 2020},
    "N00906": {"level": 255000, "trend": 9000, "spread": 30000, "gap": -65000, "lo": 150000,
               "hi": 700000, "digits": -2, "km_noise": 3000},
    "N00905": {"level": 195000, "trend": 7500, "spread": 27000, "gap": -57000, "lo": 120000,
               "hi": 500000, "digits": -2, "km_noise": 2500},
    "N31814": {"level": 38.0, "trend": 0.4, "spread": 9.0, "gap": -6.0},
    "N00973": {"level": 33.0, "trend": 0.4, "spread": 14.0, "gap": -25.0, "first": 2015,
               "last": 2022},
    # Kolada stopped publishing K/M after 2021 in the demo's story (`partial`).
    "U40455": {"level": 38.0, "trend": 0.3, "spread": 15.0, "gap": -4.0, "first": 2016,
               "km_until": 2021},
    "N03926": {"level": 3.8, "trend": 0.0, "spread": 1.3, "gap": 0.3, "lo": 0.1, "hi": 15,
               "digits": 2, "km_noise": 0.1},
    "N02797": {"level": 7.6, "trend": -0.15, "spread": 1.4, "gap": -1.0, "lo": 0.5, "hi": 25,
               "km_noise": 0.2},
    "N00958": {"level": 84.0, "trend": 0.3, "spread": 2.5, "lo": 60, "hi": 110},
    "N00953": {"level": 99.0, "trend": 0.2, "spread": 3.0, "lo": 80, "hi": 120},
    "N01454": {"level": 9.0, "trend": 0.05, "spread": 2.0, "gap": 1.2, "lo": 1, "hi": 30},
    "N02251": {"level": 9.5, "trend": 0.05, "spread": 2.5, "gap": -6.0, "lo": 1, "hi": 30},
    "N02203": {"level": 28.0, "trend": 0.0, "spread": 4.0, "gap": 26.0, "lo": 5, "hi": 70},
    "N61981": {"level": 9000, "trend": 50, "spread": 3000, "gap": 300, "lo": 1000, "hi": 60000,
               "digits": 0, "km_noise": 100},
    # --- sub-goal 3: education ---
    "N01982": {"level": 33.0, "trend": 0.6, "spread": 7.0, "gap": 12.0},
    "N17461": {"level": 70.0, "trend": 0.3, "spread": 7.0, "gap": 7.0, "first": 2015},
    "N60978": {"level": 71.0, "trend": 0.3, "spread": 3.0, "gap": 6.5, "first": 2015},
    "N15428": {"level": 88.0, "trend": -0.2, "spread": 6.4, "gap": 1.5},
    "N15436": {"level": 87.0, "trend": -0.3, "spread": 6.8, "gap": 1.7},
    "N60802": {"level": 87.0, "trend": -0.2, "spread": 2.5, "gap": 1.6},
    "N15452": {"level": 75.0, "trend": -0.5, "spread": 9.0, "gap": 11.0},
    "N18961": {"level": 64.0, "trend": 0.2, "spread": 9.0, "gap": 7.0, "first": 2017},
    "N15643": {"level": 84.0, "trend": -0.3, "spread": 6.0, "gap": -3.0, "first": 2015,
               "last": 2022},
    "N15658": {"level": 80.0, "trend": 0.0, "spread": 6.0, "gap": -4.0, "first": 2015,
               "last": 2022},
    "N15507": {"level": 225.0, "trend": 0.5, "spread": 12.0, "gap": 22.0, "lo": 150, "hi": 300},
    "N17801": {"level": 33.0, "trend": -0.4, "spread": 8.0, "gap": -9.0},
    # --- sub-goal 4: unpaid housework and care ---
    "N00943": {"level": 24.0, "trend": 0.55, "spread": 3.0, "gap": None},
    "N00945": {"level": 38.0, "trend": 0.25, "spread": 3.0, "gap": None},
    "N00939": {"level": 105.0, "trend": -0.5, "spread": 8.0, "gap": 60.0, "lo": 30, "hi": 200,
               "km_noise": 2.0},
    "N00940": {"level": 7.5, "trend": 0.1, "spread": 0.8, "gap": 1.0, "lo": 2, "hi": 15,
               "km_noise": 0.2},
    "N21704": {"level": 20.5, "trend": -0.4, "spread": 3.0, "gap": 6.5, "first": 2015},
    "N23801": {"level": 14.0, "trend": -0.3, "spread": 2.5, "gap": 4.0, "km_from": 2015},
    "N21826": {"level": 26.0, "trend": 0.2, "spread": 6.0, "gap": -1.5, "lo": 5, "hi": 80},
    # --- sub-goal 5: health ---
    "N00957": {"level": 30.0, "trend": -0.45, "spread": 6.0, "gap": 11.0},
    "N00938": {"level": 8.0, "trend": 0.15, "spread": 2.0, "gap": 5.7, "lo": 1, "hi": 25,
               "digits": 2, "km_noise": 0.3},
    # Life expectancy, men and women: a pair, so T only, moving together across units.
    "N00923": {"level": 79.5, "trend": 0.15, "spread": 1.2, "lo": 70, "hi": 90, "digits": 2,
               "noise": 0.15},
    "N00925": {"level": 83.5, "trend": 0.1, "spread": 1.0, "lo": 75, "hi": 92, "digits": 2,
               "noise": 0.15, "offset_like": "N00923"},
    "N70402": {"level": 21.0, "trend": 0.06, "spread": 0.5, "lo": 15, "hi": 30, "digits": 2,
               "noise": 0.08},
    "N70403": {"level": 18.4, "trend": 0.09, "spread": 0.5, "lo": 12, "hi": 28, "digits": 2,
               "noise": 0.08, "offset_like": "N70402"},
    "U01405": {"level": 72.0, "trend": 0.12, "spread": 4.5, "gap": -4.8},
    "U01473": {"level": 86.0, "trend": -0.1, "spread": 2.7, "gap": -2.4, "first": 2016},
    "U01429": {"level": 64.0, "trend": 0.3, "spread": 4.5, "gap": -1.1, "first": 2016},
    # Fall injuries 65+ per 100 000 (a 3-year mean): ends in 2022.
    "U20462": {"level": 3600, "trend": -20, "spread": 780, "gap": 950, "lo": 1000, "hi": 8000,
               "digits": 0, "km_noise": 80, "last": 2022},
    "N60030": {"level": 6.2, "trend": 0.1, "spread": 0.7, "gap": 3.0, "lo": 1, "hi": 15,
               "km_noise": 0.2},
    "N00090": {"level": 6.2, "trend": 0.12, "spread": 1.0, "gap": 3.1, "lo": 1, "hi": 15,
               "km_noise": 0.2},
    "U09808": {"level": 30.0, "trend": -0.3, "spread": 8.0, "gap": -10.0, "lo": 2, "hi": 80},
    # Region Norrbotten lacks K/M in the last two years (`partial`).
    "U60704": {"level": 29.0, "trend": -0.3, "spread": 4.0, "gap": -10.0, "lo": 2, "hi": 80,
               "t_only": {"0025": (2022, 2023)}},
    "N78111": {"level": 80.0, "trend": 0.1, "spread": 1.5, "gap": -1.0, "lo": 50, "hi": 100,
               "first": 2018},
    "U70445": {"level": 62.0, "trend": -0.2, "spread": 5.0, "gap": -4.0},
    "N01462": {"level": 7.0, "trend": 0.05, "spread": 1.5, "gap": 2.0, "lo": 1, "hi": 25},
    "U70448": {"level": 50.0, "trend": -0.5, "spread": 8.0, "gap": -2.0},
    "N79173": {"level": 70.0, "trend": 0.2, "spread": 8.0, "gap": -1.0, "first": 2019},
    "U79133": {"level": 600.0, "trend": -8.0, "spread": 90.0, "gap": -180.0, "lo": 100,
               "hi": 2000},
    "N79190": {"level": 60.0, "trend": -1.0, "spread": 8.0, "gap": -25.0, "lo": 10, "hi": 200},
    "N79196": {"level": 68.0, "trend": 0.3, "spread": 3.0, "gap": 3.0, "lo": 30, "hi": 95},
    "N79184": {"level": 27.0, "trend": -0.1, "spread": 3.0, "gap": 2.5, "lo": 5, "hi": 60,
               "first": 2019},
    "N01451": {"level": 230.0, "trend": -3.0, "spread": 40.0, "gap": -100.0, "lo": 50,
               "hi": 600},
    "N61603": {"level": 16.0, "trend": -0.1, "spread": 3.0, "gap": -14.0, "lo": 2, "hi": 60},
    "U01472": {"level": 38.0, "trend": 0.4, "spread": 4.0, "gap": 12.0},
    "N00103": {"level": 1.0, "trend": 0.06, "spread": 0.25, "gap": 0.9, "lo": 0.05, "hi": 5,
               "digits": 2, "km_noise": 0.05},
    "N01464": {"level": 9.0, "trend": 0.05, "spread": 2.0, "gap": 1.0, "lo": 1, "hi": 30},
    # HPV vaccination of girls and of boys (offered to boys from 2020): a pair.
    "N01483": {"level": 80.0, "trend": 0.5, "spread": 5.0, "lo": 30, "hi": 99.5},
    "N01484": {"level": 70.0, "trend": 1.0, "spread": 5.0, "lo": 0.5, "hi": 99.5,
               "first": 2020, "offset_like": "N01483"},
    # --- sub-goal 6: men's violence against women ---
    "N07402": {"level": 25.0, "trend": -1.0, "spread": 10.0, "lo": 0, "hi": 120},
    "N07549": {"level": 170.0, "trend": -2.0, "spread": 45.0, "lo": 20, "hi": 500},
    "N01460": {"level": 6.0, "trend": -0.05, "spread": 1.3, "gap": -0.4, "lo": 0.5, "hi": 20,
               "km_noise": 0.2},
    "U01420": {"level": 18.0, "trend": 0.8, "spread": 7.0, "gap": 28.0, "first": 2012},
    "N00613": {"level": 70.0, "trend": -0.2, "spread": 5.0, "gap": -15.0, "first": 2014},
    "N00610": {"level": 72.0, "trend": -0.3, "spread": 7.0, "gap": -18.0, "first": 2014},
    "N70608": {"level": 55.0, "trend": 1.8, "spread": 12.0, "lo": 5, "first": 2016},
    "N70900": {"level": 25.0, "trend": -0.3, "spread": 8.0, "gap": -15.0, "lo": 0, "hi": 150},
    "N01458": {"level": 20.0, "trend": 0.1, "spread": 3.0, "gap": 3.0, "lo": 2, "hi": 50},
    "N00614": {"level": 68.0, "trend": -0.2, "spread": 5.0, "gap": -10.0, "first": 2014},
}
# Municipalities outside Norrbotten that get values: the first few of each county, enough for
# every county group to have a (made-up) mean. Norrbotten's 14 all get values.
PER_OTHER_COUNTY = 3
# For key figures with K/M: the chance that a municipality (not a region: those are the focus
# of `kolcat gaps`) has T only throughout, as when small numbers are suppressed, and that one of
# its years has T only.
T_ONLY_MUNICIPALITY = 0.04
T_ONLY_YEAR = 0.015


def load_values(path):
    return json.loads(path.read_text(encoding="utf-8"))["values"]


def curated_ids(path):
    """The default sync scope: every curated key figure, then the partners of pairs."""
    curated = json.loads(path.read_text(encoding="utf-8"))["kpis"]
    ids = [k["id"] for k in curated] + [k["partner"] for k in curated if k.get("partner")]
    return list(dict.fromkeys(ids))


def guess_spec(kpi):
    """A plausible spec from the title's unit, for a curated key figure without one in KPIS."""
    title = kpi["title"]
    gap = 4.0 if kpi.get("is_divided_by_gender") else None
    if re.search(r"\bkr\b", title):
        return {"level": 250000, "trend": 6000, "spread": 25000, "gap": gap and -40000,
                "lo": 50000, "hi": 900000, "digits": -2, "km_noise": 2000}
    if "%" in title:
        return {"level": 50.0, "trend": 0.2, "spread": 8.0, "gap": gap}
    if "index" in title.lower():
        return {"level": 65.0, "trend": 0.1, "spread": 5.0, "gap": gap, "lo": 0, "hi": 100,
                "digits": 0}
    if "100 000" in title:
        return {"level": 300.0, "trend": -2.0, "spread": 80.0, "gap": gap and 40.0, "lo": 0,
                "hi": 5000}
    return {"level": 20.0, "trend": 0.1, "spread": 4.0, "gap": gap, "lo": 0, "hi": 1000}


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


def clamp(spec, value):
    value = min(max(value, spec.get("lo", 0.5)), spec.get("hi", 99.5))
    rounded = round(value, spec.get("digits", 1))
    # 38.0 is written 38: the files stay small, and JSON reads it back as the same number.
    return int(rounded) if rounded == int(rounded) else rounded


def years_of(spec):
    return range(spec.get("first", FIRST_YEAR), spec.get("last", LAST_YEAR) + 1)


def unit_offset(specs, kpi_id, unit_id, kind):
    """How far this unit sits from the key figure's level: the same draw for both halves of a
    pair (offset_like), none for Riket, half the spread for a region of an A-type figure."""
    key = specs[kpi_id].get("offset_like", kpi_id)
    spread = specs[key]["spread"]
    if unit_id == RIKET:
        return 0.0
    if kind == "A" and len(unit_id) == 4 and unit_id.startswith("00"):
        spread *= 0.5
    return random.Random(f"{SEED}/offset/{key}/{unit_id}").gauss(0, spread)


def raw_series(specs, kinds, kpi_id, unit_id):
    """One unit's made-up {year: {gender: value}} before any gaps, K/M where the spec has a gap."""
    spec = specs[kpi_id]
    if "complement_of" in spec:
        other = raw_series(specs, kinds, spec["complement_of"], unit_id)
        return {y: {"T": clamp(spec, 100 - v["T"])} for y, v in other.items()}
    if "ratio_of" in spec:
        other = raw_series(specs, kinds, spec["ratio_of"], unit_id)
        return {y: {"T": clamp(spec, 100 * v["K"] / v["M"])} for y, v in other.items()
                if v.get("K") and v.get("M")}
    rng = random.Random(f"{SEED}/{kpi_id}/{unit_id}")
    offset = unit_offset(specs, kpi_id, unit_id, kinds[kpi_id])
    noise = spec.get("noise", spec["spread"] * 0.06)
    series, previous = {}, None
    for year in years_of(spec):
        if spec.get("election_only") and year not in ELECTION_YEARS:
            continue
        if spec.get("election") and year not in ELECTION_YEARS and previous is not None:
            series[year] = dict(previous)  # the same council until the next election
            continue
        t = spec["level"] + offset + spec["trend"] * (year - FIRST_YEAR) + rng.gauss(0, noise)
        cell = {"T": clamp(spec, t)}
        if spec.get("gap") is not None:
            km_noise = spec.get("km_noise", 0.4)
            cell["K"] = clamp(spec, t + spec["gap"] / 2 + rng.gauss(0, km_noise))
            cell["M"] = clamp(spec, t - spec["gap"] / 2 + rng.gauss(0, km_noise))
        series[year] = previous = cell
    return series


def make_series(specs, kinds, kpi_id, unit_id):
    """One unit's series in the fixture format: T/K/M lists from first_period, None for gaps."""
    spec = specs[kpi_id]
    cells = raw_series(specs, kinds, kpi_id, unit_id)
    rng = random.Random(f"{SEED}/gaps/{kpi_id}/{unit_id}")
    has_km = spec.get("gap") is not None
    is_municipality = not unit_id.startswith("00")
    t_only_unit = has_km and is_municipality and rng.random() < T_ONLY_MUNICIPALITY
    t_only_from, t_only_to = spec.get("t_only", {}).get(unit_id, (0, -1))
    for year, cell in list(cells.items()):
        # A few gaps, as in real series: a missing year loses all its genders.
        if rng.random() < 0.02:
            del cells[year]
            continue
        if not has_km:
            continue
        if (t_only_unit or year < spec.get("km_from", FIRST_YEAR)
                or year > spec.get("km_until", LAST_YEAR) or t_only_from <= year <= t_only_to
                or (is_municipality and rng.random() < T_ONLY_YEAR)):
            cell.pop("K"), cell.pop("M")
    if not cells:
        return None
    first, last = min(cells), max(cells)
    series = {"kpi": kpi_id, "municipality": unit_id}
    if first != FIRST_YEAR:
        series["first_period"] = first
    for gender in ("T", "K", "M"):
        values = [cells.get(year, {}).get(gender) for year in range(first, last + 1)]
        if any(v is not None for v in values):
            while values[-1] is None:
                values.pop()
            series[gender] = values
    return series


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshot", type=Path, default=REPO.parent / "shared" / "kolada-snapshot")
    parser.add_argument("--out", type=Path, default=REPO / "demo" / "data")
    parser.add_argument("--indicators", type=Path, default=REPO / "indicators" / "kpis.json")
    args = parser.parse_args()

    real_kpis = {k["id"]: k for k in load_values(args.snapshot / "kpi.json")}
    units = load_values(args.snapshot / "municipality.json")
    real_groups = {g["id"]: g for g in load_values(args.snapshot / "municipality_groups.json")}
    real_kpi_groups = {g["id"]: g for g in load_values(args.snapshot / "kpi_groups.json")}

    demo_ids = sorted(set(curated_ids(args.indicators)) | set(KPIS))
    missing = [i for i in demo_ids if i not in real_kpis]
    if missing:
        sys.exit(f"not in the snapshot's kpi.json: {', '.join(missing)}")
    specs = dict(KPIS)
    for kpi_id in demo_ids:
        if kpi_id not in specs:
            specs[kpi_id] = guess_spec(real_kpis[kpi_id])
            print(f"note: {kpi_id} has no spec in KPIS; guessed one from its title")
    kinds = {k: real_kpis[k]["municipality_type"] for k in specs}

    kpis = []
    for kpi_id in demo_ids:
        kpi = dict(real_kpis[kpi_id])
        kpi["title"] = DEMO + kpi["title"]
        kpi["description"] = DEMO + MADE_UP + (kpi.get("description") or "")
        kpis.append(kpi)
    titles = {k["id"]: k["title"] for k in kpis}

    groups = [real_groups[g] for g in COUNTY_GROUPS + COMPARISON_GROUPS]
    kpi_groups = []
    for gid in KPI_GROUP_IDS:
        members = sorted({m["member_id"] for m in real_kpi_groups[gid]["members"]} & set(titles))
        kpi_groups.append({
            "id": gid, "title": DEMO + real_kpi_groups[gid]["title"],
            "members": [{"member_id": m, "member_title": titles[m]} for m in members]})

    regions = [u["id"] for u in units if u["type"] == "L"]  # Riket and the 21 regions
    municipalities = [m["member_id"] for m in real_groups[NORRBOTTEN_GROUP]["members"]]
    for gid in COUNTY_GROUPS:
        if gid != NORRBOTTEN_GROUP:
            municipalities += [m["member_id"] for m in real_groups[gid]["members"][:PER_OTHER_COUNTY]]
    municipalities.sort()

    series = []
    for kpi_id in demo_ids:
        kind = kinds[kpi_id]
        # K-type key figures have no values for Riket and the regions ("00xx").
        unit_ids = (regions if kind in ("A", "L") else []) + (
            municipalities if kind in ("A", "K") else [])
        for unit_id in sorted(unit_ids):
            made = make_series(specs, kinds, kpi_id, unit_id)
            if made:
                series.append(made)

    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    write_json(out / "kpi.json", envelope(kpis), ("values", kpis))
    write_json(out / "municipality.json", envelope(units), ("values", units))
    write_json(out / "municipality_groups.json", envelope(groups), ("values", groups))
    write_json(out / "kpi_groups.json", envelope(kpi_groups), ("values", kpi_groups))
    values = {"changed_on": CHANGED_ON, "first_period": FIRST_YEAR, "series": series}
    write_json(out / "values.json", values, ("series", series))
    total = sum(len(s[g]) - s[g].count(None) for s in series for g in ("T", "K", "M") if g in s)
    size = sum(p.stat().st_size for p in out.glob("*.json"))
    print(f"wrote {out}: {len(kpis)} KPIs, {len(units)} units, {len(groups)} groups, "
          f"{len(series)} series, {total} values, {size // 1024} KiB")


if __name__ == "__main__":
    main()
