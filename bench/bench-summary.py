#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench-summary.py TSV OUTDIR [KEY=VALUE...]
#
# Turns bench-run.py's rows into figures, each min/median/max over the
# repetitions, prints the table and writes OUTDIR/summary.json (with the
# KEY=VALUE machine facts).  Per-round figures are net of the fixed cost:
# each (label, scenario, jobs) also ran with --rounds 1 ("setup" rows), and
# the median of those is subtracted, so that a short run's setup and
# teardown (partner, work directory, SPACE's sync) do not pass for round
# cost, and a revision that only makes setup dearer does not look slower
# per round.  Rounds per wall second use the scenario's own duration_s.
import csv
import json
import statistics
import sys

FIGS = (  # key, title, unit, format
    ("cpu_us_per_round", "CPU/round", "us", "%.1f"),
    ("csw_per_round", "csw/round", "", "%.2f"),
    ("holds_per_cpu_s", "holds/CPU-s", "", "%.0f"),
    ("rounds_per_wall_s", "rounds/wall-s", "", "%.0f"),
)


def num(s):
    try:
        return float(s)
    except ValueError:
        return None


def mmm(xs):
    xs = [x for x in xs if x is not None]
    if not xs:
        return None
    return {"min": min(xs), "median": statistics.median(xs), "max": max(xs),
            "n": len(xs)}


def fmt3(m, f):
    if not m:
        return "-"
    return "/".join(f % m[k] for k in ("min", "median", "max"))


