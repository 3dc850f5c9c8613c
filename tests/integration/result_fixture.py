# SPDX-License-Identifier: GPL-2.0-or-later
"""result.json fixtures for the report writer tests (JUnit, KCIDB, HTML):
a DAX ext4 guest on 6.1 that daxrace-vm brought back, its scenarios in
the built-in workload's group.  Each test sets what it checks on top."""

ORACLES = ("ORDER", "TAG", "LIVE", "SPACE", "KLOG", "GUPFAIL")


def verdicts(v, reason="nothing fired"):
    return {o: {"verdict": v, "reason": reason} for o in ORACLES}


def scenario(name, status, reason, **kw):
    """One scenario ACTOR.MUTATOR.STALL; kw sets or replaces any field."""
    a, m, s = name.split(".")
    d = {"name": name, "group": "smoke", "id": "smoke/" + name, "actor": a,
         "mutator": m, "stall": s, "status": status, "reason": reason,
         "known": False, "known_issue": None, "rounds": 100, "confirmed_holds": 50,
         "unconfirmed": 0, "unconfirmed_reason": "", "lost_wakeups": 0,
         "leaked_refs": 0, "duration_s": 2.0, "violations": [],
         "violations_dropped": 0,
         "oracles": verdicts("PASS" if status in ("PASS", "FAIL") else "SKIP")}
    d.update(kw)
    return d


def guest(scenarios, summary, exit_status, explanation, duration_s):
    """The run around scenarios: FAIL unless exit_status is 0; its one
    known issue k-1 (LIVE on 6.1) explained by explanation."""
    return {
        "schema_version": 1, "tool": {"name": "daxrace", "version": "0.1.0"},
        "command_line": ["run"], "workload": "built-in:smoke",
        "results_dir": "/share/ext4/results/20261201-000000-s5", "seed": 5,
        "strict": False, "started": "2026-12-01T00:00:00Z", "ended": "2026-12-01T00:00:10Z",
        "duration_s": 10.0, "exit_status": exit_status,
        "result": "PASS" if exit_status == 0 else "FAIL", "interrupted": False,
        "kernel": {"release": "6.1.0-56-amd64", "version": "#1 SMP Debian 6.1.192-2"},
        "host": {"hostname": "guest", "machine": "x86_64"}, "fs": "ext4",
        "mount_options": "rw,dax=always", "dax": True, "dax_reason": "STATX_ATTR_DAX",
        "partner": "/dev/vda", "namespace": "namespace0.0", "numa": "1 node",
        "vm": {"command": "daxrace-vm --kernel-package 6.1 --fs ext4", "fs": "ext4"},
        "known_issues": {"file": "/share/known-issues", "entries": 1, "matched": {"k-1": {
            "kernel_min": "6.1", "kernel_below": "6.2", "fs": ["*"], "scenario": "*",
            "oracle": "LIVE", "fix": "abc123 <fix> & co", "reproducer": None,
            "explanation": explanation, "introduced": None, "evidence": None}}},
        "groups": [{"name": "smoke", "exit_status": exit_status, "environment": {"fs": "ext4"},
                    "config": {"dir": "/mnt/dax/daxrace", "partner": "/dev/vda",
                               "partner_destroy": True, "actors": None, "mutators": None,
                               "stall": "uffd", "duration_s": duration_s, "rounds": None,
                               "jobs": 1, "seed": 5, "watchdog_s": 30.0,
                               "probe_every_s": None, "pages": 4, "require_dax": True,
                               "cpu_node": None, "mem_node": None, "inject": None}}],
        "summary": summary,
        "scenarios": scenarios,
    }
