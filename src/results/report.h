/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_REPORT_H
#define DR_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include <json-c/json.h>

#include "engine/engine.h"
#include "known/known.h"

/*
 * result.json is the one record of a run.  It is built once from the
 * engine's structs; the TAP and human renderings are views of that JSON,
 * which is what lets "daxrace report" re-render an old run exactly as
 * "daxrace run" rendered it.
 */
#define DR_SCHEMA_VERSION 1

/* The renderings of result.json (--format). */
enum dr_format { DR_FORMAT_HUMAN, DR_FORMAT_TAP, DR_FORMAT_JSON };

/* One dr_engine_run call: a workload section, or the command line. */
struct dr_report_group {
	const char *name;                 /* section; "" for the command line */
	const struct dr_run_config *cfg;
	const struct dr_run_result *res;
	int exit;                         /* dr_engine_run's, known issues taken out */
	const struct dr_known_verdict *known; /* per scenario, or NULL */
	const char *known_fs;             /* the fs word matched, or NULL */
	const char *known_kernel;         /* the version matched, or NULL */
};

/*
 * kernel.config (results/kconfig.c): the options daxrace's reports quote,
 * from the running kernel's config file.  options is NULL when none could
 * be read, error then says why; source is the file read or last tried.
 */
struct dr_kconfig {
	struct json_object *options; /* "CONFIG_X" -> "y", "m", "n" or the value */
	char source[4096];
	char error[512];
};

void dr_kconfig_read(struct dr_kconfig *kc);
void dr_kconfig_free(struct dr_kconfig *kc);

struct dr_report_run {
	int argc;
	char *const *argv;                /* the whole command line */
	const char *workload;             /* --workload FILE, or NULL */
	const char *results_dir;          /* where result.json went, or NULL */
	bool strict;
	const struct dr_known_issues *known_issues; /* NULL or path NULL: none */
	uint64_t seed;
	struct timespec started, ended;   /* CLOCK_REALTIME */
	int exit;                         /* the run's exit status */
	const struct dr_report_group *groups;
	size_t nr_groups;
	/* The daxrace-vm command that boots this guest again
	 * ($DAXRACE_VM_COMMAND), or NULL outside daxrace-vm. */
	const char *vm_command;
	const char *vm_fs;                /* its --fs word ($DAXRACE_VM_FS) */
	/* kernel.config and its source; NULL: not read, the keys absent. */
	const struct dr_kconfig *kconfig;
};

/* Builds the result.json tree; NULL on allocation failure. */
struct json_object *dr_report_to_json(const struct dr_report_run *run);

/* The exit status a run gets from its groups' engine codes and --strict. */
int dr_report_exit_status(const struct dr_report_run *run);

/*
 * Checks what the renderers rely on: schema_version is one this build
 * reads, and the required keys are there with the right types.  Returns 0,
 * or -EINVAL with a one-line reason in err.
 */
int dr_report_validate(struct json_object *root, char *err, size_t len);
/*
 * What "daxrace report" reads, on memory: buf[0..len) parsed as one JSON
 * document (nothing but blanks after it) and validated.  Returns 0 with
 * *root (json_object_put it), or -EINVAL with a one-line reason in err and
 * *root NULL; never crashes on any input: the entry point of the
 * result.json fuzz target.
 */
int dr_report_parse_buffer(const char *buf, size_t len, struct json_object **root,
			   char *err, size_t errlen);

/* Renderings of a result.json tree. */
int dr_report_write_tap(FILE *out, struct json_object *root);
int dr_report_write_human(FILE *out, struct json_object *root);
int dr_report_write_json(FILE *out, struct json_object *root);
/* JUnit XML of n results (paths[i]: where roots[i] was read). */
int dr_report_write_junit(FILE *out, struct json_object *const *roots,
			  const char *const *paths, size_t n);
/* KCIDB I/O JSON (schema v5.3) of n results: the ids the tests are
 * filed under; build_id, checkout_id NULL: ORIGIN:KERNEL-RELEASE. */
struct dr_kcidb_ids {
	const char *origin, *build_id, *checkout_id;
};
int dr_report_write_kcidb(FILE *out, struct json_object *const *roots,
			  const char *const *paths, size_t n,
			  const struct dr_kcidb_ids *ids);
/* The HTML page of n results (daxrace report --html): self-contained,
 * no script, no external reference. */
int dr_report_write_html(FILE *out, struct json_object *const *roots,
			 const char *const *paths, size_t n);
/*
 * daxrace report --bundle DIR: the files of a bug report upstream about
 * root's first FAIL (root read from path), in DIR (made, or empty) and
 * DIR.tar.gz.  Prints a one-line error and returns a dr_exit code.
 */
int dr_report_bundle(const char *dir, const char *path, struct json_object *root);
/* One of the above by dr_format (human, tap, json). */
int dr_report_render(FILE *out, struct json_object *root, int fmt);

/*
 * Writes root to dirfd/name through a temporary file and rename(2), so a
 * reader sees the old file or the whole new one.  fmt is a dr_format.
 * Returns 0 or -errno.
 */
int dr_report_save(int dirfd, const char *name, struct json_object *root,
		   int fmt);

/* Text after "# SKIP" or "- " in TAP must stay on one line and hold no
 * '#': writes s so. */
void dr_tap_text(FILE *out, const char *s);

/*
 * The reproduce line of scenario sc of root: the daxrace run (or, inside
 * daxrace-vm, the daxrace-vm) command that runs it alone with its seed
 * and the rounds it ran, shell-quoted, into buf.  Returns 0, -ENOENT when
 * root records too little (no config for its group), -ENOSPC.
 */
int dr_report_repro(struct json_object *root, struct json_object *sc, char *buf,
		    size_t len);
/* sc's "reproduce" as result.json holds it, else one built into buf;
 * NULL when neither can be had. */
const char *dr_report_repro_of(struct json_object *root, struct json_object *sc,
			       char *buf, size_t len);

/* Small accessors shared by the renderers (missing key -> default). */
const char *dr_json_str(struct json_object *o, const char *key, const char *def);
/* A number (an int or a double). */
double dr_json_num(struct json_object *o, const char *key, double def);
int64_t dr_json_int(struct json_object *o, const char *key, int64_t def);
bool dr_json_bool(struct json_object *o, const char *key, bool def);
/*
 * What a scenario amounts to for a reader that knows only pass, fail,
 * error and skip (JUnit, KCIDB): a FAIL that is all known kernel issues
 * (not under --strict) and a PASS in which an oracle was INCONCLUSIVE
 * are told apart, as result.tap's TODO and SKIP do.
 */
enum dr_outcome {
	DR_OUTCOME_PASS, DR_OUTCOME_FAIL, DR_OUTCOME_KNOWN, DR_OUTCOME_ERROR,
	DR_OUTCOME_SKIP, DR_OUTCOME_INCONCLUSIVE,
};
enum dr_outcome dr_json_outcome(struct json_object *root, struct json_object *sc);
/* The first INCONCLUSIVE oracle of sc and its reason; false if none. */
bool dr_json_inconclusive(struct json_object *sc, const char **name, const char **reason);
/* The filesystem a result is filed under: the word known issues were
 * matched with (xfs-reflink), else the type, else "unknown". */
const char *dr_json_fs_word(struct json_object *root);

/* Value at or below which fraction q of a histogram's samples lie. */
uint64_t dr_json_hist_quantile(struct json_object *hist, double q);

#endif
