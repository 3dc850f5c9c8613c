/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_WORKLOAD_H
#define DR_WORKLOAD_H

#include <stddef.h>

#include "cli/run_opts.h"

/*
 * A workload file (daxrace-workload(5)): INI like a fio job file.  [global]
 * gives defaults; every other section is a scenario group, run in turn in
 * file order with [global] beneath it and the command line above it.
 */
struct dr_workload_group {
	char *name;
	unsigned int line;               /* of its [header], for messages */
	struct dr_run_settings settings; /* only what the section says */
};

struct dr_workload {
	char *path;
	struct dr_run_settings global;
	struct dr_workload_group *groups;
	size_t nr_groups;
};

/*
 * Parses path: a regular file of at most DR_INPUT_MAX_INI bytes (a FIFO,
 * a device, a directory or a larger file is refused unread).
 * actor_names/mutator_names: accepted names (NULL = any).  Returns 0,
 * DR_EXIT_USAGE after a one-line "FILE:LINE: ..." error (or "cannot read
 * 'FILE': ..." when it is missing or not a file daxrace reads), or
 * DR_EXIT_ENV when it cannot be read.  dr_workload_free(w) in every case.
 */
int dr_workload_load(struct dr_workload *w, const char *path,
		     const char *const *actor_names,
		     const char *const *mutator_names);
/*
 * The parser behind both loaders, on memory: buf[0..len) (need not be
 * NUL-terminated; a NUL inside is an error), named name in messages.
 * Returns 0 or DR_EXIT_USAGE after one "NAME:LINE: ..." line on stderr
 * (DR_EXIT_ENV when out of memory); never reads past len, never crashes
 * on any input: the entry point of the workload fuzz target.  w is filled
 * as far as it got; dr_workload_free(w) in every case.
 */
int dr_workload_parse_buffer(struct dr_workload *w, const char *name,
			     const char *buf, size_t len,
			     const char *const *actor_names,
			     const char *const *mutator_names);
/*
 * The default when no --workload is given: workloads/smoke.ini, compiled
 * into the binary at build time (builtin_workload.c is generated from it),
 * so "daxrace run --dir DIR" needs no file and stays in step with the one
 * users copy.
 */
#define DR_BUILTIN_WORKLOAD_NAME "built-in:smoke"
extern const char dr_builtin_workload[];
int dr_workload_load_builtin(struct dr_workload *w,
			     const char *const *actor_names,
			     const char *const *mutator_names);
void dr_workload_free(struct dr_workload *w);
/*
 * --group: keeps only the named groups (sections), in the file's order,
 * so a run of one group names its scenarios exactly as the whole run
 * does.  names is NULL-terminated.  Returns 0, or DR_EXIT_USAGE after a
 * one-line error naming the group the file does not have and the ones it
 * has.
 */
int dr_workload_select(struct dr_workload *w, const char *const *names);

/*
 * "--workload smoke" finds the shipped smoke.ini.  A name with a '/' or
 * one that exists is used as given; otherwise NAME and NAME.ini are looked
 * up in the installed workloads directory, then in the source tree this
 * binary was built from.  Returns arg or buf.
 */
const char *dr_workload_find(const char *arg, char *buf, size_t len);

#endif
