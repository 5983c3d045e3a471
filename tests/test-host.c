/* test-host.c: the host function table (host.c) and the sanitizer
 * (sanitize.c), called directly with a context set up here: parsing with
 * hostile and badly encoded input, XPath and JSON access, what emit,
 * follow and feed put on the wire, config lookup, and XSS vectors. */
#include <iconv.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "config.h"
#include "host.h"
#include "item.h"
#include "sanitize.h"
#include "util.h"
#include "tap.h"

#include <libxml/parser.h>
#include <zlib.h>

#define MAX_LOG_TEST_LEN 8191

static const struct kabar_host *H = &kb_host_table;

/* --- a context over a canned response --- */

struct fixture {
	struct kabar_response resp;
	struct kb_header hdr[2];
	struct kb_buf out;
	struct kabar_ctx ctx;
};

static void
fx_init(struct fixture *fx, const char *url, const char *ctype, const void *body, size_t len)
{
	memset(fx, 0, sizeof(*fx));
	fx->resp.url = (char *)(uintptr_t)url;
	fx->resp.status = 200;
	fx->hdr[0].name = (char *)(uintptr_t) "Content-Type";
	fx->hdr[0].value = (char *)(uintptr_t)ctype;
	fx->resp.headers = fx->hdr;
	fx->resp.n_headers = ctype ? 1 : 0;
	fx->resp.body = (char *)(uintptr_t)body;
	fx->resp.len = len;
	kb_buf_init(&fx->out, 64 * 1024 * 1024);
	kb_ctx_init(&fx->ctx, NULL, NULL, &fx->resp, &fx->out);
}

static void
fx_free(struct fixture *fx)
{
	kb_ctx_release(&fx->ctx);
	kb_buf_free(&fx->out);
}

/* What a callback wrote: counts, and the last item, follow, feed and
 * warning (owned by the summary). */
struct seen {
	int items, partials, follows, feeds, logs, warnings, bad;
	struct kb_item item;
	struct kb_request req;
	struct kb_feedinfo feed;
	char *last_log;
	char *first_warning;
};

static void
seen_free(struct seen *s)
{
	kb_item_free(&s->item);
	kb_request_free(&s->req);
	kb_feedinfo_free(&s->feed);
	free(s->last_log);
	free(s->first_warning);
	memset(s, 0, sizeof(*s));
}

static void
read_out(const struct kb_buf *out, struct seen *s)
{
	struct kb_wire_reader r = { (const unsigned char *)out->data, out->len }, pl;
	int type;

	memset(s, 0, sizeof(*s));
	while (kb_wire_next(&r, &type, &pl) == 1) {
		if (type == KB_MSG_ITEM || type == KB_MSG_PARTIAL) {
			kb_item_free(&s->item);
			if (kb_wire_get_item(&pl, &s->item) != 0)
				s->bad++;
			if (type == KB_MSG_ITEM)
				s->items++;
			else
				s->partials++;
		} else if (type == KB_MSG_FOLLOW) {
			kb_request_free(&s->req);
			if (kb_wire_get_request(&pl, &s->req) != 0)
				s->bad++;
			s->follows++;
		} else if (type == KB_MSG_FEED) {
			kb_feedinfo_free(&s->feed);
			if (kb_wire_get_feed(&pl, &s->feed) != 0)
				s->bad++;
			s->feeds++;
		} else if (type == KB_MSG_LOG) {
			int level;
			char *msg = NULL;

			if (kb_wire_get_log(&pl, &level, &msg) != 0) {
				s->bad++;
				free(msg);
				continue;
			}
			s->logs++;
			if (level == KABAR_LOG_WARNING) {
				s->warnings++;
				if (!s->first_warning)
					s->first_warning = kb_strdup(msg);
			}
			free(s->last_log);
			s->last_log = msg;
		} else {
			s->bad++;
		}
	}
}

