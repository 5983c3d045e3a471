/* sanitize.c: the HTML sanitizer and HTML-to-text conversion.
 *
 * Both parse the fragment with libxml2's HTML parser (wrapped in a div,
 * nothing implied, no network), then walk the tree: the sanitizer
 * rebuilds the markup from an allow-list, the text converter collects the
 * text. Nothing of the input is copied through unparsed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "sanitize.h"
#include "url.h"
#include "util.h"

#define SAN_MAX_OUT   ((size_t)64 * 1024 * 1024)
#define SAN_MAX_DEPTH 200

/* Elements kept (with their allowed attributes). */
static const char *const allowed_elems[] = {
	"a",	    "abbr",   "audio", "b",	  "blockquote", "br",	   "caption", "cite",  "code",	"col",
	"colgroup", "dd",     "del",   "details", "dfn",	"div",	   "dl",      "dt",    "em",	"figcaption",
	"figure",   "h1",     "h2",    "h3",	  "h4",		"h5",	   "h6",      "hr",    "i",	"img",
	"ins",	    "kbd",    "li",    "mark",	  "ol",		"p",	   "pre",     "q",     "s",	"samp",
	"small",    "source", "span",  "strong",  "sub",	"summary", "sup",     "table", "tbody", "td",
	"tfoot",    "th",     "thead", "time",	  "tr",		"u",	   "ul",      "video", NULL
};

/* Elements dropped with everything inside: code, styles, metadata and
 * form controls, and noscript (a mutation XSS vector). Other elements
 * not allowed (iframe, object, embed, form, ...) are unwrapped: their fallback text stays, and what
 * the parser nested inside a void one (embed, link) is not theirs. */
static const char *const dropped_elems[] = { "script", "style",	   "template", "title",	 "head",     "select", "option",
					     "button", "textarea", "datalist", "portal", "noscript", NULL };

/* Elements whose text kb_html_to_text leaves out besides those: plugin
 * fallbacks ("your browser does not support...") and no-script notes. */
static const char *const no_text_elems[] = { "iframe",	"object",   "embed",	"applet",    "noscript",
					     "noembed", "noframes", "frameset", "plaintext", NULL };

/* Elements without an end tag. */
static const char *const void_elems[] = { "br", "col", "hr", "img", "source", NULL };

/* Elements that end a line of text (kb_html_to_text). */
static const char *const block_elems[] = {
	"address",    "article", "aside",  "blockquote", "caption", "dd", "details", "div", "dl", "dt",	 "fieldset",
	"figcaption", "figure",	 "footer", "header",	 "hr",	    "li", "main",    "nav", "ol", "pre", "section",
	"summary",    "table",	 "tbody",  "td",	 "tfoot",   "th", "thead",   "tr",  "ul", NULL
};

/* Elements that separate paragraphs (a blank line). */
static const char *const para_elems[] = { "p", "h1", "h2", "h3", "h4", "h5", "h6", NULL };

static int
in_list(const char *const *list, const char *name)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (kb_strcasecmp(list[i], name) == 0)
			return 1;
	return 0;
}

/* windows-1252 meanings of &#128;..&#159;, as an HTML parser reads them
 * (libxml2's gives C1 controls); the five bytes windows-1252 leaves
 * undefined stay control characters. */
static const unsigned short cp1252_c1[32] = { 0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
					      0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
					      0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
					      0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178 };

/* Append s to b with numeric character references to C1 code points
 * rewritten to their windows-1252 characters. -1 when b is full. */
static int
add_fixing_c1(struct kb_buf *b, const char *s)
{
	const char *p = s, *amp;

	while ((amp = strstr(p, "&#")) != NULL) {
		const char *q = amp + 2;
		unsigned long v = 0;
		int hex = 0, digits = 0;

		if (*q == 'x' || *q == 'X') {
			hex = 1;
			q++;
		}
		for (; digits < 8; q++, digits++) {
			if (*q >= '0' && *q <= '9')
				v = v * (hex ? 16 : 10) + (unsigned long)(*q - '0');
			else if (hex && *q >= 'a' && *q <= 'f')
				v = v * 16 + (unsigned long)(*q - 'a' + 10);
			else if (hex && *q >= 'A' && *q <= 'F')
				v = v * 16 + (unsigned long)(*q - 'A' + 10);
			else
				break;
		}
		if (digits == 0 || digits == 8 || v < 0x80 || v > 0x9f) {
			if (kb_buf_add(b, p, (size_t)(q - p)) != 0)
				return -1;
			p = q;
			continue;
		}
		if (*q == ';')
			q++;
		if (kb_buf_add(b, p, (size_t)(amp - p)) != 0)
			return -1;
		/* A control character (undefined in windows-1252) is dropped. */
		if (cp1252_c1[v - 0x80] >= 0xa0 && kb_buf_printf(b, "&#%u;", cp1252_c1[v - 0x80]) != 0)
			return -1;
		p = q;
	}
	return kb_buf_addstr(b, p);
}

