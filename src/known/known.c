// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The known-issues file: parser and matcher.  The matching rules are
 * daxrace-vm's awk (vm/daxrace-vm.in, known_issue()), restated in C; the
 * parser (libinih through common/ini.c) is stricter than the awk, which
 * silently skips what it does not understand, so that a typo is an error
 * here instead of an entry that quietly never matches.
 */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/ini.h"
#include "common/input.h"
#include "common/log.h"
#include "common/nameset.h"
#include "oracles/oracle.h"
#include "known/known.h"

enum key { K_KERNEL, K_FS, K_SCENARIO, K_ORACLE, K_FIX, K_REPRODUCER,
	   K_EXPLANATION, K_INTRODUCED, K_EVIDENCE, K_COUNT };

static const char *const key_names[K_COUNT + 1] = {
	"kernel", "fs", "scenario", "oracle", "fix", "reproducer", "explanation",
	"introduced", "evidence", NULL,
};

/*
 * reproducer is optional (some checks, NAMESPACE, have no small one), and
 * so is introduced (the change that brought the bug, when it is known).
 * Without evidence an entry covers every failure of its oracle there.
 */
#define REQUIRED (((1u << K_COUNT) - 1) & ~(1u << K_REPRODUCER) & \
		  ~(1u << K_INTRODUCED) & ~(1u << K_EVIDENCE))
/* Free text may go on over indented lines; what the awk matches may not. */
#define CONTINUES ((1u << K_FIX) | (1u << K_EXPLANATION) | (1u << K_INTRODUCED))

/* NAMESPACE is judged by daxrace-vm after umount, not by an ops table. */
static const char *const oracle_words[] = {
#define DR_KNOWN_ORACLE(id, name) name,
	DR_ORACLES(DR_KNOWN_ORACLE)
#undef DR_KNOWN_ORACLE
	"NAMESPACE", NULL,
};

static const char *const fs_words[] = { "ext4", "xfs", "xfs-reflink", NULL };

struct kparser {
	struct dr_known_issues *ki;
	const char *path;
	unsigned int line;
	struct dr_known_issue *cur;
	unsigned int seen;   /* bit per key given in cur */
	int last_key;        /* the key a continuation line continues */
	size_t text_len, text_cap; /* of the last key's value, as it grows */
	size_t cap;          /* of ki->issues */
	struct dr_nameset ids; /* id -> the line of its header */
};

__attribute__((format(printf, 3, 4)))
static int perr_at(const struct kparser *p, unsigned int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	dr_err("%s:%u: %s", p->path, line, msg);
	return -EINVAL;
}

#define perr(p, ...) perr_at((p), (p)->line, __VA_ARGS__)

static int nomem(void)
{
	dr_err("out of memory");
	return -ENOMEM;
}

/* The awk trims spaces and tabs only; so do we. */
static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static char *trim(char *s)
{
	char *e;

	while (blank(*s))
		s++;
	e = s + strlen(s);
	while (e > s && blank(e[-1]))
		*--e = '\0';
	return s;
}

static bool all_of(const char *s, const char *extra)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr(extra, *s))
			return false;
	return true;
}

static int word_index(const char *const *words, const char *w)
{
	for (int i = 0; words[i]; i++)
		if (!strcmp(words[i], w))
			return i;
	return -1;
}

/*
 * One side of LOW..HIGH.  Must start with a digit: the awk would read a
 * leading "v" as an extra zero component and shift every number.
 */
static bool valid_release(const char *s)
{
	return !*s || (isdigit((unsigned char)*s) && all_of(s, ".+~_-") &&
		       !strstr(s, ".."));
}

static int set_kernel(struct kparser *p, char *v)
{
	char orig[DR_INI_MAX_LINE + 1], *dots = strstr(v, ".."), *lo, *hi;

	snprintf(orig, sizeof(orig), "%s", v);
	if (!dots)
		return perr(p, "kernel: '%s' is not LOW..HIGH (either side may be empty)", v);
	*dots = '\0';
	lo = trim(v);
	hi = trim(dots + 2);
	if (!valid_release(lo) || !valid_release(hi))
		return perr(p, "kernel: '%s' is not LOW..HIGH of release strings "
			    "(each starts with a digit, e.g. 6.1.0-56..6.15)", orig);
	p->cur->kernel_lo = strdup(lo);
	p->cur->kernel_hi = strdup(hi);
	return p->cur->kernel_lo && p->cur->kernel_hi ? 0 : nomem();
}

