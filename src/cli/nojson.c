// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Built instead of the report layer when configure ran --without-json-c.
 * run, list and report all render from the JSON model of a result (so that
 * result.json, the TAP file and the table can never disagree); without
 * json-c there is nothing honest they can print, so each says why and
 * exits "nothing could run".
 */
#include "config.h"

#include "common/commands.h"
#include "common/exitcode.h"
#include "common/log.h"

static int built_without_json_c(void)
{
	dr_err("built without json-c (configure --without-json-c): this command "
	       "renders results through JSON; install libjson-c-dev and rebuild");
	return DR_EXIT_SKIP;
}

int cmd_run(int argc, char **argv)
{
	return built_without_json_c();
}

int cmd_list(int argc, char **argv)
{
	return built_without_json_c();
}

int cmd_report(int argc, char **argv)
{
	return built_without_json_c();
}
