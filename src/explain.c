/* explain.c: `kabar explain ID|FILE`: why an item scored as it did, the
 * evidence for its region and event. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json.h>

#include "analyze.h"
#include "cli.h"
#include "date.h"
#include "extract.h"
#include "host.h"
#include "jsonfeed.h"
#include "output.h"
#include "run.h"
#include "store.h"
#include "util.h"

#define MAX_FILE ((size_t)32 * 1024 * 1024)

static const char usage_explain[] =
	"usage: kabar explain [-c CONFIG] [--json] [--region CODE] [--published TIME] ID|FILE\n"
	"\n"
	"Explain the MSME analysis of an item: the matched terms with their weights,\n"
	"its topics and score, the evidence for its region and for its event, and\n"
	"the story it belongs to (the other sources of the same text). ID is\n"
	"an item in the store (its id or key); FILE an HTML page (its article is\n"
	"extracted) or plain text whose first line is the title.\n"
	"\n"
	"  -c, --config FILE  the config (its store and data_dir)\n"
	"      --json         print the item as one JSON Feed item with its _kabar\n"
	"                     object (score, topics, region, event, evidence)\n"
	"      --region CODE  the publishing source's region (FILE only)\n"
	"      --published TIME  the publication date (FILE only; default: the\n"
	"                     page's, else now)\n"
	"\n"
	"exit status: 0, 1 no such item, 2 usage error or no domain data.\n";

struct find {
	const char *id;
	struct kb_item it;
	char *source;
	int found;
};

static int
find_cb(void *ud, const char *source, const struct kb_item *it)
{
	struct find *f = ud;

	if (f->found)
		return 1;
	if ((it->key && strcmp(it->key, f->id) == 0) || (it->id && strcmp(it->id, f->id) == 0) ||
	    (it->url && strcmp(it->url, f->id) == 0)) {
		kb_item_copy(&f->it, it);
		f->source = kb_strdup(source);
		f->found = 1;
		return 1;
	}
	return 0;
}

static int
looks_html(const char *s, const char *path)
{
	size_t n = strlen(path);

	while (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')
		s++;
	return *s == '<' || (n > 5 && strcmp(path + n - 5, ".html") == 0) ||
	       (n > 4 && strcmp(path + n - 4, ".htm") == 0);
}

/* An item from a file: an HTML page's article, or text whose first line
 * is the title. 0 or -1 (printed). */
static int
item_from_file(const char *path, struct kb_item *it)
{
	size_t len, tlen;
	char *raw = kb_read_file(path, MAX_FILE, &len), *nl, *clean;

	memset(it, 0, sizeof(*it));
	it->published = it->updated = KB_NO_TIME;
	if (!raw) {
		fprintf(stderr, "kabar: explain: cannot read %s: %s\n", path,
			errno == EFBIG ? "over 32 MiB" : strerror(errno));
		return -1;
	}
	if (looks_html(raw, path)) {
		struct kb_article a;
		char *html = kb_html_decode(raw, len, NULL, &tlen);
		char *url = kb_asprintf("file://%s", path);

		if (kb_extract(html, tlen, url, "Asia/Jakarta", &a) == 0) {
			it->title = a.title;
			it->content_text = a.content_text;
			it->url = a.url;
			it->published = a.published;
			it->published_offset = a.published_offset;
			a.title = a.content_text = a.url = NULL;
		}
		kb_article_free(&a);
		free(html);
		free(url);
	} else {
		clean = kb_utf8_clean(raw, len);
		nl = strchr(clean, '\n');
		if (nl) {
			it->title = kb_strndup(clean, (size_t)(nl - clean));
			it->content_text = kb_strdup(nl + 1);
		} else {
			it->title = kb_strdup(clean);
		}
		free(clean);
		if (it->title)
			kb_trim(it->title);
	}
	free(raw);
	return 0;
}

static struct json_object *
evidence_json(const struct kb_evidence *ev, size_t n)
{
	struct json_object *arr = json_object_new_array();
	size_t i;

	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_new_object();
		char w[32];

		json_object_object_add(o, "what", json_object_new_string(ev[i].what ? ev[i].what : ""));
		json_object_object_add(o, "text", json_object_new_string(ev[i].text ? ev[i].text : ""));
		snprintf(w, sizeof(w), "%.2f", ev[i].weight);
		json_object_object_add(o, "weight", json_object_new_double_s(strtod(w, NULL), w));
		if (ev[i].in_title)
			json_object_object_add(o, "in_title", json_object_new_boolean(1));
		json_object_array_add(arr, o);
	}
	return arr;
}

static void
print_evidence(const char *indent, const struct kb_evidence *ev, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%s%-10s %+6.2f  %s%s\n", indent, ev[i].what ? ev[i].what : "", ev[i].weight,
		       ev[i].text ? ev[i].text : "", ev[i].in_title ? "  (title)" : "");
}

