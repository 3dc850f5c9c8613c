/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_HTML_H
#define DR_HTML_H

#include <stddef.h>
#include <stdio.h>

#include <json-c/json.h>

#include "results/report.h"

/*
 * The parts of "daxrace report --html" (html_writer.c puts the page
 * together).  Everything is written into one self-contained page: inline
 * CSS and SVG, no script, no link but to anchors in the page itself.
 * Every text from a result goes through dr_html_text or dr_html_attr:
 * evidence is kernel log text and may hold markup.
 */

/* s as HTML text, or as the value of a double-quoted attribute. */
void dr_html_text(FILE *out, const char *s);
void dr_html_attr(FILE *out, const char *s);

/* The length of a, 0 when it is not an array (a null, a missing key):
 * result.json's optional parts may be either. */
size_t dr_html_len(struct json_object *a);

/* The anchor of result r's scenario i ("r0-s3"), and of result r ("r0"). */
void dr_html_anchor(char *buf, size_t len, size_t r, size_t i);

/* dr_json_outcome, but a known FAIL is known under --strict too. */
enum dr_outcome dr_html_outcome(struct json_object *root, struct json_object *sc);
/* How an outcome is shown: its CSS class ("v-known") and its word. */
const char *dr_html_class(enum dr_outcome o);
const char *dr_html_word(enum dr_outcome o);
/* The grid's row label of a result: kernel release, fs word, mode. */
void dr_html_row_label(char *buf, size_t len, struct json_object *root);

/* html_grid.c: the matrix, rows kernel x fs, a column per scenario id. */
void dr_html_grid(FILE *out, struct json_object *const *roots, size_t n);

/* html_svg.c: a latency histogram of result.json's form, titled. */
void dr_html_hist_svg(FILE *out, struct json_object *hist, const char *title);
/* A scenario's rounds over time, with its violations marked. */
void dr_html_pace_svg(FILE *out, struct json_object *sc);

#endif
