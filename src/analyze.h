/* analyze.h: the MSME analysis of stored items (msme.h): relevance and
 * topics, region, event, with the domain data the config names. */
#ifndef KB_ANALYZE_H
#define KB_ANALYZE_H

#include "config.h"
#include "item.h"
#include "msme.h"

struct kb_analyzer {
	struct kb_lexicon *lex;
	struct kb_gazetteer *gaz;
	char *data_dir; /* where the gazetteer was found */
};

/* The directory of the domain data: the config's data_dir, else
 * $KABAR_DATA_DIR, else the installed one, else ../shared/data beside the
 * source tree when kabar runs uninstalled; NULL when none holds a
 * gazetteer. New string. */
char *kb_analyzer_data_dir(const struct kb_config *cfg);

/* Load the gazetteer and the lexicon (the config's lexicon, else the data
 * directory's lexicon-umkm.tsv). NULL with *why (new string) when they
 * cannot be read: items are then stored without analysis. */
struct kb_analyzer *kb_analyzer_open(const struct kb_config *cfg, char **why);
void kb_analyzer_free(struct kb_analyzer *an);

/* Analyze it (its title and text, else summary) and set its score,
 * topics, region and event fields; source_region: the source's
 * configured region or NULL; tz: the zone of its dates; now: when the
 * item has no date. With rel, reg, ev not NULL the full results (with
 * their evidence) are left there for the caller (kabar explain), to free
 * with kb_relevance_free, kb_region_result_free and kb_event_free. */
void kb_analyze_item(const struct kb_analyzer *an, struct kb_item *it, const char *source_region, const char *tz,
		     int64_t now, struct kb_relevance *rel, struct kb_region_result *reg, struct kb_event *ev);

#endif
