// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * daxrace list [--json]: what a run can be made of.  One line per item,
 * "KIND NAME SUMMARY", straight from the registries, so the list cannot
 * name something that does not exist; an actor's summary ends with what
 * confirms its holds.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "actors/actor.h"
#include "common/commands.h"
#include "common/exitcode.h"
#include "common/log.h"
#include "common/opts.h"
#include "mutators/mutator.h"
#include "oracles/oracle.h"
#include "results/report.h"

enum { OPT_JSON = 0x3000 };

static const struct dr_option list_opts[] = {
	{ "json", OPT_JSON, NULL, "print a JSON object instead of lines" },
	DR_OPT_END,
};

struct item {
	const char *kind, *name, *summary;
	const char *evidence; /* actors: what confirms a hold; NULL otherwise */
	bool free_running_only; /* actors: never held (--stall none only) */
};

/* The stalls are engine modes, not ops tables: spelled here, in the order
 * of enum dr_stall. */
static const struct item stalls[] = {
	{ "stall", "uffd",
	  "hold the pins with a userfaultfd fault on a page after the victim pages" },
	{ "stall", "none",
	  "free-running: actors and mutators loop concurrently, probed when quiet" },
};

static size_t collect(struct item *out, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; dr_actors[i] && n < cap; i++)
		out[n++] = (struct item){ "actor", dr_actors[i]->name,
					  dr_actors[i]->summary,
					  dr_actors[i]->evidence_text,
					  dr_actors[i]->free_running_only };
	for (size_t i = 0; dr_mutators[i] && n < cap; i++)
		out[n++] = (struct item){ "mutator", dr_mutators[i]->name,
					  dr_mutators[i]->summary };
	for (size_t i = 0; i < sizeof(stalls) / sizeof(stalls[0]) && n < cap; i++)
		out[n++] = stalls[i];
	for (size_t i = 0; i < DR_ORACLE_COUNT && n < cap; i++)
		out[n++] = (struct item){ "oracle", dr_oracles[i]->name,
					  dr_oracles[i]->summary };
	return n;
}

static int print_json(const struct item *it, size_t n)
{
	static const char *const kinds[] = { "actor", "mutator", "stall", "oracle" };
	struct json_object *root = json_object_new_object();
	const char *s;

	if (!root)
		goto nomem;
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		struct json_object *a = json_object_new_array();
		char key[16];

		if (!a)
			goto nomem;
		snprintf(key, sizeof(key), "%ss", kinds[k]);
		json_object_object_add(root, key, a);
		for (size_t i = 0; i < n; i++) {
			struct json_object *o;

			if (strcmp(it[i].kind, kinds[k]))
				continue;
			o = json_object_new_object();
			if (!o)
				goto nomem;
			json_object_object_add(o, "name", json_object_new_string(it[i].name));
			json_object_object_add(o, "summary",
					       json_object_new_string(it[i].summary));
			if (it[i].evidence) {
				struct json_object *st = json_object_new_array();

				json_object_object_add(o, "evidence",
						       json_object_new_string(it[i].evidence));
				/* The stalls a scenario of this actor can use. */
				if (!it[i].free_running_only)
					json_object_array_add(st, json_object_new_string("uffd"));
				json_object_array_add(st, json_object_new_string("none"));
				json_object_object_add(o, "stalls", st);
			}
			json_object_array_add(a, o);
		}
	}
	s = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
					   JSON_C_TO_STRING_SPACED |
					   JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!s)
		goto nomem;
	printf("%s\n", s);
	json_object_put(root);
	return DR_EXIT_PASS;
nomem:
	json_object_put(root);
	dr_err("out of memory");
	return DR_EXIT_ENV;
}

static int handle(void *ctx, int key, const char *arg)
{
	bool *json = ctx;

	if (key == OPT_JSON)
		*json = true;
	return 0;
}

int cmd_list(int argc, char **argv)
{
	struct item items[128];
	bool json = false;
	int first, ret;
	size_t n, width;

	ret = dr_parse_options("list", "[--json]", list_opts, argc, argv, handle,
			       &json, &first);
	if (ret)
		return ret;
	if (first < argc) {
		dr_err("unexpected argument '%s'", argv[first]);
		fprintf(stderr, "Try 'daxrace list --help'.\n");
		return DR_EXIT_USAGE;
	}
	n = collect(items, sizeof(items) / sizeof(items[0]));
	width = 10;
	if (json)
		return print_json(items, n);
	/* One column for the names, as wide as the longest. */
	for (size_t i = 0; i < n; i++)
		if (strlen(items[i].name) > width)
			width = strlen(items[i].name);
	for (size_t i = 0; i < n; i++)
		printf("%-8s %-*s %s%s%s%s\n", items[i].kind, (int)width, items[i].name,
		       items[i].summary, items[i].evidence ? " (hold confirmed by: " : "",
		       items[i].evidence ? items[i].evidence : "",
		       items[i].evidence ? ")" : "");
	return fflush(stdout) ? DR_EXIT_ENV : DR_EXIT_PASS;
}
