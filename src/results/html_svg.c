// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The charts of the HTML report, as inline SVG drawn from result.json
 * alone: a latency histogram (its power-of-two buckets, one bar each,
 * with p50 and p99 marked) and a scenario's rounds over time (rounds/s
 * per step, each violation a red line at its at_s).  Sizes are fixed and
 * the SVG scales with the page (viewBox), so nothing needs a script.
 */
#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include "engine/hist.h"
#include "results/html.h"

#define HIST_W 420
#define HIST_H 190
#define PACE_W 860
#define PACE_H 170
#define LEFT   56 /* room for the y axis labels */
#define RIGHT  10
#define TOP    22
#define BOTTOM 36

/* "512 ns", "32.8 us", "1.05 ms", "2.1 s": a bucket bound or a quantile. */
static void fmt_ns(char *buf, size_t len, double ns)
{
	if (ns < 1e3)
		snprintf(buf, len, "%.0f ns", ns);
	else if (ns < 1e6)
		snprintf(buf, len, "%.3g us", ns / 1e3);
	else if (ns < 1e9)
		snprintf(buf, len, "%.3g ms", ns / 1e6);
	else
		snprintf(buf, len, "%.3g s", ns / 1e9);
}

/*
 * Where v lies on the buckets' log2 scale: i + f for v in [2^i, 2^(i+1)),
 * f linear within the bucket (the bars have bucket resolution anyway,
 * and this needs no libm).
 */
static double log2_pos(double v)
{
	int i = 0;

	if (v < 1)
		return 0;
	while (i < 63 && v >= (double)(1ull << (i + 1)))
		i++;
	return i + (v - (double)(1ull << i)) / (double)(1ull << i);
}

/* Bucket i holds [2^i, 2^(i+1)) ns (bucket 0 from 0): i from its lt_ns. */
static int bucket_index(struct json_object *bk)
{
	int i = (int)log2_pos(dr_json_num(bk, "lt_ns", 2)) - 1;

	return i < 0 ? 0 : i >= DR_HIST_BUCKETS ? DR_HIST_BUCKETS - 1 : i;
}

static void svg_open(FILE *out, int w, int h, const char *label)
{
	fprintf(out, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"",
		w, h, w, h);
	dr_html_attr(out, label);
	fputs("\"><title>", out);
	dr_html_text(out, label);
	fputs("</title>\n", out);
}

static void text(FILE *out, double x, double y, const char *anchor, const char *cls,
		 const char *s)
{
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"%s\">", x, y,
		anchor, cls);
	dr_html_text(out, s);
	fputs("</text>\n", out);
}

/* The frame: axes, and the y axis's top value. */
static void axes(FILE *out, int w, int h, const char *ymax, const char *yunit)
{
	fprintf(out, "<path class=\"axis\" d=\"M%d %d V%d H%d\"/>\n", LEFT, TOP, h - BOTTOM,
		w - RIGHT);
	text(out, LEFT - 4, TOP + 4, "end", "tick", ymax);
	text(out, LEFT - 4, h - BOTTOM, "end", "tick", "0");
	text(out, LEFT - 4, TOP + 16, "end", "unit", yunit);
}

/* A dashed line at value v (ns) on the buckets' log scale from bucket lo. */
static void quantile_mark(FILE *out, double v, int lo, double bw, const char *name)
{
	double pos = log2_pos(v) - lo, x;
	char label[64], val[32];

	if (pos < 0)
		pos = 0;
	x = LEFT + pos * bw;
	fmt_ns(val, sizeof(val), v);
	snprintf(label, sizeof(label), "%s %s", name, val);
	fprintf(out, "<path class=\"q\" d=\"M%.1f %d V%d\"/>\n", x, TOP, HIST_H - BOTTOM);
	/* Inside the plot, below the title, p99 under p50; to the left of
	 * a line too near the right edge for a label (about 80 px). */
	if (x > HIST_W - RIGHT - 80)
		text(out, x - 3, strcmp(name, "p50") ? TOP + 22 : TOP + 10, "end", "qlabel",
		     label);
	else
		text(out, x + 3, strcmp(name, "p50") ? TOP + 22 : TOP + 10, "start", "qlabel",
		     label);
}

