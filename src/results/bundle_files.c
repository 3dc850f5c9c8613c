// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The bundle's files besides the draft report: reproduce.sh, config.txt,
 * stack.txt, dmesg-excerpt.txt and pmem.txt, each from what result.json
 * (and the dmesg.txt beside it) recorded.  What was not recorded is said
 * so in the file, never left out silently: a maintainer reading "not
 * recorded" knows to ask, one reading nothing may assume.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/input.h"
#include "results/bundle.h"
#include "results/report.h"

static int done(FILE *f)
{
	return ferror(f) ? -EIO : 0;
}

int dr_bundle_reproduce(FILE *f, void *ctx)
{
	struct dr_bundle *b = ctx;
	char buf[4096];
	const char *line = dr_report_repro_of(b->root, b->sc, buf, sizeof(buf));

	fprintf(f, "#!/bin/sh\n"
		"# Runs %s again, alone, with the choices it made (seed, rounds): the\n"
		"# reproduce line result.json recorded.  daxrace (and daxrace-vm for a\n"
		"# daxrace-vm line) must be in PATH; exit status 1 is the failure again.\n",
		dr_json_str(b->sc, "name", "the scenario"));
	if (line)
		fprintf(f, "%s\n", line);
	else
		fprintf(f, "echo 'result.json records too little to build the reproduce line' >&2\n"
			"exit 2\n");
	return done(f);
}

/* A value as .config writes it: strings quoted. */
static void config_line(FILE *f, const char *name, const char *v)
{
	if (!strcmp(v, "n"))
		fprintf(f, "# %s is not set\n", name);
	else if (!strcmp(v, "y") || !strcmp(v, "m") ||
		 (*v && strspn(v, "0123456789") == strlen(v)) ||
		 (!strncmp(v, "0x", 2) && strspn(v + 2, "0123456789abcdefABCDEF") == strlen(v + 2)))
		fprintf(f, "%s=%s\n", name, v);
	else
		fprintf(f, "%s=\"%s\"\n", name, v);
}

int dr_bundle_config(FILE *f, void *ctx)
{
	struct dr_bundle *b = ctx;
	struct json_object *kernel = NULL, *config = NULL;

	json_object_object_get_ex(b->root, "kernel", &kernel);
	fprintf(f, "# Kernel %s (%s): the config options that bear on fsdax, GUP and\n",
		dr_json_str(kernel, "release", "?"), dr_json_str(kernel, "version", "?"));
	if (!json_object_object_get_ex(kernel, "config", &config)) {
		fprintf(f, "# daxrace's setup.\n# not recorded: result.json was written before "
			"daxrace recorded the kernel config (kernel.config)\n");
		return done(f);
	}
	if (!json_object_is_type(config, json_type_object)) {
		fprintf(f, "# daxrace's setup.\n# not recorded: %s\n",
			dr_json_str(kernel, "config_error", "no kernel config could be read"));
		return done(f);
	}
	fprintf(f, "# daxrace's setup, read from %s when the run started (.config syntax;\n"
		"# an option the file does not name shows as not set).\n",
		dr_json_str(kernel, "config_source", "?"));
	json_object_object_foreach(config, name, val)
		config_line(f, name, json_object_get_string(val));
	return done(f);
}

int dr_bundle_stack(FILE *f, void *ctx)
{
	struct dr_bundle *b = ctx;
	struct json_object *viols = NULL;
	size_t quoted = 0, n;

	json_object_object_get_ex(b->sc, "violations", &viols);
	n = viols ? json_object_array_length(viols) : 0;
	if (b->trace_kind)
		fprintf(f, "# The %s, from the evidence result.json recorded for\n"
			"# %s (at most %d violations).\n", b->trace_kind,
			dr_json_str(b->sc, "name", "?"), DR_BUNDLE_MAX_TRACES);
	else
		fprintf(f, "# No kernel stack or trace: the violations of %s carry none\n"
			"# (ORDER, TAG, SPACE and GUPFAIL judge what user space saw).  Their evidence:\n",
			dr_json_str(b->sc, "name", "?"));
	for (size_t i = 0; i < n && quoted < DR_BUNDLE_MAX_TRACES; i++) {
		struct json_object *v = json_object_array_get_idx(viols, i);
		const char *t;
		size_t len;

		if (b->trace_kind && !dr_bundle_has_trace(v))
			continue;
		quoted++;
		t = b->trace_kind ? dr_bundle_trace(v, &len) : dr_json_str(v, "evidence", "");
		if (!b->trace_kind)
			len = strlen(t);
		if (dr_json_int(v, "round", -1) >= 0)
			fprintf(f, "\n## %s, round %lld: %s\n", dr_json_str(v, "oracle", "?"),
				(long long)dr_json_int(v, "round", -1), dr_json_str(v, "summary", ""));
		else
			fprintf(f, "\n## %s: %s\n", dr_json_str(v, "oracle", "?"),
				dr_json_str(v, "summary", ""));
		fwrite(t, 1, len, f);
		if (len && t[len - 1] != '\n')
			fputc('\n', f);
	}
	if (!n)
		fprintf(f, "(the scenario kept no violation; %s)\n",
			dr_json_str(b->sc, "reason", ""));
	return done(f);
}

