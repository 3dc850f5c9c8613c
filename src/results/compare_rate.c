// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Rate changes between two runs of a scenario, and the noise rule that
 * decides which are shown as changes.  result.json records one run per
 * scenario and no spread across repetitions, so the noise cannot be
 * measured from the two files: it is a documented bound (daxrace-report(1),
 * COMPARING).  A figure is judged only when both sides ran the scenario
 * (PASS or FAIL) for at least --min-rounds rounds; then
 *  - holds/s (confirmed holds over the scenario's duration) is flagged
 *    when the ratio new/base is beyond --noise either way, or when one
 *    side confirmed no hold at all and the other did;
 *  - a latency percentile is flagged beyond twice --noise: the recorded
 *    percentiles are power-of-two bucket bounds, each up to 2x above the
 *    true value, so a ratio of the bounds beyond 2*noise means a true
 *    ratio beyond noise.  It is judged only with --min-rounds samples
 *    and DR_CMP_TAIL_SAMPLES above it on both sides (p99 needs 500).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "results/compare.h"
#include "results/report.h"

double dr_cmp_holds_per_s(struct json_object *sc)
{
	struct json_object *d = NULL;
	double s;

	if (!json_object_object_get_ex(sc, "duration_s", &d) ||
	    (!json_object_is_type(d, json_type_double) &&
	     !json_object_is_type(d, json_type_int)))
		return -1;
	s = json_object_get_double(d);
	if (!(s > 0))
		return -1;
	return (double)dr_json_int(sc, "confirmed_holds", 0) / s;
}

static bool ran(struct json_object *sc)
{
	const char *st = dr_json_str(sc, "status", "");

	return !strcmp(st, "PASS") || !strcmp(st, "FAIL");
}

struct figure {
	const char *name;       /* as in the JSON document */
	double base, new;       /* < 0: not recorded */
	double threshold;
	const char *why_not;    /* set: not judged, and why */
};

static int add(struct json_object *rates, const struct figure *f, bool *flagged)
{
	struct json_object *r = json_object_new_object();
	double ratio = -1;
	bool judged = !f->why_not;

	*flagged = false;
	if (!r)
		return -ENOMEM;
	if (judged && f->base > 0 && f->new >= 0)
		ratio = f->new / f->base;
	if (judged) {
		if (ratio >= 0)
			*flagged = ratio > f->threshold || ratio < 1 / f->threshold;
		else /* base 0: flagged when new is not 0 too */
			*flagged = f->new > 0;
	}
	json_object_object_add(r, "figure", json_object_new_string(f->name));
	json_object_object_add(r, "base", f->base >= 0 ? json_object_new_double(f->base) : NULL);
	json_object_object_add(r, "new", f->new >= 0 ? json_object_new_double(f->new) : NULL);
	json_object_object_add(r, "ratio", ratio >= 0 ? json_object_new_double(ratio) : NULL);
	json_object_object_add(r, "threshold", json_object_new_double(f->threshold));
	json_object_object_add(r, "judged", json_object_new_boolean(judged));
	json_object_object_add(r, "flagged", json_object_new_boolean(*flagged));
	json_object_object_add(r, "why_not", f->why_not ? json_object_new_string(f->why_not) : NULL);
	return json_object_array_add(rates, r) ? -ENOMEM : 0;
}

static double pct(struct json_object *h, const char *key)
{
	int64_t v = dr_json_int(h, key, -1);

	return v < 0 ? -1 : (double)v;
}

/* At least --min-rounds samples, and enough above the q-quantile
 * (count * (1 - q)) that it is not one outlier. */
static bool samples_ok(struct json_object *h, double q,
		       const struct dr_compare_opts *o)
{
	int64_t count = dr_json_int(h, "count", 0);

	return count > 0 && (uint64_t)count >= o->min_rounds &&
	       (double)count * (1 - q) >= DR_CMP_TAIL_SAMPLES - 1e-9;
}

int dr_cmp_rates(struct json_object *base_sc, struct json_object *new_sc,
		 const struct dr_compare_opts *o, struct json_object *rates)
{
	static const char *const hists[] = { "hold_to_mutator_return",
					     "release_to_mutator_return" };
	static const struct { const char *key; double q; } pcts[] = {
		{ "p50_ns", 0.50 }, { "p90_ns", 0.90 }, { "p99_ns", 0.99 },
	};
	bool both_ran = ran(base_sc) && ran(new_sc);
	bool enough = (uint64_t)dr_json_int(base_sc, "rounds", 0) >= o->min_rounds &&
		      (uint64_t)dr_json_int(new_sc, "rounds", 0) >= o->min_rounds;
	const char *why = !both_ran ? "not run on both sides (PASS or FAIL)" :
			  !enough ? "fewer than --min-rounds rounds on a side" : NULL;
	struct figure f = { "holds_per_s", dr_cmp_holds_per_s(base_sc),
			    dr_cmp_holds_per_s(new_sc), o->noise, why };
	int flagged = 0;
	bool fl;

	if (!f.why_not && (f.base < 0 || f.new < 0))
		f.why_not = "no duration recorded";
	if (add(rates, &f, &fl))
		return -ENOMEM;
	flagged += fl;
	for (size_t i = 0; i < sizeof(hists) / sizeof(hists[0]); i++) {
		struct json_object *bl = NULL, *nl = NULL, *bh = NULL, *nh = NULL;
		char name[96];

		json_object_object_get_ex(base_sc, "latency", &bl);
		json_object_object_get_ex(new_sc, "latency", &nl);
		if (bl)
			json_object_object_get_ex(bl, hists[i], &bh);
		if (nl)
			json_object_object_get_ex(nl, hists[i], &nh);
		for (size_t j = 0; j < sizeof(pcts) / sizeof(pcts[0]); j++) {
			snprintf(name, sizeof(name), "%s.%s", hists[i], pcts[j].key);
			f = (struct figure){ name, pct(bh, pcts[j].key), pct(nh, pcts[j].key),
					     2 * o->noise, why };
			if (!f.why_not && (f.base <= 0 || f.new <= 0))
				f.why_not = "no samples on a side";
			else if (!f.why_not && (!samples_ok(bh, pcts[j].q, o) ||
						!samples_ok(nh, pcts[j].q, o)))
				f.why_not = "too few samples on a side (--min-rounds, 5 above the percentile)";
			if (add(rates, &f, &fl))
				return -ENOMEM;
			flagged += fl;
		}
	}
	return flagged;
}
