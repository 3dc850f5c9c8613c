// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One live status line while a run goes on.  Only on a terminal: a
 * harness capturing stdout must get the report and nothing else, so when
 * stdout is a pipe or file this draws nothing at all.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "common/util.h"
#include "report/output.h"

#define MIN_REDRAW_NS 250000000ull /* at most four lines a second */

void dr_progress_init(struct dr_progress_line *pl, bool wanted)
{
	struct winsize ws;

	memset(pl, 0, sizeof(*pl));
	pthread_mutex_init(&pl->lock, NULL);
	pl->enabled = wanted && isatty(STDOUT_FILENO);
	pl->width = 80;
	if (pl->enabled && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col > 20)
		pl->width = ws.ws_col;
}

void dr_progress_draw(const struct dr_progress *p, void *ctx)
{
	struct dr_progress_line *pl = ctx;
	uint64_t now = dr_now_ns();
	char line[512];
	int n;

	if (!pl->enabled || pthread_mutex_trylock(&pl->lock))
		return;
	if (pl->drawn && now - pl->last_draw_ns < MIN_REDRAW_NS)
		goto out;
	/* Rate over the last redraw interval, restarted per scenario. */
	if (p->scenario != pl->last_scenario || p->rounds < pl->last_rounds) {
		pl->last_scenario = p->scenario;
		pl->last_rounds = p->rounds;
		pl->last_rounds_ns = now;
		pl->rate = 0;
	} else if (now > pl->last_rounds_ns) {
		pl->rate = (double)(p->rounds - pl->last_rounds) * 1e9 /
			   (double)(now - pl->last_rounds_ns);
		pl->last_rounds = p->rounds;
		pl->last_rounds_ns = now;
	}
	n = snprintf(line, sizeof(line),
		     "%7.1fs %s  rounds %" PRIu64 "  holds %" PRIu64 "  %.0f rounds/s  violations %" PRIu64,
		     p->elapsed_ns / 1e9, p->scenario ? p->scenario : "-", p->rounds,
		     p->confirmed_holds, pl->rate, p->violations);
	if (n < 0)
		goto out;
	/* Never wrap: a wrapped line cannot be redrawn with \r. */
	if (n >= pl->width)
		n = pl->width - 1;
	printf("\r%-*.*s", pl->width - 1, n, line);
	fflush(stdout);
	pl->drawn = true;
	pl->last_draw_ns = now;
out:
	pthread_mutex_unlock(&pl->lock);
}

void dr_progress_end(struct dr_progress_line *pl)
{
	if (!pl->enabled)
		return;
	pthread_mutex_lock(&pl->lock);
	if (pl->drawn) {
		printf("\r%*s\r", pl->width - 1, "");
		fflush(stdout);
	}
	pl->drawn = false;
	/* Late callbacks from the engine must not draw over the report. */
	pl->enabled = false;
	pthread_mutex_unlock(&pl->lock);
}
