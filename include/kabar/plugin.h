/* kabar/plugin.h: the kabar source plugin ABI.
 *
 * This is the only header kabar installs. A plugin is a shared object that
 * exports one symbol, KABAR_PLUGIN_ENTRY_NAME, a function returning a
 * pointer to a static const struct kabar_plugin. The plugin links against
 * nothing of kabar: everything it may do goes through the struct kabar_host
 * table handed to each callback.
 *
 * Versioning:
 *   KABAR_ABI_MAJOR changes when a change breaks existing plugins; the host
 *   loads a plugin only when the numbers are equal.
 *   KABAR_API_LEVEL grows when functions are appended to struct kabar_host;
 *   a plugin declares the lowest level it needs in api_level, and the host
 *   refuses a plugin that needs a newer level than the host has.
 *
 * Every struct that crosses the boundary starts with its own size
 * (struct_size). New fields are only ever added at the end. The host reads
 * at most the size the plugin declared and treats the missing tail as zero,
 * so an old plugin keeps working with a newer host.
 *
 * Memory: every pointer the host returns to a plugin is owned by the host
 * and stays valid until the callback returns, unless said otherwise. A
 * plugin never frees host memory. Pointers a plugin hands to the host
 * (items, requests) are copied before the host function returns.
 *
 * State: a plugin keeps no state between callbacks. What a follow-up
 * request needs travels with it (tag and metadata). kabar may run each
 * callback in a different process.
 *
 * This header is C99 and C++ compatible and uses no library types.
 */
#ifndef KABAR_PLUGIN_H
#define KABAR_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KABAR_ABI_MAJOR 1
#define KABAR_API_LEVEL 2

/* The name of the entry symbol, as a string, for dlsym. */
#define KABAR_PLUGIN_ENTRY_NAME "kabar_plugin_entry"

#if defined(__GNUC__)
#define KABAR_EXPORT	   __attribute__((visibility("default")))
#define KABAR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define KABAR_EXPORT
#define KABAR_PRINTF(f, a)
#endif

/* "No time": the value of a time field that is not known. */
#define KABAR_NO_TIME INT64_MIN

/* Opaque handles. */
struct kabar_ctx;      /* one callback invocation */
struct kabar_response; /* a fetched response handed to parse() */
struct kabar_doc;      /* a parsed XML, HTML or JSON document */
struct kabar_node;     /* an element, attribute or text node of an XML/HTML document */
struct kabar_nodeset;  /* the result of an XPath query */
struct kabar_json;     /* a value in a JSON document */

/* Log levels for host->log. */
enum kabar_log_level {
	KABAR_LOG_ERROR = 0,
	KABAR_LOG_WARNING = 1, /* a problem with the source's data, noted in its status */
	KABAR_LOG_INFO = 2,
	KABAR_LOG_DEBUG = 3
};

/* Types of config keys a plugin declares. The host validates every value
 * before any fetch. */
enum kabar_option_type {
	KABAR_OPT_STRING = 1,
	KABAR_OPT_INT = 2,	/* decimal integer, may be negative */
	KABAR_OPT_BOOL = 3,	/* yes/no, true/false, on/off, 1/0 */
	KABAR_OPT_URL = 4,	/* absolute http(s) URL */
	KABAR_OPT_DURATION = 5, /* 90, 90s, 30m, 2h, 1d; host->config returns it as given */
	KABAR_OPT_XPATH = 6	/* an XPath expression, compiled by the host to check it */
};

struct kabar_option {
	size_t struct_size; /* sizeof(struct kabar_option); 0 ends the table */
	const char *name;
	enum kabar_option_type type;
	int required;		   /* nonzero: the source must set it */
	const char *default_value; /* NULL: none */
	const char *help;	   /* one line */
};

/* Initializer for one option table entry. */
#define KABAR_OPTION(name_, type_, required_, default_, help_)                                  \
	{                                                                                       \
		sizeof(struct kabar_option), (name_), (type_), (required_), (default_), (help_) \
	}
#define KABAR_OPTION_END                                          \
	{                                                         \
		0, NULL, (enum kabar_option_type)0, 0, NULL, NULL \
	}

struct kabar_author {
	size_t struct_size;
	const char *name;
	const char *email;
	const char *url;
};

struct kabar_enclosure {
	size_t struct_size;
	const char *url;
	const char *type; /* MIME type or NULL */
	int64_t length;	  /* bytes, or -1 when unknown */
	const char *title;
};