/* Whether a tag name in s has a ':'. The parser matches such a tag (p:a)
 * by its whole name but the tree holds only the part after the colon
 * (a): written out again, the element would be matched as a. */
static int
prefixed_tag(const char *s)
{
	const char *p = s;

	while ((p = strchr(p, '<')) != NULL) {
		p++;
		if (*p == '/')
			p++;
		for (; (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == ':' ||
		       *p == '_' || *p == '.' || *p == '-';
		     p++)
			if (*p == ':')
				return 1;
	}
	return 0;
}

/* Parse len bytes of (possibly broken) UTF-8 as an HTML fragment inside a
 * div. Returns the document (caller frees with xmlFreeDoc) or NULL.
 * prefixed (may be NULL): set to whether a tag name has a ':'. */
static xmlDocPtr
parse_fragment(const char *html, size_t len, int *prefixed)
{
	htmlParserCtxtPtr pc;
	xmlDocPtr doc = NULL;
	struct kb_buf b;
	char *clean;

	clean = kb_utf8_clean(html, len);
	if (prefixed)
		*prefixed = prefixed_tag(clean);
	kb_buf_init(&b, SAN_MAX_OUT);
	if (kb_buf_addstr(&b, "<div>") != 0 || add_fixing_c1(&b, clean) != 0 || kb_buf_addstr(&b, "</div>") != 0)
		goto out;
	if (b.len > INT32_MAX)
		goto out;
	pc = htmlNewParserCtxt();
	if (!pc)
		goto out;
	doc = htmlCtxtReadMemory(pc, b.data, (int)b.len, NULL, "UTF-8",
				 HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
					 HTML_PARSE_NOIMPLIED);
	htmlFreeParserCtxt(pc);
out:
	free(clean);
	kb_buf_free(&b);
	return doc;
}

/* --- sanitizer --- */

/* Line breaks are marked with LINE_MARK and PARA_MARK while walking (the
 * input cannot hold them: kb_utf8_clean drops C0 controls); tidy() turns
 * the marks and whitespace into the final text. */
#define LINE_MARK '\x01'
#define PARA_MARK '\x02'

/* Whether s, written out and parsed again, might not read back as itself:
 * it holds what kb_utf8_clean drops or replaces (controls, DEL, C1
 * controls, noncharacters U+xFFFE/U+xFFFF, broken UTF-8). */
static int
changes_on_reparse(const char *str)
{
	const unsigned char *p = (const unsigned char *)str;

	while (*p) {
		unsigned char c = *p;
		uint32_t cp;
		size_t n, i;

		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
				return 1;
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 4;
			cp = c & 0x07;
		} else {
			return 1;
		}
		for (i = 1; i < n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 1;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if (cp < 0xa0 || (n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || (cp & 0xfffe) == 0xfffe)
			return 1;
		p += n;
	}
	return 0;
}

struct san {
	struct kb_buf out;
	const char *base;
	/* Set when the output might parse to a tree other than the one walked
	 * (something was unwrapped or dropped, a text or value holds what
	 * parsing rewrites, ...): only then is a confirming pass needed. */
	int unstable;
	/* When not NULL: the text of the output as kb_html_to_text finds it
	 * (with its line marks, before tidy), valid while !unstable. */
	struct kb_buf *text;
	int ns;	     /* SAN_HTML, SAN_SVG or SAN_MATH: where the walk is */
	int html_ok; /* HTML allowed here inside SVG or MathML */
};

enum { SAN_HTML, SAN_SVG, SAN_MATH };

static void
put_escaped(struct kb_buf *b, const char *s, int attr)
{
	const char *p, *start = s;

	for (p = s; *p; p++) {
		const char *rep = NULL;

		switch (*p) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = attr ? "&quot;" : NULL;
			break;
		default:
			break;
		}
		if (rep) {
			kb_buf_add(b, start, (size_t)(p - start));
			kb_buf_addstr(b, rep);
			start = p + 1;
		}
	}
	kb_buf_add(b, start, (size_t)(p - start));
}

static int
is_url_space(unsigned char c)
{
	return c <= 0x20 || c == 0x7f;
}

/* A safe, absolute (when base is known) form of a URL attribute, or NULL
 * when it must go. kind: 'h' href, 'i' img src, 'm' media src. New
 * string. */
static char *
clean_url(const char *value, const char *base, int kind)
{
	char *u, *res = NULL, *scheme = NULL;
	const char *p;
	size_t i, n = 0, len;

	len = strlen(value);
	u = kb_malloc(len + 1);
	/* Browsers drop tabs and newlines anywhere and control characters
	 * and spaces at both ends. */
	p = value;
	while (*p && is_url_space((unsigned char)*p))
		p++;
	for (; *p; p++) {
		if (*p == '\t' || *p == '\n' || *p == '\r')
			continue;
		u[n++] = *p;
	}
	while (n > 0 && is_url_space((unsigned char)u[n - 1]))
		n--;
	u[n] = '\0';
	if (n == 0)
		goto out;
	/* A scheme: everything before the first ':' that comes before any
	 * '/', '?' or '#'. */
	for (i = 0; i < n; i++) {
		if (u[i] == '/' || u[i] == '?' || u[i] == '#')
			break;
		if (u[i] == ':') {
			scheme = kb_strndup(u, i);
			break;
		}
	}
	if (scheme) {
		if (kb_strcasecmp(scheme, "http") == 0 || kb_strcasecmp(scheme, "https") == 0) {
			/* An absolute web URL is kept as published when it is
			 * one (its identity form is for matching, not for
			 * links). */
			res = kb_url_resolve(NULL, u);
			if (res) {
				free(res);
				res = kb_strdup(u);
			}
		} else if (kb_strcasecmp(scheme, "mailto") == 0 && kind == 'h') {
			res = kb_strdup(u);
		} else if (kb_strcasecmp(scheme, "data") == 0 && kind == 'i') {
			static const char *const types[] = { "data:image/png",	"data:image/gif",
							     "data:image/jpeg", "data:image/jpg",
							     "data:image/webp", "data:image/avif",
							     "data:image/bmp",	NULL };

			for (i = 0; types[i]; i++) {
				size_t tl = strlen(types[i]);

				if (kb_strncasecmp(u, types[i], tl) == 0 && (u[tl] == ';' || u[tl] == ',')) {
					res = kb_strdup(u);
					break;
				}
			}
		}
		goto out;
	}
	if (!base || (kb_strncasecmp(base, "http:", 5) != 0 && kb_strncasecmp(base, "https:", 6) != 0)) {
		/* Relative without a web base (none, or a file being read):
		 * kept as it is, it cannot name a scheme. */
		res = kb_strdup(u);
		goto out;
	}
	res = kb_url_resolve(base, u);
	if (res) {
		char *s2 = kb_url_scheme(res);

		if (!s2 || (kb_strcasecmp(s2, "http") != 0 && kb_strcasecmp(s2, "https") != 0)) {
			free(res);
			res = NULL;
		}
		free(s2);
	}
out:
	free(scheme);
	free(u);
	return res;
}

static int
valid_dimension(const char *v)
{
	size_t i, n = strlen(v);

	if (n == 0 || n > 8)
		return 0;
	for (i = 0; i < n; i++)
		if (!((v[i] >= '0' && v[i] <= '9') || (v[i] == '%' && i == n - 1 && i > 0)))
			return 0;
	return 1;
}

static int
valid_lang(const char *v)
{
	size_t i, n = strlen(v);

	if (n == 0 || n > 35)
		return 0;
	for (i = 0; i < n; i++) {
		char c = v[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
			return 0;
	}
	return 1;
}

/* The value to write for attribute attr of element elem, or NULL to drop
 * it. New string. */
static char *
attr_value(const struct san *s, const char *elem, const char *attr, const char *v)
{
	if (strcmp(attr, "title") == 0)
		return kb_strdup(v);
	if (strcmp(attr, "lang") == 0)
		return valid_lang(v) ? kb_strdup(v) : NULL;
	if (strcmp(attr, "dir") == 0)
		return (kb_strcasecmp(v, "ltr") == 0 || kb_strcasecmp(v, "rtl") == 0 || kb_strcasecmp(v, "auto") == 0)
			       ? kb_strdup(v)
			       : NULL;
	if (strcmp(elem, "a") == 0 && strcmp(attr, "href") == 0)
		return clean_url(v, s->base, 'h');
	if (strcmp(elem, "img") == 0) {
		if (strcmp(attr, "src") == 0)
			return clean_url(v, s->base, 'i');
		if (strcmp(attr, "alt") == 0)
			return kb_strdup(v);
		if (strcmp(attr, "width") == 0 || strcmp(attr, "height") == 0)
			return valid_dimension(v) ? kb_strdup(v) : NULL;
		return NULL;
	}
	if (strcmp(elem, "audio") == 0 || strcmp(elem, "video") == 0 || strcmp(elem, "source") == 0) {
		if (strcmp(attr, "src") == 0 || strcmp(attr, "poster") == 0) {
			char *u = clean_url(v, s->base, 'm');

			/* Media must be absolute http(s). */
			if (u && strncmp(u, "http", 4) != 0) {
				free(u);
				u = NULL;
			}
			return u;
		}
		if (strcmp(attr, "controls") == 0)
			return kb_strdup("controls");
		if (strcmp(attr, "type") == 0 && strcmp(elem, "source") == 0)
			return valid_lang(v) || strchr(v, '/') ? kb_strdup(v) : NULL;
		if ((strcmp(attr, "width") == 0 || strcmp(attr, "height") == 0) && strcmp(elem, "video") == 0)
			return valid_dimension(v) ? kb_strdup(v) : NULL;
		return NULL;
	}
	if (strcmp(attr, "cite") == 0 && (strcmp(elem, "blockquote") == 0 || strcmp(elem, "q") == 0 ||
					  strcmp(elem, "del") == 0 || strcmp(elem, "ins") == 0))
		return clean_url(v, s->base, 'c');
	if (strcmp(attr, "datetime") == 0 &&
	    (strcmp(elem, "time") == 0 || strcmp(elem, "del") == 0 || strcmp(elem, "ins") == 0))
		return kb_strdup(v);
	if (strcmp(elem, "td") == 0 || strcmp(elem, "th") == 0) {
		if (strcmp(attr, "colspan") == 0 || strcmp(attr, "rowspan") == 0)
			return valid_dimension(v) && !strchr(v, '%') ? kb_strdup(v) : NULL;
		if (strcmp(attr, "headers") == 0 || strcmp(attr, "scope") == 0)
			return kb_strdup(v);
	}
	if (strcmp(elem, "details") == 0 && strcmp(attr, "open") == 0)
		return kb_strdup("open");
	if (strcmp(elem, "ol") == 0 && strcmp(attr, "start") == 0)
		return valid_dimension(v) && !strchr(v, '%') ? kb_strdup(v) : NULL;
	return NULL;
}

/* Flag a text node that might not parse back to the same node. The
 * parser keeps blanks (keepBlanks) and carriage returns as they are. */
static void
check_text(struct san *s, xmlNodePtr n)
{
	const char *t = (const char *)n->content;

	if (n->type != XML_TEXT_NODE || !t || !*t || changes_on_reparse(t))
		s->unstable = 1;
}

static void san_children(struct san *s, xmlNodePtr n, int depth);

/* One attribute to write. */
struct san_attr {
	const char *name; /* static or in the element's name buffer */
	char *val;
};

#define SAN_MAX_ATTRS 32

static int
attr_cmp(const void *a, const void *b)
{
	return strcmp(((const struct san_attr *)a)->name, ((const struct san_attr *)b)->name);
}

/* Write the attributes sorted by name (a canonical form: the same markup
 * always comes out the same), freeing their values. */
static void
put_attrs(struct san *s, struct san_attr *at, size_t n)
{
	size_t i;

	qsort(at, n, sizeof(*at), attr_cmp);
	for (i = 0; i < n; i++) {
		kb_buf_addc(&s->out, ' ');
		kb_buf_addstr(&s->out, at[i].name);
		kb_buf_addstr(&s->out, "=\"");
		put_escaped(&s->out, at[i].val, 1);
		kb_buf_addc(&s->out, '"');
		free(at[i].val);
	}
}

/* The spelling of name in list (matched ignoring case: the HTML parser
 * lowers names), or NULL. */
static const char *
canonical(const char *const *list, const char *name)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (kb_strcasecmp(list[i], name) == 0)
			return list[i];
	return NULL;
}

/* Whether s contains word, ignoring ASCII case. */
static int
contains_ci(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; *s; s++)
		if (kb_strncasecmp(s, word, n) == 0)
			return 1;
	return 0;
}

