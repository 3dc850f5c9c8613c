// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libinih with daxrace's framing (see ini.h).  inih reads lines through an
 * fgets-like reader and calls a handler per KEY = VALUE; the reader here
 * hands it one line at a time, so the handler knows the line number
 * without inih's compile-time INI_HANDLER_LINENO, and so every line is
 * checked before inih sees it.  inih has no callback for a section header
 * (INI_CALL_HANDLER_ON_NEW_SECTION is compile-time, off in Debian's
 * build), and it keeps only the first 49 bytes of a section name: the
 * reader reports headers itself, whole.
 */
#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/ini.h"
#include "common/log.h"

struct reader {
	const char *name, *p, *end;
	const struct dr_ini_syntax *syn;
	const struct dr_ini_ops *ops;
	void *user;
	unsigned int line;
	bool have_key;  /* a key since the last header: continuation is possible */
	bool cont;      /* the current line continues have_key's key */
	int ret;        /* first error: the reader then ends the input */
	char key[64];   /* the key a continuation goes on with */
};

int dr_ini_error(const char *name, unsigned int line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	dr_err("%s:%u: %s", name, line, msg);
	return -EINVAL;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool name_char(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '_' || c == '-';
}

/* [NAME] with blanks around NAME; s is the line after its indentation. */
static int header(struct reader *r, const char *s, size_t n)
{
	const char *close = memchr(s, ']', n), *a = s + 1, *b;
	char name[DR_INI_MAX_LINE + 1];

	if (!close)
		return dr_ini_error(r->name, r->line, "section header without ']'");
	for (b = close + 1; b < s + n; b++)
		if (!blank(*b) || r->syn->lf_only)
			return dr_ini_error(r->name, r->line,
					    "section header: must end with ']' (nothing after it%s)",
					    r->syn->lf_only ? ", not even spaces" : "");
	b = close;
	while (a < b && blank(*a))
		a++;
	while (b > a && blank(b[-1]))
		b--;
	memcpy(name, a, (size_t)(b - a));
	name[b - a] = '\0';
	for (const char *c = name; *c; c++)
		if (!name_char(*c))
			goto bad;
	if (!*name)
		goto bad;
	r->have_key = false;
	return r->ops->section(r->user, name, r->line);
bad:
	return dr_ini_error(r->name, r->line,
			    "section name '%s' must be letters, digits, '.', '_' or '-'",
			    name);
}

/* What inih will make of the line s[0..n), checked first. */
static int check_line(struct reader *r, const char *s, size_t n)
{
	const char *t = s, *e = s + n, *sep;

	for (const char *c = s; c < e; c++) {
		if (!*c)
			return dr_ini_error(r->name, r->line, "NUL byte: not a text file");
		if (*c == '\r')
			return dr_ini_error(r->name, r->line,
					    "carriage return in the line: save it with LF line ends");
		if ((unsigned char)*c < 0x20 && *c != '\t')
			return dr_ini_error(r->name, r->line,
					    "control character 0x%02x in the line",
					    (unsigned char)*c);
		if (*c == 0x7f)
			return dr_ini_error(r->name, r->line,
					    "control character 0x7f in the line");
	}
	while (t < e && blank(*t))
		t++;
	r->cont = false;
	if (t == e || strchr(r->syn->comments, *t))
		return 0;
	if (t > s && r->syn->continuation) {
		if (!r->have_key)
			return dr_ini_error(r->name, r->line,
					    "line starts with whitespace: it continues no key");
		r->cont = true;
		return 0;
	}
	if (*t == '[')
		return header(r, t, (size_t)(e - t));
	for (sep = t; sep < e && *sep != '=' && *sep != ':'; sep++)
		;
	if (sep < e && *sep == ':')
		return dr_ini_error(r->name, r->line,
				    "expected KEY = VALUE (':' does not separate them)");
	if (sep == e && !r->syn->bare_keys)
		return dr_ini_error(r->name, r->line,
				    "expected KEY = VALUE, a [section] or a comment");
	return 0;
}

/* inih's fgets: the next line, LF-terminated, in str[num]. */
static char *next_line(char *str, int num, void *stream)
{
	struct reader *r = stream;
	const char *s = r->p, *e = s;
	size_t n;

	if (r->ret || r->p >= r->end)
		return NULL;
	while (e < r->end && *e != '\n' && (*e != '\r' || r->syn->lf_only))
		e++;
	n = (size_t)(e - s);
	r->p = e;
	if (e < r->end && *e == '\r' && e + 1 < r->end && e[1] == '\n')
		r->p += 2; /* CRLF */
	else if (e < r->end)
		r->p++;    /* LF, or a lone CR */
	r->line++;
	if (num < 2 || n > (size_t)num - 2) {
		r->ret = dr_ini_error(r->name, r->line, "line longer than %d bytes",
				      num < 2 ? 0 : num - 2);
		return NULL;
	}
	r->ret = check_line(r, s, n);
	if (r->ret)
		return NULL;
	memcpy(str, s, n);
	str[n] = '\n';
	str[n + 1] = '\0';
	return str;
}

#if INI_HANDLER_LINENO
static int on_key(void *user, const char *section, const char *key,
		  const char *value, int lineno)
#else
static int on_key(void *user, const char *section, const char *key,
		  const char *value)
#endif
{
	struct reader *r = user;

	if (r->ret)
		return 0;
	if (r->cont) {
		r->ret = r->ops->key(r->user, r->key, value, true, r->line);
	} else {
		snprintf(r->key, sizeof(r->key), "%s", key);
		r->have_key = true;
		r->ret = r->ops->key(r->user, key, value, false, r->line);
	}
	return !r->ret;
}

int dr_ini_parse(const char *name, const char *buf, size_t len,
		 const struct dr_ini_syntax *syn, const struct dr_ini_ops *ops,
		 void *user, unsigned int *lines)
{
	/* Comment prefixes are a char * in inih's API; keep a copy. */
	static char comments[16];
	struct reader r = {
		.name = name, .p = buf, .end = buf + len, .syn = syn, .ops = ops,
		.user = user,
	};
	int err;

	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		r.p += 3;
	snprintf(comments, sizeof(comments), "%s", syn->comments);
	ini_start_comment_prefixes = comments;
	ini_allow_multiline = syn->continuation;
	ini_allow_no_value = syn->bare_keys;
	ini_allow_inline_comments = 0;
	ini_allow_bom = 0;           /* skipped above, so line 1 is framed alike */
	ini_use_stack = 1;
	ini_max_line = DR_INI_MAX_LINE + 2; /* the line, its LF and a NUL */
	ini_stop_on_first_error = 1;
	err = ini_parse_stream(next_line, &r, on_key, &r);
	if (lines)
		*lines = r.line;
	if (r.ret)
		return r.ret;
	if (err > 0)
		return dr_ini_error(name, (unsigned int)err, "not KEY = VALUE");
	if (err < 0)
		return dr_ini_error(name, r.line, "cannot parse (inih error %d)", err);
	return 0;
}
