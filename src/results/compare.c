// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * "daxrace report --compare BASE NEW": pairs the scenarios of two sets of
 * results by key and says, per oracle, what changed.  The words (see
 * daxrace-report(1), COMPARING):
 *  new_failure    FAIL in NEW, no known issue matched, and no unexplained
 *                 FAIL of that oracle in BASE (PASS, not judged, absent,
 *                 or a FAIL that a known issue explained there)
 *  still_failing  FAIL in both, unexplained in both
 *  still_known    FAIL in both, a known issue in NEW
 *  new_known      FAIL in NEW matched by a known issue, not FAIL in BASE
 *  fixed          FAIL in BASE, PASS in NEW
 *  not_judged     judged in BASE (PASS or FAIL), not in NEW (SKIP, NA,
 *                 INCONCLUSIVE, or the scenario SKIP or ERROR): neither a
 *                 failure nor a fix
 * Only new_failure makes the comparison exit 1, so a farm's nightly
 * comparison fails exactly when NEW found something BASE did not.
 */
/* first: it defines _GNU_SOURCE, for qsort_r */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/exitcode.h"
#include "common/log.h"
#include "results/compare.h"
#include "results/report.h"

enum kind { SAME, NEW_FAILURE, STILL_FAILING, STILL_KNOWN, NEW_KNOWN, FIXED,
	    NOT_JUDGED, NR_KINDS };

static const char *const kind_words[NR_KINDS] = {
	[NEW_FAILURE] = "new_failure", [STILL_FAILING] = "still_failing",
	[STILL_KNOWN] = "still_known", [NEW_KNOWN] = "new_known",
	[FIXED] = "fixed", [NOT_JUDGED] = "not_judged",
};

/* Allocation failures are remembered, not checked at every call. */
struct build {
	bool ok;
};

static struct json_object *chk(struct build *b, struct json_object *o)
{
	if (!o)
		b->ok = false;
	return o;
}

static struct json_object *str(struct build *b, const char *s)
{
	return s ? chk(b, json_object_new_string(s)) : NULL;
}

static void put(struct build *b, struct json_object *o, const char *k,
		struct json_object *v)
{
	if (!o || json_object_object_add(o, k, v)) {
		json_object_put(v);
		b->ok = false;
	}
}

static void push(struct build *b, struct json_object *a, struct json_object *v)
{
	if (!a || !v || json_object_array_add(a, v)) {
		json_object_put(v);
		b->ok = false;
	}
}

static bool ran(struct json_object *sc)
{
	const char *st = dr_json_str(sc, "status", "");

	return !strcmp(st, "PASS") || !strcmp(st, "FAIL");
}

static const char *verdict(struct json_object *sc, const char *oracle)
{
	struct json_object *o = NULL;

	json_object_object_get_ex(json_object_object_get(sc, "oracles"), oracle, &o);
	return dr_json_str(o, "verdict", "");
}

/* The first kept violation of an oracle, or NULL. */
static struct json_object *first_violation(struct json_object *sc, const char *oracle)
{
	struct json_object *vs = json_object_object_get(sc, "violations");

	for (size_t i = 0; vs && i < json_object_array_length(vs); i++) {
		struct json_object *v = json_object_array_get_idx(vs, i);

		if (!strcmp(dr_json_str(v, "oracle", ""), oracle))
			return v;
	}
	return NULL;
}

/*
 * An oracle's FAIL is known when the scenario is (every violation
 * matched), or when every kept violation of it matched and none was
 * dropped unread: a dropped one could be a new bug.
 */
static bool oracle_known(struct json_object *sc, const char *oracle)
{
	struct json_object *vs = json_object_object_get(sc, "violations");
	size_t seen = 0;

	if (dr_json_bool(sc, "known", false))
		return true;
	if (dr_json_int(sc, "violations_dropped", 0) > 0)
		return false;
	for (size_t i = 0; vs && i < json_object_array_length(vs); i++) {
		struct json_object *v = json_object_array_get_idx(vs, i);

		if (strcmp(dr_json_str(v, "oracle", ""), oracle))
			continue;
		if (!dr_json_bool(v, "known", false))
			return false;
		seen++;
	}
	return seen > 0;
}

/* base is NULL for a scenario only in NEW. */
static enum kind classify(struct json_object *base, struct json_object *new,
			  const char *oracle)
{
	const char *b = base ? verdict(base, oracle) : "", *n = verdict(new, oracle);
	bool b_fail = !strcmp(b, "FAIL");

	if (!strcmp(n, "FAIL")) {
		if (oracle_known(new, oracle))
			return b_fail ? STILL_KNOWN : NEW_KNOWN;
		return b_fail && !oracle_known(base, oracle) ? STILL_FAILING : NEW_FAILURE;
	}
	if (b_fail)
		return !strcmp(n, "PASS") ? FIXED : NOT_JUDGED;
	if (!strcmp(b, "PASS") && strcmp(n, "PASS"))
		return NOT_JUDGED;
	return SAME;
}