/* dmesg.txt of the run, else the kernel log KLOG quoted in its evidence. */
int dr_bundle_dmesg(FILE *f, void *ctx)
{
	struct dr_bundle *b = ctx;
	struct json_object *scs = NULL;
	char path[4200], *buf;
	size_t len, quoted = 0;
	int ret;

	snprintf(path, sizeof(path), "%s/dmesg.txt", b->run_dir);
	ret = dr_input_read(path, DR_INPUT_MAX_JSON, &buf, &len);
	if (!ret) {
		fprintf(f, "# The kernel log daxrace recorded during the run (its dmesg.txt).\n");
		fwrite(buf, 1, len, f);
		free(buf);
		return done(f);
	}
	fprintf(f, "# No dmesg.txt beside result.json (%s): the kernel log the KLOG\n"
		"# violations of the run quoted.\n", strerror(-ret));
	json_object_object_get_ex(b->root, "scenarios", &scs);
	for (size_t i = 0; scs && i < json_object_array_length(scs); i++) {
		struct json_object *viols = NULL, *sc = json_object_array_get_idx(scs, i);

		json_object_object_get_ex(sc, "violations", &viols);
		for (size_t j = 0; viols && j < json_object_array_length(viols); j++) {
			struct json_object *v = json_object_array_get_idx(viols, j);
			const char *t;

			if (strcmp(dr_json_str(v, "oracle", ""), "KLOG") || !dr_bundle_has_trace(v))
				continue;
			t = dr_bundle_trace(v, &len);
			fprintf(f, "\n## %s\n", dr_json_str(sc, "name", "?"));
			fwrite(t, 1, len, f);
			if (len && t[len - 1] != '\n')
				fputc('\n', f);
			quoted++;
		}
	}
	if (!quoted)
		fprintf(f, "(none: no KLOG violation either)\n");
	return done(f);
}

int dr_bundle_pmem(FILE *f, void *ctx)
{
	struct dr_bundle *b = ctx;
	struct json_object *env = b->env, *vm = NULL;
	const char *ns = dr_json_str(env, "namespace", "");

	fprintf(f, "# The pmem and filesystem %s ran on, as result.json recorded them.\n",
		dr_json_str(b->sc, "name", "?"));
	fprintf(f, "filesystem:    %s\n", dr_json_str(env, "fs", "not recorded"));
	fprintf(f, "mount options: %s\n", dr_json_str(env, "mount_options", "not recorded"));
	fprintf(f, "DAX:           %s (%s)\n", dr_json_bool(env, "dax", false) ? "yes" :
		"no: page-cache mode", dr_json_str(env, "dax_reason", "no reason recorded"));
	/* "BUS (PROVIDER) REGION NAMESPACE MODE size S align A map M node N /dev/B"
	 * (probe/probe_ndctl.c): the mode, align and map a maintainer asks for. */
	fprintf(f, "namespace:     %s\n", *ns ? ns :
		"none found behind the directory (legacy memmap= pmem, or not pmem)");
	fprintf(f, "partner:       %s\n", dr_json_str(env, "partner", "not recorded"));
	fprintf(f, "NUMA:          %s\n", dr_json_str(env, "numa", "not recorded"));
	if (*dr_json_str(env, "work_dir", ""))
		fprintf(f, "work dir:      %s\n", dr_json_str(env, "work_dir", ""));
	if (json_object_object_get_ex(b->root, "vm", &vm))
		fprintf(f, "guest:         %s (daxrace-vm: emulated NVDIMM, fs %s)\n",
			dr_json_str(vm, "command", ""), dr_json_str(vm, "fs", "?"));
	return done(f);
}
