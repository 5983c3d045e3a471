/* output-impl.h: what output.c shares with the writers in other files
 * (output-html.c). Not a public interface: only the output module
 * includes it. */
#ifndef KB_OUTPUT_IMPL_H
#define KB_OUTPUT_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "config.h"
#include "item.h"

/* One item as it will be written. */
struct entry {
	struct kb_item it; /* owned copy */
	char *source;	   /* owned */
	char *id;	   /* owned; the written id (set by assign_ids) */
	int64_t raw;	   /* the store's sort date: published, else first_seen */
	int64_t date;	   /* the written published date (never KB_NO_TIME) */
	int date_offset;
	int64_t updated; /* the written updated date, or KB_NO_TIME */
	int updated_offset;
	int clamped; /* 1 when date replaced a future published date */
	/* The same story from other sources (cluster.h): their names and
	 * links, when this entry represents them. */
	char **also_src, **also_url;
	size_t n_also;
};

struct entries {
	struct entry *v;
	size_t n, cap;
	int64_t now;
	const struct kb_output *o; /* its content filters */
	/* Every row the store gave, kept or filtered out: how many, and the
	 * last one's written date, key and source (the store's order). */
	size_t read;
	int64_t last_raw;
	char *last_key, *last_source;
};

/* The output's title: its title key, else its name. */
const char *kb_output_title(const struct kb_output *o);

/* The zone of a region code (kb_region_timezone): its TZID, its offset
 * from UTC in minutes into *offset_min and WIB, WITA or WIT into *abbr.
 * A region kabar does not know (or NULL) is in WIB. */
const char *kb_output_zone(const char *region, int *offset_min, const char **abbr);

/* format = html: the upcoming events of l (event_end, else event_start,
 * on or after the day of now in the event's zone) as one static,
 * accessible page, by date and region (output-html.c). Sets *bad when b
 * overflows. */
void kb_output_html(struct kb_buf *b, const struct kb_config *cfg, const struct kb_output *o, const struct entries *l,
		    int64_t now, int *bad);

#endif