/* The words for a change: the violation that fired, else the verdict's reason. */
static const char *change_text(struct json_object *new, const char *oracle)
{
	struct json_object *o = NULL, *v = first_violation(new, oracle);

	if (v && !strcmp(verdict(new, oracle), "FAIL"))
		return dr_json_str(v, "summary", "");
	json_object_object_get_ex(json_object_object_get(new, "oracles"), oracle, &o);
	return dr_json_str(o, "reason", "");
}

static void add_change(struct build *b, struct json_object *changes, enum kind k,
		       const char *oracle, const char *bv, const char *nv,
		       const char *issue, const char *text)
{
	struct json_object *c = chk(b, json_object_new_object());

	put(b, c, "kind", str(b, kind_words[k]));
	put(b, c, "oracle", str(b, oracle));
	put(b, c, "base", str(b, bv));
	put(b, c, "new", str(b, nv));
	put(b, c, "known_issue", str(b, issue));
	put(b, c, "text", str(b, text));
	push(b, changes, c);
}

static void changes(struct build *b, struct json_object *base, struct json_object *new,
		    struct json_object *out, int64_t counts[NR_KINDS])
{
	/* A scenario that no longer ran says so once, not per oracle. */
	bool gone = base && ran(base) && !ran(new);

	if (gone) {
		add_change(b, out, NOT_JUDGED, NULL, dr_json_str(base, "status", ""),
			   dr_json_str(new, "status", ""), NULL, dr_json_str(new, "reason", ""));
		counts[NOT_JUDGED]++;
	}
	json_object_object_foreach(json_object_object_get(new, "oracles"), name, o) {
		enum kind k = classify(base, new, name);
		struct json_object *v = first_violation(new, name);

		(void)o;
		if (k == SAME || (gone && k == NOT_JUDGED))
			continue;
		add_change(b, out, k, name, base ? verdict(base, name) : NULL,
			   verdict(new, name),
			   k == STILL_KNOWN || k == NEW_KNOWN ?
			   dr_json_str(v, "known_issue", dr_json_str(new, "known_issue", NULL)) :
			   NULL, change_text(new, name));
		counts[k]++;
	}
}

static struct json_object *side_json(struct build *b, const struct dr_cmp_entry *e)
{
	struct json_object *s = chk(b, json_object_new_object()), *d = NULL;
	double hps = dr_cmp_holds_per_s(e->sc);

	put(b, s, "path", str(b, e->path));
	put(b, s, "kernel", str(b, e->kernel));
	put(b, s, "status", str(b, dr_json_str(e->sc, "status", "")));
	put(b, s, "reason", str(b, dr_json_str(e->sc, "reason", "")));
	put(b, s, "known", chk(b, json_object_new_boolean(dr_json_bool(e->sc, "known", false))));
	put(b, s, "known_issue", str(b, dr_json_str(e->sc, "known_issue", NULL)));
	put(b, s, "rounds", chk(b, json_object_new_int64(dr_json_int(e->sc, "rounds", 0))));
	put(b, s, "confirmed_holds",
	    chk(b, json_object_new_int64(dr_json_int(e->sc, "confirmed_holds", 0))));
	json_object_object_get_ex(e->sc, "duration_s", &d);
	put(b, s, "duration_s", chk(b, json_object_new_double(json_object_get_double(d))));
	put(b, s, "holds_per_s", hps < 0 ? NULL : chk(b, json_object_new_double(hps)));
	return s;
}

static int keycmp(const struct dr_cmp_entry *a, const struct dr_cmp_entry *b,
		  bool kernel)
{
	int c;

	if (kernel && (c = strcmp(a->kernel, b->kernel)))
		return c;
	if ((c = strcmp(a->fs, b->fs)))
		return c;
	if (a->dax != b->dax)
		return a->dax ? 1 : -1;
	return strcmp(a->id, b->id);
}

