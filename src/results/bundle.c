// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * daxrace report --bundle DIR RESULT: everything a kernel maintainer asks
 * for about one failure, in DIR and in DIR.tar.gz beside it, made from
 * the result.json alone (and the dmesg.txt beside it), so that it can be
 * made on another machine than the one that failed.  The bundle is about
 * the run's first FAIL; README.txt names the others.  DIR must not hold
 * anything yet: a bundle mixed with an older one's files would be
 * mailed as one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/exitcode.h"
#include "common/input.h"
#include "common/log.h"
#include "common/spawn.h"
#include "common/util.h"
#include "results/bundle.h"
#include "results/output.h"
#include "results/report.h"

const char *const dr_bundle_names[] = {
	"README.txt", "reproduce.sh", "config.txt", "stack.txt",
	"dmesg-excerpt.txt", "pmem.txt", "result.json", NULL,
};

/*
 * The facts of the scenario's group's filesystem (a workload may test
 * several directories), each one the header's (the first group's) where
 * the group does not record it: a new object, b->env.
 */
static int environment(struct dr_bundle *b)
{
	static const char *const keys[] = {
		"fs", "mount_options", "dax", "dax_reason", "partner", "namespace",
		"numa", "work_dir",
	};
	struct json_object *groups = NULL, *env = NULL, *v;
	const char *name = dr_json_str(b->sc, "group", "");

	json_object_object_get_ex(b->root, "groups", &groups);
	for (size_t i = 0; groups && !env && i < json_object_array_length(groups); i++) {
		struct json_object *g = json_object_array_get_idx(groups, i);

		if (strcmp(dr_json_str(g, "name", ""), name) ||
		    !json_object_object_get_ex(g, "environment", &env) ||
		    !json_object_is_type(env, json_type_object))
			env = NULL;
	}
	b->env = json_object_new_object();
	if (!b->env)
		return -ENOMEM;
	for (size_t i = 0; i < DR_ARRAY_SIZE(keys); i++) {
		if (!(env && json_object_object_get_ex(env, keys[i], &v)) &&
		    !json_object_object_get_ex(b->root, keys[i], &v))
			continue;
		if (json_object_object_add(b->env, keys[i], json_object_get(v)))
			return -ENOMEM;
	}
	return 0;
}

/* The run's first FAIL, and the known issue its first matched violation
 * names (a FAIL of several known issues is bundled under the first). */
static int pick(struct dr_bundle *b)
{
	struct json_object *scs = NULL, *viols = NULL, *ki = NULL, *matched = NULL;

	json_object_object_get_ex(b->root, "scenarios", &scs);
	for (size_t i = 0; scs && i < json_object_array_length(scs); i++) {
		struct json_object *sc = json_object_array_get_idx(scs, i);

		if (!strcmp(dr_json_str(sc, "status", ""), "FAIL")) {
			b->sc = sc;
			break;
		}
	}
	if (!b->sc)
		return -ENOENT;
	json_object_object_get_ex(b->sc, "violations", &viols);
	for (size_t i = 0; viols && i < json_object_array_length(viols) && !b->issue_id; i++)
		b->issue_id = dr_json_str(json_object_array_get_idx(viols, i), "known_issue", NULL);
	if (b->issue_id &&
	    json_object_object_get_ex(b->root, "known_issues", &ki) &&
	    json_object_object_get_ex(ki, "matched", &matched))
		json_object_object_get_ex(matched, b->issue_id, &b->issue);
	return 0;
}

struct copy {
	const char *buf;
	size_t len;
};

static int fill_copy(FILE *f, void *ctx)
{
	const struct copy *c = ctx;

	return fwrite(c->buf, 1, c->len, f) == c->len ? 0 : -EIO;
}

/* The bytes of src as they are, not a rendering: result.json is the
 * evidence and must stay the file daxrace wrote. */
static int copy_file(int dirfd, const char *name, const char *src)
{
	struct copy c;
	char *buf;
	int ret = dr_input_read(src, DR_INPUT_MAX_JSON, &buf, &c.len);

	if (ret)
		return ret;
	c.buf = buf;
	ret = dr_save_file(dirfd, name, fill_copy, &c);
	free(buf);
	return ret;
}