/* The members of an item's cluster, printed or as JSON. */
struct members {
	struct json_object *arr;  /* NULL: print */
	const char *source, *key; /* the item explained (marked), or NULL */
	size_t n;
};

static int
member_cb(void *ud, const char *source, const struct kb_item *it)
{
	struct members *m = ud;
	int self = m->source && m->key && it->key && strcmp(source, m->source) == 0 && strcmp(it->key, m->key) == 0;
	char seen[64];

	m->n++;
	kb_date_rfc3339(it->first_seen, 0, seen, sizeof(seen));
	if (m->arr) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "source", json_object_new_string(source));
		if (it->url)
			json_object_object_add(o, "url", json_object_new_string(it->url));
		if (it->title)
			json_object_object_add(o, "title", json_object_new_string(it->title));
		json_object_object_add(o, "first_seen", json_object_new_string(seen));
		if (self)
			json_object_object_add(o, "self", json_object_new_boolean(1));
		json_object_array_add(m->arr, o);
	} else {
		printf("  %s %s  %s  %s\n", self ? "*" : "-", seen, source, it->url ? it->url : it->key ? it->key : "");
	}
	return 0;
}

/* The item's story in the store: its cluster (a stored item's, or the
 * one a file's text would join) with its members, printed or added to
 * k as "cluster". */
static void
explain_cluster(struct kb_store *st, const struct kb_item *it, const char *source, struct json_object *k)
{
	struct members m;
	int64_t cluster = it->cluster;
	double sim = -1;
	char *id;

	memset(&m, 0, sizeof(m));
	if (!st) {
		if (!k)
			printf("cluster: unknown (no store)\n");
		return;
	}
	if (!source &&
	    kb_store_cluster_find(st, kb_item_story_text(it->content_text, it->summary), &cluster, &sim) != 0)
		return;
	if (cluster <= 0) {
		if (!k)
			printf("cluster: none (%s)\n",
			       source ? "its text is too short to compare, or it was stored before stories and the "
					"next run puts it in one"
				      : "no stored story is the same");
		return;
	}
	id = kb_output_cluster_id(st, cluster);
	m.source = source;
	m.key = it->key;
	if (k) {
		struct json_object *c = json_object_new_object();

		json_object_object_add(k, "cluster", c);
		json_object_object_add(c, "number", json_object_new_int64(cluster));
		if (id)
			json_object_object_add(c, "id", json_object_new_string(id));
		if (sim >= 0) {
			char w[32];

			snprintf(w, sizeof(w), "%.2f", sim);
			json_object_object_add(c, "similarity", json_object_new_double_s(sim, w));
		}
		m.arr = json_object_new_array();
		json_object_object_add(c, "members", m.arr);
		kb_store_cluster_members(st, cluster, member_cb, &m);
	} else {
		if (sim >= 0)
			printf("cluster: %lld, which this text would join (similarity %.2f); id %s\n",
			       (long long)cluster, sim, id ? id : "-");
		else
			printf("cluster: %lld; id %s\n", (long long)cluster, id ? id : "-");
		kb_store_cluster_members(st, cluster, member_cb, &m);
	}
	free(id);
}

static const char *
day(int64_t d, char *buf, size_t size)
{
	kb_date_rfc3339(d * 86400, 0, buf, size);
	buf[10] = '\0';
	return buf;
}