/* The attributes attr_value can keep, in their spelling. */
static const char *const known_attrs[] = { "alt",    "cite",  "colspan", "controls", "datetime", "dir",	    "headers",
					   "height", "href",  "lang",	 "open",     "poster",	 "rowspan", "scope",
					   "src",    "start", "title",	 "type",     "width",	 NULL };

/* A value of an SVG or MathML presentation attribute: lengths, colours,
 * numbers, path data, transforms. Nothing that can reference a resource
 * (url(), a scheme) or escape into markup. */
static int
foreign_value_ok(const char *v)
{
	const char *p;

	if (strlen(v) > 4096)
		return 0;
	for (p = v; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' ||
		      c == '#' || c == '.' || c == ',' || c == '%' || c == '+' || c == '-' || c == '(' || c == ')' ||
		      c == '\t' || c == '\n'))
			return 0;
	}
	return !contains_ci(v, "url") && !contains_ci(v, "expression");
}

/* SVG and MathML: shapes, text and formulas, without scripting,
 * animation, references (use, image, foreignObject) or styles. */
static const char *const svg_elems[] = {
	"svg",	"a",	   "circle",   "defs",		 "desc", "ellipse", "g",    "line",  "linearGradient",
	"path", "polygon", "polyline", "radialGradient", "rect", "stop",    "text", "title", "tspan",
	NULL
};
static const char *const svg_attrs[] = { "baseProfile",
					 "cx",
					 "cy",
					 "d",
					 "dx",
					 "dy",
					 "fill",
					 "fill-opacity",
					 "fill-rule",
					 "font-family",
					 "font-size",
					 "font-style",
					 "font-weight",
					 "gradientTransform",
					 "gradientUnits",
					 "height",
					 "offset",
					 "opacity",
					 "points",
					 "preserveAspectRatio",
					 "r",
					 "rx",
					 "ry",
					 "stop-color",
					 "stop-opacity",
					 "stroke",
					 "stroke-dasharray",
					 "stroke-linecap",
					 "stroke-linejoin",
					 "stroke-opacity",
					 "stroke-width",
					 "text-anchor",
					 "transform",
					 "version",
					 "viewBox",
					 "width",
					 "x",
					 "x1",
					 "x2",
					 "y",
					 "y1",
					 "y2",
					 NULL };