/* No spaces: the awk looks for ",xfs," in ",ext4, xfs," and misses. */
static int set_fs(struct kparser *p, char *v)
{
	char orig[DR_INI_MAX_LINE + 1], *save = NULL, *tok;
	size_t n = 0;

	snprintf(orig, sizeof(orig), "%s", v); /* strtok_r cuts v */
	if (!strcmp(v, "*")) {
		p->cur->any_fs = true;
		return 0;
	}
	if (!*v || v[strlen(v) - 1] == ',' || *v == ',')
		goto bad;
	for (tok = strtok_r(v, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int i = word_index(fs_words, tok);

		if (i < 0 || n >= DR_KNOWN_MAX_FS)
			goto bad;
		for (size_t j = 0; j < n; j++)
			if (p->cur->fs[j] == fs_words[i])
				goto bad;
		p->cur->fs[n++] = fs_words[i];
	}
	p->cur->fs[n] = NULL;
	return 0;
bad:
	return perr(p, "fs: '%s' is not a comma list (no spaces, each once) of "
		    "ext4, xfs, xfs-reflink, or *", orig);
}

/*
 * The awk turns the glob into a regular expression; fnmatch(3) reads it
 * as the shell does.  They agree on letters, digits, ".", "_", "-", "*",
 * "?" and brackets of letters, digits, "_" and "-" (a-z ranges), which is
 * all a scenario slug needs; anything else ("[!x]", "\*") is refused.
 */
static bool valid_glob(const char *s)
{
	while (*s) {
		if (*s == '[') {
			const char *e = strchr(s, ']');
			size_t n = e ? (size_t)(e - s - 1) : 0;
			char in[64];

			if (!e || !n || n >= sizeof(in))
				return false;
			memcpy(in, s + 1, n);
			in[n] = '\0';
			if (!all_of(in, "_-"))
				return false;
			s = e + 1;
			continue;
		}
		if (!isalnum((unsigned char)*s) && !strchr("._-*?", *s))
			return false;
		s++;
	}
	return true;
}

/*
 * "dio-*,uring-*": one issue reached by several actors that share the
 * kernel path (the O_DIRECT bio of a pread and of an io_uring read).
 * Each item is a glob as above; none may be empty.
 */
static bool valid_globs(const char *s)
{
	char item[256];

	for (;;) {
		size_t n = strcspn(s, ",");

		if (!n || n >= sizeof(item))
			return false;
		memcpy(item, s, n);
		item[n] = '\0';
		if (!valid_glob(item))
			return false;
		if (!s[n])
			return true;
		s += n + 1;
	}
}

static bool scenario_matches(const char *globs, const char *scenario)
{
	char item[256];

	for (;;) {
		size_t n = strcspn(globs, ",");

		if (n < sizeof(item)) {
			memcpy(item, globs, n);
			item[n] = '\0';
			if (!fnmatch(item, scenario, 0))
				return true;
		}
		if (!globs[n])
			return false;
		globs += n + 1;
	}
}

/*
 * The evidence regex is read by regcomp(3) here and by awk's "~" in
 * daxrace-vm, whose EREs differ at the edges: gawk reads \b as a backspace
 * and \y as a word boundary, glibc \b as a word boundary and \n as "n";
 * mawk 1.3.4-20200120 takes "{2}" literally; awk unquotes \] inside a
 * bracket, POSIX does not; glibc has back-references and [:alpha:],
 * which old mawk lacks; a quantifier after nothing, or an empty
 * alternative, is undefined.  So only the part of ERE they agree on is
 * accepted: printable ASCII; . * + ? | ( ) ^ $; a backslash only before
 * one of . [ ] ( ) * + ? { } | ^ $ and itself; brackets of plain
 * characters and ranges within 0-9, a-z or A-Z.  NULL when s is in it,
 * else what is wrong.
 */
static const char *bracket(const char **sp)
{
	const char *s = *sp + 1;

	if (*s == '^')
		s++;
	if (*s == ']')
		return "an empty bracket, or ']' first in one (quote it outside brackets)";
	for (; *s && *s != ']'; s++) {
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return "only printable ASCII";
		if (*s == '\\' || *s == '[')
			return "'\\' or '[' inside a bracket (awk and regcomp read them differently)";
		if (s[1] == '-' && s[2] && s[2] != ']') {
			bool same = (isdigit((unsigned char)*s) && isdigit((unsigned char)s[2])) ||
				    (islower((unsigned char)*s) && islower((unsigned char)s[2])) ||
				    (isupper((unsigned char)*s) && isupper((unsigned char)s[2]));

			if (!same || s[2] < *s)
				return "a range in a bracket other than within 0-9, a-z or A-Z";
			s += 2;
		} else if (*s == '-' && s != *sp + 1 && !(s == *sp + 2 && (*sp)[1] == '^') &&
			   s[1] != ']') {
			return "'-' inside a bracket that is neither first, last nor a range";
		}
	}
	if (!*s)
		return "'[' without its ']'";
	*sp = s;
	return NULL;
}

static const char *ere_error(const char *s)
{
	bool atom = false, empty = true; /* quantifiable; branch still empty */
	int depth = 0;
	const char *why;

	for (; *s; s++) {
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return "only printable ASCII";
		switch (*s) {
		case '\\':
			if (!s[1] || !strchr(".[]()*+?{}|^$\\", s[1]))
				return "'\\' may only quote one of . [ ] ( ) * + ? { } | ^ $ \\";
			s++;
			atom = true;
			break;
		case '[':
			why = bracket(&s);
			if (why)
				return why;
			atom = true;
			break;
		case '(':
			depth++;
			atom = false;
			empty = true;
			continue;
		case ')':
		case '|':
			if (empty)
				return "an empty group or alternative";
			if (*s == ')' && !depth--)
				return "')' without its '('";
			atom = *s == ')';
			empty = *s == '|';
			continue;
		case '*':
		case '+':
		case '?':
			if (!atom)
				return "'*', '+' or '?' after nothing, an anchor or another of them";
			atom = false;
			break;
		case '{':
		case '}':
		case ']':
			return "'{', '}' or ']' outside a bracket must be quoted: \\{ \\} \\] "
			       "(awks differ on intervals)";
		case '^':
		case '$':
			atom = false;
			break;
		default:
			atom = true;
		}
		empty = false;
	}
	if (empty)
		return "an empty alternative at the end";
	return depth ? "'(' without its ')'" : NULL;
}

static int set_evidence(struct kparser *p, char *v)
{
	const char *why = ere_error(v);
	char msg[128];
	int err;

	if (!*v)
		return perr(p, "evidence: empty value");
	if (why)
		return perr(p, "evidence: '%s': %s", v, why);
	/* The newline-joined text is one string: no REG_NEWLINE, so "."
	 * crosses from the summary into the evidence, as it does in awk. */
	err = regcomp(&p->cur->evidence_re, v, REG_EXTENDED | REG_NOSUB);
	if (err) {
		regerror(err, &p->cur->evidence_re, msg, sizeof(msg));
		return perr(p, "evidence: '%s': %s", v, msg);
	}
	p->cur->evidence = strdup(v);
	if (p->cur->evidence)
		return 0;
	regfree(&p->cur->evidence_re);
	return nomem();
}

static int set_value(struct kparser *p, enum key k, char *v)
{
	struct dr_known_issue *c = p->cur;
	char **dst = NULL;

	switch (k) {
	case K_KERNEL:
		return set_kernel(p, v);
	case K_FS:
		return set_fs(p, v);
	case K_SCENARIO:
		if (!*v || !valid_globs(v))
			return perr(p, "scenario: '%s' is not a comma list of globs of a slug like "
				    "dio-read.*.uffd (letters, digits, . _ - * ? [a-z]) or -", v);
		dst = &c->scenario;
		break;
	case K_ORACLE:
		if (word_index(oracle_words, v) < 0)
			return perr(p, "oracle: '%s' is not one of ORDER, TAG, LIVE, SPACE, "
				    "KLOG, GUPFAIL, NAMESPACE", v);
		dst = &c->oracle;
		break;
	case K_REPRODUCER:
		if (strncmp(v, "tests/repro/", 12) || !v[12] || strstr(v, ".."))
			return perr(p, "reproducer: '%s' is not a path under tests/repro/", v);
		dst = &c->reproducer;
		break;
	case K_FIX:
		dst = &c->fix;
		break;
	case K_EXPLANATION:
		dst = &c->explanation;
		break;
	case K_INTRODUCED:
		dst = &c->introduced;
		break;
	case K_EVIDENCE:
		return set_evidence(p, v);
	case K_COUNT:
		break;
	}
	if (!dst)
		return -EINVAL;
	if (!*v)
		return perr(p, "%s: empty value", key_names[k]);
	*dst = strdup(v);
	if (!*dst)
		return nomem();
	p->text_len = strlen(v);
	p->text_cap = p->text_len + 1;
	return 0;
}

static int end_section(struct kparser *p)
{
	unsigned int missing = REQUIRED & ~p->seen;

	if (!p->cur || !missing)
		return 0;
	for (int k = 0; k < K_COUNT; k++)
		if (missing & (1u << k))
			return perr_at(p, p->cur->line, "[%s]: missing key '%s' (every entry "
				       "needs kernel, fs, scenario, oracle, fix, explanation)",
				       p->cur->id, key_names[k]);
	return 0;
}

static int section(void *user, const char *id, unsigned int line)
{
	struct kparser *p = user;
	struct dr_known_issues *ki = p->ki;
	struct dr_known_issue *grown, *e;
	long first;
	int ret;

	p->line = line;
	ret = end_section(p);
	if (ret)
		return ret;
	if (ki->nr == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 8;

		grown = realloc(ki->issues, cap * sizeof(*grown));
		if (!grown)
			return nomem();
		ki->issues = grown;
		p->cap = cap;
	}
	e = &ki->issues[ki->nr];
	memset(e, 0, sizeof(*e));
	e->line = line;
	e->id = strdup(id);
	if (!e->id)
		return nomem();
	first = dr_nameset_add(&p->ids, e->id, line);
	if (first) {
		free(e->id);
		return first < 0 ? nomem() :
		       perr(p, "[%s]: already defined at line %ld", id, first);
	}
	ki->nr++;
	p->cur = e;
	p->seen = 0;
	p->last_key = -1;
	return 0;
}

/*
 * "  more text" after fix, introduced or explanation: joined with a space,
 * in a buffer that doubles, so a long text is not copied once per line.
 */
static int continuation(struct kparser *p, const char *text)
{
	size_t tlen = strlen(text), need;
	char **dst;

	if (!p->cur || p->last_key < 0 || !(CONTINUES & (1u << p->last_key)))
		return perr(p, "line starts with whitespace: only fix, introduced and "
			    "explanation may continue on such lines");
	dst = p->last_key == K_FIX ? &p->cur->fix :
	      p->last_key == K_INTRODUCED ? &p->cur->introduced : &p->cur->explanation;
	need = p->text_len + 1 + tlen + 1;
	if (need > p->text_cap) {
		size_t cap = need > 2 * p->text_cap ? need : 2 * p->text_cap;
		char *grown = realloc(*dst, cap);

		if (!grown)
			return nomem();
		*dst = grown;
		p->text_cap = cap;
	}
	(*dst)[p->text_len] = ' ';
	memcpy(*dst + p->text_len + 1, text, tlen + 1);
	p->text_len += 1 + tlen;
	return 0;
}

static int key_line(void *user, const char *key, const char *value, bool cont,
		    unsigned int line)
{
	struct kparser *p = user;
	char v[DR_INI_MAX_LINE + 1];
	int k;

	p->line = line;
	if (cont)
		return continuation(p, value);
	k = word_index(key_names, key);
	if (k < 0)
		return perr(p, "unknown key '%s' (kernel, fs, scenario, oracle, fix, "
			    "reproducer, explanation, introduced, evidence)", key);
	if (!p->cur)
		return perr(p, "%s: outside a section: start the entry with [ID]", key);
	if (p->seen & (1u << k))
		return perr(p, "%s: given twice in [%s]", key, p->cur->id);
	p->seen |= 1u << k;
	p->last_key = k;
	/* The setters cut their copy (strtok_r, ".."). */
	snprintf(v, sizeof(v), "%s", value);
	return set_value(p, (enum key)k, v);
}

/* "#" only, LF only, as the format has always been. */
static const struct dr_ini_syntax syntax = {
	.comments = "#", .continuation = true, .bare_keys = false, .lf_only = true,
};

static const struct dr_ini_ops ops = { .section = section, .key = key_line };

int dr_known_parse_buffer(struct dr_known_issues *ki, const char *name,
			  const char *buf, size_t len)
{
	struct kparser p = { .ki = ki, .path = name, .last_key = -1 };
	int ret;

	memset(ki, 0, sizeof(*ki));
	ki->path = strdup(name);
	if (!ki->path)
		return nomem();
	p.path = ki->path;
	ret = dr_ini_parse(name, buf, len, &syntax, &ops, &p, NULL);
	if (!ret)
		ret = end_section(&p);
	dr_nameset_free(&p.ids);
	if (ret)
		dr_known_free(ki);
	return ret;
}

int dr_known_load(struct dr_known_issues *ki, const char *path)
{
	char *buf;
	size_t len;
	int ret = dr_input_read(path, DR_INPUT_MAX_INI, &buf, &len);

	memset(ki, 0, sizeof(*ki));
	if (ret)
		return ret;
	ret = dr_known_parse_buffer(ki, path, buf, len);
	free(buf);
	return ret;
}

void dr_known_free(struct dr_known_issues *ki)
{
	for (size_t i = 0; i < ki->nr; i++) {
		struct dr_known_issue *e = &ki->issues[i];

		free(e->id);
		free(e->kernel_lo);
		free(e->kernel_hi);
		free(e->scenario);
		free(e->oracle);
		free(e->fix);
		free(e->reproducer);
		free(e->explanation);
		free(e->introduced);
		if (e->evidence)
			regfree(&e->evidence_re);
		free(e->evidence);
	}
	free(ki->issues);
	free(ki->path);
	memset(ki, 0, sizeof(*ki));
}

/*
 * awk: gsub(/[^0-9]+/, ".", a); split(a, x, "."); then x[1..5] + 0.  A
 * leading non-digit makes an empty (zero) first component.  Digits are
 * summed by hand: strtod would also read "1e5" and "0x1f".
 */
static void components(const char *s, double out[5])
{
	int i = 0;

	memset(out, 0, 5 * sizeof(*out));
	if (*s && !isdigit((unsigned char)*s)) {
		i = 1;
		while (*s && !isdigit((unsigned char)*s))
			s++;
	}
	while (*s && i < 5) {
		double v = 0;

		while (isdigit((unsigned char)*s))
			v = v * 10 + (*s++ - '0');
		out[i++] = v;
		while (*s && !isdigit((unsigned char)*s))
			s++;
	}
}

int dr_known_vercmp(const char *a, const char *b)
{
	double x[5], y[5];

	components(a, x);
	components(b, y);
	for (int i = 0; i < 5; i++) {
		if (x[i] < y[i])
			return -1;
		if (x[i] > y[i])
			return 1;
	}
	return 0;
}

static bool fs_matches(const struct dr_known_issue *e, const char *fs)
{
	if (e->any_fs)
		return true;
	for (size_t i = 0; e->fs[i]; i++)
		if (!strcmp(e->fs[i], fs))
			return true;
	return false;
}

/* No text, no evidence: an entry that asks for some matches nothing. */
static bool evidence_matches(const struct dr_known_issue *e, const char *text)
{
	if (!e->evidence)
		return true;
	return text && *text && !regexec(&e->evidence_re, text, 0, NULL, 0);
}

char *dr_known_text(const char *summary, const char *evidence)
{
	size_t len = strlen(summary) + (evidence ? 1 + strlen(evidence) : 0) + 1;
	char *t = malloc(len);

	if (t)
		snprintf(t, len, "%s%s%s", summary, evidence ? "\n" : "",
			 evidence ? evidence : "");
	return t;
}

const struct dr_known_issue *dr_known_match(const struct dr_known_issues *ki,
					    const char *release, const char *fs,
					    const char *scenario, const char *oracle,
					    const char *text)
{
	for (size_t i = 0; ki && i < ki->nr; i++) {
		const struct dr_known_issue *e = &ki->issues[i];

		if (strcmp(e->oracle, oracle) || !fs_matches(e, fs) ||
		    !scenario_matches(e->scenario, scenario) || !evidence_matches(e, text))
			continue;
		if (*e->kernel_lo && dr_known_vercmp(release, e->kernel_lo) < 0)
			continue;
		if (*e->kernel_hi && dr_known_vercmp(release, e->kernel_hi) >= 0)
			continue;
		return e;
	}
	return NULL;
}
