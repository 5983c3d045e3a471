/* analyze.c: the MSME analysis of stored items (analyze.h). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyze.h"
#include "date.h"
#include "util.h"

#ifndef PKGDATADIR
#define PKGDATADIR "/usr/local/share/kabar"
#endif

static int
has_gazetteer(const char *dir)
{
	struct stat st;
	char *p;
	int ok;

	if (!dir || !*dir)
		return 0;
	p = kb_asprintf("%s/gazetteer/regencies.csv", dir);
	ok = stat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	return ok;
}

char *
kb_analyzer_data_dir(const struct kb_config *cfg)
{
	const char *env = getenv("KABAR_DATA_DIR");

	if (cfg && cfg->data_dir)
		return has_gazetteer(cfg->data_dir) ? kb_strdup(cfg->data_dir) : NULL;
	if (env && *env)
		return has_gazetteer(env) ? kb_strdup(env) : NULL;
	if (has_gazetteer(PKGDATADIR))
		return kb_strdup(PKGDATADIR);
#ifdef KABAR_SRC_DIR
	{
		char *dev = kb_asprintf("%s/../shared/data", KABAR_SRC_DIR);

		if (has_gazetteer(dev))
			return dev;
		free(dev);
	}
#endif
	return NULL;
}

struct kb_analyzer *
kb_analyzer_open(const struct kb_config *cfg, char **why)
{
	struct kb_analyzer *an = kb_calloc(1, sizeof(*an));
	char *gdir = NULL, *lpath = NULL, *err = NULL;

	*why = NULL;
	an->data_dir = kb_analyzer_data_dir(cfg);
	if (!an->data_dir) {
		*why = kb_asprintf("no gazetteer found (%s/gazetteer/regencies.csv): set data_dir in [kabar]",
				   cfg && cfg->data_dir ? cfg->data_dir : "data_dir");
		goto fail;
	}
	gdir = kb_asprintf("%s/gazetteer", an->data_dir);
	if (kb_gazetteer_load(gdir, &an->gaz, &err) != 0) {
		*why = err;
		err = NULL;
		goto fail;
	}
	lpath = cfg && cfg->lexicon ? kb_strdup(cfg->lexicon) : kb_asprintf("%s/lexicon-umkm.tsv", an->data_dir);
	if (kb_lexicon_load(lpath, &an->lex, &err) != 0) {
		*why = err;
		err = NULL;
		goto fail;
	}
	free(gdir);
	free(lpath);
	return an;
fail:
	free(gdir);
	free(lpath);
	free(err);
	kb_analyzer_free(an);
	return NULL;
}

void
kb_analyzer_free(struct kb_analyzer *an)
{
	if (!an)
		return;
	kb_lexicon_free(an->lex);
	kb_gazetteer_free(an->gaz);
	free(an->data_dir);
	free(an);
}

void
kb_analyze_item(const struct kb_analyzer *an, struct kb_item *it, const char *source_region, const char *tz,
		int64_t now, struct kb_relevance *rel_out, struct kb_region_result *reg_out, struct kb_event *ev_out)
{
	struct kb_relevance rel;
	struct kb_region_result reg;
	struct kb_event ev;
	const char *title = it->title ? it->title : "";
	const char *text = it->content_text && *it->content_text ? it->content_text : it->summary ? it->summary : "";
	int64_t when = it->published != KB_NO_TIME ? it->published : now;
	int found;

	memset(&rel, 0, sizeof(rel));
	memset(&reg, 0, sizeof(reg));
	memset(&ev, 0, sizeof(ev));
	free(it->region);
	free(it->region_name);
	free(it->region_province);
	free(it->event_name);
	free(it->event_venue);
	free(it->event_organizer);
	it->region = it->region_name = it->region_province = NULL;
	it->event_name = it->event_venue = it->event_organizer = NULL;
	it->event_start = it->event_end = -1;
	it->event_minute = -1;
	it->event_end_minute = -1;
	it->score = 0;
	it->topics = 0;
	if (kb_classify(an->lex, title, text, &rel) == 0) {
		it->score = rel.score;
		it->topics = rel.topics;
	}
	if (kb_region_resolve(an->gaz, title, text, source_region, &reg) == 0 && reg.region) {
		it->region = kb_strdup(reg.region->code);
		it->region_name = kb_strdup(reg.region->name);
		it->region_province = kb_strdup(reg.region->province);
		if (!tz && reg.region->tz)
			tz = reg.region->tz;
	}
	found = kb_event_extract(title, text, when, tz ? tz : "Asia/Jakarta", &ev);
	/* An event's fields belong to stories that report an MSME event. */
	if (found == 1 && (it->topics & KB_TOPIC_EVENT)) {
		it->event_name = kb_strdup(ev.name);
		it->event_start = ev.start;
		it->event_end = ev.end >= 0 ? ev.end : ev.start;
		it->event_minute = ev.start_minute;
		it->event_end_minute = ev.start_minute >= 0 ? ev.end_minute : -1;
		it->event_venue = kb_strdup(ev.venue);
		it->event_organizer = kb_strdup(ev.organizer);
	}
	it->analyzed = 1;
	if (rel_out)
		*rel_out = rel;
	else
		kb_relevance_free(&rel);
	if (reg_out)
		*reg_out = reg;
	else
		kb_region_result_free(&reg);
	if (ev_out)
		*ev_out = ev;
	else
		kb_event_free(&ev);
}
