/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_UTIL_H
#define DR_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define DR_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define DR_PAGE_SIZE 4096u

static inline uint64_t dr_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Reads a whole small file (procfs, sysfs) into buf, NUL-terminated,
 * trailing newline removed.  Returns length or -errno. */
int dr_read_file(const char *path, char *buf, size_t len);

/* Copies at most len-1 bytes and always terminates. */
void dr_strlcpy(char *dst, const char *src, size_t len);

/* "s" unless n is one: "%d scenario%s", n, dr_plural(n). */
static inline const char *dr_plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

#endif
