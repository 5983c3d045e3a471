/* extract-dump.c: print what kb_extract finds in an HTML file, for
 * bench/extract-f1.sh and by hand (not a test).
 *
 *   tests/extract-dump [-u URL] [-z TIMEZONE] [-m] [-p] FILE...
 *
 * FILE may be gzip-compressed. The page is decoded with kb_html_decode
 * (no Content-Type) and extracted; content_text is printed, or with -m
 * the metadata first, with -p content_html instead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "buf.h"
#include "date.h"
#include "extract.h"
#include "host.h"
#include "util.h"

#define MAX_FILE ((size_t)64 * 1024 * 1024)

/* The bytes of path, gunzipped when gzip. New buffer; -1 on error. */
static int
read_file(const char *path, char **out, size_t *len)
{
	gzFile f = gzopen(path, "rb");
	struct kb_buf b;
	char chunk[65536];
	int n;

	if (!f) {
		fprintf(stderr, "extract-dump: cannot open %s\n", path);
		return -1;
	}
	kb_buf_init(&b, MAX_FILE);
	while ((n = gzread(f, chunk, sizeof(chunk))) > 0) {
		if (kb_buf_add(&b, chunk, (size_t)n) != 0) {
			fprintf(stderr, "extract-dump: cannot read %s: over %zu bytes\n", path, MAX_FILE);
			break;
		}
	}
	gzclose(f);
	*out = kb_buf_detach(&b, len);
	if (!*out) {
		*out = kb_strdup("");
		*len = 0;
	}
	return 0;
}

static void
print_meta(const struct kb_article *a)
{
	char buf[64];
	size_t i;

	printf("url: %s [%s]\n", a->url ? a->url : "", a->from.canonical ? a->from.canonical : "");
	printf("title: %s [%s]\n", a->title ? a->title : "", a->from.title ? a->from.title : "");
	if (a->published != KB_NO_TIME)
		printf("published: %s [%s]\n", kb_date_rfc3339(a->published, a->published_offset, buf, sizeof(buf)),
		       a->from.published ? a->from.published : "");
	if (a->modified != KB_NO_TIME)
		printf("modified: %s [%s]\n", kb_date_rfc3339(a->modified, a->modified_offset, buf, sizeof(buf)),
		       a->from.modified ? a->from.modified : "");
	for (i = 0; i < a->n_authors; i++)
		printf("author: %s [%s]\n", a->authors[i].name, a->from.authors ? a->from.authors : "");
	printf("summary: %s\n", a->summary ? a->summary : "");
	printf("image: %s\n", a->image ? a->image : "");
	printf("language: %s\n", a->language ? a->language : "");
	printf("site: %s\n", a->site_name ? a->site_name : "");
	printf("section: %s\n", a->section ? a->section : "");
	for (i = 0; i < a->n_tags; i++)
		printf("tag: %s\n", a->tags[i]);
	for (i = 0; i < a->n_next_pages; i++)
		printf("next: %s\n", a->next_pages[i]);
	if (a->event)
		printf("event: %s | %s | %s | %s\n", a->event->name ? a->event->name : "",
		       a->event->venue ? a->event->venue : "", a->event->address ? a->event->address : "",
		       a->event->organizer ? a->event->organizer : "");
	printf("content: [%s]\n\n", a->from.content ? a->from.content : "");
}

int
main(int argc, char **argv)
{
	const char *url = "http://example.com/", *tz = NULL;
	int opt, meta = 0, html = 0, rc = 0;

	while ((opt = getopt(argc, argv, "u:z:mp")) != -1) {
		switch (opt) {
		case 'u':
			url = optarg;
			break;
		case 'z':
			tz = optarg;
			break;
		case 'm':
			meta = 1;
			break;
		case 'p':
			html = 1;
			break;
		default:
			fprintf(stderr, "usage: extract-dump [-u URL] [-z TIMEZONE] [-m] [-p] FILE...\n");
			return 2;
		}
	}
	for (; optind < argc; optind++) {
		char *raw, *text;
		size_t len, tlen;
		struct kb_article a;

		if (read_file(argv[optind], &raw, &len) != 0) {
			rc = 1;
			continue;
		}
		text = kb_html_decode(raw, len, NULL, &tlen);
		free(raw);
		if (kb_extract(text, tlen, url, tz, &a) != 0)
			fprintf(stderr, "extract-dump: nothing found in %s\n", argv[optind]);
		if (meta)
			print_meta(&a);
		printf("%s\n", html ? a.content_html : a.content_text);
		kb_article_free(&a);
		free(text);
	}
	return rc;
}
