// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel stack in a violation's evidence, and the functions in it,
 * for the bundle's stack.txt and the draft report.  LIVE's evidence is
 * the stuck thread's /proc files (engine/taskinfo.c: "== .../stack =="
 * first, "[<0>] func+0x12/0x34" lines); KLOG's is the failing lines, then
 * "--- kernel log from there ---" and the kernel's report with its call
 * trace ("func+0x12/0x34", "RIP: 0010:func+0x12/0x34").
 */
#include <string.h>

#include "results/bundle.h"
#include "results/report.h"

#define LIVE_STACK "/stack ==\n"
#define KLOG_FROM "--- kernel log from there ---\n"

bool dr_bundle_has_trace(struct json_object *viol)
{
	const char *ev = dr_json_str(viol, "evidence", NULL);

	return ev && (strstr(ev, LIVE_STACK) || strstr(ev, KLOG_FROM));
}

const char *dr_bundle_trace(struct json_object *viol, size_t *len)
{
	const char *ev = dr_json_str(viol, "evidence", ""), *p, *end;

	p = strstr(ev, LIVE_STACK);
	if (p) {
		p += strlen(LIVE_STACK);
		/* Up to the next /proc file (wchan), which names one function. */
		end = strstr(p, "\n== ");
		*len = end ? (size_t)(end - p) + 1 : strlen(p);
		return p;
	}
	p = strstr(ev, KLOG_FROM);
	if (p) {
		p += strlen(KLOG_FROM);
		*len = strlen(p);
		return p;
	}
	*len = strlen(ev);
	return ev;
}

static bool ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.';
}

static void add_func(struct dr_bundle *b, const char *name, size_t n)
{
	if (b->nr_funcs >= DR_BUNDLE_MAX_FUNCS || n >= sizeof(b->funcs[0]))
		return;
	for (size_t i = 0; i < b->nr_funcs; i++)
		if (strlen(b->funcs[i]) == n && !memcmp(b->funcs[i], name, n))
			return;
	memcpy(b->funcs[b->nr_funcs], name, n);
	b->funcs[b->nr_funcs++][n] = '\0';
}

/*
 * Every NAME+0xOFF in s[0..len), once, in stack order.  A "? NAME+0x"
 * frame is one the unwinder only guessed from a stale stack slot: left
 * out of the names, as a maintainer would.
 */
static void scan(struct dr_bundle *b, const char *s, size_t len)
{
	const char *end = s + len;

	for (const char *p = s; p + 3 <= end; p++) {
		const char *q = p;

		if (memcmp(p, "+0x", 3))
			continue;
		while (q > s && ident(q[-1]))
			q--;
		if (q == p || (*q >= '0' && *q <= '9') || *q == '.')
			continue;
		if (q - s >= 2 && q[-1] == ' ' && q[-2] == '?')
			continue;
		add_func(b, q, (size_t)(p - q));
	}
}

void dr_bundle_functions(struct dr_bundle *b)
{
	struct json_object *viols = NULL;
	size_t quoted = 0;

	b->nr_funcs = 0;
	b->trace_kind = NULL;
	json_object_object_get_ex(b->sc, "violations", &viols);
	for (size_t i = 0; viols && i < json_object_array_length(viols) &&
	     quoted < DR_BUNDLE_MAX_TRACES; i++) {
		struct json_object *v = json_object_array_get_idx(viols, i);
		const char *t;
		size_t len;

		if (!dr_bundle_has_trace(v))
			continue;
		quoted++;
		t = dr_bundle_trace(v, &len);
		if (!b->trace_kind)
			b->trace_kind = strcmp(dr_json_str(v, "oracle", ""), "LIVE") ?
					"kernel's warning trace" : "stuck task's stack";
		scan(b, t, len);
	}
}
