/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_COMMANDS_H
#define DR_COMMANDS_H

/*
 * The one list of subcommands.  X(name, summary) expands into the
 * declarations below and the dispatch table in daxrace.c, so a command that
 * is listed but not written fails to link, and one that is written but not
 * listed cannot be reached.  Each has a man page man/daxrace-NAME.1.
 */
#define DR_COMMANDS(X) \
	X(probe, "report what daxrace can test on this machine") \
	X(run, "race pinned fsdax pages against layout changes and judge them") \
	X(list, "list the actors, mutators, stalls and oracles") \
	X(report, "render a run's result.json again as a table, TAP or JSON")

#define DR_DECLARE_COMMAND(name, summary) \
	int cmd_##name(int argc, char **argv);
DR_COMMANDS(DR_DECLARE_COMMAND)
#undef DR_DECLARE_COMMAND

#endif
