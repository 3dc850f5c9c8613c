// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdio.h>

#include "common/log.h"

int dr_log_level = DR_LOG_WARN;
const char *dr_log_prefix = "daxrace";

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
	char line[1024];
	int n = snprintf(line, sizeof(line), "%s: %s", dr_log_prefix, tag[level]);

	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s\n", line);
}