static const char *const math_elems[] = { "math",	   "menclose", "merror",  "mfenced",	"mfrac",   "mi",
					  "mmultiscripts", "mn",       "mo",	  "mover",	"mpadded", "mphantom",
					  "mprescripts",   "mroot",    "mrow",	  "ms",		"mspace",  "msqrt",
					  "mstyle",	   "msub",     "msubsup", "msup",	"mtable",  "mtd",
					  "mtext",	   "mtr",      "munder",  "munderover", "none",	   "semantics",
					  "annotation",	   NULL };
static const char *const math_attrs[] = {
	"accent",    "accentunder",    "close",	    "columnalign", "columnspan",  "depth",
	"display",   "displaystyle",   "fence",	    "height",	   "largeop",	  "linethickness",
	"lspace",    "mathbackground", "mathcolor", "mathsize",	   "mathvariant", "movablelimits",
	"notation",  "open",	       "rowalign",  "rowspan",	   "rspace",	  "scriptlevel",
	"separator", "separators",     "stretchy",  "symmetric",   "width",	  NULL
};

#define SVG_NS	 "http://www.w3.org/2000/svg"
#define MATH_NS	 "http://www.w3.org/1998/Math/MathML"
#define XLINK_NS "http://www.w3.org/1999/xlink"

/* Where HTML may appear inside SVG or MathML (HTML integration points and
 * MathML text elements). */
