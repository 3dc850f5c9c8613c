/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_ORACLE_H
#define DR_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "oracles/round.h"

/*
 * The oracles, one ops table each in src/oracles/NAME.c, listed once here.
 * X(id, "NAME").  Adding an oracle is one file plus one line.
 */
#define DR_ORACLES(X) \
	X(ORDER, "ORDER") \
	X(TAG, "TAG") \
	X(LIVE, "LIVE") \
	X(SPACE, "SPACE") \
	X(KLOG, "KLOG") \
	X(GUPFAIL, "GUPFAIL")

enum dr_oracle_id {
#define DR_ORACLE_ENUM(id, name) DR_ORACLE_##id,
	DR_ORACLES(DR_ORACLE_ENUM)
#undef DR_ORACLE_ENUM
	DR_ORACLE_COUNT
};

enum dr_verdict {
	DR_VERDICT_PASS, /* applied, and nothing fired */
	DR_VERDICT_FAIL, /* fired at least once */
	DR_VERDICT_SKIP, /* would apply, but could not here (reason says why) */
	DR_VERDICT_NA,   /* does not apply to this scenario (e.g. ORDER on page cache) */
	/*
	 * Applied, but what it measured was disturbed by something outside
	 * daxrace (another writer moved the fs-wide free count): not judged,
	 * the reason has the numbers.  Never a FAIL and never a pass.
	 */
	DR_VERDICT_INCONCLUSIVE,
};

const char *dr_verdict_name(enum dr_verdict v);

/* What an oracle needs to know about where it runs. */
struct dr_oracle_env {
	bool dax;              /* --dir is DAX (STATX_ATTR_DAX on our files) */
	bool root;             /* CAP_SYS_ADMIN */
	/* The scenario's mutator breaks layouts (waits for pins on DAX);
	 * false for page-table changers and plain writes. */
	bool mutator_breaks_layouts;
	/* --stall none: actor and mutator loop unsynchronised, so no round
	 * has a known pin interval to order a layout change against. */
	bool free_running;
	/* The actor's held call keeps no page referenced: why (actor.h). */
	const char *actor_holds_no_pages;
	const char *dir;       /* the work directory */
	uint64_t watchdog_ns;  /* LIVE deadline */
	/* Set before the end when a job thread stuck in the kernel was
	 * abandoned: its files stay, and it may still change them. */
	bool job_abandoned;
};

/* One violation, with the evidence a kernel developer needs. */
struct dr_violation {
	enum dr_oracle_id oracle;
	uint64_t round;      /* round index, or UINT64_MAX when not tied to one */
	uint64_t t_ns;       /* CLOCK_MONOTONIC when seen */
	char summary[256];   /* one line */
	char *evidence;      /* multi-line, malloc'd, may be NULL */
};

/* Where oracles put what they find; owned by the scenario. */
struct dr_verdict_sink {
	enum dr_verdict verdict[DR_ORACLE_COUNT];
	char reason[DR_ORACLE_COUNT][256];
	struct dr_violation *violations;
	size_t nr_violations, cap_violations;
	uint64_t violations_dropped; /* beyond the cap: counted, not kept */
};

/*
 * Records a violation and sets the oracle's verdict to FAIL (its reason
 * becomes the first violation's summary).  Thread-safe.  evidence may be
 * NULL; it is copied.  The first 256 violations are kept, later ones only
 * counted in violations_dropped.
 */
void dr_violation_add(struct dr_verdict_sink *sink, enum dr_oracle_id oracle,
		      uint64_t round, const char *evidence, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Sets verdict and reason; thread-safe.  FAIL is sticky: setting anything
 * else over a FAIL is ignored, so an end() cannot hide a violation. */
void dr_verdict_set(struct dr_verdict_sink *sink, enum dr_oracle_id oracle,
		    enum dr_verdict v, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void dr_verdict_sink_free(struct dr_verdict_sink *sink);

struct dr_oracle_ops {
	const char *name;    /* "ORDER" */
	const char *summary; /* one line, for daxrace list */
	/*
	 * Before a scenario: can this oracle judge it here?  Sets the verdict
	 * to PASS (applies, nothing seen yet), SKIP or NA with the reason, and
	 * may allocate per-scenario state (a kmsg reader, a statfs baseline).
	 * Returns 0 or -errno (the scenario is then an ERROR).
	 */
	int (*begin)(const struct dr_oracle_env *env,
		     struct dr_verdict_sink *sink, void **state);
	/* After each confirmed round; may be NULL. */
	void (*round)(void *state, const struct dr_oracle_env *env,
		      const struct dr_round *r, struct dr_verdict_sink *sink);
	/*
	 * After the scenario's threads stopped, just before its files are
	 * removed (daxrace is idle); may be NULL.  Measures what the removal
	 * must give back.
	 */
	void (*before_remove)(void *state, const struct dr_oracle_env *env,
			      struct dr_verdict_sink *sink);
	/*
	 * After the scenario, once its files are deleted and the fs synced;
	 * may be NULL.  Judges what only the end can show, frees state.
	 */
	void (*end)(void *state, const struct dr_oracle_env *env,
		    struct dr_verdict_sink *sink);
};

/* The ops table of oracle ID is dr_oracle_ID, defined in its own file. */
#define DR_ORACLE_DECL(id, name) extern const struct dr_oracle_ops dr_oracle_##id;
DR_ORACLES(DR_ORACLE_DECL)
#undef DR_ORACLE_DECL

extern const struct dr_oracle_ops *const dr_oracles[DR_ORACLE_COUNT];
const struct dr_oracle_ops *dr_oracle_by_name(const char *name);

#endif
