/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_ENGINE_H
#define DR_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/hist.h"
#include "engine/pace.h"
#include "oracles/oracle.h"

/*
 * The contract between "daxrace run" (options in, results out) and the race
 * engine.  cmd_run fills a dr_run_config, dr_engine_run fills a
 * dr_run_result, the report writers turn it into result.json / result.tap.
 */

enum dr_stall {
	DR_STALL_UFFD, /* hold the GUP with a userfaultfd fault */
	DR_STALL_NONE, /* free-running: actors and mutators loop concurrently */
};

struct dr_run_config {
	const char *dir;        /* --dir: fs under test; we work in a mkdtemp under it */
	const char *partner;    /* --partner: block device or non-DAX file; NULL = make one */
	bool partner_destroy;   /* --partner-destroy: allow a partner holding a fs */
	const char **actors;    /* --actor names (NULL-terminated); NULL = all */
	const char **mutators;  /* --mutator names (NULL-terminated); NULL = all */
	enum dr_stall stall;
	uint64_t duration_ns;   /* per scenario; 0 = use rounds */
	uint64_t rounds;        /* per scenario; 0 = use duration */
	unsigned int jobs;      /* independent race pairs per scenario */
	uint64_t seed;
	uint64_t watchdog_ns;   /* LIVE deadline */
	uint64_t probe_every_ns; /* stall none: quiesce-and-probe period, 0 = end only */
	unsigned int pages;     /* victim pages per hold (k) */
	unsigned int depth;     /* requests in flight, for actors that queue; 0 = 1 */
	bool require_dax;       /* exit 4 when --dir is not DAX */
	int cpu_node, mem_node; /* -1 = no placement */
	bool numa_spread;       /* --numa spread: roles on different nodes */
	const char *inject;     /* test-only fault injection, NULL normally */
	bool progress;          /* call the progress callback */
	/* An earlier group abandoned a job thread stuck in the kernel: run
	 * nothing, every scenario is SKIP "not run" (a stuck task holds its
	 * pages and files, so what ran beside it would be judged on a kernel
	 * already known to be broken). */
	bool earlier_stuck;
};

enum dr_status {
	DR_STATUS_PASS,
	DR_STATUS_FAIL,
	DR_STATUS_SKIP,
	DR_STATUS_ERROR,
};

const char *dr_status_name(enum dr_status s);

/* One thread or buffer of a scenario and the NUMA node it was on. */
struct dr_placed {
	char what[32];  /* "job0.actor", "job0.victim", ... */
	bool memory;    /* a buffer, not a thread */
	int node;       /* -1: unknown, see why */
	int cpu;        /* threads: the CPU it last ran on, else -1 */
	char why[48];   /* when node is -1: not mapped, no libnuma, ... */
	const char *from; /* buffers: how the node was read */
};

/* The phases of a held round, as src/engine/hold.c times them. */
#define DR_ROUND_PHASES 6
extern const char *const dr_round_phase_names[DR_ROUND_PHASES];

struct dr_scenario_result {
	char name[96];          /* stable slug: "dio-read.punch.uffd" */
	const char *actor, *mutator, *stall;
	char mutator_combo[80];  /* mutator, when it is NAME+NAME */
	enum dr_status status;
	char reason[256];
	uint64_t rounds;
	uint64_t confirmed_holds;
	uint64_t unconfirmed;   /* rounds not judged, reason counted below */
	char unconfirmed_reason[96]; /* the most recent one */
	uint64_t lost_wakeups;  /* LIVE: retry after interrupt completed */
	uint64_t leaked_refs;   /* LIVE: retry blocked again */
	uint64_t start_ns, end_ns;
	struct dr_verdict_sink oracles;
	struct dr_hist hold_to_mut_return;    /* t_mut_return - t_fault */
	struct dr_hist release_to_mut_return; /* t_mut_return - t_release, when after */
	struct dr_pace pace;     /* rounds over time, from the jobs' start */
	struct dr_placed *placed; /* where each thread and buffer was */
	size_t nr_placed;
	/*
	 * What racing cost daxrace, from getrusage(RUSAGE_SELF) around the
	 * jobs' run: every thread of ours (holders, actors, mutators, the
	 * bystander, the watchdog), nothing else's (a loop worker is not).
	 */
	bool have_cost;
	double cost_cpu_s;
	uint64_t cost_csw;       /* voluntary + involuntary context switches */
	/* Mean time per confirmed held round in each phase (src/engine/hold.c),
	 * in us; have_phases only for held rounds that were confirmed. */
	bool have_phases;
	double phase_mean_us[DR_ROUND_PHASES];
};

struct dr_run_result {
	/* Header, filled by the engine from what it found. */
	char kernel_release[128];
	char kernel_version[256];
	char fs_type[32];
	char mount_options[512];
	bool dax;
	char dax_reason[256];
	char partner[512];      /* what the partner turned out to be */
	char namespace_desc[256]; /* "" when no pmem */
	char numa_desc[256];
	char work_dir[4096];
	uint64_t seed;
	uint64_t start_ns, end_ns;
	bool interrupted;       /* SIGINT/SIGTERM stopped the run early */
	bool abandoned;         /* a job thread was left stuck in the kernel */

	struct dr_scenario_result *scenarios;
	size_t nr_scenarios;
};

/* Live counters for the progress line; read without locks (approximate). */
struct dr_progress {
	const char *scenario;
	unsigned int index, count; /* scenario index (from 1) of count, this run */
	uint64_t elapsed_ns;
	uint64_t left_ns;          /* to this run's end, estimated; UINT64_MAX:
				    * unknown (--rounds decides) */
	uint64_t rounds, confirmed_holds, violations;
};
typedef void (*dr_progress_fn)(const struct dr_progress *p, void *ctx);

/*
 * Runs every selected actor x mutator as one scenario each.  Returns a
 * dr_exit code: PASS, BUG (a new violation), ENV (setup failed: reason in
 * the log), SKIP (nothing could run; each scenario says why).  The result
 * is filled as far as the run got, also on failure.
 */
int dr_engine_run(const struct dr_run_config *cfg, struct dr_run_result *res,
		  dr_progress_fn progress, void *ctx);
/*
 * What dr_engine_run refuses as configuration (exit 2), checked without
 * touching anything: "daxrace run" asks for every group before it writes a
 * results directory or starts the first one.  The reason is logged.
 */
int dr_engine_check(const struct dr_run_config *cfg);
/*
 * SIGINT, SIGTERM and SIGHUP stop the run between begin and end: the
 * engine unwinds (work directory and loop devices removed) and the caller
 * still writes whole results.  dr_engine_run holds them itself; a caller
 * that writes files after it brackets the whole run, so that no signal
 * kills it half-way through.
 */
void dr_engine_signals_begin(void);
void dr_engine_signals_end(void);
void dr_run_result_free(struct dr_run_result *res);
/* How many scenarios dr_engine_run would plan for cfg (actors x mutators). */
size_t dr_engine_nr_scenarios(const struct dr_run_config *cfg);

#endif