static int
html_inside(const char *name)
{
	static const char *const points[] = { "desc", "title", "mi", "mn", "mo", "ms", "mtext", NULL };

	return canonical(points, name) != NULL;
}

/* An SVG or MathML element (name in its canonical spelling); ns: SAN_SVG
 * or SAN_MATH, the context of its children. */
static void
san_foreign(struct san *s, xmlNodePtr n, int depth, const char *name, int ns)
{
	struct san_attr at[SAN_MAX_ATTRS];
	size_t na = 0;
	xmlAttrPtr a;
	int xlink = 0, saved_ns = s->ns, saved_html = s->html_ok;

	/* The text of foreign content comes from a second parse. */
	s->unstable = 1;
	kb_buf_addc(&s->out, '<');
	kb_buf_addstr(&s->out, name);
	if (strcmp(name, "svg") == 0 || strcmp(name, "math") == 0) {
		at[na].name = "xmlns";
		at[na++].val = kb_strdup(strcmp(name, "svg") == 0 ? SVG_NS : MATH_NS);
	}
	for (a = n->properties; a && na < SAN_MAX_ATTRS - 1; a = a->next) {
		const char *ar = (const char *)a->name, *an;
		xmlChar *v;
		char *val = NULL;

		if (!ar || a->ns)
			continue;
		v = xmlNodeListGetString(n->doc, a->children, 1);
		if (kb_strcasecmp(ar, "xlink:href") == 0 || (kb_strcasecmp(ar, "href") == 0 && ns == SAN_SVG)) {
			/* A link: on SVG's a, or on any MathML element. */
			if (ns == SAN_MATH || strcmp(name, "a") == 0)
				val = clean_url(v ? (const char *)v : "", s->base, 'h');
			an = ar[0] == 'h' || ar[0] == 'H' ? "href" : "xlink:href";
		} else if (kb_strcasecmp(ar, "xlink:title") == 0 || kb_strcasecmp(ar, "xlink:type") == 0 ||
			   kb_strcasecmp(ar, "xlink:show") == 0) {
			an = kb_strcasecmp(ar, "xlink:title") == 0  ? "xlink:title"
			     : kb_strcasecmp(ar, "xlink:type") == 0 ? "xlink:type"
								    : "xlink:show";
			val = kb_strdup(v ? (const char *)v : "");
		} else {
			an = canonical(ns == SAN_SVG ? svg_attrs : math_attrs, ar);
			if (an && v && foreign_value_ok((const char *)v))
				val = kb_strdup((const char *)v);
		}
		xmlFree(v);
		if (!val)
			continue;
		if (strncmp(an, "xlink:", 6) == 0)
			xlink = 1;
		at[na].name = an;
		at[na++].val = val;
	}
	if (xlink) {
		at[na].name = "xmlns:xlink";
		at[na++].val = kb_strdup(XLINK_NS);
	}
	put_attrs(s, at, na);
	kb_buf_addc(&s->out, '>');
	s->ns = ns;
	s->html_ok = html_inside(name);
	san_children(s, n, depth + 1);
	s->ns = saved_ns;
	s->html_ok = saved_html;
	kb_buf_addstr(&s->out, "</");
	kb_buf_addstr(&s->out, name);
	kb_buf_addc(&s->out, '>');
}

