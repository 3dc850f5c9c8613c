// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: a workload file (daxrace-workload(5)) as "daxrace run
 * --workload FILE" reads it, with the shipped actor and mutator names, and
 * then layered as cmd_run layers it (defaults < [global] < group <
 * command line) into one dr_run_config per group.
 *
 * The parser reads a path, so the input is written to one memfd and read
 * back through /proc/self/fd: the same open/read path as a user's file.
 */
#include "config.h"

#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "actors/actor.h"
#include "mutators/mutator.h"
#include "report/workload.h"
#include "fuzz.h"

static const char *actor_names[32], *mutator_names[32];
static char path[64];
static int fd = -1;

static void setup(void)
{
	size_t n;

	for (n = 0; dr_actors[n] && n + 1 < 32; n++)
		actor_names[n] = dr_actors[n]->name;
	for (n = 0; dr_mutators[n] && n + 1 < 32; n++)
		mutator_names[n] = dr_mutators[n]->name;
	fd = memfd_create("workload.ini", MFD_CLOEXEC);
	if (fd < 0)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
}

static void layer(const struct dr_workload *w)
{
	struct dr_run_settings eff;
	struct dr_run_config cfg;
	size_t n = w->nr_groups ? w->nr_groups : 1;

	for (size_t g = 0; g < n; g++) {
		dr_run_settings_init(&eff);
		dr_run_settings_merge(&eff, &w->global);
		if (w->nr_groups) {
			dr_run_settings_merge(&eff, &w->groups[g].settings);
			dr_fuzz_plant(w->groups[g].name);
		}
		dr_run_settings_to_config(&eff, &cfg);
		/* Every list the engine walks must be NULL-terminated. */
		for (size_t i = 0; cfg.actors && cfg.actors[i]; i++)
			if (!*cfg.actors[i])
				abort();
		for (size_t i = 0; cfg.mutators && cfg.mutators[i]; i++)
			if (!*cfg.mutators[i])
				abort();
		/* eff borrows every string: nothing of its own to free. */
		dr_run_settings_free(&eff);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct dr_workload w;

	if (fd < 0)
		setup();
	dr_fuzz_reset();
	if (ftruncate(fd, 0) || (len && pwrite(fd, data, len, 0) != (ssize_t)len))
		abort();
	if (!dr_workload_load(&w, path, actor_names, mutator_names))
		layer(&w);
	dr_workload_free(&w);
	return 0;
}
