// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Workload files.  The keys are the long options of "daxrace run", looked
 * up in the same rows and applied by the same function as the command
 * line, so a file accepts exactly what the command line accepts and gives
 * the same one-line errors, prefixed with FILE:LINE.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/exitcode.h"
#include "common/log.h"
#include "report/workload.h"

struct parser {
	struct dr_workload *w;
	const char *path;
	unsigned int line;
	struct dr_run_settings *cur; /* NULL before the first section */
	bool cur_global;
	const char *const *actor_names, *const *mutator_names;
};

__attribute__((format(printf, 2, 3)))
static int perr(const struct parser *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	dr_err("%s:%u: %s", p->path, p->line, msg);
	return DR_EXIT_USAGE;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static bool valid_section_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("._-", *s))
			return false;
	return true;
}

static int section(struct parser *p, char *hdr)
{
	struct dr_workload *w = p->w;
	struct dr_workload_group *g;
	char *name;
	size_t len = strlen(hdr);

	if (hdr[len - 1] != ']')
		return perr(p, "section header without ']'");
	hdr[len - 1] = '\0';
	name = trim(hdr + 1);
	/* Group names become part of TAP test names: keep them plain. */
	if (!valid_section_name(name))
		return perr(p, "section name '%s' must be letters, digits, '.', '_' or '-'",
			    name);
	if (!strcmp(name, "global")) {
		if (p->cur_global || w->nr_groups)
			return perr(p, "[global] must come once, before the groups");
		p->cur = &w->global;
		p->cur_global = true;
		return 0;
	}
	for (size_t i = 0; i < w->nr_groups; i++)
		if (!strcmp(w->groups[i].name, name))
			return perr(p, "section [%s] already defined at line %u", name,
				    w->groups[i].line);
	g = realloc(w->groups, (w->nr_groups + 1) * sizeof(*g));
	if (!g)
		return perr(p, "out of memory");
	w->groups = g;
	g = &w->groups[w->nr_groups];
	memset(g, 0, sizeof(*g));
	g->name = strdup(name);
	if (!g->name)
		return perr(p, "out of memory");
	g->line = p->line;
	dr_run_settings_init(&g->settings);
	g->settings.actor_names = p->actor_names;
	g->settings.mutator_names = p->mutator_names;
	w->nr_groups++;
	p->cur = &g->settings;
	p->cur_global = false;
	return 0;
}

static int key_value(struct parser *p, char *text)
{
	const struct dr_run_option *o;
	char *eq = strchr(text, '='), *key, *val = NULL;
	const char *saved = dr_log_prefix;
	char prefix[4200];
	int ret;

	if (eq) {
		*eq = '\0';
		val = trim(eq + 1);
	}
	key = trim(text);
	o = dr_run_option_by_name(key);
	if (!o)
		return perr(p, "unknown key '%s' (keys are the long options of daxrace run)",
			    key);
	if (!p->cur)
		return perr(p, "--%s: outside a section: start with [global] or [NAME]",
			    key);
	if (o->flags & DR_RO_CLI_ONLY)
		return perr(p, "--%s: only allowed on the command line", key);
	if ((o->flags & DR_RO_GLOBAL_ONLY) && !p->cur_global)
		return perr(p, "--%s: only allowed in [global] (it applies to the whole run)",
			    key);
	if (o->opt.arg && (!val || !*val))
		return perr(p, "--%s: needs a value (%s = %s)", key, key, o->opt.arg);
	/* A repeated key replaces, except the name lists, which append like
	 * a repeated --actor on the command line. */
	/* Errors from the shared checkers get FILE:LINE in front. */
	snprintf(prefix, sizeof(prefix), "%s: %s:%u", saved, p->path, p->line);
	dr_log_prefix = prefix;
	ret = dr_run_settings_apply(p->cur, o->opt.key, val);
	dr_log_prefix = saved;
	return ret;
}

static int parse_line(struct parser *p, char *raw)
{
	char *s = trim(raw);

	if (!*s || *s == '#' || *s == ';')
		return 0;
	if (*s == '[')
		return section(p, s);
	return key_value(p, s);
}

/*
 * Reads and parses one workload from f, named path in messages.  Shared by
 * files and the built-in default, so both obey the same grammar.
 */
static int load_stream(struct dr_workload *w, FILE *f, const char *path,
		       const char *const *actor_names,
		       const char *const *mutator_names)
{
	struct parser p = {
		.w = w, .path = path,
		.actor_names = actor_names, .mutator_names = mutator_names,
	};
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;
	int ret = 0;

	while ((n = getline(&buf, &cap, f)) >= 0) {
		p.line++;
		if (memchr(buf, '\0', (size_t)n)) {
			ret = perr(&p, "NUL byte: not a text file");
			break;
		}
		ret = parse_line(&p, buf);
		if (ret)
			break;
	}
	if (!ret && ferror(f)) {
		dr_err("--workload: cannot read '%s'", path);
		ret = DR_EXIT_ENV;
	}
	free(buf);
	fclose(f);
	if (!ret && !p.line) {
		p.line = 1;
		ret = perr(&p, "empty workload file");
	}
	return ret;
}

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

int dr_workload_load(struct dr_workload *w, const char *path,
		     const char *const *actor_names,
		     const char *const *mutator_names)
{
	int ret = workload_init(w, path, actor_names, mutator_names);
	FILE *f;

	if (ret)
		return ret;
	f = fopen(path, "re");
	if (!f) {
		int err = errno;

		dr_err("--workload: cannot open '%s': %s", path, strerror(err));
		/* A missing file is a usage error; anything else is the
		 * environment's. */
		return err == ENOENT ? DR_EXIT_USAGE : DR_EXIT_ENV;
	}
	return load_stream(w, f, path, actor_names, mutator_names);
}

int dr_workload_load_builtin(struct dr_workload *w,
			     const char *const *actor_names,
			     const char *const *mutator_names)
{
	int ret = workload_init(w, DR_BUILTIN_WORKLOAD_NAME, actor_names,
				mutator_names);
	FILE *f;

	if (ret)
		return ret;
	f = fmemopen((void *)(uintptr_t)dr_builtin_workload,
		     strlen(dr_builtin_workload), "r");
	if (!f) {
		dr_err("cannot read the built-in workload: %s", strerror(errno));
		return DR_EXIT_ENV;
	}
	return load_stream(w, f, w->path, actor_names, mutator_names);
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
