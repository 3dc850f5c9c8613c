// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --json: the same tree as one JSON object, built with json-c (the
 * library ndctl uses).  A leaf KEY with a reason adds "KEY_reason".
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "probe/probe_int.h"

#ifdef HAVE_JSONC
#include <json-c/json.h>

static struct json_object *convert(const struct dr_pnode *n);

static int add_children(struct json_object *obj, const struct dr_pnode *n)
{
	struct json_object *v;

	for (const struct dr_pnode *c = n->child; c; c = c->next) {
		v = convert(c);

		if (!v && c->type != DR_PN_NULL)
			return -ENOMEM;
		if (json_object_is_type(obj, json_type_array)) {
			if (json_object_array_add(obj, v))
				goto fail;
			continue;
		}
		if (json_object_object_add(obj, c->key, v))
			goto fail;
		if (c->reason) {
			char key[128];

			snprintf(key, sizeof(key), "%s_reason", c->key);
			v = json_object_new_string(c->reason);
			if (!v || json_object_object_add(obj, key, v))
				goto fail;
		}
	}
	return 0;
fail:
	json_object_put(v);
	return -ENOMEM;
}

/* NULL is both JSON null and allocation failure; add_children tells them
 * apart by the node type. */
static struct json_object *convert(const struct dr_pnode *n)
{
	struct json_object *o = NULL;

	switch (n->type) {
	case DR_PN_OBJ:
		o = json_object_new_object();
		break;
	case DR_PN_ARR:
		o = json_object_new_array();
		break;
	case DR_PN_STR:
		return json_object_new_string(n->str);
	case DR_PN_INT:
		return json_object_new_int64(n->num);
	case DR_PN_BOOL:
		return json_object_new_boolean(n->yes);
	case DR_PN_NULL:
		return NULL;
	}
	if (o && add_children(o, n)) {
		json_object_put(o);
		o = NULL;
	}
	return o;
}

int dr_probe_render_json(const struct dr_pnode *root)
{
	struct json_object *o = convert(root);

	if (!o)
		return -ENOMEM;
	printf("%s\n", json_object_to_json_string_ext(o,
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
			JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return 0;
}

#else

int dr_probe_render_json(const struct dr_pnode *root)
{
	return -EOPNOTSUPP;
}

#endif