static int write_files(int dirfd, const char *dir, struct dr_bundle *b)
{
	static int (*const fill[])(FILE *, void *) = {
		dr_bundle_readme, dr_bundle_reproduce, dr_bundle_config,
		dr_bundle_stack, dr_bundle_dmesg, dr_bundle_pmem,
	};
	const char *name = NULL;
	int ret = 0;

	for (size_t i = 0; !ret && i < DR_ARRAY_SIZE(fill); i++)
		ret = dr_save_file(dirfd, name = dr_bundle_names[i], fill[i], b);
	if (!ret)
		ret = copy_file(dirfd, name = "result.json", b->path);
	if (!ret && *b->repro)
		ret = copy_file(dirfd, name = b->repro, b->repro_src);
	/* A line to paste, and a file to run. */
	if (!ret && fchmodat(dirfd, "reproduce.sh", 0755, 0))
		ret = -errno, name = "reproduce.sh";
	if (ret)
		dr_err("--bundle: cannot write '%s/%s': %s", dir, name, strerror(-ret));
	return ret ? DR_EXIT_ENV : 0;
}

/*
 * DIR.tar.gz beside DIR, holding BASE/...: tar(1) with an argument
 * vector, so no path is ever parsed by a shell; written under a
 * temporary name and renamed, so it is whole or not there.
 */
static int tarball(const char *dir)
{
	const char *slash = strrchr(dir, '/');
	char parent[4096], tgz[4200], tmp[4300];
	const char *base = slash ? slash + 1 : dir;
	int ret;

	snprintf(parent, sizeof(parent), "%.*s", slash ? (int)(slash - dir) + 1 : 1,
		 slash ? dir : ".");
	snprintf(tgz, sizeof(tgz), "%s.tar.gz", dir);
	snprintf(tmp, sizeof(tmp), "%s.tar.gz.tmp.%ld", dir, (long)getpid());
	{
		const char *argv[] = { "tar", "-czf", tmp, "-C", parent, "--", base, NULL };

		ret = dr_spawn_run(argv, -1);
	}
	if (ret) {
		unlink(tmp);
		if (ret < 0)
			dr_err("--bundle: cannot run tar: %s", strerror(-ret));
		else
			dr_err("--bundle: tar failed (exit %d) making '%s'", ret, tgz);
		return DR_EXIT_ENV;
	}
	if (rename(tmp, tgz)) {
		ret = errno;
		unlink(tmp);
		dr_err("--bundle: cannot make '%s': %s", tgz, strerror(ret));
		return DR_EXIT_ENV;
	}
	return 0;
}

int dr_report_bundle(const char *arg, const char *path, struct json_object *root)
{
	struct dr_bundle b = { .path = path, .root = root };
	const char *slash = strrchr(path, '/');
	char dir[4096];
	size_t n;
	int dirfd, ret;

	/* "out/" and "out" are one directory, and its tarball is out.tar.gz. */
	n = strlen(arg);
	while (n > 1 && arg[n - 1] == '/')
		n--;
	if (n >= sizeof(dir)) {
		dr_err("--bundle: '%s': name too long", arg);
		return DR_EXIT_USAGE;
	}
	snprintf(dir, sizeof(dir), "%.*s", (int)n, arg);
	slash = strrchr(dir, '/');
	if (!strcmp(slash ? slash + 1 : dir, ".") || !strcmp(slash ? slash + 1 : dir, "..") ||
	    !strcmp(dir, "/")) {
		dr_err("--bundle: '%s': name the bundle's own directory (its tarball is DIR.tar.gz)",
		       arg);
		return DR_EXIT_USAGE;
	}
	slash = strrchr(path, '/');
	snprintf(b.run_dir, sizeof(b.run_dir), "%.*s", slash ? (int)(slash - path) : 1,
		 slash ? path : ".");
	if (pick(&b)) {
		dr_err("'%s': no scenario failed in this run: nothing to bundle", path);
		return DR_EXIT_USAGE;
	}
	if (environment(&b)) {
		json_object_put(b.env);
		dr_err("out of memory");
		return DR_EXIT_ENV;
	}
	dr_bundle_functions(&b);
	dr_bundle_find_repro(&b);
	/* DIR: made here, or an empty directory already there. */
	ret = dr_out_dir_open("bundle", dir, true, &dirfd);
	if (ret)
		goto out;
	ret = write_files(dirfd, dir, &b);
	close(dirfd);
	if (!ret)
		ret = tarball(dir);
	if (!ret)
		dr_info("bundle: %s/ and %s.tar.gz (%s, %s)", dir, dir,
			dr_json_str(b.sc, "name", "?"), b.issue_id ? b.issue_id : "a new failure");
out:
	json_object_put(b.env);
	return ret;
}