static void
san_element(struct san *s, xmlNodePtr n, int depth)
{
	char name[16];
	const char *raw = (const char *)n->name, *foreign = NULL;
	size_t i, na = 0;
	xmlAttrPtr a;
	char *alt = NULL;
	int block = 0, para = 0, foreign_ns = s->ns, saved_ns = s->ns, saved_html = s->html_ok;
	struct san_attr at[SAN_MAX_ATTRS];

	if (raw && (s->ns == SAN_HTML || s->html_ok)) {
		if (kb_strcasecmp(raw, "svg") == 0) {
			foreign = "svg";
			foreign_ns = SAN_SVG;
		} else if (kb_strcasecmp(raw, "math") == 0) {
			foreign = "math";
			foreign_ns = SAN_MATH;
		}
	}
	if (raw && !foreign && s->ns != SAN_HTML)
		foreign = canonical(s->ns == SAN_SVG ? svg_elems : math_elems, raw);
	if (foreign) {
		san_foreign(s, n, depth, foreign, foreign_ns);
		return;
	}
	if (!raw || in_list(dropped_elems, raw)) {
		s->unstable = 1;
		return;
	}
	/* Inside SVG or MathML, HTML only where they let it in. */
	if (!in_list(allowed_elems, raw) || strlen(raw) >= sizeof(name) || (s->ns != SAN_HTML && !s->html_ok)) {
		s->unstable = 1;
		san_children(s, n, depth + 1);
		return;
	}
	for (i = 0; raw[i]; i++)
		name[i] = (char)((raw[i] >= 'A' && raw[i] <= 'Z') ? raw[i] + 32 : raw[i]);
	name[i] = '\0';
	kb_buf_addc(&s->out, '<');
	kb_buf_addstr(&s->out, name);
	for (a = n->properties; a && na < SAN_MAX_ATTRS; a = a->next) {
		char aname[16];
		xmlChar *v;
		char *val;
		const char *ar = (const char *)a->name, *an;

		if (!ar || strlen(ar) >= sizeof(aname) || a->ns)
			continue;
		for (i = 0; ar[i]; i++)
			aname[i] = (char)((ar[i] >= 'A' && ar[i] <= 'Z') ? ar[i] + 32 : ar[i]);
		aname[i] = '\0';
		v = xmlNodeListGetString(n->doc, a->children, 1);
		val = attr_value(s, name, aname, v ? (const char *)v : "");
		if (val && !s->unstable) {
			/* Unless the value was kept as it is, it must come out
			 * the same again. */
			if (changes_on_reparse(val)) {
				s->unstable = 1;
			} else if (!v || strcmp(val, (const char *)v) != 0) {
				char *again = attr_value(s, name, aname, val);

				if (!again || strcmp(again, val) != 0)
					s->unstable = 1;
				free(again);
			}
		}
		xmlFree(v);
		if (!val)
			continue;
		/* The allowed names are static strings. */
		an = canonical(known_attrs, aname);
		if (!an) {
			free(val);
			continue;
		}
		if (s->text && !alt && strcmp(an, "alt") == 0)
			alt = kb_strdup(val);
		at[na].name = an;
		at[na++].val = val;
	}
	put_attrs(s, at, na);
	/* Void elements in the XML-compatible form, which HTML reads the
	 * same. */
	kb_buf_addstr(&s->out, in_list(void_elems, name) ? " />" : ">");
	/* The text of the output, as text_node finds it. */
	if (s->text) {
		if (strcmp(name, "br") == 0) {
			kb_buf_addc(s->text, LINE_MARK);
		} else if (strcmp(name, "img") == 0) {
			if (alt && *alt) {
				kb_buf_addc(s->text, ' ');
				kb_buf_addstr(s->text, alt);
				kb_buf_addc(s->text, ' ');
			}
		} else {
			para = in_list(para_elems, name);
			block = para || in_list(block_elems, name);
			if (block)
				kb_buf_addc(s->text, para ? PARA_MARK : LINE_MARK);
		}
		free(alt);
	}
	if (in_list(void_elems, name)) {
		if (n->children)
			s->unstable = 1;
		if (s->text && block)
			kb_buf_addc(s->text, para ? PARA_MARK : LINE_MARK);
		return;
	}
	s->ns = SAN_HTML;
	s->html_ok = 0;
	san_children(s, n, depth + 1);
	s->ns = saved_ns;
	s->html_ok = saved_html;
	kb_buf_addstr(&s->out, "</");
	kb_buf_addstr(&s->out, name);
	kb_buf_addc(&s->out, '>');
	if (s->text) {
		if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0)
			kb_buf_addc(s->text, ' ');
		else if (block)
			kb_buf_addc(s->text, para ? PARA_MARK : LINE_MARK);
	}
}

