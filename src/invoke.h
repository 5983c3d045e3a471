/* invoke.h: running a plugin callback in-process or in a forked process,
 * and decoding what it produced. */
#ifndef KB_INVOKE_H
#define KB_INVOKE_H

#include "host.h"
#include "item.h"
#include "plugin.h"

enum kb_isolation { KB_ISOLATION_INPROCESS = 0, KB_ISOLATION_FORK = 1 };

/* What one callback produced. The plugin's log lines are not printed as
 * they come: errors and warnings are kept here for the caller to report
 * with the source's status (so cron mail carries one line per failing
 * source), and every line is logged at info level (kabar run -v). */
struct kb_results {
	struct kb_item *items;
	size_t n_items;
	struct kb_request *follows;
	size_t n_follows;
	struct kb_feedinfo feed;
	int has_feed;
	int result;	 /* the callback's return value */
	enum kb_err err; /* KB_OK, KB_E_CRASH (crashed, hung, bad output) */
	char *err_msg;
	long n_warnings; /* data problems the plugin or host logged */
	char *first_warning;
	char *first_error; /* the first error the plugin logged */
};
void kb_results_free(struct kb_results *r);

struct kb_invoke_opts {
	enum kb_isolation isolation;
	int64_t timeout_ms;	 /* fork mode: kill a callback running longer; default 60000 */
	const char *source_name; /* for log lines */
	int64_t now;		 /* the run's clock for host->now; 0: the wall clock */
};

/* Run start() (resp NULL) or parse(resp) of plugin p for source src. */
int kb_invoke(const struct kb_plugin *p, const struct kb_source *src, const char *timezone,
	      const struct kabar_response *resp, const struct kb_invoke_opts *opts, struct kb_results *out);

#endif
