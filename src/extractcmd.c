/* extractcmd.c: `kabar extract [--url URL] FILE|URL`: the article of a
 * page as one JSON Feed 1.1 item, with what else was found in "_kabar". */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "cli.h"
#include "date.h"
#include "extract.h"
#include "host.h"
#include "http.h"
#include "run.h"
#include "url.h"
#include "util.h"

#define MAX_PAGE ((uint64_t)32 * 1024 * 1024)

static const char usage_extract[] =
	"usage: kabar extract [--url URL] [--timezone TZ] [--pages N] [--allow-private] FILE|URL\n"
	"\n"
	"Extract the article of an HTML page (a file, or an http(s) URL fetched once)\n"
	"and print it on standard output as one JSON Feed 1.1 item: id, url, title,\n"
	"content_html, content_text, summary, date_published, date_modified, authors,\n"
	"image, language, tags, and an \"_kabar\" object with the canonical URL, site\n"
	"name, section, the pages the article continues on, a JSON-LD event, and\n"
	"where each field came from.\n"
	"\n"
	"      --url URL        the page's address (the base for its links) when\n"
	"                       reading a file; default: the file's file: URL\n"
	"      --timezone TZ    zone for dates written without one (default UTC)\n"
	"      --pages N        fetch and join up to N continuation pages (URL only;\n"
	"                       default 0)\n"
	"      --allow-private  allow private and loopback addresses\n"
	"\n"
	"exit status: 0 printed, 1 no article found, 2 usage error or the page could\n"
	"not be read.\n";

static int
put(struct json_object *o, const char *key, const char *s)
{
	char *clean;

	if (!s || !*s)
		return 0;
	clean = kb_utf8_clean(s, strlen(s));
	json_object_object_add(o, key, json_object_new_string(clean));
	free(clean);
	return 0;
}

static void
put_date(struct json_object *o, const char *key, int64_t t, int off)
{
	char buf[64];

	if (t != KB_NO_TIME)
		put(o, key, kb_date_rfc3339(t, off, buf, sizeof(buf)));
}

/* An event's date: the calendar date alone when the page gave no time. */
static void
put_event_date(struct json_object *o, const char *key, int64_t t, int off, int all_day)
{
	char buf[64];

	if (t == KB_NO_TIME)
		return;
	kb_date_rfc3339(t, off, buf, sizeof(buf));
	if (all_day)
		buf[10] = '\0';
	put(o, key, buf);
}

static struct json_object *
article_json(const struct kb_article *a, const char *page_url)
{
	struct json_object *o = json_object_new_object(), *arr, *k, *from, *ev;
	size_t i;

	put(o, "id", a->url ? a->url : page_url);
	put(o, "url", a->url ? a->url : page_url);
	put(o, "title", a->title);
	put(o, "content_html", a->content_html);
	/* JSON Feed needs content_html or content_text. */
	json_object_object_add(o, "content_text", json_object_new_string(a->content_text ? a->content_text : ""));
	put(o, "summary", a->summary);
	put_date(o, "date_published", a->published, a->published_offset);
	put_date(o, "date_modified", a->modified, a->modified_offset);
	if (a->n_authors > 0) {
		arr = json_object_new_array();
		for (i = 0; i < a->n_authors; i++) {
			struct json_object *au = json_object_new_object();

			put(au, "name", a->authors[i].name);
			put(au, "url", a->authors[i].url);
			json_object_array_add(arr, au);
		}
		json_object_object_add(o, "authors", arr);
	}
	put(o, "image", a->image);
	put(o, "language", a->language);
	if (a->n_tags > 0) {
		arr = json_object_new_array();
		for (i = 0; i < a->n_tags; i++)
			json_object_array_add(arr, json_object_new_string(a->tags[i]));
		json_object_object_add(o, "tags", arr);
	}
	k = json_object_new_object();
	put(k, "page_url", page_url);
	put(k, "canonical_url", a->url);
	put(k, "site_name", a->site_name);
	put(k, "section", a->section);
	if (a->n_next_pages > 0) {
		arr = json_object_new_array();
		for (i = 0; i < a->n_next_pages; i++)
			json_object_array_add(arr, json_object_new_string(a->next_pages[i]));
		json_object_object_add(k, "next_pages", arr);
	}
	if (a->event) {
		ev = json_object_new_object();
		put(ev, "name", a->event->name);
		put_event_date(ev, "start", a->event->start, a->event->start_offset, a->event->start_all_day);
		put_event_date(ev, "end", a->event->end, a->event->end_offset, a->event->end_all_day);
		put(ev, "venue", a->event->venue);
		put(ev, "address", a->event->address);
		put(ev, "organizer", a->event->organizer);
		put(ev, "url", a->event->url);
		json_object_object_add(k, "event", ev);
	}
	from = json_object_new_object();
	put(from, "title", a->from.title);
	put(from, "date_published", a->from.published);
	put(from, "date_modified", a->from.modified);
	put(from, "authors", a->from.authors);
	put(from, "summary", a->from.summary);
	put(from, "image", a->from.image);
	put(from, "canonical_url", a->from.canonical);
	put(from, "content", a->from.content);
	json_object_object_add(k, "from", from);
	json_object_object_add(o, "_kabar", k);
	return o;
}