int
kb_cmd_explain(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "region", required_argument, NULL, 'r' },
		{ "published", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct kb_config *cfg = NULL;
	struct kb_analyzer *an = NULL;
	struct kb_store *st = NULL;
	struct find f;
	struct kb_item it;
	struct kb_relevance rel;
	struct kb_region_result reg;
	struct kb_event ev;
	const char *path = NULL, *region = NULL, *arg;
	char *why = NULL, buf[64], buf2[64];
	int64_t published = 0;
	int c, json = 0, rc = KB_EXIT_CONFIG, off, have_item = 0;
	size_t i;

	if (kb_cli_want_help(argc, argv, usage_explain))
		return 0;
	memset(&f, 0, sizeof(f));
	memset(&it, 0, sizeof(it));
	while ((c = getopt_long(argc, argv, "c:", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			path = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'r':
			region = optarg;
			break;
		case 'p':
			if (kb_date_parse(optarg, "Asia/Jakarta", &published, &off) != 0) {
				fprintf(stderr, "kabar: explain: bad --published '%s'\n", optarg);
				return KB_EXIT_CONFIG;
			}
			break;
		default:
			fputs(usage_explain, stderr);
			return KB_EXIT_CONFIG;
		}
	}
	if (argc - optind != 1) {
		fputs(usage_explain, stderr);
		return KB_EXIT_CONFIG;
	}
	arg = argv[optind];
	/* A config is optional for a file: the data is found without one. */
	if (path || access(arg, F_OK) != 0) {
		cfg = kb_cli_load_config(path ? path : kb_cli_default_config());
		if (!cfg)
			return KB_EXIT_CONFIG;
	}
	an = kb_analyzer_open(cfg, &why);
	if (!an) {
		fprintf(stderr, "kabar: explain: %s\n", why);
		goto out;
	}
	if (access(arg, F_OK) == 0) {
		if (item_from_file(arg, &it) != 0)
			goto out;
		if (published)
			it.published = published;
		have_item = 1;
		/* With a store, the story the text would join. */
		if (cfg && access(cfg->database, F_OK) == 0 && kb_store_open(cfg->database, &st) != 0)
			st = NULL;
	} else {
		f.id = arg;
		if (kb_store_open(cfg->database, &st) != 0) {
			rc = KB_EXIT_STORE;
			goto out;
		}
		if (kb_store_items_foreach(st, NULL, 0, 0, 0, find_cb, &f) != 0) {
			rc = KB_EXIT_STORE;
			goto out;
		}
		if (!f.found) {
			fprintf(stderr, "kabar: explain: no item %s in %s\n", arg, cfg->database);
			rc = 1;
			goto out;
		}
		it = f.it;
		memset(&f.it, 0, sizeof(f.it));
		have_item = 1;
		{
			const struct kb_source *src = kb_config_source(cfg, f.source);

			region = src ? src->region : NULL;
		}
	}
	kb_analyze_item(an, &it, region, NULL, kb_now(), &rel, &reg, &ev);
	if (json) {
		struct kb_buf out;
		struct json_object *doc, *item, *k, *evid;
		struct json_object *items = NULL;

		kb_buf_init(&out, SIZE_MAX / 2);
		if (!it.key)
			it.key = kb_strdup(it.url ? it.url : arg);
		kb_jsonfeed_write(&out, NULL, NULL, &it, 1, NULL);
		doc = json_tokener_parse(out.data ? out.data : "{}");
		kb_buf_free(&out);
		if (doc && json_object_object_get_ex(doc, "items", &items) && json_object_array_length(items) == 1) {
			item = json_object_array_get_idx(items, 0);
			if (!json_object_object_get_ex(item, "_kabar", &k)) {
				k = json_object_new_object();
				json_object_object_add(item, "_kabar", k);
			}
			evid = json_object_new_object();
			json_object_object_add(evid, "terms", evidence_json(rel.ev, rel.n_ev));
			json_object_object_add(evid, "region", evidence_json(reg.ev, reg.n_ev));
			json_object_object_add(evid, "event", evidence_json(ev.ev, ev.n_ev));
			if (reg.ambiguous)
				json_object_object_add(k, "region_ambiguous", json_object_new_boolean(1));
			json_object_object_add(k, "evidence", evid);
			explain_cluster(st, &it, f.found ? f.source : NULL, k);
			puts(json_object_to_json_string_ext(item,
							    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		}
		json_object_put(doc);
	} else {
		printf("title: %s\n", it.title ? it.title : "");
		printf("score: %.3f\ntopics:", it.score);
		for (i = 0; i < 6; i++)
			if (it.topics & (1u << i))
				printf(" %s", kb_topic_name(1u << i));
		printf("%s\nmsme event: %s\n", it.topics ? "" : " none", (it.topics & KB_TOPIC_EVENT) ? "yes" : "no");
		printf("terms:\n");
		print_evidence("  ", rel.ev, rel.n_ev);
		if (it.region)
			printf("region: %s %s (%s)\n", it.region, it.region_name ? it.region_name : "",
			       it.region_province ? it.region_province : "");
		else
			printf("region: none%s\n", reg.ambiguous ? " (ambiguous)" : "");
		print_evidence("  ", reg.ev, reg.n_ev);
		if (it.event_start >= 0) {
			printf("event: %s\n  dates: %s to %s\n", it.event_name ? it.event_name : "(no name)",
			       day(it.event_start, buf, sizeof(buf)),
			       day(it.event_end >= 0 ? it.event_end : it.event_start, buf2, sizeof(buf2)));
			if (it.event_minute >= 0)
				printf("  time: %02d:%02d", it.event_minute / 60, it.event_minute % 60);
			if (kb_item_event_end(&it) >= 0)
				printf(" to %02d:%02d", kb_item_event_end(&it) / 60, kb_item_event_end(&it) % 60);
			if (it.event_minute >= 0)
				printf("\n");
			printf("  venue: %s\n  organizer: %s\n", it.event_venue ? it.event_venue : "-",
			       it.event_organizer ? it.event_organizer : "-");
		} else {
			printf("event: none\n");
		}
		print_evidence("  ", ev.ev, ev.n_ev);
		explain_cluster(st, &it, f.found ? f.source : NULL, NULL);
	}
	kb_relevance_free(&rel);
	kb_region_result_free(&reg);
	kb_event_free(&ev);
	rc = 0;
out:
	if (have_item)
		kb_item_free(&it);
	kb_item_free(&f.it);
	free(f.source);
	free(why);
	kb_analyzer_free(an);
	if (st)
		kb_store_close(st);
	kb_config_free(cfg);
	return rc;
}
