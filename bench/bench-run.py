#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench-run.py TSV RESULTS LABEL KIND REP -- DAXRACE run ARGS...
#
# Runs one daxrace and appends one row to TSV.  The CPU time and context
# switches come from wait4(2) on the child, so they count every thread of
# daxrace (the kernel folds exited threads into the process's rusage) and
# nothing else on the machine: another helper's build cannot add to them,
# unlike wall time.  Rounds, confirmed holds and the first violation's
# at_s ("seconds after the scenario started", results/schema.json) come
# from the run's result.json under RESULTS, and so does the scenario's own
# duration_s (the race alone, without daxrace's start and exit).
import glob
import json
import os
import sys
import time

FIELDS = ("label", "kind", "actor", "mutator", "jobs", "rep", "exit",
          "wall_s", "scenario_s", "cpu_s", "csw", "rounds", "holds", "status", "mode",
          "detect_s")


def arg_of(argv, name):
    """The value of daxrace option NAME in argv, or '-'."""
    for i, a in enumerate(argv):
        if a == name and i + 1 < len(argv):
            return argv[i + 1]
    return "-"


def main():
    if len(sys.argv) < 7 or sys.argv[6] != "--":
        print("usage: bench-run.py TSV RESULTS LABEL KIND REP -- CMD...",
              file=sys.stderr)
        return 2
    tsv, results, label, kind, rep = sys.argv[1:6]
    cmd = sys.argv[7:]
    os.makedirs(results, exist_ok=True)
    # daxrace-vm nests one result.json per filesystem deeper down.
    pat = os.path.join(results, "**", "result.json")
    before = set(glob.glob(pat, recursive=True))
    err = open(os.path.join(results, "stderr.log"), "ab")
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            os.dup2(err.fileno(), 2)
            os.execv(cmd[0], cmd)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    wall = time.monotonic() - t0
    rc = os.waitstatus_to_exitcode(status)

    row = dict.fromkeys(FIELDS, "-")
    row.update(label=label, kind=kind, rep=rep, exit=rc,
               actor=arg_of(cmd, "--actor"), mutator=arg_of(cmd, "--mutator"),
               jobs=arg_of(cmd, "--jobs"), wall_s="%.6f" % wall,
               cpu_s="%.6f" % (ru.ru_utime + ru.ru_stime),
               csw=ru.ru_nvcsw + ru.ru_nivcsw)
    new = sorted(set(glob.glob(pat, recursive=True)) - before)
    at = []
    for i, path in enumerate(new):
        d = json.load(open(path))
        sc = d["scenarios"][0]
        if i == 0:
            row.update(rounds=sc["rounds"], holds=sc["confirmed_holds"],
                       status=sc["status"], scenario_s=sc["duration_s"],
                       mode="dax" if d.get("dax") else "page-cache")
        at += [v["at_s"] for v in sc.get("violations", [])
               if v.get("at_s") is not None]
    if at:
        row["detect_s"] = "%.6f" % min(at)
    new_file = not os.path.exists(tsv)
    with open(tsv, "a") as f:
        if new_file:
            f.write("\t".join(FIELDS) + "\n")
        f.write("\t".join(str(row[k]) for k in FIELDS) + "\n")
    # Exit 0 (PASS) and 1 (a violation, as --inject builds) are results.
    return 0 if rc in (0, 1) and new else 1


if __name__ == "__main__":
    sys.exit(main())