static void
done_cb(void *ud, struct kb_fetch *f)
{
	(void)ud;
	(void)f;
}

/* Fetch one page. 0, or -1 after printing why. */
static int
fetch_page(struct kb_http *h, struct kb_fetch *f, const char *url, int allow_private)
{
	memset(f, 0, sizeof(*f));
	f->url = kb_strdup(url);
	f->allow_private = allow_private;
	kb_http_add(h, f);
	kb_http_run(h, done_cb, NULL);
	if (f->result != KB_OK) {
		fprintf(stderr, "kabar: extract: cannot fetch %s: %s\n", url,
			f->error ? f->error : kb_strerror(f->result));
		return -1;
	}
	return 0;
}

int
kb_cmd_extract(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "timezone", required_argument, NULL, 'z' },
		{ "pages", required_argument, NULL, 'p' },
		{ "allow-private", no_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	struct kb_http_opts ho;
	struct kb_http *h = NULL;
	struct kb_fetch f;
	struct kb_article a;
	struct json_object *o;
	const char *url = NULL, *tz = "UTC", *arg, *ct = NULL;
	char *body = NULL, *html = NULL, *page_url = NULL, *scheme = NULL;
	size_t len = 0, hlen, i;
	long long pages = 0;
	int c, allow_private = 0, rc = KB_EXIT_CONFIG, is_url;

	if (kb_cli_want_help(argc, argv, usage_extract))
		return 0;
	memset(&f, 0, sizeof(f));
	memset(&a, 0, sizeof(a));
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'u':
			url = optarg;
			break;
		case 'z':
			tz = optarg;
			break;
		case 'p':
			if (kb_parse_int(optarg, 0, 20, &pages) != 0) {
				fprintf(stderr, "kabar: extract: bad --pages '%s' (0 to 20)\n", optarg);
				return KB_EXIT_CONFIG;
			}
			break;
		case 'P':
			allow_private = 1;
			break;
		default:
			fputs(usage_extract, stderr);
			return KB_EXIT_CONFIG;
		}
	}
	if (argc - optind != 1) {
		fputs(usage_extract, stderr);
		return KB_EXIT_CONFIG;
	}
	arg = argv[optind];
	if (!kb_tz_valid(tz)) {
		fprintf(stderr, "kabar: extract: unknown timezone '%s'\n", tz);
		return KB_EXIT_CONFIG;
	}
	scheme = kb_url_scheme(arg);
	is_url = scheme && (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0);
	memset(&ho, 0, sizeof(ho));
	ho.max_body = MAX_PAGE;
	if (is_url) {
		h = kb_http_new(&ho);
		if (!h || fetch_page(h, &f, arg, allow_private) != 0)
			goto out;
		body = kb_buf_detach(&f.body, &len);
		page_url = kb_strdup(url ? url : f.final_url ? f.final_url : arg);
		ct = kb_fetch_header(&f, "Content-Type");
	} else {
		body = kb_read_file(arg, (size_t)MAX_PAGE, &len);
		if (!body) {
			fprintf(stderr, "kabar: extract: cannot read %s: %s\n", arg,
				errno == EFBIG ? "over 32 MiB" : strerror(errno));
			goto out;
		}
		if (url) {
			page_url = kb_strdup(url);
		} else {
			char *abs = realpath(arg, NULL);

			page_url = kb_asprintf("file://%s", abs ? abs : arg);
			free(abs);
		}
	}
	html = kb_html_decode(body ? body : "", len, ct, &hlen);
	if (kb_extract(html, hlen, page_url, tz, &a) != 0) {
		fprintf(stderr, "kabar: extract: no article found in %s\n", arg);
		rc = 1;
		goto out;
	}
	/* Continuation pages, fetched one by one. */
	for (i = 0; is_url && h && (long long)i < pages && i < a.n_next_pages; i++) {
		struct kb_fetch nf;
		char *nh;
		size_t nlen;

		if (fetch_page(h, &nf, a.next_pages[i], allow_private) == 0) {
			nh = kb_html_decode(nf.body.data ? nf.body.data : "", nf.body.len,
					    kb_fetch_header(&nf, "Content-Type"), &nlen);
			kb_extract_append_page(&a, nh, nlen, nf.final_url ? nf.final_url : a.next_pages[i]);
			free(nh);
		}
		kb_fetch_free(&nf);
	}
	o = article_json(&a, page_url);
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	rc = 0;
out:
	kb_article_free(&a);
	kb_fetch_free(&f);
	if (h)
		kb_http_free(h);
	free(body);
	free(html);
	free(page_url);
	free(scheme);
	return rc;
}
