/* walk.c: visit a whole XML or HTML document through the host table the
 * way plugins do (element walk, attributes, text, inner markup, base
 * URI, XPath), checking that what comes back is UTF-8. */
#include <string.h>

#include "../src/host.h"
#include "../src/util.h"
#include "fuzz.h"

#define WALK_MAX_DEPTH 300
#define WALK_MAX_TEXT  2000 /* nodes whose text and markup are fetched */

static const struct kabar_host *H = &kb_host_table;

static const char *const attrs[] = { "href",	"base",	       "type", "rel",	 "src",	  "lang",
				     "version", "isPermaLink", "url",  "length", "about", "resource" };

static const char *const queries[] = {
	"/rss/channel/item",
	"//item",
	"//atom:entry",
	"//atom:entry/atom:link/@href",
	"//rss1:item | //rss09:item",
	"//@*",
	"//text()",
	"//comment()",
	"//dc:date",
	"//*[local-name()='entry']/*[1]",
	"//content:encoded",
	"//media:content/@url",
	"//*[@xml:base]",
	"//a/@href",
	"//head/meta",
	"//namespace::*",
};

static const char *const string_queries[] = {
	"string(/rss/channel/title)",
	"string(//atom:feed/atom:title)",
	"count(//*)",
	"normalize-space(//body)",
	"concat(name(/*), '|', namespace-uri(/*))",
	"string(//@href)",
	"string(//item/description)",
	"sum(//@length)",
	"string(//text()[last()])",
};

struct walk {
	struct kabar_ctx *ctx;
	long n;
};

static void
check_str(const char *s, const char *what)
{
	if (s)
		FUZZ_ASSERT(kb_utf8_valid(s, strlen(s)), "%s returned invalid UTF-8", what);
}

static void
visit(struct walk *w, struct kabar_node *node)
{
	size_t i;

	check_str(H->node_name(node), "node_name");
	check_str(H->node_ns(node), "node_ns");
	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
		check_str(H->node_attr(w->ctx, node, attrs[i]), "node_attr");
	if (w->n++ < WALK_MAX_TEXT) {
		check_str(H->node_text(w->ctx, node), "node_text");
		check_str(H->node_inner_xml(w->ctx, node), "node_inner_xml");
		check_str(H->node_base(w->ctx, node), "node_base");
	}
}

static void
walk_tree(struct walk *w, struct kabar_node *node, int depth)
{
	struct kabar_node *c;

	for (; node; node = H->node_next(node)) {
		visit(w, node);
		if (depth >= WALK_MAX_DEPTH)
			continue;
		c = H->node_first_child(node);
		if (c)
			walk_tree(w, c, depth + 1);
	}
}

void
fuzz_walk_doc(struct kabar_ctx *ctx, struct kabar_doc *doc, int xml)
{
	struct walk w = { ctx, 0 };
	struct kabar_node *root = H->doc_root(doc);
	struct kabar_nodeset *set;
	size_t i, j, n;

	(void)xml;
	walk_tree(&w, root, 0);
	for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		set = H->xpath(ctx, doc, NULL, queries[i]);
		FUZZ_ASSERT(set != NULL, "a valid expression failed: %s", queries[i]);
		n = H->nodeset_count(set);
		for (j = 0; j < n && j < 50; j++) {
			struct kabar_node *it = H->nodeset_item(set, j);

			FUZZ_ASSERT(it != NULL, "%s: item %zu of %zu is NULL", queries[i], j, n);
			visit(&w, it);
			(void)H->node_first_child(it);
			(void)H->node_next(it);
			/* Relative queries from each item, as plugins do. */
			check_str(H->xpath_string(ctx, doc, it, "string(title)"), "xpath_string");
			(void)H->xpath(ctx, doc, it, "*");
		}
		FUZZ_ASSERT(H->nodeset_item(set, n) == NULL, "%s: item past the end", queries[i]);
	}
	for (i = 0; i < sizeof(string_queries) / sizeof(string_queries[0]); i++) {
		const char *s = H->xpath_string(ctx, doc, root, string_queries[i]);

		FUZZ_ASSERT(s != NULL, "a valid expression failed: %s", string_queries[i]);
		check_str(s, "xpath_string");
	}
	/* A bad expression is an error, not a crash. */
	FUZZ_ASSERT(H->xpath(ctx, doc, root, "//[") == NULL, "a bad expression succeeded");
}
