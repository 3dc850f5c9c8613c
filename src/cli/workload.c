// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Workload files.  The keys are the long options of "daxrace run", looked
 * up in the same rows and applied by the same function as the command
 * line, so a file accepts exactly what the command line accepts and gives
 * the same one-line errors, prefixed with FILE:LINE.  The INI syntax is
 * libinih's through common/ini.c.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/exitcode.h"
#include "common/ini.h"
#include "common/input.h"
#include "common/log.h"
#include "common/nameset.h"
#include "cli/workload.h"

struct parser {
	struct dr_workload *w;
	const char *path;
	struct dr_run_settings *cur; /* NULL before the first section */
	bool cur_global;
	size_t cap;                  /* of w->groups */
	struct dr_nameset names;     /* group name -> its header's line */
	const char *const *actor_names, *const *mutator_names;
};

#define perr(p, line, ...) (dr_ini_error((p)->path, (line), __VA_ARGS__), DR_EXIT_USAGE)

static int section(void *user, const char *name, unsigned int line)
{
	struct parser *p = user;
	struct dr_workload *w = p->w;
	struct dr_workload_group *g;
	long first;

	if (!strcmp(name, "global")) {
		if (p->cur_global || w->nr_groups)
			return perr(p, line, "[global] must come once, before the groups");
		p->cur = &w->global;
		p->cur_global = true;
		return 0;
	}
	if (w->nr_groups == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 8;

		g = realloc(w->groups, cap * sizeof(*g));
		if (!g)
			return perr(p, line, "out of memory");
		w->groups = g;
		p->cap = cap;
	}
	g = &w->groups[w->nr_groups];
	memset(g, 0, sizeof(*g));
	g->name = strdup(name);
	if (!g->name)
		return perr(p, line, "out of memory");
	first = dr_nameset_add(&p->names, g->name, line);
	if (first) {
		free(g->name);
		if (first < 0)
			return perr(p, line, "out of memory");
		return perr(p, line, "section [%s] already defined at line %ld", name, first);
	}
	g->line = line;
	dr_run_settings_init(&g->settings);
	g->settings.actor_names = p->actor_names;
	g->settings.mutator_names = p->mutator_names;
	w->nr_groups++;
	p->cur = &g->settings;
	p->cur_global = false;
	return 0;
}

/* A bare KEY (val NULL) is a flag set on; the apply step says if not. */
static int key_value(void *user, const char *key, const char *val, bool cont,
		     unsigned int line)
{
	struct parser *p = user;
	const struct dr_run_option *o = dr_run_option_by_name(key);
	const char *saved = dr_log_prefix;
	char prefix[4200];
	int ret;

	if (!o)
		return perr(p, line, "unknown key '%s' (keys are the long options of daxrace run)",
			    key);
	if (!p->cur)
		return perr(p, line, "--%s: outside a section: start with [global] or [NAME]",
			    key);
	if (o->flags & DR_RO_CLI_ONLY)
		return perr(p, line, "--%s: only allowed on the command line", key);
	if ((o->flags & DR_RO_GLOBAL_ONLY) && !p->cur_global)
		return perr(p, line, "--%s: only allowed in [global] (it applies to the whole run)",
			    key);
	if (o->opt.arg && (!val || !*val))
		return perr(p, line, "--%s: needs a value (%s = %s)", key, key, o->opt.arg);
	/* A repeated key replaces, except the name lists, which append like
	 * a repeated --actor on the command line. */
	/* Errors from the shared checkers get FILE:LINE in front. */
	snprintf(prefix, sizeof(prefix), "%s: %s:%u", saved, p->path, line);
	dr_log_prefix = prefix;
	ret = dr_run_settings_apply(p->cur, o->opt.key, val);
	dr_log_prefix = saved;
	if (!ret)
		dr_run_settings_line(p->cur, o->opt.key, line);
	return ret;
}

static const struct dr_ini_syntax syntax = {
	.comments = "#;", .continuation = false, .bare_keys = true,
};

static const struct dr_ini_ops ops = { .section = section, .key = key_value };

static int workload_init(struct dr_workload *w, const char *path,
			 const char *const *actor_names,
			 const char *const *mutator_names)
{
	memset(w, 0, sizeof(*w));
	dr_run_settings_init(&w->global);
	w->global.actor_names = actor_names;
	w->global.mutator_names = mutator_names;
	w->path = strdup(path);
	if (!w->path) {
		dr_err("out of memory");
		return DR_EXIT_ENV;
	}
	return 0;
}

