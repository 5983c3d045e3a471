/* run.h: one run of the aggregator (`kabar run`) and the single-shot
 * parse used by `kabar parse`. */
#ifndef KB_RUN_H
#define KB_RUN_H

#include <stdint.h>
#include "config.h"
#include "item.h"
#include "record.h"

struct kb_store;

struct kb_run_opts {
	int force;		 /* ignore due times */
	const char *only_source; /* run just this source */
	int wait_lock;		 /* wait for another run instead of exiting 75 */
	int verbose;		 /* a line per source */
	int progress;		 /* a progress line on stderr (a terminal) */
	int isolation;		 /* -1: from config; else enum kb_isolation */
	int64_t now;		 /* the run's clock; 0: the system clock */
	int no_outputs;		 /* do not write the outputs at the end */
	/* Replay: answer every fetch from this recording (record.h). */
	struct kb_recording *replay;
	/* Record: save every response fetched into this recorder. */
	struct kb_recorder *recorder;
	/* Called with each item as it is stored (after its id is settled),
	 * in the order the plugin emitted them. */
	void (*on_item)(void *ud, const char *source, const struct kb_item *it, int is_new);
	void *on_item_ud;
	int no_analysis; /* store items without the MSME analysis (test-plugin) */
};

/* Exit statuses. */
#define KB_EXIT_OK	    0
#define KB_EXIT_NEW_FAILURE 1
#define KB_EXIT_CONFIG	    2
#define KB_EXIT_STORE	    3
#define KB_EXIT_OUTPUT	    4  /* an output could not be written */
#define KB_EXIT_LOCKED	    75 /* EX_TEMPFAIL */

/* Run every due source of cfg. Returns an exit status. */
int kb_run(const struct kb_config *cfg, const struct kb_run_opts *opts);

/* Load every plugin cfg names and check each source's keys against it.
 * Returns the number of problems (each logged). */
int kb_run_check_plugins(const struct kb_config *cfg);

/* Write the outputs of cfg (only the one named only, when not NULL) from
 * the store as of now. Returns the number of outputs that failed (each
 * logged); -1 when only names no output. */
int kb_run_outputs(const struct kb_config *cfg, struct kb_store *st, const char *only, int64_t now, int verbose);

/* Take the run lock of cfg. Returns an fd (keep it open for the run), or
 * -1 after printing why (*locked set when another run holds it). */
int kb_run_lock(const struct kb_config *cfg, int wait, int *locked);

#endif
