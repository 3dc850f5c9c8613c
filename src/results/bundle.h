/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_BUNDLE_H
#define DR_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <json-c/json.h>

/*
 * daxrace report --bundle (bundle.c): what one failure's files are made
 * from.  The files are written by bundle_text.c (README.txt, the draft
 * report) and bundle_files.c (the rest); bundle_trace.c reads the stack
 * or trace out of a violation's evidence; bundle_repro.c finds the
 * minimal reproducer the known issue names.
 */
#define DR_BUNDLE_MAX_FUNCS 24
#define DR_BUNDLE_MAX_TRACES 4 /* violations quoted: they repeat one another */

struct dr_bundle {
	const char *path;           /* the result.json bundled */
	char run_dir[4096];         /* its directory: dmesg.txt is there */
	struct json_object *root;
	struct json_object *sc;     /* the failed scenario the bundle is about */
	struct json_object *env;    /* its group's fs, pmem, partner (bundle.c) */
	const char *issue_id;       /* the known issue it matched, or NULL */
	struct json_object *issue;  /* known_issues.matched[issue_id], or NULL */
	char repro[256];            /* the reproducer's file name in DIR, or "" */
	char repro_src[4096];       /* where it was copied from */
	char repro_missing[4096];   /* named by the issue but not found: why */
	char funcs[DR_BUNDLE_MAX_FUNCS][128]; /* the stack's / trace's functions */
	size_t nr_funcs;
	const char *trace_kind;     /* "stuck task's stack", "warning trace" or NULL */
};

/* The violations of b->sc whose evidence holds a kernel stack or trace. */
bool dr_bundle_has_trace(struct json_object *viol);
/* The stack (LIVE) or kernel trace (KLOG) part of a violation's
 * evidence: *len bytes from the returned pointer, the whole evidence
 * when it has no such part. */
const char *dr_bundle_trace(struct json_object *viol, size_t *len);
/* Fills b->funcs from the traces of b->sc's violations. */
void dr_bundle_functions(struct dr_bundle *b);

/* Looks up the reproducer b->issue names; sets b->repro or b->repro_missing. */
void dr_bundle_find_repro(struct dr_bundle *b);

/* dr_save_file fillers; ctx is the struct dr_bundle. */
int dr_bundle_readme(FILE *f, void *ctx);
int dr_bundle_reproduce(FILE *f, void *ctx);
int dr_bundle_config(FILE *f, void *ctx);
int dr_bundle_stack(FILE *f, void *ctx);
int dr_bundle_dmesg(FILE *f, void *ctx);
int dr_bundle_pmem(FILE *f, void *ctx);

/* The file names, in the order README.txt lists them. */
extern const char *const dr_bundle_names[];

#endif