static int sort_cmp(const void *pa, const void *pb, void *kernel)
{
	const struct dr_cmp_entry *a = pa, *b = pb;
	int c = keycmp(a, b, *(bool *)kernel);

	if (c)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

struct ctx {
	struct build b;
	bool kernel;                 /* the kernel release is part of the key */
	const struct dr_compare_opts *o;
	struct json_object *scenarios, *duplicates;
	int64_t counts[NR_KINDS], paired, only_base, only_new, dups, rate_changes;
};

/*
 * Several results for one key on a side (two nights' runs in one tree):
 * the last in path order, which for run directories named by their start
 * time is the latest, is compared; the others are listed.
 */
static size_t dedupe(struct ctx *c, struct dr_cmp_side *s, const char *which)
{
	size_t out = 0;

	for (size_t i = 0; i < s->n; i++) {
		size_t last = i;

		while (last + 1 < s->n && !keycmp(&s->e[i], &s->e[last + 1], c->kernel))
			last++;
		for (size_t k = i; k < last; k++) {
			struct json_object *d = chk(&c->b, json_object_new_object());

			put(&c->b, d, "side", str(&c->b, which));
			put(&c->b, d, "kernel", str(&c->b, s->e[k].kernel));
			put(&c->b, d, "fs", str(&c->b, s->e[k].fs));
			put(&c->b, d, "dax", chk(&c->b, json_object_new_boolean(s->e[k].dax)));
			put(&c->b, d, "id", str(&c->b, s->e[k].id));
			put(&c->b, d, "used", str(&c->b, s->e[last].path));
			put(&c->b, d, "ignored", str(&c->b, s->e[k].path));
			push(&c->b, c->duplicates, d);
			c->dups++;
		}
		s->e[out++] = s->e[last];
		i = last;
	}
	return s->n = out;
}

static void add_item(struct ctx *c, const struct dr_cmp_entry *be,
		     const struct dr_cmp_entry *ne)
{
	const struct dr_cmp_entry *k = ne ? ne : be;
	struct json_object *it = chk(&c->b, json_object_new_object());
	struct json_object *ch = chk(&c->b, json_object_new_array());
	struct json_object *rates = chk(&c->b, json_object_new_array());

	put(&c->b, it, "kernel", c->kernel ? str(&c->b, k->kernel) : NULL);
	put(&c->b, it, "fs", str(&c->b, k->fs));
	put(&c->b, it, "dax", chk(&c->b, json_object_new_boolean(k->dax)));
	put(&c->b, it, "id", str(&c->b, k->id));
	put(&c->b, it, "pairing", str(&c->b, be && ne ? "paired" : be ? "only_base" : "only_new"));
	put(&c->b, it, "base", be ? side_json(&c->b, be) : NULL);
	put(&c->b, it, "new", ne ? side_json(&c->b, ne) : NULL);
	if (ne)
		changes(&c->b, be ? be->sc : NULL, ne->sc, ch, c->counts);
	if (be && ne) {
		int n = dr_cmp_rates(be->sc, ne->sc, c->o, rates);

		if (n < 0)
			c->b.ok = false;
		else
			c->rate_changes += n;
	}
	put(&c->b, it, "changes", ch);
	put(&c->b, it, "rates", rates);
	push(&c->b, c->scenarios, it);
	if (be && ne)
		c->paired++;
	else if (be)
		c->only_base++;
	else
		c->only_new++;
}

static void pair(struct ctx *c, struct dr_cmp_side *bs, struct dr_cmp_side *ns)
{
	size_t i = 0, j = 0;

	while (i < bs->n || j < ns->n) {
		int d = i == bs->n ? 1 : j == ns->n ? -1 :
			keycmp(&bs->e[i], &ns->e[j], c->kernel);

		if (!d)
			add_item(c, &bs->e[i++], &ns->e[j++]);
		else if (d < 0)
			add_item(c, &bs->e[i++], NULL);
		else
			add_item(c, NULL, &ns->e[j++]);
	}
}

static struct json_object *side_head(struct build *b, const struct dr_cmp_side *s)
{
	struct json_object *h = chk(b, json_object_new_object());
	struct json_object *res = chk(b, json_object_new_array());
	struct json_object *k = chk(b, json_object_new_array());

	for (size_t i = 0; i < s->found.n; i++)
		push(b, res, str(b, s->found.paths[i]));
	for (size_t i = 0; i < s->nr_kernels; i++)
		push(b, k, str(b, s->kernels[i]));
	put(b, h, "arg", str(b, s->arg));
	put(b, h, "results", res);
	put(b, h, "kernels", k);
	return h;
}

static struct json_object *i64(struct build *b, int64_t v)
{
	return chk(b, json_object_new_int64(v));
}

static void finish(struct ctx *c, struct json_object *doc,
		   const struct dr_cmp_side *bs, const struct dr_cmp_side *ns)
{
	struct json_object *tool = chk(&c->b, json_object_new_object());
	struct json_object *key = chk(&c->b, json_object_new_array());
	struct json_object *noise = chk(&c->b, json_object_new_object());
	struct json_object *sum = chk(&c->b, json_object_new_object());
	bool fail = c->counts[NEW_FAILURE] > 0;

	put(&c->b, doc, "compare_version", i64(&c->b, DR_COMPARE_VERSION));
	put(&c->b, tool, "name", str(&c->b, PACKAGE_NAME));
	put(&c->b, tool, "version", str(&c->b, PACKAGE_VERSION));
	put(&c->b, doc, "tool", tool);
	put(&c->b, doc, "base", side_head(&c->b, bs));
	put(&c->b, doc, "new", side_head(&c->b, ns));
	if (c->kernel)
		push(&c->b, key, str(&c->b, "kernel"));
	push(&c->b, key, str(&c->b, "fs"));
	push(&c->b, key, str(&c->b, "dax"));
	push(&c->b, key, str(&c->b, "id"));
	put(&c->b, doc, "key", key);
	put(&c->b, noise, "rate_factor", chk(&c->b, json_object_new_double(c->o->noise)));
	put(&c->b, noise, "latency_factor",
	    chk(&c->b, json_object_new_double(2 * c->o->noise)));
	put(&c->b, noise, "min_rounds", i64(&c->b, (int64_t)c->o->min_rounds));
	put(&c->b, noise, "tail_samples", i64(&c->b, DR_CMP_TAIL_SAMPLES));
	put(&c->b, doc, "noise", noise);
	put(&c->b, doc, "scenarios", c->scenarios);
	put(&c->b, doc, "duplicates", c->duplicates);
	put(&c->b, sum, "paired", i64(&c->b, c->paired));
	put(&c->b, sum, "only_base", i64(&c->b, c->only_base));
	put(&c->b, sum, "only_new", i64(&c->b, c->only_new));
	put(&c->b, sum, "duplicates", i64(&c->b, c->dups));
	for (int k = NEW_FAILURE; k < NR_KINDS; k++)
		put(&c->b, sum, kind_words[k], i64(&c->b, c->counts[k]));
	put(&c->b, sum, "rate_changes", i64(&c->b, c->rate_changes));
	put(&c->b, doc, "summary", sum);
	put(&c->b, doc, "exit_status", i64(&c->b, fail ? DR_EXIT_BUG : DR_EXIT_PASS));
	put(&c->b, doc, "result", str(&c->b, fail ? "FAIL" : "PASS"));
}

const char *dr_cmp_key_text(struct json_object *item, char *buf, size_t len)
{
	const char *kernel = dr_json_str(item, "kernel", NULL);

	snprintf(buf, len, "%s%s%s %s %s", kernel ? kernel : "", kernel ? " " : "",
		 dr_json_str(item, "fs", "?"),
		 dr_json_bool(item, "dax", false) ? "dax" : "nodax",
		 dr_json_str(item, "id", "?"));
	return buf;
}

int dr_compare(const char *base, const char *new, const struct dr_compare_opts *o,
	       struct json_object **doc)
{
	struct dr_cmp_side bs, ns;
	struct ctx c = { .b = { true }, .o = o };
	int ret;

	*doc = NULL;
	ret = dr_cmp_side_load(&bs, base);
	if (!ret)
		ret = dr_cmp_side_load(&ns, new);
	else
		memset(&ns, 0, sizeof(ns));
	if (ret)
		goto out;
	/* One kernel on each side: the kernels are what is compared (last
	 * night's against tonight's, 6.1 against 6.12), so the release
	 * cannot pair anything; several: it tells the cells apart. */
	c.kernel = bs.nr_kernels > 1 || ns.nr_kernels > 1;
	qsort_r(bs.e, bs.n, sizeof(*bs.e), sort_cmp, &c.kernel);
	qsort_r(ns.e, ns.n, sizeof(*ns.e), sort_cmp, &c.kernel);
	*doc = chk(&c.b, json_object_new_object());
	c.scenarios = chk(&c.b, json_object_new_array());
	c.duplicates = chk(&c.b, json_object_new_array());
	dedupe(&c, &bs, "base");
	dedupe(&c, &ns, "new");
	pair(&c, &bs, &ns);
	finish(&c, *doc, &bs, &ns);
	if (!c.b.ok) {
		dr_err("out of memory comparing '%s' with '%s'", base, new);
		json_object_put(*doc);
		*doc = NULL;
		ret = DR_EXIT_ENV;
	}
out:
	dr_cmp_side_free(&bs);
	dr_cmp_side_free(&ns);
	return ret;
}