/* A normalized item as a plugin emits it. Only url or id plus a title or
 * some content is required; the core fills what it can. Strings are UTF-8;
 * the host repairs invalid sequences. */
struct kabar_item {
	size_t struct_size;  /* sizeof(struct kabar_item) */
	const char *id;	     /* the source's id (RSS guid, Atom id) or NULL */
	const char *url;     /* the item's link, absolute */
	const char *title;   /* plain text, or HTML (title_is_html) */
	const char *summary; /* plain text or HTML (summary_is_html) */
	int summary_is_html;
	const char *content_html; /* HTML; the host sanitizes it */
	const char *content_text; /* plain text; derived from content_html when NULL */
	int64_t published;	  /* seconds since the epoch, UTC, or KABAR_NO_TIME */
	int published_offset;	  /* the original zone, minutes east of UTC */
	int64_t updated;
	int updated_offset;
	const char *language; /* BCP 47 or NULL */
	const char *image;    /* absolute URL or NULL */
	const struct kabar_author *const *authors;
	size_t n_authors;
	const char *const *categories;
	size_t n_categories;
	const struct kabar_enclosure *const *enclosures;
	size_t n_enclosures;
	const char *comments_url;
	int id_is_permalink; /* RSS guid isPermaLink */
	/* The base URI for relative URLs in content_html (the entry's
	 * xml:base), absolute or relative to the document's base; NULL: the
	 * document's base (Content-Location, else the response URL). */
	const char *base;
	/* The title is HTML (an Atom title of type html or xhtml): the host
	 * keeps its sanitized markup beside the plain-text title. */
	int title_is_html;
	/* KABAR_ITEM_* flags. */
	unsigned flags;
};

/* Flags for struct kabar_item. */
#define KABAR_ITEM_JOIN_PAGES \
	0x1u /* a partial item's article may continue on further pages ("?page=2",
				    * "1 2 Selanjutnya"): the core fetches them and joins their text */

/* An article extracted from an HTML page (host->extract). Strings are
 * UTF-8, owned by the host until the callback returns; NULL when not
 * found. */
struct kabar_article {
	size_t struct_size;	  /* set by the plugin: sizeof(struct kabar_article) */
	const char *url;	  /* the canonical URL, else the page's */
	const char *title;	  /* plain text */
	const char *content_html; /* sanitized, URLs absolute */
	const char *content_text;
	const char *summary; /* the page's description, plain text */
	int64_t published;   /* KABAR_NO_TIME when unknown */
	int published_offset;
	int64_t modified;
	int modified_offset;
	const struct kabar_author *const *authors;
	size_t n_authors;
	const char *image;
	const char *language;
	const char *site_name;
	const char *section;
	const char *const *tags;
	size_t n_tags;
	/* Pages the article continues on, in order, at most 20. */
	const char *const *next_pages;
	size_t n_next_pages;
};

/* Feed-level facts a plugin may report once per response. */
struct kabar_feed {
	size_t struct_size; /* sizeof(struct kabar_feed) */
	const char *title;
	const char *home_page_url;
	const char *description;
	const char *language;
	const char *icon;
	const struct kabar_author *const *authors;
	size_t n_authors;
	int64_t ttl;	    /* seconds the publisher asks clients to wait, or 0 */
	const char *format; /* "rss2.0", "atom1.0", "json1.1", ... */
	int title_is_html;  /* the title is HTML, as in struct kabar_item */
};

/* Flags for struct kabar_request. */
#define KABAR_FOLLOW_NEW_ONLY	0x1u /* skip the URL if the source already has an item with it */
#define KABAR_FOLLOW_ANY_STATUS 0x2u /* hand the response to parse() whatever its HTTP status */

/* A request for another URL, handed to the plugin's parse() with its tag
 * and metadata when the response arrives. */
struct kabar_request {
	size_t struct_size;	 /* sizeof(struct kabar_request) */
	const char *url;	 /* absolute, or relative to the current response */
	const char *tag;	 /* what the follow-up is; short, plugin-defined */
	const char *const *meta; /* key, value, key, value, ...; n_meta pairs */
	size_t n_meta;
	unsigned flags;
};

struct kabar_host {
	size_t struct_size; /* sizeof(struct kabar_host) of the host */
	unsigned api_level; /* KABAR_API_LEVEL of the host */

	/* --- API level 1 --- */

	void (*log)(struct kabar_ctx *ctx, enum kabar_log_level level, const char *fmt, ...) KABAR_PRINTF(3, 4);

