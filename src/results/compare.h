/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_COMPARE_H
#define DR_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>

#include "results/find_results.h"

/*
 * "daxrace report --compare BASE NEW": the scenarios of two sets of
 * results, paired by key, with what changed between them.  The result is
 * one JSON document (results/compare-schema.json); the human and TAP
 * renderings are views of it, as for result.json.
 */
#define DR_COMPARE_VERSION 1

/* Defaults of --noise and --min-rounds; why these, daxrace-report(1). */
#define DR_CMP_NOISE_DEFAULT 2.0
#define DR_CMP_NOISE_MIN 1.0
#define DR_CMP_NOISE_MAX 1000.0
#define DR_CMP_MIN_ROUNDS_DEFAULT 100
/* A latency percentile is compared only with this many samples above it
 * on both sides, so that one outlier is not a "p99 change". */
#define DR_CMP_TAIL_SAMPLES 5

struct dr_compare_opts {
	double noise;          /* a ratio within [1/noise, noise] is noise */
	uint64_t min_rounds;   /* fewer rounds on a side: rates not judged */
};

/* One scenario of one result.json, with the key it is paired by. */
struct dr_cmp_entry {
	const char *kernel;    /* kernel.release */
	const char *fs;        /* the fs word (dr_cmp_side_load) */
	bool dax;
	const char *id;        /* GROUP/NAME */
	const char *path;      /* the result.json it came from */
	struct json_object *sc;
	size_t order;          /* position in the side, for a stable sort */
};

/* Every result.json below one command-line argument. */
struct dr_cmp_side {
	const char *arg;
	struct dr_found found;
	struct json_object **roots;       /* one per found path */
	struct dr_cmp_entry *e;
	size_t n;
	const char **kernels;             /* distinct releases, borrowed */
	size_t nr_kernels;
};

/* Loads a side; returns 0 or a dr_exit code after a one-line error. */
int dr_cmp_side_load(struct dr_cmp_side *side, const char *arg);
void dr_cmp_side_free(struct dr_cmp_side *side);

/*
 * The rate figures of a pair that ran on both sides (holds/s, latency
 * percentiles), each judged against the noise rule; appended to rates.
 * Returns the number flagged beyond noise, or -ENOMEM.
 */
int dr_cmp_rates(struct json_object *base_sc, struct json_object *new_sc,
		 const struct dr_compare_opts *o, struct json_object *rates);

/* Holds per second of a scenario, or -1 when it has no duration. */
double dr_cmp_holds_per_s(struct json_object *sc);

/* Builds the comparison document; returns 0 or a dr_exit code. */
int dr_compare(const char *base, const char *new, const struct dr_compare_opts *o,
	       struct json_object **doc);

/* "[KERNEL ]FS dax|nodax ID": how an item of the document is named in
 * the human and TAP renderings. */
const char *dr_cmp_key_text(struct json_object *item, char *buf, size_t len);

/* Renderings of the comparison document. */
int dr_compare_write_human(FILE *out, struct json_object *doc);
int dr_compare_write_tap(FILE *out, struct json_object *doc);

#endif
