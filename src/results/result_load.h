/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_RESULT_LOAD_H
#define DR_RESULT_LOAD_H

#include <json-c/json.h>

#include "results/find_results.h"

/*
 * What "daxrace report" reads from the command line, shared by rendering
 * and --compare.  Both print a one-line error naming the file or
 * directory and return a dr_exit code: DR_EXIT_USAGE for input that is
 * missing or wrong (no such file, no result.json, not JSON, an unknown
 * schema_version), DR_EXIT_ENV for what could not be read (permissions,
 * memory).
 */

/* Reads, parses and validates one result.json into *root. */
int dr_result_load(const char *path, struct json_object **root);

/*
 * The result.json files ARG names: ARG itself when it is not a directory,
 * ARG/result.json when there is one (whatever it is: a FIFO there is
 * refused by name when read, not walked past), else every one below ARG
 * (dr_find_results; *walked is then 1, else 0).  found->n is at least 1
 * on success.
 */
int dr_result_collect(const char *arg, struct dr_found *found, int *walked);

#endif