def main():
    tsv, outdir = sys.argv[1:3]
    meta = dict(a.split("=", 1) for a in sys.argv[3:])
    rows = list(csv.DictReader(open(tsv), delimiter="\t"))

    def key(r):
        return (r["label"], r["actor"] + "." + r["mutator"], int(r["jobs"]))

    setup = {}
    for r in rows:
        if r["kind"] == "setup" and num(r["rounds"]):
            setup.setdefault(key(r), []).append(r)
    base = {k: {f: statistics.median(num(r[f]) for r in v)
                for f in ("cpu_s", "csw", "wall_s", "rounds")}
            for k, v in setup.items()}

    groups = {}
    for r in rows:
        if r["kind"] == "race":
            groups.setdefault(key(r), []).append(r)
    figures = []
    bad = 0
    for k in sorted(groups, key=lambda k: (k[1], k[2], k[0])):
        b = base.get(k, {"cpu_s": 0, "csw": 0, "wall_s": 0, "rounds": 0})
        per = {f[0]: [] for f in FIGS}
        holds_ratio = []
        statuses = set()
        for r in groups[k]:
            rounds, holds = num(r["rounds"]), num(r["holds"])
            statuses.add(r["status"])
            if not rounds or holds is None:
                bad += 1
                continue
            n = rounds - b["rounds"]
            cpu = num(r["cpu_s"]) - b["cpu_s"]
            wall = num(r["scenario_s"])
            csw = num(r["csw"]) - b["csw"]
            holds_ratio.append(holds / rounds)
            if n <= 0 or cpu <= 0:
                bad += 1
                continue
            per["cpu_us_per_round"].append(cpu / n * 1e6)
            per["csw_per_round"].append(csw / n)
            per["holds_per_cpu_s"].append(holds / cpu)
            per["rounds_per_wall_s"].append(rounds / wall if wall else None)
        fig = {"label": k[0], "scenario": k[1], "jobs": k[2],
               "mode": groups[k][0]["mode"], "status": sorted(statuses),
               "rounds": statistics.median(num(r["rounds"]) or 0
                                           for r in groups[k]),
               "holds_per_round": mmm(holds_ratio),
               "setup": b}
        for f in FIGS:
            fig[f[0]] = mmm(per[f[0]])
        figures.append(fig)

    def find(label, scen, jobs):
        for f in figures:
            if (f["label"], f["scenario"], f["jobs"]) == (label, scen, jobs):
                return f
        return None

    def ratio(a, b, fkey):
        if a and b and a.get(fkey) and b.get(fkey) and b[fkey]["median"]:
            return a[fkey]["median"] / b[fkey]["median"]
        return None

    scaling = []
    for f in figures:
        one = find(f["label"], f["scenario"], 1)
        if f["jobs"] > 1 and one:
            scaling.append({"label": f["label"], "scenario": f["scenario"],
                            "jobs": f["jobs"],
                            "rounds_per_wall_s": ratio(f, one,
                                                       "rounds_per_wall_s"),
                            "cpu_us_per_round": ratio(f, one,
                                                      "cpu_us_per_round")})
    compare = []
    labels = sorted({f["label"] for f in figures})
    if "base" in labels and "new" in labels:
        for f in figures:
            if f["label"] != "new":
                continue
            o = find("base", f["scenario"], f["jobs"])
            c = {"scenario": f["scenario"], "jobs": f["jobs"], "overlap": {}}
            for g in FIGS:
                c[g[0]] = ratio(f, o, g[0])
                # A ratio whose two min..max spreads overlap may be noise.
                a, b = f.get(g[0]), o and o.get(g[0])
                c["overlap"][g[0]] = bool(a and b and a["min"] <= b["max"]
                                          and b["min"] <= a["max"])
            compare.append(c)

    detect = {}
    for r in rows:
        if r["kind"] in ("detect", "vm-detect"):
            detect.setdefault((r["label"], r["kind"], r["actor"] + "." +
                               r["mutator"]), []).append(r)
    detects = []
    for (label, kind, scen), rs in sorted(detect.items()):
        detects.append({"label": label, "where": kind, "scenario": scen,
                        "runs": len(rs),
                        "detected": sum(num(r["detect_s"]) is not None
                                        for r in rs),
                        "seconds": mmm(num(r["detect_s"]) for r in rs)})

    out = {"meta": meta, "figures": figures, "scaling": scaling,
           "compare": compare, "time_to_detect": detects,
           "unusable_runs": bad}
    with open(outdir + "/summary.json", "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")

    # The human table: min/median/max over repetitions.
    print("%-5s %-18s %4s  %-20s %-17s %-20s %-17s  %s" % (
        "rev", "scenario", "jobs", "CPU us/round", "csw/round",
        "holds/CPU-s", "rounds/wall-s", "status"))
    for f in figures:
        print("%-5s %-18s %4d  %-20s %-17s %-20s %-17s  %s %s" % (
            f["label"], f["scenario"], f["jobs"],
            *(fmt3(f[g[0]], g[3]) for g in FIGS),
            ",".join(f["status"]), f["mode"]))
    for s in scaling:
        print("scaling %s %s 1->%d jobs: rounds/wall-s x%s, CPU/round x%s" % (
            s["label"], s["scenario"], s["jobs"],
            "%.2f" % s["rounds_per_wall_s"] if s["rounds_per_wall_s"] else "-",
            "%.2f" % s["cpu_us_per_round"] if s["cpu_us_per_round"] else "-"))
    for c in compare:
        print("compare new/base %-18s jobs %d: %s" % (
            c["scenario"], c["jobs"], "  ".join(
                "%s x%s%s" % (g[1], "%.3f" % c[g[0]] if c[g[0]] else "-",
                              "~" if c["overlap"][g[0]] else "")
                for g in FIGS)))
    if compare:
        print("# ~: the min..max spreads of base and new overlap: may be noise")
    for d in detects:
        print("time to detect %s %s %s: %d/%d runs, seconds %s" % (
            d["label"], d["where"], d["scenario"], d["detected"], d["runs"],
            fmt3(d["seconds"], "%.3f")))
    if bad:
        print("# %d run(s) gave no usable figure (see stderr.log)" % bad)
    return 0


if __name__ == "__main__":
    sys.exit(main())
