/* cli.h: what the command implementations (main.c, replay.c) share. */
#ifndef KB_CLI_H
#define KB_CLI_H

#include <stdint.h>

#include "config.h"

/* -c FILE, else $KABAR_CONFIG, else ./kabar.conf, else the system one. */
const char *kb_cli_default_config(void);

/* Load a config, printing every problem; NULL on failure. */
struct kb_config *kb_cli_load_config(const char *path);

/* Print usage on stdout and return 1 when argv asks for help. */
int kb_cli_want_help(int argc, char **argv, const char *usage);

/* --isolation inprocess|fork into enum kb_isolation; 0 or -1. */
int kb_cli_parse_isolation(const char *s, int *out);

/* --now: RFC 3339 or seconds since the epoch; 0 or -1 (printed). */
int kb_cli_parse_now(const char *s, int64_t *out);

/* The record and test-plugin commands (replay.c). */
int kb_cmd_record(int argc, char **argv);
int kb_cmd_test_plugin(int argc, char **argv);

/* The discover command (discover.c). */
int kb_cmd_discover(int argc, char **argv);

/* The extract command (extractcmd.c). */
int kb_cmd_extract(int argc, char **argv);

/* The explain command (explain.c). */
int kb_cmd_explain(int argc, char **argv);

#endif