	/* The source's value of a config key the plugin declared (or the core
	 * keys "url", "region", "timezone", "name"), the declared default when
	 * unset, NULL when neither. */
	const char *(*config)(struct kabar_ctx *ctx, const char *key);

	/* The response: final URL after redirects, HTTP status (200 for
	 * file:), a response header (case-insensitive; NULL if absent), the
	 * body (not NUL-terminated, *len set), the tag and a metadata value
	 * of the request that produced it (NULL for the start request). */
	const char *(*response_url)(const struct kabar_response *resp);
	int (*response_status)(const struct kabar_response *resp);
	const char *(*response_header)(const struct kabar_response *resp, const char *name);
	const char *(*response_body)(const struct kabar_response *resp, size_t *len);
	const char *(*response_tag)(const struct kabar_response *resp);
	const char *(*response_meta)(const struct kabar_response *resp, const char *key);

	/* Parse the response body. The charset is taken from the BOM, the
	 * HTTP header and the document's own declaration. XML parsing never
	 * loads a DTD or external entity and recovers from errors where it
	 * can. Return NULL (after logging why) when nothing usable is left.
	 * The document belongs to ctx and is freed when the callback returns. */
	struct kabar_doc *(*parse_xml)(struct kabar_ctx *ctx, const struct kabar_response *resp);
	struct kabar_doc *(*parse_html)(struct kabar_ctx *ctx, const struct kabar_response *resp);
	struct kabar_doc *(*parse_json)(struct kabar_ctx *ctx, const struct kabar_response *resp);
	/* Parse a string as an HTML fragment or document (e.g. an RSS
	 * description), len bytes of UTF-8. */
	struct kabar_doc *(*parse_html_string)(struct kabar_ctx *ctx, const char *s, size_t len);

	/* --- XML and HTML documents --- */

	struct kabar_node *(*doc_root)(struct kabar_doc *doc);
	/* Evaluate an XPath 1.0 expression relative to node (NULL: the
	 * document). These prefixes are bound: atom (Atom 1.0), atom03,
	 * rdf, rss1 (RSS 1.0), rss09 (RSS 0.90), dc, dcterms, content,
	 * media, itunes, sy, slash, xhtml, wfw, georss. Returns NULL on a
	 * bad expression (logged); an empty set has count 0. */
	struct kabar_nodeset *(*xpath)(struct kabar_ctx *ctx, struct kabar_doc *doc, struct kabar_node *node,
				       const char *expr);
	size_t (*nodeset_count)(const struct kabar_nodeset *set);
	struct kabar_node *(*nodeset_item)(const struct kabar_nodeset *set, size_t i);
	/* The string value of an XPath expression (string(expr)), trimmed;
	 * "" when it selects nothing, NULL on a bad expression. */
	const char *(*xpath_string)(struct kabar_ctx *ctx, struct kabar_doc *doc, struct kabar_node *node,
				    const char *expr);

	/* Walking a tree: first child element, next sibling element (NULL at
	 * the end), local name, namespace URI (NULL when none), an attribute
	 * by local name (NULL when absent), the text content (all descendant
	 * text, entities resolved), the inner markup serialized as HTML
	 * (for Atom type="xhtml" and the like), and the base URI in effect
	 * at the node (xml:base resolved against the response URL). */
	struct kabar_node *(*node_first_child)(struct kabar_node *node);
	struct kabar_node *(*node_next)(struct kabar_node *node);
	const char *(*node_name)(struct kabar_node *node);
	const char *(*node_ns)(struct kabar_node *node);
	const char *(*node_attr)(struct kabar_ctx *ctx, struct kabar_node *node, const char *name);
	const char *(*node_text)(struct kabar_ctx *ctx, struct kabar_node *node);
	const char *(*node_inner_xml)(struct kabar_ctx *ctx, struct kabar_node *node);
	const char *(*node_base)(struct kabar_ctx *ctx, struct kabar_node *node);

	/* --- JSON documents --- */

	struct kabar_json *(*json_root)(struct kabar_doc *doc);
	/* 0 null/absent, 1 boolean, 2 number, 3 string, 4 array, 5 object */
	int (*json_type)(const struct kabar_json *v);
	struct kabar_json *(*json_get)(struct kabar_json *obj, const char *key);
	size_t (*json_length)(const struct kabar_json *arr);
	struct kabar_json *(*json_at)(struct kabar_json *arr, size_t i);
	/* A string value (numbers and booleans converted), or NULL. */
	const char *(*json_string)(struct kabar_ctx *ctx, struct kabar_json *v);
	int64_t (*json_int)(const struct kabar_json *v, int64_t fallback);

