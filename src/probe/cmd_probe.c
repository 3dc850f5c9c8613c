// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * "daxrace probe": report what daxrace can test on this machine.  Checks
 * the arguments, makes the one temporary file probe may write, runs every
 * section of DR_PROBE_SECTIONS in order and prints the tree as a table or
 * as JSON.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/commands.h"
#include "common/exitcode.h"
#include "common/log.h"
#include "common/opts.h"
#include "probe/probe_int.h"

enum { OPT_DIR = 'd', OPT_JSON = 'j', OPT_PARTNER = 0x100 };

static const struct dr_option probe_opts[] = {
	{ "dir", OPT_DIR, "DIR",
	  "directory whose filesystem to probe (default: the current one)" },
	{ "partner", OPT_PARTNER, "PATH",
	  "O_DIRECT partner to check: a block device or a non-DAX file" },
	{ "json", OPT_JSON, NULL, "print one JSON object instead of a table" },
	DR_OPT_END,
};

struct probe_args {
	const char *dir;
	const char *partner;
	bool json;
};

static int handle(void *arg, int key, const char *val)
{
	struct probe_args *a = arg;

	switch (key) {
	case OPT_DIR:
		a->dir = val;
		break;
	case OPT_PARTNER:
		a->partner = val;
		break;
	case OPT_JSON:
		a->json = true;
		break;
	}
	return 0;
}

struct dr_probe_section {
	const char *name;
	void (*fn)(struct dr_probe_ctx *ctx, struct dr_pnode *sec);
};

#define DR_SECTION_ROW(n) { #n, dr_probe_section_##n },
static const struct dr_probe_section sections[] = {
	DR_PROBE_SECTIONS(DR_SECTION_ROW)
};
#undef DR_SECTION_ROW

void dr_probe_section_daxrace(struct dr_probe_ctx *ctx, struct dr_pnode *sec)
{
	dr_pn_str(sec, "version", PACKAGE_VERSION);
}

/*
 * A path that is missing or unusable is an environment problem (3); one
 * that exists but is the wrong kind of thing is a usage error (2).
 */
static int check_dir(const char *dir)
{
	struct stat st;

	if (stat(dir, &st)) {
		dr_err("--dir %s: %s", dir, strerror(errno));
		return DR_EXIT_ENV;
	}
	if (!S_ISDIR(st.st_mode)) {
		dr_err("--dir %s: %s", dir, strerror(ENOTDIR));
		return DR_EXIT_USAGE;
	}
	return 0;
}

static int check_partner(const char *path)
{
	struct stat st;

	if (stat(path, &st)) {
		dr_err("--partner %s: %s", path, strerror(errno));
		return DR_EXIT_ENV;
	}
	if (!S_ISBLK(st.st_mode) && !S_ISREG(st.st_mode)) {
		dr_err("--partner %s: %s; give a block device or a non-DAX file",
		       path, S_ISDIR(st.st_mode) ? "is a directory" :
		       "neither a block device nor a regular file");
		return DR_EXIT_USAGE;
	}
	return 0;
}

int cmd_probe(int argc, char **argv)
{
	struct probe_args a = { .dir = "." };
	struct dr_probe_ctx ctx = { .tmp_fd = -1 };
	struct dr_pnode *root = NULL;
	int first, ret;

	ret = dr_parse_options("probe", "[--dir DIR] [--partner PATH] [--json]",
			       probe_opts, argc, argv, handle, &a, &first);
	if (ret)
		return ret;
	if (first < argc) {
		dr_err("unexpected argument '%s'", argv[first]);
		fprintf(stderr, "Try 'daxrace probe --help'.\n");
		return DR_EXIT_USAGE;
	}
#ifndef HAVE_JSONC
	if (a.json) {
		dr_err("--json: this daxrace was built without json-c "
		       "(configure --without-json-c); the table output works");
		return DR_EXIT_ENV;
	}
#endif
	ret = check_dir(a.dir);
	if (!ret && a.partner)
		ret = check_partner(a.partner);
	if (ret)
		return ret;

	ctx.dir = a.dir;
	ctx.partner = a.partner;
	ctx.tmp_fd = dr_probe_tmpfile(a.dir);
	if (ctx.tmp_fd < 0) {
		dr_err("--dir %s: cannot create a file there: %s", a.dir,
		       strerror(-ctx.tmp_fd));
		return DR_EXIT_ENV;
	}

	root = dr_pn_root();
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		dr_debug("section %s", sections[i].name);
		sections[i].fn(&ctx, dr_pn_obj(root, sections[i].name));
	}
	if (dr_pn_oom()) {
		dr_err("out of memory");
		ret = DR_EXIT_ENV;
		goto out;
	}
	ret = a.json ? dr_probe_render_json(root) : dr_probe_render_table(root);
	if (ret) {
		dr_err("cannot print the report: %s", strerror(-ret));
		ret = DR_EXIT_ENV;
		goto out;
	}
	if (fflush(stdout)) {
		dr_err("writing the report: %s", strerror(errno));
		ret = DR_EXIT_ENV;
	}
out:
	dr_pn_free(root);
	close(ctx.tmp_fd);
	return ret;
}