void dr_html_hist_svg(FILE *out, struct json_object *hist, const char *title)
{
	struct json_object *bks = json_object_object_get(hist, "buckets");
	uint64_t count[DR_HIST_BUCKETS] = { 0 }, max = 0;
	int lo = DR_HIST_BUCKETS, hi = -1, step;
	size_t nb = dr_html_len(bks);
	double bw, plot_w = HIST_W - LEFT - RIGHT, plot_h = HIST_H - TOP - BOTTOM;
	char label[256], a[32], b[32];

	for (size_t k = 0; bks && k < nb; k++) {
		struct json_object *bk = json_object_array_get_idx(bks, k);
		int i = bucket_index(bk);
		double c = dr_json_num(bk, "count", 0);

		count[i] += c > 0 ? (uint64_t)c : 0;
		if (count[i] && i < lo)
			lo = i;
		if (count[i] && i > hi)
			hi = i;
		if (count[i] > max)
			max = count[i];
	}
	if (hi < 0) {
		fputs("<p class=\"empty\">", out);
		dr_html_text(out, title);
		fputs(": no samples</p>\n", out);
		return;
	}
	fmt_ns(a, sizeof(a), dr_json_num(hist, "p50_ns", 0));
	fmt_ns(b, sizeof(b), dr_json_num(hist, "p99_ns", 0));
	snprintf(label, sizeof(label), "%s: %" PRId64 " samples, p50 %s, p99 %s", title,
		 dr_json_int(hist, "count", 0), a, b);
	svg_open(out, HIST_W, HIST_H, label);
	text(out, LEFT, 12, "start", "ctitle", label);
	snprintf(a, sizeof(a), "%" PRIu64, max);
	axes(out, HIST_W, HIST_H, a, "samples");
	bw = plot_w / (hi - lo + 1);
	step = bw >= 50 ? 1 : (int)(50 / bw) + 1; /* a label is about 45 px */
	for (int i = lo; i <= hi; i++) {
		double x = LEFT + (i - lo) * bw, h = plot_h * (double)count[i] / (double)max;

		if (count[i]) {
			fmt_ns(a, sizeof(a), i ? (double)(1ull << i) : 0);
			fmt_ns(b, sizeof(b), (double)(1ull << (i + 1)));
			fprintf(out, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s to %s: %" PRIu64 "</title></rect>\n",
				x + 1, TOP + plot_h - h, bw - 2 > 1 ? bw - 2 : 1, h, a, b,
				count[i]);
		}
		if ((i - lo) % step == 0) {
			fmt_ns(a, sizeof(a), i ? (double)(1ull << i) : 0);
			text(out, x, HIST_H - BOTTOM + 14, "middle", "tick", a);
		}
	}
	text(out, LEFT + plot_w / 2, HIST_H - 4, "middle", "unit",
	     "latency (power-of-two buckets)");
	quantile_mark(out, dr_json_num(hist, "p50_ns", 0), lo, bw, "p50");
	quantile_mark(out, dr_json_num(hist, "p99_ns", 0), lo, bw, "p99");
	fputs("</svg>\n", out);
}

/* Element i of an array of numbers; 0 for anything else. */
static double elem(struct json_object *a, size_t i)
{
	struct json_object *v = json_object_array_get_idx(a, i);

	if (json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double))
		return json_object_get_double(v);
	return 0;
}

/* Why a scenario has no chart of its pace. */
static void no_pace(FILE *out, struct json_object *sc)
{
	fputs("<p class=\"empty\">rounds over time: ", out);
	if (!json_object_object_get_ex(sc, "rounds_over_time", NULL))
		fputs("not recorded by this run (written before daxrace recorded it)", out);
	else if (!json_object_object_get(sc, "rounds_over_time"))
		fputs("not recorded by this run (its jobs never started)", out);
	else
		fputs("no step was recorded (the jobs ended within the first step)", out);
	fputs("</p>\n", out);
}

void dr_html_pace_svg(FILE *out, struct json_object *sc)
{
	struct json_object *p = json_object_object_get(sc, "rounds_over_time");
	struct json_object *rounds = json_object_object_get(p, "rounds");
	struct json_object *viols = json_object_object_get(sc, "violations");
	double start = dr_json_num(p, "start_s", 0), step = dr_json_num(p, "step_s", 0);
	double span = dr_json_num(p, "span_s", 0), end = start + span, max = 0;
	double plot_w = PACE_W - LEFT - RIGHT, plot_h = PACE_H - TOP - BOTTOM, sx;
	size_t n = dr_html_len(rounds);
	char label[160], a[32];

	if (!p || !n || !(step > 0) || !(span > 0)) {
		no_pace(out, sc);
		return;
	}
	/* The rate of each step (the last one may be shorter). */
	for (size_t i = 0; i < n; i++) {
		double w = i + 1 < n ? step : span - step * (double)i;
		double r = elem(rounds, i);

		r = w > 0 ? r / w : 0;
		if (r > max)
			max = r;
	}
	snprintf(label, sizeof(label), "rounds over time: %" PRId64 " rounds in %.3g s, steps of %.3g s",
		 dr_json_int(sc, "rounds", 0), span, step);
	svg_open(out, PACE_W, PACE_H, label);
	text(out, LEFT, 12, "start", "ctitle", label);
	snprintf(a, sizeof(a), "%.0f", max);
	axes(out, PACE_W, PACE_H, a, "rounds/s");
	sx = plot_w / end;
	fputs("<path class=\"bar\" d=\"", out);
	for (size_t i = 0; i < n && max > 0; i++) {
		double t = start + step * (double)i;
		double w = i + 1 < n ? step : span - step * (double)i;
		double r = elem(rounds, i);
		double h = w > 0 ? plot_h * (r / w) / max : 0;

		if (h > 0)
			fprintf(out, "M%.1f %.1fh%.2fv%.1fh%.2fz", LEFT + t * sx,
				TOP + plot_h - h, w * sx, h, -w * sx);
	}
	fputs("\"/>\n", out);
	for (size_t i = 0; i < dr_html_len(viols); i++) {
		struct json_object *v = json_object_array_get_idx(viols, i);
		double at = dr_json_num(v, "at_s", -1), x;

		if (at < 0)
			continue;
		x = LEFT + (at < end ? at : end) * sx;
		fprintf(out, "<path class=\"viol\" d=\"M%.1f %d V%d\"><title>", x, TOP,
			PACE_H - BOTTOM);
		dr_html_text(out, dr_json_str(v, "oracle", "?"));
		fprintf(out, " at %.3f s: ", at);
		dr_html_text(out, dr_json_str(v, "summary", ""));
		fputs("</title></path>\n", out);
	}
	for (int k = 0; k <= 4; k++) {
		snprintf(a, sizeof(a), end >= 10 ? "%.0f s" : "%.2f s", end * k / 4);
		text(out, LEFT + plot_w * k / 4, PACE_H - BOTTOM + 14, "middle", "tick", a);
	}
	text(out, LEFT + plot_w / 2, PACE_H - 4, "middle", "unit",
	     "seconds since the scenario started (red: a violation)");
	fputs("</svg>\n", out);
}