	/* --- helpers --- */

	/* Resolve ref against base (NULL: the response URL). Returns NULL for
	 * an unusable URL. */
	const char *(*resolve_url)(struct kabar_ctx *ctx, const char *base, const char *ref);
	/* Parse a date in any form kabar knows (RFC 822, RFC 3339, ISO 8601,
	 * Indonesian and other languages). A date without a zone is read in
	 * the source's timezone. Returns 0 and sets *utc (seconds since the
	 * epoch) and *offset (minutes east of UTC, as written), or -1. */
	int (*parse_date)(struct kabar_ctx *ctx, const char *s, int64_t *utc, int *offset);
	/* Plain text of an HTML fragment, whitespace collapsed. */
	const char *(*html_to_text)(struct kabar_ctx *ctx, const char *html);

	/* --- results --- */

	/* Report facts about the feed (once per response; later calls
	 * replace earlier ones). 0 or -1. */
	int (*feed)(struct kabar_ctx *ctx, const struct kabar_feed *feed);
	/* Emit a finished item. 0, or -1 when the item is unusable (logged)
	 * or the source's item limit is reached. */
	int (*emit)(struct kabar_ctx *ctx, const struct kabar_item *item);
	/* Emit a partial item (at least url): the core fetches item->url and
	 * completes the missing fields from the article page. */
	int (*emit_partial)(struct kabar_ctx *ctx, const struct kabar_item *item);
	/* Ask for another URL; its response comes to parse() with the tag and
	 * metadata. A response with an HTTP status of 400 or more fails the
	 * source unless the request has KABAR_FOLLOW_ANY_STATUS (a plugin
	 * that falls back when an API answers 404 reads the status with
	 * response_status). With KABAR_FOLLOW_NEW_ONLY the core drops it when the
	 * source already has an item with that URL. 0, or -1 when refused
	 * (bad URL, limit reached). */
	int (*follow)(struct kabar_ctx *ctx, const struct kabar_request *req);

	/* --- API level 2 --- */

	/* The run's clock, seconds since the epoch (`kabar run --now` sets
	 * it; use it rather than time() so that runs can be replayed). */
	int64_t (*now)(struct kabar_ctx *ctx);
	/* Extract the article of an HTML response with the core's extractor
	 * (the one that completes partial items and `kabar extract` runs):
	 * metadata from JSON-LD, OpenGraph and meta tags, the main text
	 * without navigation, related lists and share bars, dates in the
	 * source's timezone. Set art->struct_size first; the host fills the
	 * fields within it. 0, or -1 when the page holds no article. */
	int (*extract)(struct kabar_ctx *ctx, const struct kabar_response *resp, struct kabar_article *art);
};

/* Callback results. */
#define KABAR_OK   0
#define KABAR_FAIL (-1) /* the response could not be used; log why first */

struct kabar_plugin {
	size_t struct_size; /* sizeof(struct kabar_plugin) */
	unsigned abi_major; /* KABAR_ABI_MAJOR */
	unsigned api_level; /* lowest host API level the plugin needs */
	const char *name;
	const char *version;
	const char *description;
	const struct kabar_option *options; /* ends with KABAR_OPTION_END; may be NULL */

	/* Optional: issue the first requests with host->follow. Default:
	 * request the source's url with an empty tag. */
	int (*start)(struct kabar_ctx *ctx, const struct kabar_host *host);
	/* Required: turn one response into items and further requests. */
	int (*parse)(struct kabar_ctx *ctx, const struct kabar_host *host, const struct kabar_response *resp);
};

typedef const struct kabar_plugin *(*kabar_plugin_entry_fn)(void);

#ifdef __cplusplus
#define KABAR_EXTERN_C extern "C"
#else
#define KABAR_EXTERN_C
#endif

/* Define the entry symbol: KABAR_PLUGIN(my_descriptor) */
#define KABAR_PLUGIN(desc)                                                               \
	KABAR_EXTERN_C KABAR_EXPORT const struct kabar_plugin *kabar_plugin_entry(void); \
	KABAR_EXTERN_C KABAR_EXPORT const struct kabar_plugin *kabar_plugin_entry(void)  \
	{                                                                                \
		return &(desc);                                                          \
	}

#ifdef __cplusplus
}
#endif

#endif /* KABAR_PLUGIN_H */