static int
contains(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

/* --- sanitizer --- */

static void
san_is(const char *in, const char *base, const char *want, const char *what)
{
	char *got = kb_sanitize_html(in, strlen(in), base);

	is_str(got, want, "sanitize: %s", what);
	free(got);
}

/* The result must not contain any of the danger words (case-insensitive). */
static void
san_safe(const char *in, const char *what)
{
	static const char *const bad[] = {
		"<script", "javascript:",   "onerror",	      "onload",	     "onclick",		"onmouseover",
		"<iframe", "<style",	    "<object",	      "<embed",	     "<meta",		"<base",
		"<link",   "<form",	    "vbscript",	      "expression(", "data:text",	"style=",
		"srcdoc",  "formaction",    "onfocus",	      "<frame",	     "<applet",		"<animate",
		"<set",	   "<use",	    "<foreignobject", "<mglyph",     "<annotation-xml", "url(",
		"<image",  "attributename", "<maction",	      NULL
	};
	char *got = kb_sanitize_html(in, strlen(in), "https://example.org/dir/page.html");
	char *low = kb_strdup(got);
	size_t i;
	const char *hit = NULL;

	for (i = 0; low[i]; i++)
		if (low[i] >= 'A' && low[i] <= 'Z')
			low[i] = (char)(low[i] + 32);
	for (i = 0; bad[i] && !hit; i++)
		if (strstr(low, bad[i]))
			hit = bad[i];
	ok(hit == NULL, "xss: %s%s%s", what, hit ? " leaked " : "", hit ? hit : "");
	if (hit)
		diag("  output: %s", got);
	free(low);
	free(got);
}

static void
test_sanitize(void)
{
	const char *base = "https://example.org/dir/page.html";

	san_is("", base, "", "empty input");
	san_is("<p>Hello <b>world</b></p>", base, "<p>Hello <b>world</b></p>", "plain markup kept");
	san_is("<script>alert(1)</script><p>x</p>", base, "<p>x</p>", "script dropped with content");
	san_is("<a href=\"/a?b=1&amp;c=2\" onclick=\"x()\">l</a>", base,
	       "<a href=\"https://example.org/a?b=1&amp;c=2\">l</a>",
	       "relative href made absolute, onclick dropped, rel added");
	san_is("<a href=\"javascript:alert(1)\">x</a>", base, "<a>x</a>", "javascript: href removed");
	san_is("<a href=\"jav&#x09;ascript:alert(1)\">x</a>", base, "<a>x</a>", "tab-obfuscated javascript: removed");
	san_is("<a href=\" &#14;  JaVaScRiPt:alert(1)\">x</a>", base, "<a>x</a>",
	       "space/control/case-obfuscated javascript: removed");
	san_is("<a href=\"mailto:redaksi@example.org\">m</a>", base, "<a href=\"mailto:redaksi@example.org\">m</a>",
	       "mailto kept");
	san_is("<img src=\"mailto:x@y\" alt=\"a\">", base, "<img alt=\"a\" />", "mailto not an image");
	san_is("<img src=\"pic.jpg\" alt=\"Foto &quot;1&quot;\" width=\"640\" height=\"50%\" style=\"x\">", base,
	       "<img alt=\"Foto &quot;1&quot;\" height=\"50%\" src=\"https://example.org/dir/pic.jpg\" width=\"640\" />",
	       "img attributes, quote escaped, style dropped");
	san_is("<img src=\"data:image/png;base64,iVBORw0KGgo=\">", base,
	       "<img src=\"data:image/png;base64,iVBORw0KGgo=\" />", "data: png image kept");
	san_is("<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">", base, "<img />", "data: svg refused");
	san_is("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>", base, "<a>x</a>", "data: href refused");
	san_is("<div class=\"c\" id=\"i\" style=\"color:red\" lang=\"id\" dir=\"ltr\" title=\"t\">x</div>", base,
	       "<div dir=\"ltr\" lang=\"id\" title=\"t\">x</div>", "global attributes filtered, sorted");
	san_is("<font color=red><center>x</center></font>", base, "x", "unknown elements unwrapped");
	san_is("a < b & c > d", base, "a &lt; b &amp; c &gt; d", "text escaped");
	san_is("<p>caf&eacute; &amp; &#8212;</p>", base, "<p>caf\xc3\xa9 &amp; \xe2\x80\x94</p>",
	       "entities decoded, & re-escaped");
	san_is("x<br>y<hr/>z", base, "x<br />y<hr />z", "void elements in their XML-compatible form");
	san_is("<table><tr><td colspan=\"2\" onclick=\"x\">c</td></tr></table>", base,
	       "<table><tr><td colspan=\"2\">c</td></tr></table>", "table cells");
	san_is("<blockquote cite=\"/src\">q</blockquote>", base,
	       "<blockquote cite=\"https://example.org/src\">q</blockquote>", "cite resolved");
	san_is("<time datetime=\"2024-07-12\">12 Juli</time>", base, "<time datetime=\"2024-07-12\">12 Juli</time>",
	       "time datetime kept");
	san_is("<!-- <script>alert(1)</script> --><p>c</p>", base, "<p>c</p>", "comments dropped");
	san_is("<form action=\"/x\"><input name=q><button>go</button>text</form>after", base, "textafter",
	       "form unwrapped, its controls dropped");
	san_is("a<iframe src=\"https://t.example/\">fallback</iframe> <embed src=\"x.swf\"> b", base, "afallback  b",
	       "iframe and embed removed, text kept");
	san_is("</div><script>alert(1)</script><p>out</p>", base, "<p>out</p>",
	       "closing the wrapper does not escape the sanitizer");
	san_is("<a href=\"x\">l</a>", NULL, "<a href=\"x\">l</a>", "relative href kept without a base");
	san_is("<video src=\"javascript:x\" poster=\"/p.jpg\" controls onplay=\"x\"><source src=\"/v.mp4\" type=\"video/mp4\"></video>",
	       base,
	       "<video controls=\"controls\" poster=\"https://example.org/p.jpg\"><source src=\"https://example.org/v.mp4\" type=\"video/mp4\" /></video>",
	       "media src checked");
	san_is("<svg version=\"1.1\" viewBox=\"0 0 10 10\"><circle cx=\"5\" cy=\"5\" r=\"4\" fill=\"#f00\"/></svg>",
	       base,
	       "<svg version=\"1.1\" viewBox=\"0 0 10 10\" xmlns=\"http://www.w3.org/2000/svg\"><circle cx=\"5\" cy=\"5\" "
	       "fill=\"#f00\" r=\"4\"></circle></svg>",
	       "svg: shapes kept, names in their SVG spelling, attributes sorted");
	san_is("<svg><a xlink:href=\"/p\"><text x=\"1\">t</text></a><p>out</p></svg>", base,
	       "<svg xmlns=\"http://www.w3.org/2000/svg\"><a xlink:href=\"https://example.org/p\" "
	       "xmlns:xlink=\"http://www.w3.org/1999/xlink\"><text x=\"1\">t</text></a>out</svg>",
	       "svg: link resolved, HTML unwrapped");
	san_is("<svg><rect fill=\"url(https://t.example/x)\" width=\"calc(1px)\" transform=\"rotate(45)\"/></svg>",
	       base,
	       "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect transform=\"rotate(45)\" width=\"calc(1px)\"></rect></svg>",
	       "svg: url() values dropped");
	san_is("<math><mfrac><mi>a</mi><mn>2</mn></mfrac></math>", base,
	       "<math xmlns=\"http://www.w3.org/1998/Math/MathML\"><mfrac><mi>a</mi><mn>2</mn></mfrac></math>",
	       "mathml kept");
	san_is("<p>bad \xff\xfe utf-8</p>", base, "<p>bad \xef\xbf\xbd\xef\xbf\xbd utf-8</p>",
	       "invalid UTF-8 repaired");

	/* OWASP XSS filter evasion cheat sheet style vectors. */
	san_safe("<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>", "script src");
	san_safe("<IMG SRC=\"javascript:alert('XSS');\">", "img javascript");
	san_safe("<IMG SRC=javascript:alert('XSS')>", "img javascript unquoted");
	san_safe("<IMG SRC=JaVaScRiPt:alert('XSS')>", "img javascript case");
	san_safe("<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>", "grave accents");
	san_safe("<a onmouseover=\"alert(document.cookie)\">xxs link</a>", "onmouseover");
	san_safe("<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>", "malformed img");
	san_safe("<IMG SRC=# onmouseover=\"alert('xxs')\">", "img onmouseover");
	san_safe("<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>", "onerror");
	san_safe(
		"<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097\">",
		"onerror decimal entities");
	san_safe(
		"<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
		"decimal entity javascript");
	san_safe(
		"<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
		"hex entity javascript without semicolons");
	san_safe("<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">", "embedded newline");
	san_safe("<IMG SRC=\"jav&#x0D;ascript:alert('XSS');\">", "embedded carriage return");
	san_safe("<IMG SRC=\" &#14;  javascript:alert('XSS');\">", "leading control");
	san_safe("<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>", "script slash");
	san_safe("<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>", "body onload junk");
	san_safe("<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>", "extra open bracket");
	san_safe("<SCRIPT SRC=http://xss.rocks/xss.js?< B >", "no closing script");
	san_safe("<iframe src=http://xss.rocks/scriptlet.html <", "half open iframe");
	san_safe("</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>", "end title");
	san_safe("<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">", "input image");
	san_safe("<BODY BACKGROUND=\"javascript:alert('XSS')\">", "body background");
	san_safe("<svg/onload=alert('XSS')>", "svg onload");
	san_safe("<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>", "svg xlink javascript");
	san_safe("<svg><a href=\"javascript:alert(1)\"><text>x</text></a></svg>", "svg href javascript");
	san_safe("<svg><animate attributeName=\"href\" to=\"javascript:alert(1)\"/></svg>", "svg animate");
	san_safe("<svg><set attributeName=\"onmouseover\" to=\"alert(1)\"/></svg>", "svg set");
	san_safe("<svg><use href=\"data:image/svg+xml,&lt;svg id='x' onload='alert(1)'/&gt;#x\"/></svg>", "svg use");
	san_safe("<svg><foreignObject><iframe src=\"javascript:alert(1)\"></iframe></foreignObject></svg>",
		 "svg foreignObject");
	san_safe("<svg><script>alert(1)</script><style>@import 'x'</style></svg>", "svg script and style");
	san_safe("<svg><image href=\"https://t.example/x.png\"/><rect fill=\"url(https://t.example/#g)\"/></svg>",
		 "svg external references");
	san_safe("<svg><title><style><img src=x onerror=alert(1)></style></title></svg>", "svg title style");
	san_safe("<math><maction actiontype=\"statusline\" xlink:href=\"javascript:alert(1)\">x</maction></math>",
		 "mathml maction");
	san_safe("<math href=\"javascript:alert(1)\"><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
		 "mathml href");
	san_safe("<math><annotation-xml encoding=\"text/html\"><script>alert(1)</script></annotation-xml></math>",
		 "mathml annotation-xml");
	san_safe("<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">", "link stylesheet");
	san_safe("<STYLE>@import'http://xss.rocks/xss.css';</STYLE>", "style import");
	san_safe("<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">", "meta refresh");
	san_safe("<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>", "iframe");
	san_safe("<TABLE BACKGROUND=\"javascript:alert('XSS')\"><TD BACKGROUND=\"javascript:alert('XSS')\">",
		 "table background");
	san_safe("<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">", "div style");
	san_safe("<DIV STYLE=\"width: expression(alert('XSS'));\">", "style expression");
	san_safe("<BASE HREF=\"javascript:alert('XSS');//\">", "base href");
	san_safe("<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.rocks/scriptlet.html\"></OBJECT>", "object");
	san_safe(
		"<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv\" type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
		"embed svg");
	san_safe("<a href=\"vbscript:msgbox(1)\">v</a>", "vbscript");
	san_safe("<a href=\"javascript&colon;alert(1)\">c</a>", "html5 colon entity");
	san_safe("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "mutation xss");
	san_safe("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", "noscript mutation");
	san_safe("<form><button formaction=\"javascript:alert(1)\">x</button></form>", "formaction");
	san_safe("<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>", "srcdoc");
	san_safe("<a href=\"\\x01javascript:alert(1)\">x</a>", "literal escape text");
	san_safe("<scr<script>ipt>alert(1)</scr</script>ipt>", "split script tags");
	san_safe("<p onfocus=alert(1) autofocus tabindex=1>x</p>", "onfocus autofocus");
	san_safe("<img src=\"x\" alt=\"\" onerror=\"alert(1)\"//>", "trailing slashes");
	san_safe("<details open ontoggle=alert(1)>", "details ontoggle");
}

static void
test_html_to_text(void)
{
	char *t;

	t = kb_html_to_text("<p>Hello&nbsp;&amp; <b>world</b></p><p>Two\n\n  lines</p>",
			    strlen("<p>Hello&nbsp;&amp; <b>world</b></p><p>Two\n\n  lines</p>"));
	is_str(t, "Hello & world\n\nTwo lines", "text: paragraphs, entities, whitespace");
	free(t);
	t = kb_html_to_text("a<br>b<script>var x;</script><style>p{}</style> c",
			    strlen("a<br>b<script>var x;</script><style>p{}</style> c"));
	is_str(t, "a\nb c", "text: br and dropped script/style");
	free(t);
	t = kb_html_to_text("<ul><li>satu</li><li>dua</li></ul>caf&eacute;",
			    strlen("<ul><li>satu</li><li>dua</li></ul>caf&eacute;"));
	is_str(t, "satu\ndua\ncaf\xc3\xa9", "text: list items and named entity");
	free(t);
	t = kb_html_to_text("   ", strlen("   "));
	is_str(t, "", "text: blank input");
	free(t);
	t = kb_html_to_text("Tom &amp; Jerry &lt;3", strlen("Tom &amp; Jerry &lt;3"));
	is_str(t, "Tom & Jerry <3", "text: no tags at all");
	free(t);
	t = kb_html_to_text("don&#146;t &#x93;q&#x94; &#128 &#129;.", strlen("don&#146;t &#x93;q&#x94; &#128 &#129;."));
	is_str(t, "don\xe2\x80\x99t \xe2\x80\x9cq\xe2\x80\x9d \xe2\x82\xac .",
	       "text: &#128;..&#159; read as windows-1252, as HTML does");
	free(t);
	t = kb_sanitize_html("<p title=\"&#150;\">a&#151;b</p>", strlen("<p title=\"&#150;\">a&#151;b</p>"), NULL);
	ok(contains(t, "a\xe2\x80\x94"
		       "b"),
	   "sanitize: &#151; is an em dash (%s)", t);
	free(t);
}

/* --- config and log --- */

static void
test_config_and_log(void)
{
	static const struct kabar_option opts[] = {
		KABAR_OPTION("item_xpath", KABAR_OPT_XPATH, 0, "//item", "items"),
		KABAR_OPTION("limit", KABAR_OPT_INT, 0, "10", "max"),
		KABAR_OPTION("nodefault", KABAR_OPT_STRING, 0, NULL, "none"),
		KABAR_OPTION_END,
	};
	struct kb_kv kv[2];
	struct kb_source src;
	struct fixture fx;
	struct seen s;
	char big[10000];

	memset(&src, 0, sizeof(src));
	src.name = (char *)(uintptr_t) "jatim";
	src.url = (char *)(uintptr_t) "https://jatim.example/rss.xml";
	src.region = (char *)(uintptr_t) "35";
	src.timezone = (char *)(uintptr_t) "Asia/Jakarta";
	kv[0].key = (char *)(uintptr_t) "limit";
	kv[0].value = (char *)(uintptr_t) "25";
	kv[1].key = (char *)(uintptr_t) "url";
	kv[1].value = (char *)(uintptr_t) "https://jatim.example/rss.xml";
	src.kv = kv;
	src.n_kv = 2;
	fx_init(&fx, "https://jatim.example/final.xml", NULL, "", 0);
	kb_ctx_init(&fx.ctx, &src, opts, &fx.resp, &fx.out);
	is_str(H->config(&fx.ctx, "limit"), "25", "config: source value");
	is_str(H->config(&fx.ctx, "item_xpath"), "//item", "config: declared default");
	ok(H->config(&fx.ctx, "nodefault") == NULL, "config: no value, no default");
	ok(H->config(&fx.ctx, "unknown") == NULL, "config: unknown key");
	is_str(H->config(&fx.ctx, "url"), "https://jatim.example/rss.xml", "config: core url");
	is_str(H->config(&fx.ctx, "name"), "jatim", "config: core name");
	is_str(H->config(&fx.ctx, "region"), "35", "config: core region");
	is_str(H->config(&fx.ctx, "timezone"), "Asia/Jakarta", "config: core timezone");
	kb_ctx_release(&fx.ctx);
	kb_ctx_init(&fx.ctx, NULL, opts, &fx.resp, &fx.out);
	is_str(H->config(&fx.ctx, "limit"), "10", "config without source: default");
	is_str(H->config(&fx.ctx, "url"), "https://jatim.example/final.xml",
	       "config without source: url is the response's");

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	H->log(&fx.ctx, KABAR_LOG_WARNING, "bad date %s in item %d", "\xff\xfe", 3);
	H->log(&fx.ctx, KABAR_LOG_INFO, "%s", big);
	read_out(&fx.out, &s);
	is_int(s.logs, 2, "log: two messages");
	is_int(s.warnings, 1, "log: one warning");
	is_str(s.first_warning, "bad date \xef\xbf\xbd\xef\xbf\xbd in item 3", "log: formatted, utf-8 repaired");
	ok(s.last_log && strlen(s.last_log) == MAX_LOG_TEST_LEN, "log: long message cut to 8 KiB - 1 (%zu)",
	   s.last_log ? strlen(s.last_log) : 0);
	seen_free(&s);

	/* Response accessors. */
	{
		char *meta[4] = { (char *)(uintptr_t) "cat", (char *)(uintptr_t) "ekonomi", (char *)(uintptr_t) "page",
				  (char *)(uintptr_t) "2" };
		size_t len = 99;

		fx.resp.tag = (char *)(uintptr_t) "article";
		fx.resp.meta = meta;
		fx.resp.n_meta = 2;
		fx.hdr[0].name = (char *)(uintptr_t) "ETag";
		fx.hdr[0].value = (char *)(uintptr_t) "\"v1\"";
		fx.resp.n_headers = 1;
		is_str(H->response_header(&fx.resp, "etag"), "\"v1\"", "response: header case-insensitive");
		ok(H->response_header(&fx.resp, "X-None") == NULL, "response: absent header");
		is_str(H->response_tag(&fx.resp), "article", "response: tag");
		is_str(H->response_meta(&fx.resp, "page"), "2", "response: meta");
		ok(H->response_meta(&fx.resp, "nope") == NULL, "response: absent meta");
		ok(H->response_body(&fx.resp, &len) != NULL && len == 0, "response: body and length");
		is_int(H->response_status(&fx.resp), 200, "response: status");
		is_str(H->response_url(&fx.resp), "https://jatim.example/final.xml", "response: url");
	}
	fx_free(&fx);
}

/* --- XML --- */

static const char *
text_at(struct fixture *fx, struct kabar_doc *d, const char *expr)
{
	return H->xpath_string(&fx->ctx, d, NULL, expr);
}

static void
test_xml_entities_and_charsets(void)
{
	struct fixture fx;
	struct kabar_doc *d;
	struct seen s;
	const char *t;
	static const char ent[] = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>"
				  "<title>Caf&eacute;&nbsp;Kopi &amp; Teh &hellip; AT&T &unknown; &#146;</title>"
				  "<description><![CDATA[<p>&nbsp;raw</p>]]></description>"
				  "<item><title>&#x1F600; &#0; &#xD800;</title></item></channel></rss>";
	static const char latin[] =
		"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>Caf\xe9 \x93q\x94</title></channel></rss>";
	static const char lying[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss><channel><title>Caf\xe9</title></channel></rss>";
	static const char mostly_utf8[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss><channel><title>Caf\xc3\xa9 \xe2\x80\x94 ok \xff</title></channel></rss>";
	static const char bom_mixed[] = "\xef\xbb\xbf<rss><channel><title>\xd1\xa8 Espa\xf1"
					"a</title></channel></rss>";
	static const char utf8_served_latin1[] =
		"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><channel><title>Caf\xc3\xa9</title></channel></rss>";

	fx_init(&fx, "https://example.org/feed", "application/rss+xml", ent, sizeof(ent) - 1);
	d = H->parse_xml(&fx.ctx, &fx.resp);
	ok(d != NULL, "xml: html entities in xml parse");
	t = text_at(&fx, d, "/rss/channel/title");
	is_str(t, "Caf\xc3\xa9\xc2\xa0Kopi & Teh \xe2\x80\xa6 AT&T &unknown; \xe2\x80\x99",
	       "xml: &eacute; &nbsp; &hellip; decoded, stray & and unknown entity kept as text, &#146; as cp1252");
	is_str(text_at(&fx, d, "/rss/channel/description"), "<p>&nbsp;raw</p>", "xml: CDATA untouched");
	is_str(text_at(&fx, d, "//item/title"), "\xf0\x9f\x98\x80 \xef\xbf\xbd \xef\xbf\xbd",
	       "xml: astral char kept, invalid character references become U+FFFD");
	read_out(&fx.out, &s);
	is_int(s.warnings, 1, "xml: entity pre-pass leaves no parse error, one warning for the repairs");
	ok(contains(s.first_warning, "3 undefined entities") && contains(s.first_warning, "2 unescaped '&'") &&
		   contains(s.first_warning, "2 references to invalid characters"),
	   "xml: the warning counts what was repaired (%s)", s.first_warning ? s.first_warning : "none");
	seen_free(&s);
	fx_free(&fx);

	fx_init(&fx, "https://example.org/feed", "text/xml", latin, sizeof(latin) - 1);
	d = H->parse_xml(&fx.ctx, &fx.resp);
	is_str(d ? text_at(&fx, d, "//title") : NULL, "Caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d",
	       "xml: ISO-8859-1 declaration read as windows-1252");
	fx_free(&fx);

	fx_init(&fx, "https://example.org/feed", "text/xml", lying, sizeof(lying) - 1);
	d = H->parse_xml(&fx.ctx, &fx.resp);
	is_str(d ? text_at(&fx, d, "//title") : NULL, "Caf\xc3\xa9",
	       "xml: declared UTF-8 that is not falls back to windows-1252");
	read_out(&fx.out, &s);
	ok(contains(s.first_warning, "cannot decode body as UTF-8"), "xml: and says so (%s)",
	   s.first_warning ? s.first_warning : "none");
	seen_free(&s);
	fx_free(&fx);

	fx_init(&fx, "https://example.org/feed", "text/xml; charset=iso-8859-1", lying, sizeof(lying) - 1);
	d = H->parse_xml(&fx.ctx, &fx.resp);
	is_str(d ? text_at(&fx, d, "//title") : NULL, "Caf\xc3\xa9", "xml: http charset beats the declaration");
	read_out(&fx.out, &s);
	is_int(s.warnings, 0, "xml: no warning when the header is right");
	seen_free(&s);
	fx_free(&fx);

	fx_init(&fx, "https://example.org/feed", "text/xml; charset=\"ISO-8859-1\"", utf8_served_latin1,
		sizeof(utf8_served_latin1) - 1);
	d = H->parse_xml(&fx.ctx, &fx.resp);
	is_str(d ? text_at(&fx, d, "//title") : NULL, "Caf\xc3\xa9", "xml: valid UTF-8 served as latin-1 stays UTF-8");
	fx_free(&fx);

	fx_init(&fx, "https://example.org/feed", NULL, bom_mixed, sizeof(bom_mixed) - 1);
	d = H->parse_xml(&fx.ctx, &fx.resp);
	is_str(d ? text_at(&fx, d, "//title") : NULL,
	       "\xd1\xa8 Espa\xef\xbf\xbd"
	       "a",
	       "xml: UTF-8 by its BOM with a latin-1 byte is repaired");
	fx_free(&fx);

	fx_init(&fx, "https://example.org/feed", NULL, mostly_utf8, sizeof(mostly_utf8) - 1);
	d = H->parse_xml(&fx.ctx, &fx.resp);
	is_str(d ? text_at(&fx, d, "//title") : NULL, "Caf\xc3\xa9 \xe2\x80\x94 ok \xef\xbf\xbd",
	       "xml: mostly UTF-8 with one bad byte is repaired, not misread");
	fx_free(&fx);
}

/* s as UTF-16 (ASCII only), little or big endian, with or without BOM. */
static char *
utf16(const char *s, int le, int bom, size_t *len)
{
	size_t n = strlen(s), i, o = 0;
	char *b = kb_malloc(n * 2 + 4);

	if (bom) {
		b[o++] = (char)(le ? 0xff : 0xfe);
		b[o++] = (char)(le ? 0xfe : 0xff);
	}
	for (i = 0; i < n; i++) {
		b[o++] = le ? s[i] : 0;
		b[o++] = le ? 0 : s[i];
	}
	*len = o;
	return b;
}

static void
test_xml_utf16(void)
{
	struct fixture fx;
	struct kabar_doc *d;
	size_t len;
	char *b;
	const char *doc =
		"<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss><channel><title>Enam belas &amp; &eacute;</title></channel></rss>";

	b = utf16(doc, 1, 1, &len);
	fx_init(&fx, "https://example.org/f", "application/xml; charset=utf-8", b, len);
	d = H->parse_xml(&fx.ctx, &fx.resp);
	is_str(d ? text_at(&fx, d, "//title") : NULL, "Enam belas & \xc3\xa9",
	       "xml: UTF-16LE with BOM (BOM beats the http charset)");
	fx_free(&fx);
	fx_init(&fx, "https://example.org/f", NULL, b, len - 1);
	d = H->parse_xml(&fx.ctx, &fx.resp);
	ok(d != NULL && contains(text_at(&fx, d, "//title"), "Enam belas"),
	   "xml: UTF-16 cut in the middle of a character still parses");
	fx_free(&fx);
	free(b);
	b = utf16(doc, 0, 0, &len);
	fx_init(&fx, "https://example.org/f", NULL, b, len);
	d = H->parse_xml(&fx.ctx, &fx.resp);
	is_str(d ? text_at(&fx, d, "//title") : NULL, "Enam belas & \xc3\xa9", "xml: UTF-16BE without BOM");
	fx_free(&fx);
	free(b);
}

/* utf8 converted to charset cs with iconv (a test helper: the bytes a
 * server would send). New, *len set. */
static char *
encode_as(const char *utf8, const char *cs, size_t *len)
{
	iconv_t cd = iconv_open(cs, "UTF-8");
	size_t n = strlen(utf8), cap = n * 4 + 8, il = n, ol = cap;
	char *out = kb_malloc(cap), *ip = (char *)(uintptr_t)utf8, *op = out;

	if (cd == (iconv_t)-1 || iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
		diag("cannot encode test document as %s", cs);
		op = out;
	}
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	*len = (size_t)(op - out);
	return out;
}

/* Parse body (served as ctype) and return the text at expr, kept in a
 * static buffer; *warnings and the first warning (in warn) filled in. */
static const char *
parse_text(const char *ctype, const char *body, size_t len, const char *expr, int *warnings, char *warn,
	   size_t warn_size)
{
	static char got[1024];
	struct fixture fx;
	struct kabar_doc *d;
	struct seen s;
	const char *t;

	fx_init(&fx, "https://example.org/f", ctype, body, len);
	d = H->parse_xml(&fx.ctx, &fx.resp);
	t = d ? text_at(&fx, d, expr) : NULL;
	snprintf(got, sizeof(got), "%s", t ? t : "(no document)");
	read_out(&fx.out, &s);
	*warnings = s.warnings;
	snprintf(warn, warn_size, "%s", s.first_warning ? s.first_warning : "");
	seen_free(&s);
	fx_free(&fx);
	return got;
}

#define RSS_TITLE(decl, title) decl "<rss version=\"2.0\"><channel><title>" title "</title></channel></rss>"

static void
test_xml_charset_fallbacks(void)
{
	char warn[512], *b;
	const char *t;
	int nw;
	size_t len;
	static const char utf16_ascii[] = RSS_TITLE("<?xml version=\"1.0\" encoding=\"UTF-16\"?>", "plain");
	static const char latin1_utf8[] = RSS_TITLE("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", "Caf\xc3\xa9");
	static const char sjis_bad[] = RSS_TITLE("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>",
						 "\x93\xfa\x81\x7f\x8c\xea\x93\xfa\x96\x7b\x8c\xea");
	static const char cp1252_undef[] =
		RSS_TITLE("<?xml version=\"1.0\" encoding=\"windows-1252\"?>", "a\x81z \x93q\x94 \x80");
	static const char gb2312[] = RSS_TITLE("<?xml version=\"1.0\" encoding=\"gb2312\"?>", "\xe9\x46");
	static const char euckr[] = RSS_TITLE("<?xml version=\"1.0\" encoding=\"EUC-KR\"?>", "\x8c\x63");
	static const char sjis_nec[] = RSS_TITLE("<?xml version=\"1.0\" encoding=\"shift_jis\"?>", "\x87\x40");
	static const char big5[] = RSS_TITLE("<?xml version=\"1.0\" encoding=\"big5\"?>", "\xa4\xa4\xa4\xe5");
	static const char koi8[] = RSS_TITLE("<?xml version=\"1.0\" encoding=\"KOI8-R\"?>", "\xf0\xd2\xc9");
	static const char greek[] = RSS_TITLE("<?xml version=\"1.0\" encoding=\"iso-8859-7\"?>", "\xe1\xe2");
	static const char unknown[] =
		RSS_TITLE("<?xml version=\"1.0\" encoding=\"x-no-such-charset\"?>", "Caf\xc3\xa9");
	static const char latin_decl[] = RSS_TITLE("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>", "Caf\xe9");
	static const char c1[] = RSS_TITLE("<?xml version=\"1.0\"?>", "don\xc2\x92t");
	static const char no_decl_bad[] = RSS_TITLE("", "Caf\xc3\xa9 \xe2\x80\x94 na\xc3\xafve \xff ok");
	static const char double_utf8[] =
		"<rss><channel><title>Caf\xc3\x83\xc2\xa9 &#226;&#128;&#166;</title>"
		"<description>\xc3\x89sta \xc2\xab\xc3\x87\xc2\xbb</description></channel></rss>";

	t = parse_text(NULL, utf16_ascii, sizeof(utf16_ascii) - 1, "//title", &nw, warn, sizeof(warn));
	is_str(t, "plain", "charset: UTF-16 declared on an ASCII body is ignored, the feed kept");
	ok(nw == 1 && contains(warn, "UTF-16") && contains(warn, "not in that encoding"),
	   "charset: and the wrong declaration is noted once (%s)", warn);

	b = encode_as(RSS_TITLE("\n<?xml version=\"1.0\"?>", "Caf\xc3\xa9 \xe2\x82\xac"), "UTF-16LE", &len);
	t = parse_text("application/xml", b, len, "//title", &nw, warn, sizeof(warn));
	is_str(t, "Caf\xc3\xa9 \xe2\x82\xac", "charset: UTF-16LE without BOM starting with white space");
	free(b);
	b = encode_as(RSS_TITLE("<?xml version=\"1.0\" encoding=\"UTF-32\"?>", "Caf\xc3\xa9 \xf0\x9f\x98\x80"),
		      "UTF-32BE", &len);
	t = parse_text(NULL, b, len, "//title", &nw, warn, sizeof(warn));
	is_str(t, "Caf\xc3\xa9 \xf0\x9f\x98\x80", "charset: UTF-32BE without BOM");
	free(b);
	b = encode_as("\xef\xbb\xbf" RSS_TITLE("<?xml version=\"1.0\"?>", "Caf\xc3\xa9"), "UTF-32LE", &len);
	t = parse_text("text/xml; charset=iso-8859-1", b, len, "//title", &nw, warn, sizeof(warn));
	is_str(t, "Caf\xc3\xa9", "charset: UTF-32LE BOM beats the http charset");
	is_int(nw, 0, "charset: without a warning");
	free(b);

	t = parse_text(NULL, latin1_utf8, sizeof(latin1_utf8) - 1, "//title", &nw, warn, sizeof(warn));
	is_str(t, "Caf\xc3\xa9", "charset: valid UTF-8 declared as ISO-8859-1 is read as UTF-8");
	ok(nw == 1 && contains(warn, "is UTF-8"), "charset: and the wrong declaration is noted (%s)", warn);

	t = parse_text(NULL, sjis_bad, sizeof(sjis_bad) - 1, "//title", &nw, warn, sizeof(warn));
	is_str(t, "\xe6\x97\xa5\xef\xbf\xbd\xe8\xaa\x9e\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
	       "charset: one bad sequence in Shift_JIS becomes U+FFFD, the rest is read");
	ok(nw == 1 && contains(warn, "1 invalid byte sequence"), "charset: noted once (%s)", warn);

	t = parse_text(NULL, cp1252_undef, sizeof(cp1252_undef) - 1, "//title", &nw, warn, sizeof(warn));
	is_str(t, "az \xe2\x80\x9cq\xe2\x80\x9d \xe2\x82\xac",
	       "charset: windows-1252 with an undefined byte keeps its quotes");
	is_int(nw, 0, "charset: windows-1252 needs no warning");

	t = parse_text(NULL, gb2312, sizeof(gb2312) - 1, "//title", &nw, warn, sizeof(warn));
	is_str(t, "\xe9\x95\x95", "charset: GB2312 read as GB18030 (GBK characters)");
	t = parse_text(NULL, euckr, sizeof(euckr) - 1, "//title", &nw, warn, sizeof(warn));
	is_str(t, "\xeb\x98\xa0", "charset: EUC-KR read as CP949 (UHC syllables)");
	t = parse_text(NULL, sjis_nec, sizeof(sjis_nec) - 1, "//title", &nw, warn, sizeof(warn));
	is_str(t, "\xe2\x91\xa0", "charset: Shift_JIS read as CP932 (NEC circled digits)");
	t = parse_text(NULL, big5, sizeof(big5) - 1, "//title", &nw, warn, sizeof(warn));
	is_str(t, "\xe4\xb8\xad\xe6\x96\x87", "charset: Big5");
	t = parse_text(NULL, koi8, sizeof(koi8) - 1, "//title", &nw, warn, sizeof(warn));
	is_str(t, "\xd0\x9f\xd1\x80\xd0\xb8", "charset: KOI8-R");
	t = parse_text(NULL, greek, sizeof(greek) - 1, "//title", &nw, warn, sizeof(warn));
	is_str(t, "\xce\xb1\xce\xb2", "charset: ISO-8859-7");

	t = parse_text(NULL, unknown, sizeof(unknown) - 1, "//title", &nw, warn, sizeof(warn));
	is_str(t, "Caf\xc3\xa9", "charset: an unknown label falls back to UTF-8");
	ok(nw == 1 && contains(warn, "unknown charset"), "charset: and says so (%s)", warn);

	t = parse_text("text/xml", latin_decl, sizeof(latin_decl) - 1, "//title", &nw, warn, sizeof(warn));
	is_str(t, "Caf\xc3\xa9", "charset: text/xml without charset follows the declaration (RFC 7303)");
	t = parse_text("application/rss+xml; charset=\"koi8-r\"", koi8, sizeof(koi8) - 1, "//title", &nw, warn,
		       sizeof(warn));
	is_str(t, "\xd0\x9f\xd1\x80\xd0\xb8", "charset: quoted http charset");
	t = parse_text("text/xml; xcharset=utf-8", latin_decl, sizeof(latin_decl) - 1, "//title", &nw, warn,
		       sizeof(warn));
	is_str(t, "Caf\xc3\xa9", "charset: a parameter merely ending in charset is not the charset");

	t = parse_text(NULL, c1, sizeof(c1) - 1, "//title", &nw, warn, sizeof(warn));
	is_str(t, "don\xe2\x80\x99t", "charset: a C1 control in UTF-8 is read as its windows-1252 character");

	t = parse_text(NULL, no_decl_bad, sizeof(no_decl_bad) - 1, "//title", &nw, warn, sizeof(warn));
	is_str(t, "Caf\xc3\xa9 \xe2\x80\x94 na\xc3\xafve \xef\xbf\xbd ok", "charset: invalid UTF-8 byte repaired");
	ok(nw == 1 && contains(warn, "1 invalid byte sequence for UTF-8"), "charset: and noted once (%s)", warn);

	t = parse_text(NULL, double_utf8, sizeof(double_utf8) - 1, "//title", &nw, warn, sizeof(warn));
	is_str(t, "Caf\xc3\xa9 \xe2\x80\xa6", "charset: UTF-8 encoded twice is undone");
	t = parse_text(NULL, double_utf8, sizeof(double_utf8) - 1, "//description", &nw, warn, sizeof(warn));
	is_str(t, "\xc3\x89sta \xc2\xab\xc3\x87\xc2\xbb", "charset: latin text that is not double UTF-8 is left alone");
}

static void
test_xml_recovery(void)
{
	char warn[512];
	const char *t;
	int nw;
	static const char junk_headers[] = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n"
					   "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><rss><channel>"
					   "<title>Caf\xe9</title></channel></rss>";
	static const char junk_php[] = "<br />\n<b>Warning</b>:  include(x.php): failed in <b>/srv/f.php</b> on "
				       "line <b>3</b><br />\n<rss><channel><title>T</title><item><title>one</title>"
				       "</item></channel></rss>";
	static const char lt[] = "<rss><channel><item><title>a < b & c</title></item><item><title>2 <3 </title>"
				 "</item></channel></rss>";
	static const char mismatch[] = "<rss><channel><item><title>one</item><item><title>two</title></item>"
				       "</channel></rss>";
	static const char br[] = "<rss><channel><item><description><p>a<br>b</p></description></item>"
				 "<item><title>two</title></item></channel></rss>";
	static const char unquoted[] =
		"<rss><channel><item><title>one</title><enclosure url=http://e.x/a.mp3 "
		"type=audio/mpeg length=12 /></item><item><title>two</title></item></channel></rss>";
	static const char cut[] = "<?xml version=\"1.0\"?><rss><channel><title>T</title>"
				  "<item><title>one</title><link>https://e.x/1</link></item>"
				  "<item><title>two</title><link>https://e.x/2</link></item>"
				  "<item><title>thr";
	static const char cut_cdata[] = "<rss><channel><item><title>one</title></item>"
					"<item><title>two</title><description><![CDATA[<p>half";
	static const char many[] = "<rss><channel><title>A & B &nbsp; C & D &eacute; &bogus; E&F</title>"
				   "<item><title>x &amp; y & z</title></item></channel></rss>";

	t = parse_text(NULL, junk_headers, sizeof(junk_headers) - 1, "//title", &nw, warn, sizeof(warn));
	is_str(t, "Caf\xc3\xa9", "recovery: http headers before the declaration skipped, its charset used");
	ok(nw == 1 && contains(warn, "skipped 43 bytes before the root element"), "recovery: noted once (%s)", warn);
	t = parse_text(NULL, junk_php, sizeof(junk_php) - 1, "name(/*)", &nw, warn, sizeof(warn));
	is_str(t, "rss", "recovery: a PHP warning before the root element skipped");
	t = parse_text(NULL, junk_php, sizeof(junk_php) - 1, "//item/title", &nw, warn, sizeof(warn));
	is_str(t, "one", "recovery: and the item read");

	t = parse_text(NULL, lt, sizeof(lt) - 1, "//item[1]/title", &nw, warn, sizeof(warn));
	is_str(t, "a < b & c", "recovery: unescaped '<' and '&' kept as text");
	is_str(parse_text(NULL, lt, sizeof(lt) - 1, "//item[2]/title", &nw, warn, sizeof(warn)), "2 <3",
	       "recovery: '<' before a digit is text");
	ok(nw == 1 && contains(warn, "2 unescaped '<'") && contains(warn, "1 unescaped '&'"),
	   "recovery: one warning counts them (%s)", warn);

	t = parse_text(NULL, mismatch, sizeof(mismatch) - 1, "count(/rss/channel/item)", &nw, warn, sizeof(warn));
	is_str(t, "2", "recovery: an unclosed <title> does not swallow the next item");
	is_str(parse_text(NULL, mismatch, sizeof(mismatch) - 1, "/rss/channel/item[2]/title", &nw, warn, sizeof(warn)),
	       "two", "recovery: the next item is whole");
	ok(nw == 1 && contains(warn, "recovered from malformed xml"), "recovery: noted once (%s)", warn);

	t = parse_text(NULL, br, sizeof(br) - 1, "count(/rss/channel/item)", &nw, warn, sizeof(warn));
	is_str(t, "2", "recovery: HTML <br> in a description closes itself");
	is_str(parse_text(NULL, br, sizeof(br) - 1, "//item[1]/description", &nw, warn, sizeof(warn)), "ab",
	       "recovery: the description keeps its text");

	t = parse_text(NULL, unquoted, sizeof(unquoted) - 1, "//enclosure/@url", &nw, warn, sizeof(warn));
	is_str(t, "http://e.x/a.mp3", "recovery: unquoted attribute values read");
	is_str(parse_text(NULL, unquoted, sizeof(unquoted) - 1, "//enclosure/@length", &nw, warn, sizeof(warn)), "12",
	       "recovery: every one of them");
	is_str(parse_text(NULL, unquoted, sizeof(unquoted) - 1, "count(//item)", &nw, warn, sizeof(warn)), "2",
	       "recovery: and the items after");

	t = parse_text(NULL, cut, sizeof(cut) - 1, "count(//item[link])", &nw, warn, sizeof(warn));
	is_str(t, "2", "recovery: a truncated document keeps the items before the cut");
	is_str(parse_text(NULL, cut, sizeof(cut) - 1, "//item[2]/link", &nw, warn, sizeof(warn)), "https://e.x/2",
	       "recovery: whole");
	is_int(nw, 1, "recovery: one warning for the cut");
	t = parse_text(NULL, cut_cdata, sizeof(cut_cdata) - 1, "//item[2]/title", &nw, warn, sizeof(warn));
	is_str(t, "two", "recovery: cut inside CDATA keeps the item");

	t = parse_text(NULL, many, sizeof(many) - 1, "/rss/channel/title", &nw, warn, sizeof(warn));
	is_str(t, "A & B \xc2\xa0 C & D \xc3\xa9 &bogus; E&F", "recovery: entities and stray '&' repaired");
	is_int(nw, 1, "recovery: many repairs, one warning");
}

static void
test_xml_hostile(void)
{
	struct fixture fx;
	struct kabar_doc *d;
	struct seen s;
	const char *t;
	struct kb_buf deep;
	int i;
	static const char laughs[] =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
		" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
		" <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
		" <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
		" <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
		" <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
		" <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
		" <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
		" <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
		" <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
		"]>\n<rss><channel><title>&lol9;</title></channel></rss>";
	static const char xxe[] = "<?xml version=\"1.0\"?>\n<!DOCTYPE foo [ <!ELEMENT foo ANY >\n"
				  "<!ENTITY xxe SYSTEM \"file:///etc/passwd\" >]>\n"
				  "<rss><channel><title>a&xxe;b</title></channel></rss>";
	static const char ext_dtd[] =
		"<?xml version=\"1.0\"?><!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" "
		"\"http://127.0.0.1:1/rss-0.91.dtd\"><rss><channel><title>x&eacute;</title></channel></rss>";
	static const char broken[] =
		"<rss><channel><title>T</title><item><title>one</item><item><title>two</title></item></channel>";
	time_t t0 = time(NULL);

	fx_init(&fx, "https://example.org/f", NULL, laughs, sizeof(laughs) - 1);
	d = H->parse_xml(&fx.ctx, &fx.resp);
	t = d ? text_at(&fx, d, "//title") : NULL;
	ok(d != NULL && t && strlen(t) < 64, "xml: billion laughs not expanded (title \"%s\")", t ? t : "(null)");
	ok(time(NULL) - t0 < 5, "xml: billion laughs takes no time");
	fx_free(&fx);

	fx_init(&fx, "https://example.org/f", NULL, xxe, sizeof(xxe) - 1);
	d = H->parse_xml(&fx.ctx, &fx.resp);
	t = d ? text_at(&fx, d, "//title") : NULL;
	ok(d != NULL && t && !contains(t, "root:"), "xml: XXE file:///etc/passwd not loaded (\"%s\")",
	   t ? t : "(null)");
	fx_free(&fx);

	fx_init(&fx, "https://example.org/f", NULL, ext_dtd, sizeof(ext_dtd) - 1);
	d = H->parse_xml(&fx.ctx, &fx.resp);
	is_str(d ? text_at(&fx, d, "//title") : NULL, "x\xc3\xa9",
	       "xml: external DTD never fetched, entity still known");
	fx_free(&fx);

	fx_init(&fx, "https://example.org/f", NULL, broken, sizeof(broken) - 1);
	d = H->parse_xml(&fx.ctx, &fx.resp);
	ok(d != NULL, "xml: malformed document recovered");
	is_str(d ? text_at(&fx, d, "count(//item)") : NULL, "2", "xml: both items survive recovery");
	read_out(&fx.out, &s);
	is_int(s.warnings, 1, "xml: one warning for the malformed document");
	ok(contains(s.first_warning, "recovered from malformed xml"), "xml: warning says recovered (%s)",
	   s.first_warning ? s.first_warning : "none");
	seen_free(&s);
	fx_free(&fx);

	fx_init(&fx, "https://example.org/f", NULL, "just some text, no markup", 25);
	d = H->parse_xml(&fx.ctx, &fx.resp);
	ok(d == NULL, "xml: text without a root element gives NULL");
	read_out(&fx.out, &s);
	is_int(s.warnings, 1, "xml: and logs why");
	seen_free(&s);
	fx_free(&fx);

	fx_init(&fx, "https://example.org/f", NULL, "<a/>", (size_t)33 * 1024 * 1024);
	ok(H->parse_xml(&fx.ctx, &fx.resp) == NULL, "xml: body over 32 MiB refused unread");
	fx_free(&fx);

	kb_buf_init(&deep, 1 << 20);
	kb_buf_addstr(&deep, "<r>");
	for (i = 0; i < 5000; i++)
		kb_buf_addstr(&deep, "<d>");
	kb_buf_addstr(&deep, "deep");
	fx_init(&fx, "https://example.org/f", NULL, deep.data, deep.len);
	d = H->parse_xml(&fx.ctx, &fx.resp);
	ok(1, "xml: 5000 nested elements do not crash (doc %s)", d ? "kept" : "refused");
	if (d)
		ok(H->node_inner_xml(&fx.ctx, H->doc_root(d)) != NULL, "xml: deep inner xml bounded");
	else
		skip(1, "deep document refused");
	fx_free(&fx);
	kb_buf_free(&deep);

	for (i = 0; i < 200; i++) {
		/* Garbage of every kind: never a crash. */
		char junk[300];
		unsigned seed = (unsigned)i * 7919u;
		size_t j, n = (size_t)(rand_r(&seed) % sizeof(junk));

		for (j = 0; j < n; j++) {
			static const char alphabet[] = "<>&;#x/!?[]-\"'= aZ\xc3\xa9\xff\0";

			junk[j] = alphabet[rand_r(&seed) % (sizeof(alphabet) - 1)];
		}
		fx_init(&fx, "https://example.org/f", NULL, junk, n);
		d = H->parse_xml(&fx.ctx, &fx.resp);
		if (d)
			(void)text_at(&fx, d, "string(/)");
		fx_free(&fx);
	}
	ok(1, "xml: 200 random documents parsed or refused without a crash");
}

static void
test_xpath_and_nodes(void)
{
	static const char atom[] =
		"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		"<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:media=\"http://search.yahoo.com/mrss/\" xml:base=\"https://example.org/blog/\">\n"
		"  <title type=\"text\">  Blog  </title>\n"
		"  <entry xml:base=\"2024/\">\n"
		"    <title>First</title><link rel=\"alternate\" href=\"first.html\"/>\n"
		"    <content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Hi <b>there</b> &amp; <br/>you</p></div></content>\n"
		"    <media:thumbnail url=\"t.jpg\"/>\n"
		"  </entry>\n"
		"  <entry><title>Second</title><content type=\"xhtml\"><x:div xmlns:x=\"http://www.w3.org/1999/xhtml\"><x:i>it</x:i></x:div></content></entry>\n"
		"</feed>\n";
	struct fixture fx;
	struct kabar_doc *d;
	struct kabar_nodeset *set;
	struct kabar_node *e, *c, *root;
	struct seen s;
	const char *t;
	int n_children = 0;

	fx_init(&fx, "https://example.org/atom.xml", "application/atom+xml", atom, sizeof(atom) - 1);
	d = H->parse_xml(&fx.ctx, &fx.resp);
	ok(d != NULL, "atom parses");
	if (!d) {
		fx_free(&fx);
		return;
	}
	root = H->doc_root(d);
	is_str(H->node_name(root), "feed", "node_name of the root");
	is_str(H->node_ns(root), "http://www.w3.org/2005/Atom", "node_ns of the root");
	set = H->xpath(&fx.ctx, d, NULL, "/atom:feed/atom:entry");
	is_int(H->nodeset_count(set), 2, "xpath with the atom prefix finds two entries");
	ok(H->nodeset_item(set, 2) == NULL, "nodeset_item past the end is NULL");
	e = H->nodeset_item(set, 0);
	is_str(H->xpath_string(&fx.ctx, d, NULL, "/atom:feed/atom:title"), "Blog", "xpath_string trims");
	is_str(H->xpath_string(&fx.ctx, d, e, "atom:title"), "First", "xpath relative to a node");
	is_str(H->xpath_string(&fx.ctx, d, e, "atom:nothing"), "", "xpath_string of nothing is empty");
	is_str(H->xpath_string(&fx.ctx, d, e, "media:thumbnail/@url"), "t.jpg", "media prefix bound");
	for (c = H->node_first_child(e); c; c = H->node_next(c))
		n_children++;
	is_int(n_children, 4, "node_first_child/node_next walk elements only");
	c = H->node_first_child(e);
	is_str(H->node_text(&fx.ctx, c), "First", "node_text");
	c = H->node_next(c);
	is_str(H->node_attr(&fx.ctx, c, "href"), "first.html", "node_attr");
	ok(H->node_attr(&fx.ctx, c, "missing") == NULL, "node_attr absent");
	is_str(H->node_base(&fx.ctx, c), "https://example.org/blog/2024/", "node_base follows nested xml:base");
	t = H->node_inner_xml(&fx.ctx, H->node_next(c));
	is_str(t, "<div><p>Hi <b>there</b> &amp; <br>you</p></div>", "inner xml of xhtml content is plain html");
	e = H->nodeset_item(set, 1);
	t = H->node_inner_xml(&fx.ctx, H->node_next(H->node_first_child(e)));
	is_str(t, "<div><i>it</i></div>", "prefixed xhtml loses its prefix");

	ok(H->xpath(&fx.ctx, d, NULL, "//atom:entry[") == NULL, "bad xpath gives NULL");
	ok(H->xpath_string(&fx.ctx, d, NULL, "nope:x") == NULL, "unknown prefix gives NULL");
	set = H->xpath(&fx.ctx, d, NULL, "count(//atom:entry)");
	is_int(H->nodeset_count(set), 0, "a number result is an empty set");
	read_out(&fx.out, &s);
	is_int(s.logs, 2, "both bad expressions logged");
	ok(contains(s.last_log, "nope:x"), "log names the expression (%s)", s.last_log ? s.last_log : "");
	seen_free(&s);
	ok(H->json_root(d) == NULL, "json_root of an xml document is NULL");
	fx_free(&fx);
}

static void
test_html(void)
{
	static const char page[] =
		"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"
		"<title>Berita \x96 UMKM</title></head><body><div class=\"post\"><a href=\"/a/1\">Satu</a></div>"
		"<div class=\"post\"><a href=\"/a/2\">Dua&nbsp;caf\xe9</a></div><p>unclosed<p>next</body></html>";
	struct fixture fx;
	struct kabar_doc *d;
	struct kabar_nodeset *set;

	fx_init(&fx, "https://example.org/list", "text/html", page, sizeof(page) - 1);
	d = H->parse_html(&fx.ctx, &fx.resp);
	ok(d != NULL, "html parses");
	is_str(d ? text_at(&fx, d, "//title") : NULL, "Berita \xe2\x80\x93 UMKM", "html: meta charset windows-1252");
	set = d ? H->xpath(&fx.ctx, d, NULL, "//div[@class='post']/a") : NULL;
	is_int(H->nodeset_count(set), 2, "html: xpath over html");
	is_str(set ? H->node_text(&fx.ctx, H->nodeset_item(set, 1)) : NULL,
	       "Dua\xc2\xa0"
	       "caf\xc3\xa9",
	       "html: entity and latin byte decoded");
	is_str(set ? H->resolve_url(&fx.ctx, NULL, H->node_attr(&fx.ctx, H->nodeset_item(set, 0), "href")) : NULL,
	       "https://example.org/a/1", "resolve_url against the response");
	is_str(H->resolve_url(&fx.ctx, "https://other.example/x/", "y"), "https://other.example/x/y",
	       "resolve_url with a base");
	d = H->parse_html_string(&fx.ctx, "<p>one</p><p>two &amp; <i>three</i></p>", 39);
	is_str(d ? text_at(&fx, d, "count(//p)") : NULL, "2", "parse_html_string: fragment");
	is_str(d ? text_at(&fx, d, "//p[2]") : NULL, "two & three", "parse_html_string: text");
	is_str(H->html_to_text(&fx.ctx, "<p>a</p><p>b&nbsp;c</p>"), "a\n\nb c", "html_to_text via the table");
	fx_free(&fx);
}

static void
test_json(void)
{
	static const char js[] =
		"\xef\xbb\xbf{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"Bad \xff utf\","
		"\"n\":42,\"f\":1.5,\"b\":true,\"s\":\" 17 \",\"nil\":null,"
		"\"items\":[{\"id\":\"1\"},{\"id\":2}]}";
	struct fixture fx;
	struct kabar_doc *d;
	struct kabar_json *root, *items;
	struct kb_buf deep;
	struct seen s;
	int i;

	fx_init(&fx, "https://example.org/feed.json", "application/feed+json", js, sizeof(js) - 1);
	d = H->parse_json(&fx.ctx, &fx.resp);
	ok(d != NULL, "json parses (BOM skipped)");
	root = H->json_root(d);
	is_int(H->json_type(root), 5, "json: object");
	is_str(H->json_string(&fx.ctx, H->json_get(root, "title")), "Bad \xef\xbf\xbd utf", "json: string repaired");
	is_int(H->json_int(H->json_get(root, "n"), -1), 42, "json: int");
	is_int(H->json_int(H->json_get(root, "f"), -1), 1, "json: double to int");
	is_int(H->json_int(H->json_get(root, "s"), -1), 17, "json: numeric string to int");
	is_int(H->json_int(H->json_get(root, "title"), -1), -1, "json: fallback for text");
	is_str(H->json_string(&fx.ctx, H->json_get(root, "n")), "42", "json: number as string");
	is_str(H->json_string(&fx.ctx, H->json_get(root, "b")), "true", "json: boolean as string");
	is_int(H->json_type(H->json_get(root, "nil")), 0, "json: null");
	is_int(H->json_type(H->json_get(root, "absent")), 0, "json: absent");
	items = H->json_get(root, "items");
	is_int(H->json_type(items), 4, "json: array");
	is_int(H->json_length(items), 2, "json: length");
	is_str(H->json_string(&fx.ctx, H->json_get(H->json_at(items, 1), "id")), "2", "json: nested");
	ok(H->json_at(items, 2) == NULL, "json: index past the end");
	ok(H->json_string(&fx.ctx, items) == NULL, "json: array has no string");
	ok(H->doc_root(d) == NULL, "doc_root of json is NULL");
	ok(H->xpath(&fx.ctx, d, NULL, "//x") == NULL, "xpath on json refused");
	fx_free(&fx);

	kb_buf_init(&deep, 1 << 20);
	for (i = 0; i < 100; i++)
		kb_buf_addc(&deep, '[');
	for (i = 0; i < 100; i++)
		kb_buf_addc(&deep, ']');
	fx_init(&fx, "https://example.org/j", NULL, deep.data, deep.len);
	ok(H->parse_json(&fx.ctx, &fx.resp) == NULL, "json: nesting over 64 refused");
	read_out(&fx.out, &s);
	is_int(s.warnings, 1, "json: and logged");
	seen_free(&s);
	fx_free(&fx);
	kb_buf_free(&deep);

	fx_init(&fx, "https://example.org/j", NULL, "{\"a\":", 5);
	ok(H->parse_json(&fx.ctx, &fx.resp) == NULL, "json: truncated refused");
	fx_free(&fx);
	fx_init(&fx, "https://example.org/j", NULL, "12", 2);
	d = H->parse_json(&fx.ctx, &fx.resp);
	is_int(d ? H->json_int(H->json_root(d), 0) : 0, 12, "json: bare number at the end of input");
	fx_free(&fx);
}

/* --- results --- */

static void
test_emit(void)
{
	struct fixture fx;
	struct seen s;
	struct kabar_item it;
	struct kabar_author a1 = { sizeof(a1), "  Budi \n Santoso ", NULL, "/budi" };
	const struct kabar_author *authors[] = { &a1, NULL };
	struct kabar_enclosure e1 = { sizeof(e1), "/a.mp3", "audio/mpeg", 1234, NULL };
	struct kabar_enclosure e2 = { sizeof(e2), "javascript:alert(1)", NULL, -7, NULL };
	const struct kabar_enclosure *encs[] = { &e1, &e2 };
	const char *cats[300];
	char long_title[5000];
	size_t i;

	for (i = 0; i < KB_ARRAY_LEN(cats); i++)
		cats[i] = i % 2 ? "ekonomi" : "  ";
	fx_init(&fx, "https://example.org/news/feed.xml", NULL, "", 0);
	memset(&it, 0, sizeof(it));
	it.struct_size = sizeof(it);
	it.url = "../berita/1.html?utm_source=x";
	it.title = "  Pameran \t UMKM\n\nSurabaya \xff ";
	it.summary = "<p>Ringkasan &amp; <b>isi</b></p><script>x</script>";
	it.summary_is_html = 1;
	it.content_html = "<p onclick=\"x\">Isi <a href=\"/x\">tautan</a></p><script>alert(1)</script>";
	it.published = 1700000000;
	it.published_offset = 420;
	it.updated = KABAR_NO_TIME;
	it.updated_offset = 99999;
	it.language = "id_ID";
	it.image = "img/a.jpg";
	it.authors = authors;
	it.n_authors = 2;
	it.categories = cats;
	it.n_categories = KB_ARRAY_LEN(cats);
	it.enclosures = encs;
	it.n_enclosures = 2;
	it.comments_url = "javascript:void(0)";
	is_int(H->emit(&fx.ctx, &it), 0, "emit: accepted");
	read_out(&fx.out, &s);
	is_int(s.items, 1, "emit: one item message");
	is_int(s.bad, 0, "emit: message decodes");
	is_str(s.item.url, "https://example.org/berita/1.html?utm_source=x", "emit: url resolved");
	is_str(s.item.title, "Pameran UMKM Surabaya \xef\xbf\xbd", "emit: title cleaned and collapsed");
	is_str(s.item.summary, "Ringkasan & isi", "emit: html summary as text");
	is_str(s.item.content_html, "<p>Isi <a href=\"https://example.org/x\">tautan</a></p>",
	       "emit: content sanitized");
	is_str(s.item.content_text, "Isi tautan", "emit: content text derived");
	is_int(s.item.published_offset, 420, "emit: offset kept");
	is_int(s.item.updated, KB_NO_TIME, "emit: no time kept");
	is_int(s.item.updated_offset, 0, "emit: absurd offset zeroed");
	is_str(s.item.language, "id-ID", "emit: language normalized");
	is_str(s.item.image, "https://example.org/news/img/a.jpg", "emit: image resolved");
	is_int(s.item.n_authors, 1, "emit: NULL author skipped");
	is_str(s.item.n_authors ? s.item.authors[0].name : NULL, "Budi Santoso", "emit: author name collapsed");
	is_str(s.item.n_authors ? s.item.authors[0].url : NULL, "https://example.org/budi", "emit: author url");
	is_int(s.item.n_categories, 128, "emit: 256 categories read, blank ones dropped");
	is_int(s.item.n_enclosures, 1, "emit: enclosure with a bad url dropped");
	is_int(s.item.n_enclosures ? s.item.enclosures[0].length : 0, 1234, "emit: enclosure length");
	ok(s.item.comments_url == NULL, "emit: javascript comments url dropped");
	ok(s.item.key != NULL && strncmp(s.item.key, "url:", 4) == 0, "emit: key from the url (%s)",
	   s.item.key ? s.item.key : "(null)");
	seen_free(&s);
	kb_buf_reset(&fx.out);

	/* Unusable items. */
	memset(&it, 0, sizeof(it));
	it.struct_size = sizeof(it);
	it.summary = "only a summary";
	is_int(H->emit(&fx.ctx, &it), -1, "emit: no url, id or title refused");
	it.struct_size = 0;
	it.title = "t";
	is_int(H->emit(&fx.ctx, &it), -1, "emit: struct_size 0 refused");
	it.struct_size = sizeof(it);
	is_int(H->emit_partial(&fx.ctx, &it), -1, "emit_partial: no url refused");
	read_out(&fx.out, &s);
	is_int(s.items + s.partials, 0, "nothing emitted");
	is_int(s.warnings, 3, "each refusal logged");
	seen_free(&s);
	kb_buf_reset(&fx.out);

	/* An old plugin's shorter struct: fields past its size are zero. */
	{
		struct kabar_item big;

		memset(&big, 0, sizeof(big));
		big.struct_size = offsetof(struct kabar_item, summary);
		big.id = "  guid-9 ";
		big.title = "Old";
		big.published = 12345; /* past struct_size: must be ignored */
		big.content_html = "<script>";
		is_int(H->emit(&fx.ctx, &big), 0, "emit: short struct accepted");
		read_out(&fx.out, &s);
		is_int(s.item.published, KB_NO_TIME, "emit: fields past struct_size ignored");
		ok(s.item.content_html == NULL, "emit: content past struct_size ignored");
		is_str(s.item.key, "guid-9", "emit: key is the trimmed id");
		seen_free(&s);
		kb_buf_reset(&fx.out);
	}

	/* Bounds. */
	memset(long_title, 'a', sizeof(long_title) - 1);
	long_title[sizeof(long_title) - 1] = '\0';
	memset(&it, 0, sizeof(it));
	it.struct_size = sizeof(it);
	it.title = long_title;
	it.url = "https://example.org/p";
	H->emit_partial(&fx.ctx, &it);
	read_out(&fx.out, &s);
	is_int(s.partials, 1, "emit_partial: partial message");
	is_int(s.item.partial, 1, "emit_partial: partial flag");
	is_int(s.item.title ? (long long)strlen(s.item.title) : 0, 2048, "emit: title bounded to 2 KiB");
	seen_free(&s);
	kb_buf_reset(&fx.out);

	fx.ctx.max_items = 2;
	fx.ctx.n_items = 0;
	it.title = "x";
	is_int(H->emit(&fx.ctx, &it), 0, "limit: first");
	is_int(H->emit(&fx.ctx, &it), 0, "limit: second");
	is_int(H->emit(&fx.ctx, &it), -1, "limit: third refused");
	is_int(H->emit(&fx.ctx, &it), -1, "limit: fourth refused");
	read_out(&fx.out, &s);
	is_int(s.items, 2, "limit: two items");
	is_int(s.warnings, 1, "limit: one warning only");
	seen_free(&s);
	fx_free(&fx);

	/* Without a response (start): relative URLs cannot be resolved. */
	{
		struct kb_buf out;
		struct kabar_ctx ctx;
		struct kb_item k;

		kb_buf_init(&out, 1 << 20);
		kb_ctx_init(&ctx, NULL, NULL, NULL, &out);
		memset(&it, 0, sizeof(it));
		it.struct_size = sizeof(it);
		it.url = "/relative";
		it.title = "T";
		it.content_html = "<p>a <img src=\"/i.png\"></p>";
		is_int(kb_item_from_plugin(&ctx, &it, &k), 0, "item_from_plugin: converts");
		ok(k.url == NULL, "item_from_plugin: relative url without a base dropped");
		is_str(k.content_html, "<p>a <img src=\"/i.png\" /></p>", "item_from_plugin: content kept relative");
		ok(k.key == NULL, "item_from_plugin: key left to kb_item_key");
		kb_item_free(&k);
		ok(kb_ctx_keep(&ctx, kb_strdup("kept")) != NULL, "kb_ctx_keep returns its pointer");
		kb_ctx_release(&ctx);
		kb_buf_free(&out);
	}
}

static void
test_follow_feed(void)
{
	struct fixture fx;
	struct seen s;
	struct kabar_request q;
	const char *meta[40];
	char bigval[5000];
	struct kabar_author a = { sizeof(a), "Redaksi", "r@example.org", NULL };
	const struct kabar_author *authors[] = { &a };
	struct kabar_feed f;
	size_t i;
	int64_t utc = 0;
	int off = 1;

	fx_init(&fx, "https://example.org/list/page1", NULL, "", 0);
	meta[0] = "cat";
	meta[1] = "ekonomi";
	memset(&q, 0, sizeof(q));
	q.struct_size = sizeof(q);
	q.url = "page2?x=1";
	q.tag = "list";
	q.meta = meta;
	q.n_meta = 1;
	q.flags = KABAR_FOLLOW_NEW_ONLY | 0x80;
	is_int(H->follow(&fx.ctx, &q), 0, "follow: accepted");
	read_out(&fx.out, &s);
	is_str(s.req.url, "https://example.org/list/page2?x=1", "follow: url resolved");
	is_str(s.req.tag, "list", "follow: tag");
	ok(s.req.n_meta == 1 && strcmp(s.req.meta[1], "ekonomi") == 0, "follow: metadata");
	is_int(s.req.flags, KABAR_FOLLOW_NEW_ONLY, "follow: unknown flags dropped");
	seen_free(&s);
	kb_buf_reset(&fx.out);

	q.url = "javascript:alert(1)";
	is_int(H->follow(&fx.ctx, &q), -1, "follow: javascript refused");
	q.url = "ftp://example.org/x";
	is_int(H->follow(&fx.ctx, &q), -1, "follow: ftp refused");
	q.url = "file:///etc/passwd";
	is_int(H->follow(&fx.ctx, &q), -1, "follow: a file: url from a web page refused");
	q.url = "next";
	for (i = 0; i < 34; i++)
		meta[i] = "k";
	q.n_meta = 17;
	is_int(H->follow(&fx.ctx, &q), -1, "follow: 17 metadata pairs refused");
	memset(bigval, 'v', sizeof(bigval) - 1);
	bigval[sizeof(bigval) - 1] = '\0';
	meta[1] = bigval;
	q.n_meta = 1;
	is_int(H->follow(&fx.ctx, &q), -1, "follow: metadata over 4 KiB refused");
	read_out(&fx.out, &s);
	is_int(s.follows, 0, "follow: nothing refused reached the wire");
	is_int(s.warnings, 5, "follow: each refusal logged");
	seen_free(&s);
	kb_buf_reset(&fx.out);

	q.n_meta = 0;
	fx.ctx.max_follows = 1;
	fx.ctx.n_follows = 0;
	is_int(H->follow(&fx.ctx, &q), 0, "follow limit: first");
	is_int(H->follow(&fx.ctx, &q), -1, "follow limit: second refused");
	kb_buf_reset(&fx.out);

	memset(&f, 0, sizeof(f));
	f.struct_size = sizeof(f);
	f.title = " ANTARA \n Jatim ";
	f.home_page_url = "/";
	f.language = "id";
	f.authors = authors;
	f.n_authors = 1;
	f.ttl = 60;
	f.format = "rss2.0";
	is_int(H->feed(&fx.ctx, &f), 0, "feed: accepted");
	read_out(&fx.out, &s);
	is_int(s.feeds, 1, "feed: one message");
	is_str(s.feed.title, "ANTARA Jatim", "feed: title collapsed");
	is_str(s.feed.home_page_url, "https://example.org/", "feed: home page resolved");
	ok(s.feed.n_authors == 1 && strcmp(s.feed.authors[0].email, "r@example.org") == 0, "feed: author");
	is_int(s.feed.ttl, 60, "feed: ttl");
	seen_free(&s);

	is_int(H->parse_date(&fx.ctx, "2024-01-02T03:04:05Z", &utc, &off), 0, "parse_date: rfc 3339");
	is_int(utc, 1704164645, "parse_date: value");
	is_int(off, 0, "parse_date: offset");
	is_int(H->parse_date(&fx.ctx, "bukan tanggal", &utc, &off), -1, "parse_date: not a date");
	fx_free(&fx);
}

static void
test_response_wire(void)
{
	struct kabar_response r, g;
	struct kb_header h[2] = { { (char *)(uintptr_t) "Content-Type", (char *)(uintptr_t) "text/xml" },
				  { (char *)(uintptr_t) "ETag", NULL } };
	char *meta[2] = { (char *)(uintptr_t) "k", (char *)(uintptr_t) "v \xc3\xa9" };
	static const char body[] = "<a>\0binary\xff</a>";
	struct kb_buf b;
	size_t cut, fails = 0;

	memset(&r, 0, sizeof(r));
	r.url = (char *)(uintptr_t) "https://example.org/x";
	r.status = 203;
	r.headers = h;
	r.n_headers = 2;
	r.body = (char *)(uintptr_t)body;
	r.len = sizeof(body) - 1;
	r.tag = NULL;
	r.meta = meta;
	r.n_meta = 1;
	kb_buf_init(&b, 1 << 20);
	is_int(kb_wire_response(&b, &r), 0, "response encodes");
	is_int(kb_wire_get_response(b.data, b.len, &g), 0, "response decodes");
	ok(strcmp(g.url, r.url) == 0 && g.status == 203 && g.n_headers == 2 &&
		   strcmp(g.headers[0].value, "text/xml") == 0 && g.headers[1].value == NULL && g.len == r.len &&
		   memcmp(g.body, body, r.len) == 0 && g.body[g.len] == '\0' && g.tag == NULL && g.n_meta == 1 &&
		   strcmp(g.meta[1], "v \xc3\xa9") == 0,
	   "response round trip: binary body, NULL tag and header value, metadata");
	kb_response_free(&g);
	for (cut = 0; cut < b.len; cut++) {
		if (kb_wire_get_response(b.data, cut, &g) != 0)
			fails++;
		else
			kb_response_free(&g);
	}
	is_int((long long)fails, (long long)b.len, "every truncated response fails cleanly");
	ok(kb_wire_get_response("\x01\x00\x00\x00\x00", 5, &g) == -1, "another message type refused");
	kb_buf_free(&b);
}

/* gzip (not a content coding: a .xml.gz file) of len bytes of s. New
 * buffer, *outlen set. */
static unsigned char *
gzip_of(const void *s, size_t len, size_t *outlen)
{
	z_stream zs;
	unsigned char *out;
	size_t cap = len + len / 100 + 1024;

	memset(&zs, 0, sizeof(zs));
	out = kb_malloc(cap);
	if (deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		fprintf(stderr, "deflateInit2 failed\n");
		exit(1);
	}
	zs.next_in = (Bytef *)(uintptr_t)s;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END) {
		fprintf(stderr, "deflate failed\n");
		exit(1);
	}
	*outlen = cap - zs.avail_out;
	deflateEnd(&zs);
	return out;
}

/* parse_xml reads gzip files (sitemap.xml.gz) within the size limit. */
static void
test_xml_gzip(void)
{
	static const char sm[] = "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
				 "<url><loc>https://x.example/a</loc></url><url><loc>https://x.example/b</loc></url>"
				 "</urlset>";
	struct fixture fx;
	struct kabar_doc *d;
	struct seen s;
	unsigned char *z, *two, *bomb;
	char *zeros;
	size_t zlen, blen;

	z = gzip_of(sm, sizeof(sm) - 1, &zlen);
	fx_init(&fx, "https://x.example/sitemap.xml.gz", "application/x-gzip", z, zlen);
	d = H->parse_xml(&fx.ctx, &fx.resp);
	is_str(d ? text_at(&fx, d, "count(//*[local-name()='loc'])") : NULL, "2", "gzip: a .xml.gz sitemap is read");
	fx_free(&fx);

	/* Two members one after the other: a file split by a log rotator. */
	two = kb_malloc(zlen * 2);
	memcpy(two, z, zlen);
	memcpy(two + zlen, z, zlen);
	fx_init(&fx, "https://x.example/s.gz", NULL, two, zlen * 2);
	d = H->parse_xml(&fx.ctx, &fx.resp);
	ok(d != NULL, "gzip: concatenated members inflate (the second is junk after the root)");
	fx_free(&fx);
	free(two);

	fx_init(&fx, "https://x.example/s.gz", NULL, z, zlen - 12);
	ok(H->parse_xml(&fx.ctx, &fx.resp) == NULL, "gzip: truncated data refused");
	read_out(&fx.out, &s);
	ok(contains(s.first_warning, "truncated gzip"), "gzip: and said so (%s)",
	   s.first_warning ? s.first_warning : "none");
	seen_free(&s);
	fx_free(&fx);
	free(z);

	/* A bomb: 40 MiB of zeros in about 40 KiB. */
	zeros = kb_calloc((size_t)40 * 1024 * 1024, 1);
	bomb = gzip_of(zeros, (size_t)40 * 1024 * 1024, &blen);
	free(zeros);
	ok(blen < 200 * 1024, "gzip: the bomb is small (%zu bytes)", blen);
	fx_init(&fx, "https://x.example/bomb.xml.gz", NULL, bomb, blen);
	ok(H->parse_xml(&fx.ctx, &fx.resp) == NULL, "gzip: a bomb past 32 MiB is refused");
	read_out(&fx.out, &s);
	ok(contains(s.first_warning, "size limit"), "gzip: naming the limit (%s)",
	   s.first_warning ? s.first_warning : "none");
	seen_free(&s);
	fx_free(&fx);
	free(bomb);
}

/* host->extract: the core's article extractor for plugins. */
static void
test_extract(void)
{
	static const char page[] =
		"<html lang=\"id\"><head><title>Bazar UMKM | Portal</title>"
		"<meta property=\"og:title\" content=\"Bazar UMKM Pasuruan\">"
		"<meta property=\"article:published_time\" content=\"2025-06-02T09:00:00+07:00\">"
		"<meta name=\"author\" content=\"Siti Rahma\"></head><body><nav><a href=\"/\">Beranda</a></nav>"
		"<article><h1>Bazar UMKM Pasuruan</h1><p>Bazar produk lokal digelar Dinas Koperasi Kabupaten "
		"Pasuruan di alun-alun selama tiga hari dengan enam puluh pelaku usaha mikro.</p>"
		"<p>Baca juga: Harga cabai naik</p><p>Produk yang dijual meliputi makanan olahan, batik dan "
		"kerajinan bambu dari berbagai kecamatan di Pasuruan.</p></article></body></html>";
	struct fixture fx;
	struct kabar_article a, small;

	fx_init(&fx, "https://portal.example/berita/1", "text/html; charset=utf-8", page, sizeof(page) - 1);
	memset(&a, 0, sizeof(a));
	a.struct_size = sizeof(a);
	ok(H->extract(&fx.ctx, &fx.resp, &a) == 0, "extract: an article page");
	is_str(a.title, "Bazar UMKM Pasuruan", "extract: its title");
	is_int(a.published, 1748829600, "extract: its date");
	is_int(a.published_offset, 420, "extract: in its offset");
	ok(a.n_authors == 1 && a.authors[0] && strcmp(a.authors[0]->name, "Siti Rahma") == 0, "extract: its author");
	ok(contains(a.content_text, "enam puluh pelaku usaha") && !contains(a.content_text, "Baca juga") &&
		   !contains(a.content_text, "Beranda"),
	   "extract: the text without boilerplate");
	/* A plugin built with a smaller struct gets only what it holds. */
	memset(&small, 0, sizeof(small));
	small.struct_size = offsetof(struct kabar_article, content_html);
	small.content_html = "untouched";
	ok(H->extract(&fx.ctx, &fx.resp, &small) == 0 && small.title && strcmp(small.content_html, "untouched") == 0 &&
		   small.struct_size == offsetof(struct kabar_article, content_html),
	   "extract: fields past the plugin's struct_size are not written");
	fx_free(&fx);
	fx_init(&fx, "https://portal.example/x", "text/html", "", 0);
	a.struct_size = sizeof(a);
	ok(H->extract(&fx.ctx, &fx.resp, &a) == -1, "extract: an empty page has no article");
	fx_free(&fx);
}

/* host->now: the run's clock when set, else the wall clock. */
static void
test_now(void)
{
	struct kabar_ctx ctx;
	struct kb_buf out;
	int64_t before = (int64_t)time(NULL), got;

	kb_buf_init(&out, 4096);
	kb_ctx_init(&ctx, NULL, NULL, NULL, &out);
	is_int(kb_host_table.api_level, KABAR_API_LEVEL, "now: the host has API level 2");
	got = kb_host_table.now(&ctx);
	ok(got >= before && got <= (int64_t)time(NULL), "now: the wall clock by default");
	ctx.now = 1685577600;
	is_int(kb_host_table.now(&ctx), 1685577600, "now: the run's clock when set");
	ok(kb_host_table.now(NULL) >= before, "now: NULL ctx gives the wall clock");
	kb_ctx_release(&ctx);
	kb_buf_free(&out);
}

int
main(void)
{
	test_now();
	test_extract();
	test_sanitize();
	test_html_to_text();
	test_config_and_log();
	test_xml_entities_and_charsets();
	test_xml_utf16();
	test_xml_charset_fallbacks();
	test_xml_recovery();
	test_xml_hostile();
	test_xml_gzip();
	test_xpath_and_nodes();
	test_html();
	test_json();
	test_emit();
	test_follow_feed();
	test_response_wire();
	xmlCleanupParser();
	return done_testing();
}
