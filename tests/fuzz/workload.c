// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: a workload file (daxrace-workload(5)) through
 * dr_workload_parse_buffer, the parser behind --workload FILE and the
 * built-in default, with the shipped actor and mutator names; then
 * layered as cmd_run layers it (defaults < [global] < group) into one
 * dr_run_config per group.
 */
#include "config.h"

#include "actors/actor.h"
#include "mutators/mutator.h"
#include "cli/workload.h"
#include "fuzz.h"

static const char *actor_names[32], *mutator_names[32];

static void setup(void)
{
	for (size_t n = 0; dr_actors[n] && n + 1 < 32; n++)
		actor_names[n] = dr_actors[n]->name;
	for (size_t n = 0; dr_mutators[n] && n + 1 < 32; n++)
		mutator_names[n] = dr_mutators[n]->name;
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

	if (!actor_names[0])
		setup();
	dr_fuzz_reset();
	if (!dr_workload_parse_buffer(&w, "workload.ini", (const char *)data, len,
				      actor_names, mutator_names))
		layer(&w);
	dr_workload_free(&w);
	return 0;
}
