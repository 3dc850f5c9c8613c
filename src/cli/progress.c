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
#include "cli/progress.h"

#define MIN_REDRAW_NS 250000000ull /* at most four lines a second */

void dr_progress_init(struct dr_progress_line *pl, bool wanted)
{
	memset(pl, 0, sizeof(*pl));
	pthread_mutex_init(&pl->lock, NULL);
	pl->enabled = wanted && isatty(STDOUT_FILENO);
	pl->width = 80;
}

/* The terminal may be resized while a long run goes on: ask each time. */
static int term_width(void)
{
	struct winsize ws;

	if (!ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

static void fmt_time(char *buf, size_t len, uint64_t ns)
{
	uint64_t s = (ns + 500000000ull) / 1000000000ull;

	if (s < 60)
		snprintf(buf, len, "%" PRIu64 "s", s);
	else if (s < 3600)
		snprintf(buf, len, "%" PRIu64 "m%02" PRIu64 "s", s / 60, s % 60);
	else
		snprintf(buf, len, "%" PRIu64 "h%02" PRIu64 "m", s / 3600, s / 60 % 60);
}

/*
 * The line is built from whole fields, most important first in keep[]:
 * when the terminal is narrow the least important fields are left out,
 * never cut in the middle (a cut "violati" reads as nothing).  Only the
 * scenario name, the one field of unbounded length, is shortened.
 */
enum { F_COUNT, F_NAME, F_LEFT, F_ROUNDS, F_HOLDS, F_RATE, F_VIOL, F_ELAPSED, F_NR };

static int compose(char *line, size_t len, char f[F_NR][128], int width)
{
	static const int keep[F_NR] = { F_COUNT, F_LEFT, F_VIOL, F_NAME, F_ROUNDS,
					F_HOLDS, F_RATE, F_ELAPSED };
	bool on[F_NR];
	size_t w;
	int n, dropped = F_NR;

	for (;;) {
		for (int i = 0; i < F_NR; i++)
			on[i] = false;
		for (int i = 0; i < dropped; i++)
			on[keep[i]] = f[keep[i]][0] != '\0';
		w = 0;
		for (int i = 0; i < F_NR; i++)
			if (on[i])
				w += strlen(f[i]) + (w ? 2 : 0);
		if ((int)w < width || dropped <= 4)
			break;
		dropped--;
	}
	/* Still too wide with count, time left and violations: shorten the
	 * name (or drop it) rather than those. */
	if ((int)w >= width && on[F_NAME]) {
		size_t nl = strlen(f[F_NAME]), over = w - (size_t)width + 1;

		if (nl > over + 3)
			strcpy(f[F_NAME] + nl - over - 3, "...");
		else
			on[F_NAME] = false;
	}
	n = 0;
	line[0] = '\0';
	for (int i = 0; i < F_NR; i++) {
		if (!on[i])
			continue;
		n += snprintf(line + n, len - (size_t)n, "%s%s", n ? "  " : "", f[i]);
		if ((size_t)n >= len)
			return (int)len - 1;
	}
	return n;
}

void dr_progress_draw(const struct dr_progress *p, void *ctx)
{
	struct dr_progress_line *pl = ctx;
	uint64_t now = dr_now_ns(), left;
	char f[F_NR][128], t[32], line[1024];
	unsigned int idx, count;
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
	idx = pl->sc_before + p->index;
	count = pl->sc_total > p->count ? pl->sc_total : p->count;
	left = p->left_ns == UINT64_MAX || pl->later_ns == UINT64_MAX ?
	       UINT64_MAX : p->left_ns + pl->later_ns;
	memset(f, 0, sizeof(f));
	if (count)
		snprintf(f[F_COUNT], sizeof(f[F_COUNT]), "[%u/%u]", idx, count);
	snprintf(f[F_NAME], sizeof(f[F_NAME]), "%s", p->scenario ? p->scenario : "-");
	fmt_time(t, sizeof(t), left);
	snprintf(f[F_LEFT], sizeof(f[F_LEFT]), "%s left",
		 left == UINT64_MAX ? "?" : t);
	snprintf(f[F_VIOL], sizeof(f[F_VIOL]), "violations %" PRIu64, p->violations);
	snprintf(f[F_ROUNDS], sizeof(f[F_ROUNDS]), "rounds %" PRIu64, p->rounds);
	snprintf(f[F_HOLDS], sizeof(f[F_HOLDS]), "holds %" PRIu64, p->confirmed_holds);
	snprintf(f[F_RATE], sizeof(f[F_RATE]), "%.0f rounds/s", pl->rate);
	fmt_time(t, sizeof(t), p->elapsed_ns);
	snprintf(f[F_ELAPSED], sizeof(f[F_ELAPSED]), "%s elapsed", t);
	pl->width = term_width();
	/* Never wrap: a wrapped line cannot be redrawn with \r. */
	n = compose(line, sizeof(line), f, pl->width);
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
