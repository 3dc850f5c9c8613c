// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The tree "daxrace probe" fills and both renderers read.  Building it
 * never fails loudly: an allocation failure sets one flag, every later
 * call with a NULL parent does nothing, and cmd_probe checks the flag
 * once at the end.  That keeps every section free of error plumbing for
 * a case that does not happen in practice.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe/probe_int.h"

static bool oom;

bool dr_pn_oom(void)
{
	return oom;
}

static struct dr_pnode *add(struct dr_pnode *parent, const char *key,
			    enum dr_pn_type type)
{
	struct dr_pnode *n;

	if (!parent)
		return NULL;
	n = calloc(1, sizeof(*n));
	if (!n)
		goto fail;
	n->type = type;
	if (key) {
		n->key = strdup(key);
		if (!n->key)
			goto fail_free;
	}
	if (parent->last)
		parent->last->next = n;
	else
		parent->child = n;
	parent->last = n;
	return n;

fail_free:
	free(n);
fail:
	oom = true;
	return NULL;
}

struct dr_pnode *dr_pn_root(void)
{
	struct dr_pnode *n = calloc(1, sizeof(*n));

	if (!n)
		oom = true;
	return n;
}

void dr_pn_free(struct dr_pnode *n)
{
	while (n) {
		struct dr_pnode *next = n->next;

		dr_pn_free(n->child);
		free(n->key);
		free(n->str);
		free(n->reason);
		free(n);
		n = next;
	}
}

struct dr_pnode *dr_pn_obj(struct dr_pnode *parent, const char *key)
{
	return add(parent, key, DR_PN_OBJ);
}

struct dr_pnode *dr_pn_arr(struct dr_pnode *parent, const char *key)
{
	return add(parent, key, DR_PN_ARR);
}

struct dr_pnode *dr_pn_str(struct dr_pnode *parent, const char *key,
			   const char *val)
{
	struct dr_pnode *n = add(parent, key, val ? DR_PN_STR : DR_PN_NULL);

	if (n && val) {
		n->str = strdup(val);
		if (!n->str) {
			oom = true;
			n->type = DR_PN_NULL;
		}
	}
	return n;
}

struct dr_pnode *dr_pn_int(struct dr_pnode *parent, const char *key,
			   int64_t val)
{
	struct dr_pnode *n = add(parent, key, DR_PN_INT);

	if (n)
		n->num = val;
	return n;
}

struct dr_pnode *dr_pn_bytes(struct dr_pnode *parent, const char *key,
			     uint64_t val)
{
	struct dr_pnode *n = dr_pn_int(parent, key, (int64_t)val);

	if (n)
		n->bytes = true;
	return n;
}

struct dr_pnode *dr_pn_null(struct dr_pnode *parent, const char *key)
{
	return add(parent, key, DR_PN_NULL);
}

__attribute__((format(printf, 2, 0)))
static struct dr_pnode *set_reason(struct dr_pnode *n, const char *fmt,
				   va_list ap)
{
	char *r;

	if (!n)
		return NULL;
	if (vasprintf(&r, fmt, ap) < 0) {
		oom = true;
		return n;
	}
	free(n->reason);
	n->reason = r;
	return n;
}

struct dr_pnode *dr_pn_reason(struct dr_pnode *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_reason(n, fmt, ap);
	va_end(ap);
	return n;
}

struct dr_pnode *dr_pn_yesno(struct dr_pnode *parent, const char *key,
			     bool yes, const char *fmt, ...)
{
	struct dr_pnode *n = add(parent, key, DR_PN_BOOL);
	va_list ap;

	if (n)
		n->yes = yes;
	va_start(ap, fmt);
	set_reason(n, fmt, ap);
	va_end(ap);
	return n;
}

struct dr_pnode *dr_pn_unknown(struct dr_pnode *parent, const char *key,
			       const char *fmt, ...)
{
	struct dr_pnode *n = add(parent, key, DR_PN_NULL);
	va_list ap;

	if (n)
		n->was_bool = true;
	va_start(ap, fmt);
	set_reason(n, fmt, ap);
	va_end(ap);
	return n;
}

void dr_probe_human_bytes(uint64_t v, char *buf, size_t len)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	double d = (double)v;
	size_t i = 0;

	while (d >= 1024 && i + 1 < sizeof(unit) / sizeof(unit[0])) {
		d /= 1024;
		i++;
	}
	if (i == 0)
		snprintf(buf, len, "%llu B", (unsigned long long)v);
	else
		snprintf(buf, len, "%.1f %s", d, unit[i]);
}
