// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading a result.json tree: typed accessors with defaults, histogram
 * quantiles, and the structural check "daxrace report" runs before it
 * trusts a file it did not just write.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "results/report.h"

const char *dr_json_str(struct json_object *o, const char *key, const char *def)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return def;
	return json_object_get_string(v);
}

double dr_json_num(struct json_object *o, const char *key, double def)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !(json_object_is_type(v, json_type_double) ||
	      json_object_is_type(v, json_type_int)))
		return def;
	return json_object_get_double(v);
}

int64_t dr_json_int(struct json_object *o, const char *key, int64_t def)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_int))
		return def;
	return json_object_get_int64(v);
}

bool dr_json_bool(struct json_object *o, const char *key, bool def)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_boolean))
		return def;
	return json_object_get_boolean(v);
}

/*
 * Upper bound of the bucket holding the q-quantile, capped at the maximum:
 * with power-of-two buckets that is at most 2x above the true value, which
 * is the resolution the histogram promises.
 */
uint64_t dr_json_hist_quantile(struct json_object *hist, double q)
{
	struct json_object *buckets;
	int64_t count = dr_json_int(hist, "count", 0);
	int64_t max = dr_json_int(hist, "max_ns", 0);
	uint64_t seen = 0, want;
	size_t n;

	if (count <= 0 || !json_object_object_get_ex(hist, "buckets", &buckets) ||
	    !json_object_is_type(buckets, json_type_array))
		return 0;
	want = (uint64_t)(q * (double)count + 0.5);
	if (want < 1)
		want = 1;
	n = json_object_array_length(buckets);
	for (size_t i = 0; i < n; i++) {
		struct json_object *b = json_object_array_get_idx(buckets, i);
		int64_t lt = dr_json_int(b, "lt_ns", 0);

		seen += (uint64_t)dr_json_int(b, "count", 0);
		if (seen >= want)
			return max > 0 && lt > max ? (uint64_t)max : (uint64_t)lt;
	}
	return (uint64_t)max;
}

bool dr_json_inconclusive(struct json_object *sc, const char **name,
			  const char **reason)
{
	json_object_object_foreach(json_object_object_get(sc, "oracles"), k, o) {
		if (strcmp(dr_json_str(o, "verdict", ""), "INCONCLUSIVE"))
			continue;
		*name = k;
		*reason = *dr_json_str(o, "reason", "") ? dr_json_str(o, "reason", "") :
							  "no reason given";
		return true;
	}
	return false;
}

enum dr_outcome dr_json_outcome(struct json_object *root, struct json_object *sc)
{
	const char *status = dr_json_str(sc, "status", "ERROR"), *n, *r;

	if (!strcmp(status, "PASS"))
		return dr_json_inconclusive(sc, &n, &r) ? DR_OUTCOME_INCONCLUSIVE :
							  DR_OUTCOME_PASS;
	if (!strcmp(status, "SKIP"))
		return DR_OUTCOME_SKIP;
	if (!strcmp(status, "FAIL"))
		return dr_json_bool(sc, "known", false) && !dr_json_bool(root, "strict", false) ?
		       DR_OUTCOME_KNOWN : DR_OUTCOME_FAIL;
	return DR_OUTCOME_ERROR;
}

const char *dr_json_fs_word(struct json_object *root)
{
	struct json_object *g = json_object_array_get_idx(
		json_object_object_get(root, "groups"), 0);
	const char *w = dr_json_str(json_object_object_get(root, "vm"), "fs", NULL);

	/* daxrace-vm's --fs word is exact; known_fs is there only when a
	 * FAIL needed matching (it may take a FICLONE probe). */
	if (!w || !*w)
		w = dr_json_str(json_object_object_get(g, "environment"), "known_fs", NULL);
	if (!w || !*w)
		w = dr_json_str(root, "fs", "");
	return *w ? w : "unknown";
}

struct want {
	const char *key;
	enum json_type type;
};

