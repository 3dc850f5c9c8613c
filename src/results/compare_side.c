// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One side of "daxrace report --compare": every result.json below an
 * argument, read and checked as "daxrace report" reads them, and each of
 * their scenarios with the key it is paired by: kernel release,
 * filesystem, DAX or not, and the scenario's id.  Any result that cannot
 * be read stops the comparison: a side with a file missing could hide
 * the very failure the comparison is for.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/exitcode.h"
#include "common/log.h"
#include "results/compare.h"
#include "results/report.h"
#include "results/result_load.h"

/* The group a scenario ran in, whose environment has its fs and dax. */
static struct json_object *environment(struct json_object *root, const char *group)
{
	struct json_object *groups = NULL, *env = NULL;

	json_object_object_get_ex(root, "groups", &groups);
	for (size_t i = 0; groups && i < json_object_array_length(groups); i++) {
		struct json_object *g = json_object_array_get_idx(groups, i);

		if (!strcmp(dr_json_str(g, "name", "\x01"), group) &&
		    json_object_object_get_ex(g, "environment", &env) &&
		    json_object_is_type(env, json_type_object))
			return env;
	}
	return NULL;
}

/*
 * daxrace-vm writes DIR/FS/results/RUN/result.json with FS the fs word
 * (ext4, xfs, xfs-reflink): the one place an xfs-reflink run that needed
 * no known-issue matching says it had reflink.  Used only when FS agrees
 * with the recorded type.
 */
static const char *vm_fs_word(const char *path, const char *type)
{
	static const char *const words[] = { "ext4", "xfs", "xfs-reflink" };
	char buf[4096], *c[4];
	size_t tlen = strlen(type);
	int n = 0;

	if (strlen(path) >= sizeof(buf))
		return NULL;
	strcpy(buf, path);
	/* c[0] result.json, c[1] RUN, c[2] results, c[3] FS */
	while (n < 4) {
		char *slash = strrchr(buf, '/');

		if (!slash) {
			c[n++] = buf;
			break;
		}
		*slash = '\0';
		/* "RUN//result.json" (RUN given as "RUN/") has an empty one */
		if (slash[1])
			c[n++] = slash + 1;
	}
	if (n < 4 || strcmp(c[2], "results"))
		return NULL;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(c[3], words[i]) && !strncmp(words[i], type, tlen) &&
		    (!words[i][tlen] || words[i][tlen] == '-'))
			return words[i];
	return NULL;
}

/*
 * The fs word: daxrace-vm's directory name when the result sits in its
 * layout, else the one known issues were matched with (recorded only when
 * a FAIL needed matching), else the filesystem type.
 */
static const char *fs_word(struct json_object *root, struct json_object *env,
			   const char *path)
{
	const char *type = dr_json_str(env, "fs", NULL), *w;

	if (!type || !*type)
		type = dr_json_str(root, "fs", "");
	w = vm_fs_word(path, type);
	if (w)
		return w;
	w = dr_json_str(env, "known_fs", NULL);
	return w && *w ? w : type;
}

static int add_kernel(struct dr_cmp_side *side, const char *release)
{
	const char **k;

	for (size_t i = 0; i < side->nr_kernels; i++)
		if (!strcmp(side->kernels[i], release))
			return 0;
	k = realloc(side->kernels, (side->nr_kernels + 1) * sizeof(*k));
	if (!k)
		return -ENOMEM;
	side->kernels = k;
	k[side->nr_kernels++] = release;
	return 0;
}

static int add_entries(struct dr_cmp_side *side, struct json_object *root,
		       const char *path)
{
	struct json_object *scs = json_object_object_get(root, "scenarios");
	const char *release = dr_json_str(json_object_object_get(root, "kernel"),
					  "release", "");
	size_t n = json_object_array_length(scs);
	struct dr_cmp_entry *e;

	if (add_kernel(side, release))
		return -ENOMEM;
	e = realloc(side->e, (side->n + n + 1) * sizeof(*e));
	if (!e)
		return -ENOMEM;
	side->e = e;
	for (size_t i = 0; i < n; i++) {
		struct json_object *sc = json_object_array_get_idx(scs, i);
		struct json_object *env = environment(root, dr_json_str(sc, "group", ""));
		struct json_object *dax = NULL;

		if (!env || !json_object_object_get_ex(env, "dax", &dax) ||
		    !json_object_is_type(dax, json_type_boolean))
			dax = json_object_object_get(root, "dax");
		e[side->n] = (struct dr_cmp_entry){
			.kernel = release,
			.fs = fs_word(root, env, path),
			.dax = json_object_get_boolean(dax),
			.id = dr_json_str(sc, "id", ""),
			.path = path,
			.sc = sc,
			.order = side->n,
		};
		side->n++;
	}
	return 0;
}

int dr_cmp_side_load(struct dr_cmp_side *side, const char *arg)
{
	int ret, walked;

	memset(side, 0, sizeof(*side));
	side->arg = arg;
	ret = dr_result_collect(arg, &side->found, &walked);
	if (ret)
		return ret;
	side->roots = calloc(side->found.n, sizeof(*side->roots));
	if (!side->roots)
		goto nomem;
	for (size_t i = 0; i < side->found.n; i++) {
		ret = dr_result_load(side->found.paths[i], &side->roots[i]);
		if (ret)
			return ret;
		if (add_entries(side, side->roots[i], side->found.paths[i]))
			goto nomem;
	}
	return 0;
nomem:
	dr_err("'%s': out of memory", arg);
	return DR_EXIT_ENV;
}

void dr_cmp_side_free(struct dr_cmp_side *side)
{
	for (size_t i = 0; side->roots && i < side->found.n; i++)
		json_object_put(side->roots[i]);
	free(side->roots);
	free(side->e);
	free(side->kernels);
	dr_found_free(&side->found);
	memset(side, 0, sizeof(*side));
}