static void
san_node(struct san *s, xmlNodePtr n, int depth)
{
	switch (n->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (n->content) {
			put_escaped(&s->out, (const char *)n->content, 0);
			if (s->text)
				kb_buf_addstr(s->text, (const char *)n->content);
		}
		if (!s->unstable)
			check_text(s, n);
		break;
	case XML_ELEMENT_NODE:
		if (depth > SAN_MAX_DEPTH) {
			/* Too deep to rebuild: keep the words. */
			xmlChar *t = xmlNodeGetContent(n);

			if (t)
				put_escaped(&s->out, (const char *)t, 0);
			xmlFree(t);
			s->unstable = 1;
			break;
		}
		san_element(s, n, depth);
		break;
	default:
		/* comments, processing instructions, DTD nodes */
		s->unstable = 1;
		break;
	}
}

static void
san_children(struct san *s, xmlNodePtr n, int depth)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next)
		san_node(s, c, depth);
}

/* Walk the parsed fragment: the children of the wrapper div, then anything
 * the fragment pushed out of it. */
static void
walk_fragment(xmlDocPtr doc, void (*children)(void *, xmlNodePtr), void (*node)(void *, xmlNodePtr), void *ud)
{
	xmlNodePtr c;
	int first = 1;

	for (c = doc->children; c; c = c->next) {
		if (first && c->type == XML_ELEMENT_NODE && c->name && strcmp((const char *)c->name, "div") == 0) {
			children(ud, c);
			first = 0;
			continue;
		}
		if (c->type == XML_ELEMENT_NODE)
			first = 0;
		node(ud, c);
	}
}

static void
san_children_cb(void *ud, xmlNodePtr n)
{
	san_children(ud, n, 0);
}

static void
san_node_cb(void *ud, xmlNodePtr n)
{
	struct san *s = ud;

	/* The parser's DTD node is always there and writes nothing. */
	if (n->type == XML_DTD_NODE)
		return;
	/* Outside the wrapper: parsed again, it lands inside. */
	s->unstable = 1;
	san_node(s, n, 0);
}

/* Sanitize a parsed fragment. text: see struct san. *unstable: whether
 * the output must be parsed again to know it is stable. New string. */
static char *
sanitize_doc(xmlDocPtr doc, const char *base, struct kb_buf *text, int *unstable)
{
	struct san s;

	kb_buf_init(&s.out, SAN_MAX_OUT);
	s.base = base;
	s.unstable = 0;
	s.text = text;
	s.ns = SAN_HTML;
	s.html_ok = 0;
	if (doc)
		walk_fragment(doc, san_children_cb, san_node_cb, &s);
	if (unstable)
		*unstable = s.unstable;
	return kb_buf_detach(&s.out, NULL);
}

static char *doc_text(xmlDocPtr doc);
static char *tidy(const char *s);

char *
kb_sanitize_html_text(const char *html, size_t len, const char *base, char **text)
{
	struct kb_buf t;
	xmlDocPtr doc;
	char *ret, *again;
	int pass, unstable = 0, prefixed = 0;

	if (text)
		*text = NULL;
	if (!html || len == 0) {
		if (text)
			*text = kb_strdup("");
		return kb_strdup("");
	}
	kb_buf_init(&t, SAN_MAX_OUT);
	doc = parse_fragment(html, len, &prefixed);
	ret = sanitize_doc(doc, base, text ? &t : NULL, &unstable);
	if (prefixed)
		unstable = 1;
	xmlFreeDoc(doc);
	if (!ret[0]) {
		if (text)
			*text = kb_strdup("");
		goto out;
	}
	/* An add to the output that failed for its size (anything added
	 * comes from the input or the base, escaping or resolving at most
	 * triples it) cut the output short. */
	if (len > SAN_MAX_OUT || (base && strlen(base) > SAN_MAX_OUT) ||
	    strlen(ret) + 3 * (len + (base ? strlen(base) : 0)) + 64 > SAN_MAX_OUT)
		unstable = 1;
	if (!unstable) {
		/* Nothing was unwrapped, dropped or rewritten in a way that a
		 * parser reads differently: the output parses back to the tree
		 * walked, so it is stable, and its text is the one collected. */
		if (text)
			*text = tidy(kb_buf_str(&t));
		goto out;
	}
	/* Unwrapping a dropped element can leave its content where HTML does
	 * not allow it (a div inside a p); parsed again, such markup is
	 * restructured. Sanitize until the output is stable, so that what is
	 * stored parses back to itself. */
	for (pass = 0; pass < 3 && ret[0]; pass++) {
		doc = parse_fragment(ret, strlen(ret), NULL);
		again = sanitize_doc(doc, base, NULL, NULL);
		if (strcmp(again, ret) == 0) {
			/* The same parse kb_html_to_text(ret) makes. */
			if (text)
				*text = doc_text(doc);
			xmlFreeDoc(doc);
			free(again);
			break;
		}
		xmlFreeDoc(doc);
		free(ret);
		ret = again;
	}
	if (text && !*text)
		*text = kb_html_to_text(ret, strlen(ret));
out:
	kb_buf_free(&t);
	return ret;
}