static int need(struct json_object *o, const char *where,
		const struct want *w, size_t n, char *err, size_t len)
{
	for (size_t i = 0; i < n; i++) {
		struct json_object *v;

		if (!json_object_object_get_ex(o, w[i].key, &v)) {
			snprintf(err, len, "%s: missing key '%s'", where, w[i].key);
			return -EINVAL;
		}
		/* json-c parses 1.0 as a double and 1 as an int: accept both
		 * where a number is wanted. */
		if (!json_object_is_type(v, w[i].type) &&
		    !(w[i].type == json_type_double && json_object_is_type(v, json_type_int))) {
			snprintf(err, len, "%s: '%s' is a %s, expected a %s", where,
				 w[i].key, json_type_to_name(json_object_get_type(v)),
				 json_type_to_name(w[i].type));
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * Every oracle verdict is a word this build renders (results/schema.json's
 * enum), so that a verdict added later is refused, not shown as a pass.
 */
static int verdicts(struct json_object *oracles, const char *where, char *err,
		    size_t len)
{
	static const char *const words[] = { "PASS", "FAIL", "SKIP", "NA",
					     "INCONCLUSIVE" };

	json_object_object_foreach(oracles, name, o) {
		const char *v = dr_json_str(o, "verdict", NULL);
		size_t i = 0;

		while (v && i < sizeof(words) / sizeof(words[0]) && strcmp(v, words[i]))
			i++;
		if (!v || i == sizeof(words) / sizeof(words[0])) {
			snprintf(err, len, "%s.oracles.%s: verdict %s%s%s is not one of PASS, FAIL, SKIP, NA, INCONCLUSIVE",
				 where, name, v ? "'" : "", v ? v : "missing", v ? "'" : "");
			return -EINVAL;
		}
	}
	return 0;
}

int dr_report_validate(struct json_object *root, char *err, size_t len)
{
	static const struct want top[] = {
		{ "schema_version", json_type_int }, { "tool", json_type_object },
		{ "command_line", json_type_array }, { "seed", json_type_int },
		{ "exit_status", json_type_int }, { "result", json_type_string },
		{ "kernel", json_type_object }, { "dax", json_type_boolean },
		{ "groups", json_type_array }, { "summary", json_type_object },
		{ "scenarios", json_type_array },
	};
	static const struct want scen[] = {
		{ "name", json_type_string }, { "id", json_type_string },
		{ "status", json_type_string }, { "reason", json_type_string },
		{ "rounds", json_type_int }, { "confirmed_holds", json_type_int },
		{ "oracles", json_type_object }, { "violations", json_type_array },
		{ "latency", json_type_object },
	};
	struct json_object *scs;
	int64_t version;
	int ret;

	if (!json_object_is_type(root, json_type_object)) {
		snprintf(err, len, "not a JSON object");
		return -EINVAL;
	}
	ret = need(root, "result", top, sizeof(top) / sizeof(top[0]), err, len);
	if (ret)
		return ret;
	version = dr_json_int(root, "schema_version", 0);
	if (version != DR_SCHEMA_VERSION) {
		snprintf(err, len,
			 "schema_version %lld: this daxrace reads schema_version %d",
			 (long long)version, DR_SCHEMA_VERSION);
		return -EINVAL;
	}
	json_object_object_get_ex(root, "scenarios", &scs);
	for (size_t i = 0; i < json_object_array_length(scs); i++) {
		struct json_object *sc = json_object_array_get_idx(scs, i);
		char where[64];

		snprintf(where, sizeof(where), "scenarios[%zu]", i);
		if (!json_object_is_type(sc, json_type_object)) {
			snprintf(err, len, "%s: not an object", where);
			return -EINVAL;
		}
		ret = need(sc, where, scen, sizeof(scen) / sizeof(scen[0]), err, len);
		if (ret)
			return ret;
		ret = verdicts(json_object_object_get(sc, "oracles"), where, err, len);
		if (ret)
			return ret;
	}
	return 0;
}

int dr_report_parse_buffer(const char *buf, size_t len, struct json_object **root,
			   char *err, size_t errlen)
{
	struct json_tokener *tok;
	enum json_tokener_error jerr;
	size_t used;
	int ret;

	*root = NULL;
	if (len > INT_MAX) {
		snprintf(err, errlen, "too large");
		return -EINVAL;
	}
	if (memchr(buf, '\0', len)) {
		snprintf(err, errlen, "not valid JSON: a NUL byte");
		return -EINVAL;
	}
	tok = json_tokener_new();
	if (!tok) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	*root = json_tokener_parse_ex(tok, buf, (int)len);
	jerr = json_tokener_get_error(tok);
	used = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (!*root || jerr != json_tokener_success) {
		snprintf(err, errlen, "not valid JSON: %s",
			 jerr == json_tokener_continue ? "it ends too early" :
			 json_tokener_error_desc(jerr));
		goto bad;
	}
	for (; used < len; used++)
		if (!strchr(" \t\r\n", buf[used])) {
			snprintf(err, errlen, "not valid JSON: text after the document");
			goto bad;
		}
	ret = dr_report_validate(*root, err, errlen);
	if (!ret)
		return 0;
bad:
	json_object_put(*root);
	*root = NULL;
	return -EINVAL;
}
