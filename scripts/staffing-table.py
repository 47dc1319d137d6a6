#!/usr/bin/env python3
"""Staffing figures of plan folders, for the before/after table of docs/model.md.

usage: scripts/staffing-table.py SCENARIO_DIR ESTABLISHMENT_PLAN_DIR LABEL=PLAN_DIR ...

SCENARIO_DIR holds schools.csv and teachers.csv (English headers, as `rotaplan generate`
writes them); ESTABLISHMENT_PLAN_DIR is a plan folder of this version (its staffing.csv gives
each school's establishment); each LABEL=PLAN_DIR is a plan folder of any version. Prints, per
plan: teachers per school and pupils per teacher by area after the plan, schools above their
establishment, and uncovered periods a week in the shortage subjects (English, music, art, PE,
IT), counted cell by cell (need − teachers of the subject) and, where the folder has
coverage.csv, by coverage (gaps.csv gap_after).
"""
import csv
import sys
from collections import Counter, defaultdict

SHORTAGE = {"english", "music", "art", "pe", "it"}
AREAS = ["urban", "town", "rural", "teaching_point"]


def rows(path):
    with open(path, encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def main():
    scen, est_dir, plans = sys.argv[1], sys.argv[2], sys.argv[3:]
    schools = {r["school_id"]: r for r in rows(f"{scen}/schools.csv")}
    teachers = rows(f"{scen}/teachers.csv")
    est = {r["school_id"]: int(r["establishment"]) for r in rows(f"{est_dir}/staffing.csv")}
    load = {s: (13.0 if r["stage"] == "junior" else 15.0) for s, r in schools.items()}
    print("| plan | teachers per school (urban, town, rural, teaching point) | pupils per teacher (same) | schools above establishment | teaching points above establishment | uncovered shortage periods, cell by cell | uncovered shortage periods, by coverage |")
    print("|---|---|---|---:|---:|---:|---:|")
    for spec in [f"before={plans[0].split('=', 1)[1]}"] + plans:
        label, d = spec.split("=", 1)
        heads = Counter(t["school_id"] for t in teachers)
        main_heads = Counter((t["school_id"], t["subject"]) for t in teachers)
        subject_of = {t["teacher_id"]: t["subject"] for t in teachers}
        if label != "before":
            for r in rows(f"{d}/plan.csv"):
                heads[r["from_school_id"]] -= 1
                heads[r["to_school_id"]] += 1
                main_heads[(r["from_school_id"], subject_of[r["teacher_id"]])] -= 1
                main_heads[(r["to_school_id"], r["subject"])] += 1
            for r in rows(f"{d}/hires.csv"):
                heads[r["school_id"]] += int(r["count"])
                main_heads[(r["school_id"], r["subject"])] += int(r["count"])
        per_area = defaultdict(lambda: [0, 0, 0])
        for s, r in schools.items():
            a = per_area[r["area"]]
            a[0] += 1
            a[1] += heads[s]
            a[2] += int(r["students"])
        tps = " / ".join(f"{per_area[a][1] / max(1, per_area[a][0]):.1f}" for a in AREAS)
        ppt = " / ".join(f"{per_area[a][2] / max(1, per_area[a][1]):.1f}" for a in AREAS)
        above = sum(1 for s in schools if heads[s] > est[s])
        above_tp = sum(1 for s, r in schools.items() if heads[s] > est[s] and r["area"] == "teaching_point")
        gaps = rows(f"{d}/gaps.csv")
        cell = sum(max(0.0, float(g["need_fte"]) - main_heads[(g["school_id"], g["subject"])]) * load[g["school_id"]]
                   for g in gaps if g["subject"] in SHORTAGE)
        cov = "–"
        if label != "before" and "covered_after" in gaps[0]:
            cov = f"{sum(float(g['gap_after']) * load[g['school_id']] for g in gaps if g['subject'] in SHORTAGE):.1f}"
        if label == "before" and "gap_before" in gaps[0] and "covered_after" in gaps[0]:
            cov = f"{sum(float(g['gap_before']) * load[g['school_id']] for g in gaps if g['subject'] in SHORTAGE):.1f}"
        print(f"| {label} | {tps} | {ppt} | {above} | {above_tp} | {cell:.1f} | {cov} |")


if __name__ == "__main__":
    main()
