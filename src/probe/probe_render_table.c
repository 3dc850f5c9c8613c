// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The human view: one aligned row per leaf, SECTION ITEM VALUE OK REASON.
 * ITEM is the JSON field path inside its section, so what a user reads
 * here is what they grep for in --json and in daxrace-probe(1).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe/probe_int.h"

/* Longer values overflow their column instead of widening every row. */
#define VALUE_MAX_WIDTH 40

struct row {
	const char *section;
	char item[96];
	char value[512];
	const char *yn;
	const char *reason;
};

struct table {
	struct row *rows;
	size_t nr, cap;
};

static struct row *new_row(struct table *t)
{
	if (t->nr == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		struct row *r = realloc(t->rows, cap * sizeof(*r));

		if (!r)
			return NULL;
		t->rows = r;
		t->cap = cap;
	}
	memset(&t->rows[t->nr], 0, sizeof(t->rows[0]));
	return &t->rows[t->nr++];
}

static void scalar(const struct dr_pnode *n, char *buf, size_t len)
{
	char human[32];

	switch (n->type) {
	case DR_PN_STR:
		snprintf(buf, len, "%s", n->str);
		break;
	case DR_PN_INT:
		if (n->bytes && n->num >= 1024) {
			dr_probe_human_bytes((uint64_t)n->num, human, sizeof(human));
			snprintf(buf, len, "%s", human);
		} else {
			snprintf(buf, len, "%" PRId64, n->num);
		}
		break;
	default:
		buf[0] = '\0';
	}
}

static bool scalar_array(const struct dr_pnode *n)
{
	for (const struct dr_pnode *c = n->child; c; c = c->next)
		if (c->type == DR_PN_OBJ || c->type == DR_PN_ARR)
			return false;
	return true;
}

static int walk(struct table *t, const char *section, const char *prefix,
		const struct dr_pnode *n)
{
	size_t i = 0;

	for (const struct dr_pnode *c = n->child; c; c = c->next, i++) {
		char item[96];
		struct row *r;

		if (c->key)
			snprintf(item, sizeof(item), "%s%s%s", prefix,
				 *prefix ? "." : "", c->key);
		else
			snprintf(item, sizeof(item), "%s[%zu]", prefix, i);

		if (c->type == DR_PN_OBJ ||
		    (c->type == DR_PN_ARR && !scalar_array(c))) {
			if (walk(t, section, item, c))
				return -ENOMEM;
			continue;
		}
		r = new_row(t);
		if (!r)
			return -ENOMEM;
		r->section = section;
		snprintf(r->item, sizeof(r->item), "%s", item);
		r->reason = c->reason ? c->reason : "";
		r->yn = "";
		switch (c->type) {
		case DR_PN_ARR:
			for (const struct dr_pnode *e = c->child; e; e = e->next) {
				size_t len = strlen(r->value);

				snprintf(r->value + len, sizeof(r->value) - len,
					 "%s", len ? " " : "");
				len = strlen(r->value);
				scalar(e, r->value + len, sizeof(r->value) - len);
			}
			if (!c->child)
				snprintf(r->value, sizeof(r->value), "(none)");
			break;
		case DR_PN_BOOL:
			r->yn = c->yes ? "yes" : "no";
			break;
		case DR_PN_NULL:
			if (c->was_bool)
				r->yn = "?";
			else
				snprintf(r->value, sizeof(r->value), "-");
			break;
		default:
			scalar(c, r->value, sizeof(r->value));
		}
	}
	return 0;
}

int dr_probe_render_table(const struct dr_pnode *root)
{
	struct table t = { 0 };
	int ws = 7, wi = 4, wv = 5, ret = 0;
	const char *last = NULL;

	for (const struct dr_pnode *s = root->child; s; s = s->next) {
		ret = walk(&t, s->key, "", s);
		if (ret)
			goto out;
	}
	for (size_t i = 0; i < t.nr; i++) {
		int v = (int)strlen(t.rows[i].value);

		if ((int)strlen(t.rows[i].section) > ws)
			ws = (int)strlen(t.rows[i].section);
		if ((int)strlen(t.rows[i].item) > wi)
			wi = (int)strlen(t.rows[i].item);
		if (v > wv && v <= VALUE_MAX_WIDTH)
			wv = v;
	}
	printf("%-*s  %-*s  %-*s  %-3s  %s\n", ws, "SECTION", wi, "ITEM", wv,
	       "VALUE", "OK", "REASON");
	for (size_t i = 0; i < t.nr; i++) {
		const struct row *r = &t.rows[i];
		/* The section name once per block reads better than repeated. */
		const char *sec = last && !strcmp(last, r->section) ? "" : r->section;
		char line[2048];

		last = r->section;
		snprintf(line, sizeof(line), "%-*s  %-*s  %-*s  %-3s  %s", ws,
			 sec, wi, r->item, wv, r->value, r->yn, r->reason);
		/* Trailing blanks help nobody, and diff -w hides them anyway. */
		for (size_t n = strlen(line); n && line[n - 1] == ' '; n--)
			line[n - 1] = '\0';
		printf("%s\n", line);
	}
out:
	free(t.rows);
	return ret;
}
