// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdio.h>

#include "common/log.h"

int dr_log_level = DR_LOG_WARN;
const char *dr_log_prefix = "daxrace";

/*
 * Messages quote what the user gave (option values, workload lines, file
 * names): a control byte from there must not reach the terminal raw (an
 * ESC sequence could rewrite the screen, a newline fake a second line), so
 * every byte below 0x20 and DEL is written as \xNN.
 */
static void escape(const char *in, char *out, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (; *in && o + 5 < len; in++) {
		unsigned char c = (unsigned char)*in;

		if (c < 0x20 || c == 0x7f) {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
}

void dr_log(enum dr_log_level level, const char *fmt, ...)
{
	static const char *const tag[] = {
		[DR_LOG_ERR] = "", [DR_LOG_WARN] = "warning: ",
		[DR_LOG_INFO] = "", [DR_LOG_DEBUG] = "debug: ",
	};
	va_list ap;

	if ((int)level > dr_log_level)
		return;
	/* One write per line keeps lines from concurrent threads whole. */
	char line[1024], safe[4 * sizeof(line)];
	int n = snprintf(line, sizeof(line), "%s: %s", dr_log_prefix, tag[level]);

	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	escape(line, safe, sizeof(safe));
	fprintf(stderr, "%s\n", safe);
}