int dr_workload_parse_buffer(struct dr_workload *w, const char *name,
			     const char *buf, size_t len,
			     const char *const *actor_names,
			     const char *const *mutator_names)
{
	struct parser p = {
		.w = w, .actor_names = actor_names, .mutator_names = mutator_names,
	};
	unsigned int lines = 0;
	int ret = workload_init(w, name, actor_names, mutator_names);

	if (ret)
		return ret;
	p.path = w->path;
	ret = dr_ini_parse(name, buf, len, &syntax, &ops, &p, &lines);
	dr_nameset_free(&p.names);
	if (ret)
		return ret < 0 ? DR_EXIT_USAGE : ret;
	if (!lines)
		return perr(&p, 1, "empty workload file");
	return 0;
}

int dr_workload_load(struct dr_workload *w, const char *path,
		     const char *const *actor_names,
		     const char *const *mutator_names)
{
	char *buf, why[128];
	size_t len;
	int ret = dr_input_read(path, DR_INPUT_MAX_INI, &buf, &len);

	memset(w, 0, sizeof(*w));
	if (ret) {
		dr_err("--workload: cannot read '%s': %s", path,
		       dr_input_strerror(ret, DR_INPUT_MAX_INI, why, sizeof(why)));
		/* Missing, or not a file daxrace reads: the user's to fix.  An
		 * I/O error is the environment's. */
		return ret == -ENOENT || ret == -EISDIR || ret == -ENXIO || ret == -EFBIG ||
		       ret == -ENOTDIR ? DR_EXIT_USAGE : DR_EXIT_ENV;
	}
	ret = dr_workload_parse_buffer(w, path, buf, len, actor_names, mutator_names);
	free(buf);
	return ret;
}

int dr_workload_load_builtin(struct dr_workload *w,
			     const char *const *actor_names,
			     const char *const *mutator_names)
{
	return dr_workload_parse_buffer(w, DR_BUILTIN_WORKLOAD_NAME, dr_builtin_workload,
					strlen(dr_builtin_workload), actor_names,
					mutator_names);
}

const char *dr_workload_find(const char *arg, char *buf, size_t len)
{
	static const char *const dirs[] = { DR_PKGDATADIR "/workloads",
					    DR_SRCDIR "/workloads" };
	static const char *const suffixes[] = { "", ".ini" };

	if (strchr(arg, '/') || !access(arg, F_OK))
		return arg;
	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		for (size_t x = 0; x < sizeof(suffixes) / sizeof(suffixes[0]); x++) {
			snprintf(buf, len, "%s/%s%s", dirs[d], arg, suffixes[x]);
			if (!access(buf, R_OK))
				return buf;
		}
	}
	return arg;
}

void dr_workload_free(struct dr_workload *w)
{
	for (size_t i = 0; i < w->nr_groups; i++) {
		free(w->groups[i].name);
		dr_run_settings_free(&w->groups[i].settings);
	}
	free(w->groups);
	dr_run_settings_free(&w->global);
	free(w->path);
	memset(w, 0, sizeof(*w));
}

static bool name_listed(const char *name, const char *const *names)
{
	for (; *names; names++)
		if (!strcmp(name, *names))
			return true;
	return false;
}

int dr_workload_select(struct dr_workload *w, const char *const *names)
{
	size_t kept = 0;

	for (const char *const *n = names; *n; n++) {
		bool found = false;

		for (size_t i = 0; i < w->nr_groups && !found; i++)
			found = !strcmp(w->groups[i].name, *n);
		if (!found) {
			char have[512] = "";
			size_t len = 0;

			for (size_t i = 0; i < w->nr_groups && len < sizeof(have); i++)
				len += (size_t)snprintf(have + len, sizeof(have) - len,
							"%s%s", i ? ", " : "",
							w->groups[i].name);
			dr_err("--group: %s has no group '%s' (%s%s)", w->path, *n,
			       w->nr_groups ? "it has: " : "it has only [global]",
			       have);
			return DR_EXIT_USAGE;
		}
	}
	for (size_t i = 0; i < w->nr_groups; i++) {
		if (name_listed(w->groups[i].name, names)) {
			w->groups[kept++] = w->groups[i];
			continue;
		}
		free(w->groups[i].name);
		dr_run_settings_free(&w->groups[i].settings);
	}
	w->nr_groups = kept;
	return 0;
}
