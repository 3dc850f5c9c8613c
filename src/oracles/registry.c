// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The oracle table, built from DR_ORACLES: an oracle listed there without
 * its ops table (src/oracles/NAME.c) fails to link, and the table order is
 * the enum order, so dr_oracles[DR_ORACLE_x] is always oracle x.
 */
#include "config.h"

#include <strings.h>

#include "oracles/oracle.h"

const struct dr_oracle_ops *const dr_oracles[DR_ORACLE_COUNT] = {
#define DR_ORACLE_ROW(id, name) [DR_ORACLE_##id] = &dr_oracle_##id,
	DR_ORACLES(DR_ORACLE_ROW)
#undef DR_ORACLE_ROW
};

const struct dr_oracle_ops *dr_oracle_by_name(const char *name)
{
	for (int i = 0; i < DR_ORACLE_COUNT; i++)
		if (!strcasecmp(dr_oracles[i]->name, name))
			return dr_oracles[i];
	return NULL;
}
