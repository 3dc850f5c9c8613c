/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_TEST_REPORT_FIXTURE_H
#define DR_TEST_REPORT_FIXTURE_H

/*
 * A hand-built run result for the report writers' tests: three scenarios
 * (PASS, FAIL with violations, SKIP), every oracle verdict kind, filled
 * histograms, and text that needs escaping in JSON and YAML.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/exitcode.h"
#include "results/report.h"

struct fixture {
	struct dr_run_config cfg;
	struct dr_run_result res;
	struct dr_scenario_result sc[3];
	struct dr_violation viol[2];
	struct dr_report_group group;
	struct dr_report_run run;
	const char *actors[3];
	char *argv[6];
};

/* What a writer prints for root, as a malloc'd string; NULL if it failed. */
static inline char *fixture_render(struct json_object *root,
				   int (*write)(FILE *, struct json_object *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	if (write(f, root)) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	return buf;
}

static inline void fixture_hist(struct dr_hist *h, uint64_t base, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		uint64_t v = base + (uint64_t)i * base / 4;
		unsigned int b = 0;

		while (b + 1 < DR_HIST_BUCKETS && (v >> (b + 1)))
			b++;
		h->bucket[b]++;
		if (!h->count || v < h->min)
			h->min = v;
		if (v > h->max)
			h->max = v;
		h->sum += v;
		h->count++;
	}
}

static inline void fixture_init(struct fixture *f)
{
	struct dr_scenario_result *sc;

	memset(f, 0, sizeof(*f));
	f->actors[0] = "dio-read";
	f->actors[1] = "dio-write";
	f->cfg = (struct dr_run_config){
		.dir = "/mnt/pmem", .actors = f->actors, .stall = DR_STALL_UFFD,
		.duration_ns = 2000000000ull, .jobs = 2, .seed = 1234,
		.watchdog_ns = 30000000000ull, .pages = 4, .cpu_node = -1,
		.mem_node = 0,
	};
	strcpy(f->res.kernel_release, "6.12.0-test");
	strcpy(f->res.kernel_version, "#1 SMP PREEMPT_DYNAMIC");
	strcpy(f->res.fs_type, "ext4");
	strcpy(f->res.mount_options, "rw,relatime,dax=always");
	f->res.dax = true;
	strcpy(f->res.dax_reason, "STATX_ATTR_DAX set on a probe file");
	strcpy(f->res.partner, "/dev/loop7 (loop over a sparse file)");
	strcpy(f->res.namespace_desc, "namespace0.0 fsdax 1 GiB");
	strcpy(f->res.numa_desc, "1 node");
	strcpy(f->res.work_dir, "/mnt/pmem/daxrace.XXXXXX");
	f->res.seed = 1234;
	f->res.start_ns = 1000;
	f->res.end_ns = 7000000000ull;

	sc = &f->sc[0];
	strcpy(sc->name, "dio-read.punch.uffd");
	sc->actor = "dio-read";
	sc->mutator = "punch";
	sc->stall = "uffd";
	sc->status = DR_STATUS_PASS;
	/* A PASS always says what it judged (results/schema.json). */
	strcpy(sc->reason, "4990 confirmed holds in 5000 rounds");
	sc->rounds = 5000;
	sc->confirmed_holds = 4990;
	sc->unconfirmed = 10;
	strcpy(sc->unconfirmed_reason, "partner I/O counters did not advance");
	sc->start_ns = 1000;
	sc->end_ns = 2000001000ull;
	for (int i = 0; i < DR_ORACLE_COUNT; i++) {
		sc->oracles.verdict[i] = DR_VERDICT_PASS;
		strcpy(sc->oracles.reason[i], "nothing fired");
	}
	sc->oracles.verdict[DR_ORACLE_KLOG] = DR_VERDICT_SKIP;
	strcpy(sc->oracles.reason[DR_ORACLE_KLOG], "/dev/kmsg: Permission denied");
	fixture_hist(&sc->hold_to_mut_return, 1000000, 100);
	fixture_hist(&sc->release_to_mut_return, 20000, 100);

	sc = &f->sc[1];
	strcpy(sc->name, "dio-write.punch.uffd");
	sc->actor = "dio-write";
	sc->mutator = "punch";
	sc->stall = "uffd";
	sc->status = DR_STATUS_FAIL;
	strcpy(sc->reason, "TAG: 2 violations \"quoted\" # hash");
	sc->rounds = 300;
	sc->confirmed_holds = 299;
	sc->start_ns = 2000002000ull;
	sc->end_ns = 4000000000ull;
	for (int i = 0; i < DR_ORACLE_COUNT; i++) {
		sc->oracles.verdict[i] = DR_VERDICT_PASS;
		strcpy(sc->oracles.reason[i], "nothing fired");
	}
	sc->oracles.verdict[DR_ORACLE_TAG] = DR_VERDICT_FAIL;
	/* As dr_violation_add(): a FAIL's reason is its first violation. */
	strcpy(sc->oracles.reason[DR_ORACLE_TAG], "block 3 of victim holds file 9's tag");
	sc->oracles.verdict[DR_ORACLE_GUPFAIL] = DR_VERDICT_NA;
	strcpy(sc->oracles.reason[DR_ORACLE_GUPFAIL], "no io_uring here");
	f->viol[0] = (struct dr_violation){
		.oracle = DR_ORACLE_TAG, .round = 17, .t_ns = 2500002000ull,
		.summary = "block 3 of victim holds file 9's tag",
		.evidence = (char *)(uintptr_t)"expected: 44 52 54 47 01\nfound:    44 52 54 47 09\t\x01",
	};
	f->viol[1] = (struct dr_violation){
		.oracle = DR_ORACLE_TAG, .round = UINT64_MAX, .t_ns = 0,
		.summary = "bystander file 3: bad crc32c",
	};
	sc->oracles.violations = f->viol;
	sc->oracles.nr_violations = 2;
	fixture_hist(&sc->hold_to_mut_return, 3000000, 10);

	sc = &f->sc[2];
	strcpy(sc->name, "dio-read.truncate.uffd");
	sc->actor = "dio-read";
	sc->mutator = "truncate";
	sc->stall = "uffd";
	sc->status = DR_STATUS_SKIP;
	strcpy(sc->reason, "userfaultfd: kernel faults need privilege");
	for (int i = 0; i < DR_ORACLE_COUNT; i++) {
		sc->oracles.verdict[i] = DR_VERDICT_SKIP;
		strcpy(sc->oracles.reason[i], "scenario skipped");
	}

	f->res.scenarios = f->sc;
	f->res.nr_scenarios = 3;
	f->group = (struct dr_report_group){
		.name = "", .cfg = &f->cfg, .res = &f->res, .exit = DR_EXIT_BUG,
	};
	f->argv[0] = (char *)(uintptr_t)"run";
	f->argv[1] = (char *)(uintptr_t)"--dir";
	f->argv[2] = (char *)(uintptr_t)"/mnt/pmem";
	f->argv[3] = (char *)(uintptr_t)"--seed";
	f->argv[4] = (char *)(uintptr_t)"1234";
	f->run = (struct dr_report_run){
		.argc = 5, .argv = f->argv, .seed = 1234,
		.started = { 1795763700, 0 }, .ended = { 1795763707, 500000000 },
		.groups = &f->group, .nr_groups = 1,
	};
	f->run.exit = dr_report_exit_status(&f->run);
}

#endif