char *
kb_sanitize_html(const char *html, size_t len, const char *base)
{
	return kb_sanitize_html_text(html, len, base, NULL);
}

/* --- text --- */

struct text {
	struct kb_buf out;
};

static void
text_node(struct text *t, xmlNodePtr n, int depth)
{
	xmlNodePtr c;
	const char *name;
	int block, para;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content)
			kb_buf_addstr(&t->out, (const char *)n->content);
		return;
	}
	if (n->type != XML_ELEMENT_NODE || !n->name)
		return;
	name = (const char *)n->name;
	if (in_list(dropped_elems, name) || in_list(no_text_elems, name))
		return;
	if (kb_strcasecmp(name, "br") == 0) {
		kb_buf_addc(&t->out, LINE_MARK);
		return;
	}
	if (kb_strcasecmp(name, "img") == 0) {
		xmlChar *alt = xmlGetProp(n, (const xmlChar *)"alt");

		if (alt && *alt) {
			kb_buf_addc(&t->out, ' ');
			kb_buf_addstr(&t->out, (const char *)alt);
			kb_buf_addc(&t->out, ' ');
		}
		xmlFree(alt);
		return;
	}
	para = in_list(para_elems, name);
	block = para || in_list(block_elems, name);
	if (block)
		kb_buf_addc(&t->out, para ? PARA_MARK : LINE_MARK);
	if (depth > SAN_MAX_DEPTH) {
		xmlChar *s = xmlNodeGetContent(n);

		if (s)
			kb_buf_addstr(&t->out, (const char *)s);
		xmlFree(s);
	} else {
		for (c = n->children; c; c = c->next)
			text_node(t, c, depth + 1);
	}
	if (kb_strcasecmp(name, "td") == 0 || kb_strcasecmp(name, "th") == 0)
		kb_buf_addc(&t->out, ' ');
	else if (block)
		kb_buf_addc(&t->out, para ? PARA_MARK : LINE_MARK);
}

static void
text_children_cb(void *ud, xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next)
		text_node(ud, c, 0);
}

static void
text_node_cb(void *ud, xmlNodePtr n)
{
	text_node(ud, n, 0);
}

/* Collapse whitespace: runs of whitespace become one space, line marks become
 * one line break (or one blank line for a paragraph mark), no space at
 * either end of a line, none at either end of the text. U+00A0 counts as
 * a space. */
static char *
tidy(const char *s)
{
	struct kb_buf b;
	int pending = 0; /* 0 nothing, 1 space, 2 line, 3 paragraph */
	const unsigned char *p = (const unsigned char *)s, *run;

	kb_buf_init(&b, SAN_MAX_OUT);
	while (*p) {
		int ws = 0;

		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\f' || *p == '\v') {
			ws = 1;
			p++;
		} else if (*p == 0xc2 && p[1] == 0xa0) {
			ws = 1;
			p += 2;
		} else if (*p == LINE_MARK) {
			ws = 2;
			p++;
		} else if (*p == PARA_MARK) {
			ws = 3;
			p++;
		}
		if (ws) {
			if (ws > pending)
				pending = ws;
			continue;
		}
		if (b.len > 0 && pending == 1)
			kb_buf_addc(&b, ' ');
		else if (b.len > 0 && pending == 2)
			kb_buf_addc(&b, '\n');
		else if (b.len > 0 && pending == 3)
			kb_buf_addstr(&b, "\n\n");
		pending = 0;
		/* The run up to the next blank or mark, added at once. */
		run = p + 1;
		while (*run && *run != ' ' && *run != '\t' && *run != '\r' && *run != '\n' && *run != '\f' &&
		       *run != '\v' && !(*run == 0xc2 && run[1] == 0xa0) && *run != LINE_MARK && *run != PARA_MARK)
			run++;
		kb_buf_add(&b, p, (size_t)(run - p));
		p = run;
	}
	return kb_buf_detach(&b, NULL);
}

/* The text of a parsed fragment, as kb_html_to_text gives it. New
 * string. */
static char *
doc_text(xmlDocPtr doc)
{
	struct text t;
	char *ret;

	kb_buf_init(&t.out, SAN_MAX_OUT);
	if (doc)
		walk_fragment(doc, text_children_cb, text_node_cb, &t);
	ret = tidy(kb_buf_str(&t.out));
	kb_buf_free(&t.out);
	return ret;
}

char *
kb_html_to_text(const char *html, size_t len)
{
	xmlDocPtr doc;
	char *ret;

	if (!html || len == 0)
		return kb_strdup("");
	doc = parse_fragment(html, len, NULL);
	ret = doc_text(doc);
	xmlFreeDoc(doc);
	/* A character reference can name a noncharacter (&#1114110;) that
	 * libxml2 decodes as it is: the text is always valid UTF-8. */
	if (!kb_utf8_valid(ret, strlen(ret))) {
		char *clean = kb_utf8_clean(ret, strlen(ret));

		free(ret);
		ret = clean;
	}
	return ret;
}
