/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_LOG_H
#define DR_LOG_H

/*
 * One tiny logging layer.  Everything a user reads on stderr goes through
 * here so that -q/-v mean the same for every subcommand, and so that an
 * error line always starts with "daxrace CMD: " (the harness greps for it).
 */
enum dr_log_level { DR_LOG_ERR = 0, DR_LOG_WARN, DR_LOG_INFO, DR_LOG_DEBUG };

extern int dr_log_level;
extern const char *dr_log_prefix; /* "daxrace" or "daxrace probe" */

void dr_log(enum dr_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define dr_err(...)   dr_log(DR_LOG_ERR, __VA_ARGS__)
#define dr_warn(...)  dr_log(DR_LOG_WARN, __VA_ARGS__)
#define dr_info(...)  dr_log(DR_LOG_INFO, __VA_ARGS__)
#define dr_debug(...) dr_log(DR_LOG_DEBUG, __VA_ARGS__)

#endif
