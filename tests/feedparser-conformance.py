#!/usr/bin/python3
"""feedparser-conformance.py: run `kabar parse` on the Universal Feed
Parser's test files and judge kabar by their Expect: expressions.

usage: feedparser-conformance.py [-v] [--kabar PATH] [--baseline FILE]
                                 [--only SUBSTR] CORPUS_DIR

Each test file carries a header comment with Description:, Expect: (a
Python expression over feedparser's result) and optional Header: lines.
Files whose paths contain "http" are served over 127.0.0.1 (an ephemeral
port) with their Header: lines; the others are parsed from disk.

kabar prints JSON Feed; this script reshapes each document into
feedparser's result shape (feed.title, entries[i].published_parsed, ...)
and evaluates the expression. Every value evaluated comes from kabar's
output; feedparser itself is used only for its FeedParserDict (the key
aliases: guid -> id, description -> summary, ...) and to decode the test
file's header.

An expression is applicable when every key it touches is one kabar
models: feed title and link; entry title, link, id, published, updated,
summary, content, author, enclosures (and their _detail/_parsed forms).
bozo is not modelled: "not bozo and X" is judged on X alone, an
expression about bozo alone is not applicable.

wellformed/sanitize/ tests feedparser's own allow-list to the letter;
those files are judged instead for safety (no dangerous markup survives
anywhere in kabar's output) and for keeping the harmless markup (the
tags, and http links and images, of the output feedparser expects).

With --baseline FILE the run is compared with the levels in FILE (keys
pass_count, pass_rate, sanitize_safe, sanitize_kept): exit status 1 when
below, and a line "RAISE key value" for each level the run exceeds.
"""

import argparse
import ast
import calendar
import datetime
import html
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import time

try:
    from feedparser.util import FeedParserDict
    import feedparser.encodings as fp_encodings
except ImportError:  # pragma: no cover
    sys.stderr.write("feedparser-conformance: python3-feedparser is needed\n")
    sys.exit(77)

BATCH = 64
TIMEOUT = 120

# --- reading the test files ---

HEADER_RE = re.compile(r"^(Description|Expect|Header|SkipUnless):[ \t]*(.*?)[ \t]*$", re.M)
JSON_TEST_RE = re.compile(r"Description:\s*(.*?)\s*Expect:\s*(.*?)\s*-->")


def decode_test(data):
    """The text of a test file, decoded the way feedparser decodes it."""
    for bom, enc in ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
                     (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"), (b"\xef\xbb\xbf", "utf-8")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, "replace")
    for pat, enc in ((b"\x00\x00\x00<", "utf-32-be"), (b"<\x00\x00\x00", "utf-32-le"),
                     (b"\x00<\x00?", "utf-16-be"), (b"<\x00?\x00", "utf-16-le"),
                     (b"\x00<\x00!", "utf-16-be"), (b"<\x00!\x00", "utf-16-le")):
        if data.startswith(pat):
            return data.decode(enc, "replace")
    try:
        result = {}
        text, _ = fp_encodings.convert_to_utf8({}, data, result)
        return text.decode("utf-8", "replace")
    except Exception:
        return data.decode("utf-8", "replace")


class Test:
    def __init__(self, path, rel):
        self.path = path
        self.rel = rel
        self.desc = ""
        self.expect = None
        self.headers = []
        self.skip_unless = None
        self.http = "http" in rel
        self.doc = None  # kabar's JSON Feed document
        self.status = None  # pass, fail, na, skip
        self.why = ""
        self.got = ""


def read_test(path, rel):
    t = Test(path, rel)
    with open(path, "rb") as f:
        data = f.read()
    text = decode_test(data)
    if path.endswith(".json"):
        m = JSON_TEST_RE.search(text)
        if m:
            t.desc, t.expect = m.group(1), m.group(2)
        return t
    head = text.split("-->", 1)[0] if "-->" in text[:4096] else text[:4096]
    for key, val in HEADER_RE.findall(head):
        if key == "Description":
            t.desc = val
        elif key == "Expect":
            t.expect = val
        elif key == "Header":
            t.headers.append(val)
        elif key == "SkipUnless":
            t.skip_unless = val
    return t


def collect(corpus, only):
    tests = []
    for d, dirs, files in os.walk(corpus):
        dirs.sort()
        for f in sorted(files):
            if not (f.endswith(".xml") or f.endswith(".json")):
                continue
            p = os.path.join(d, f)
            rel = os.path.relpath(p, corpus)
            if only and only not in rel:
                continue
            t = read_test(p, rel)
            if t.expect:
                tests.append(t)
    return tests


# --- serving the http files ---


class Handler(http.server.BaseHTTPRequestHandler):
    files = {}

    def do_GET(self):
        entry = self.files.get(self.path.split("?", 1)[0])
        if entry is None:
            self.send_error(404)
            return
        body, headers = entry
        status = 200
        sent_type = False
        for h in headers:
            name, _, value = h.partition(":")
            name, value = name.strip(), value.strip()
            if name.lower() == "status":
                status = int(value.split()[0])
        self.send_response(status)
        for h in headers:
            name, _, value = h.partition(":")
            name, value = name.strip(), value.strip()
            if name.lower() == "status":
                continue
            if name.lower() == "content-type":
                sent_type = True
            self.send_header(name, value)
        if not sent_type:
            self.send_header("Content-Type", "application/json" if self.path.endswith(".json")
                             else "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def start_server(tests):
    for t in tests:
        with open(t.path, "rb") as f:
            Handler.files["/" + t.rel.replace(os.sep, "/")] = (f.read(), t.headers)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    return srv


# --- running kabar ---


def run_kabar(kabar, args):
    """One JSON document (or None) per argument."""
    try:
        p = subprocess.run([kabar, "parse"] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=TIMEOUT, env=dict(os.environ, KABAR_PLUGIN_PATH=os.environ.get(
                               "KABAR_PLUGIN_PATH", "")))
    except subprocess.TimeoutExpired:
        return [None] * len(args)
    lines = p.stdout.decode("utf-8", "replace").splitlines()
    docs = []
    for ln in lines:
        try:
            docs.append(json.loads(ln))
        except ValueError:
            docs.append(None)
    if len(docs) != len(args):
        if len(args) == 1:
            return [None]
        return [run_kabar(kabar, [a])[0] for a in args]
    return docs


def run_all(kabar, tests, port):
    work = []
    for t in tests:
        if t.http:
            work.append((t, "http://127.0.0.1:%d/%s" % (port, t.rel.replace(os.sep, "/"))))
        else:
            work.append((t, os.path.abspath(t.path)))
    for i in range(0, len(work), BATCH):
        chunk = work[i:i + BATCH]
        docs = run_kabar(kabar, [a for _, a in chunk])
        for (t, _), d in zip(chunk, docs):
            t.doc = d


# --- JSON Feed to feedparser's shape ---


def parse_time(s):
    """A JSON Feed date as time.struct_time in UTC, as feedparser gives."""
    if not s:
        return None
    try:
        dt = datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    return time.gmtime(calendar.timegm(dt.utctimetuple()))


def detail(value, typ):
    return FeedParserDict(type=typ, value=value)


def person(name, email, url):
    d = FeedParserDict()
    if name:
        d["name"] = name
    if email:
        d["email"] = email
    if url:
        d["href"] = url
    return d


def person_string(d):
    name, email = d.get("name"), d.get("email")
    if name and email:
        return "%s (%s)" % (name, email)
    return name or email or d.get("href")


def adapt_entry(item):
    e = FeedParserDict()
    ext = item.get("_kabar", {})
    # A title or summary the source gave as HTML is in _kabar with its
    # sanitized markup, which is what feedparser reports.
    if ext.get("title_html"):
        e["title"] = ext["title_html"]
        e["title_detail"] = detail(ext["title_html"], "text/html")
    elif item.get("title"):
        e["title"] = item["title"]
        e["title_detail"] = detail(item["title"], "text/plain")
    if item.get("url"):
        e["link"] = item["url"]
        e["links"] = [FeedParserDict(rel="alternate", type="text/html", href=item["url"])]
    # JSON Feed's id is the core's key: the source's id, else a key made
    # from the link ("url:...") or from title and date ("td:..."), or the
    # rss plugin's hash of an entry that has none ("hash:..."): feedparser
    # would report no id.
    if ext.get("source_id"):
        e["id"] = ext["source_id"]
    elif item.get("id") and not item["id"].startswith(("url:", "td:", "hash:")):
        e["id"] = item["id"]
    for key, jkey in (("published", "date_published"), ("updated", "date_modified")):
        if item.get(jkey):
            e[key] = item[jkey]
            e[key + "_parsed"] = parse_time(item[jkey])
    # An item whose only text is an HTML summary carries it as its
    # content_html too; that is not content of its own.
    summary_html = ext.get("summary_html")
    if item.get("content_html") and item["content_html"] != summary_html:
        e["content"] = [FeedParserDict(type="text/html", value=item["content_html"])]
    elif not item.get("content_html") and item.get("content_text") and item["content_text"] != item.get("summary"):
        # content_text alone is content given as plain text (JSON Feed);
        # the writer copies the summary there when there is no content.
        e["content"] = [FeedParserDict(type="text/plain", value=item["content_text"])]
    if summary_html:
        e["summary"] = summary_html
        e["summary_detail"] = detail(summary_html, "text/html")
    elif item.get("summary"):
        e["summary"] = item["summary"]
        e["summary_detail"] = detail(item["summary"], "text/plain")
    elif item.get("content_html"):
        # feedparser copies an entry's content to its summary when there is
        # no summary.
        e["summary"] = item["content_html"]
        e["summary_detail"] = detail(item["content_html"], "text/html")
    emails = {}
    for a in ext.get("author_emails", []):
        emails.setdefault(a.get("name"), a.get("email"))
    authors = []
    for a in item.get("authors", []):
        authors.append(person(a.get("name"), emails.pop(a.get("name"), None), a.get("url")))
    for name, email in emails.items():  # authors known only by address
        authors.append(person(name, email, None))
    if authors:
        e["authors"] = authors
        e["author_detail"] = authors[0]
        s = person_string(authors[0])
        if s:
            e["author"] = s
    # feedparser's enclosures are its links with rel="enclosure".
    links = e.get("links", [])
    for a in item.get("attachments", []):
        d = FeedParserDict(rel="enclosure", href=a.get("url", ""), type=a.get("mime_type", ""))
        if "size_in_bytes" in a:
            d["length"] = str(a["size_in_bytes"])
        links.append(d)
    e["links"] = links
    return e


def adapt(doc):
    feed = FeedParserDict()
    if doc.get("_kabar", {}).get("title_html"):
        feed["title"] = doc["_kabar"]["title_html"]
        feed["title_detail"] = detail(feed["title"], "text/html")
    elif doc.get("title"):
        feed["title"] = doc["title"]
        feed["title_detail"] = detail(doc["title"], "text/plain")
    if doc.get("home_page_url"):
        feed["link"] = doc["home_page_url"]
        feed["links"] = [FeedParserDict(rel="alternate", type="text/html", href=doc["home_page_url"])]
    entries = [adapt_entry(i) for i in doc.get("items", [])]
    return feed, entries


# --- which expressions are about what kabar models ---

PARSED = {"published_parsed", "updated_parsed"}
DETAIL = {"value", "type"}
PERSON = {"name", "email", "href"}
# key path patterns, '#' for a list index; a node that is a dict lists
# the keys allowed below it.
# title_detail and summary_detail (the value as HTML, and its type) are
# not modelled: JSON Feed's title and summary are plain text, and kabar
# reduces markup in them to text. --details counts them anyway.
FEED_KEYS = {"title": None, "link": None}
ENTRY_KEYS = {
    "title": None, "link": None, "id": None,
    "published": None, "published_parsed": None, "updated": None, "updated_parsed": None,
    "summary": None, "content": "list:value,type",
    "author": None, "author_detail": PERSON, "authors": "list:name,email,href",
    "enclosures": "list:href,type,length",
}
ALIASES = {"guid": "id", "date": "updated", "date_parsed": "updated_parsed", "description": "summary",
           "description_detail": "summary_detail", "modified": "updated", "modified_parsed": "updated_parsed",
           "issued": "published", "issued_parsed": "published_parsed", "url": "href"}
TUPLE_ATTRS = {"tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst"}
SAFE_CALLS = {"len", "isinstance", "ord", "str", "int", "tuple", "list", "type", "sorted", "any", "all"}


class NotApplicable(Exception):
    pass


def chain(node):
    """(root name, [keys]) of a subscript/attribute/.get() chain."""
    keys = []
    while True:
        if isinstance(node, ast.Subscript):
            s = node.slice
            if isinstance(s, ast.Constant):
                keys.append(s.value)
            elif isinstance(s, ast.UnaryOp) and isinstance(s.operand, ast.Constant):
                keys.append(0)
            elif isinstance(s, ast.Slice):
                keys.append(0)
            else:
                raise NotApplicable("computed key")
            node = node.value
        elif isinstance(node, ast.Attribute):
            keys.append(node.attr)
            node = node.value
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in ("get", "has_key") and node.args
              and isinstance(node.args[0], ast.Constant)):
            keys.append(node.args[0].value)
            node = node.func.value
        elif isinstance(node, ast.Name):
            return node.id, list(reversed(keys))
        else:
            return None, []


def check_keys(root, keys, literal_keys=()):
    """Raise NotApplicable unless the path is about a modelled field."""
    if root == "entries":
        if not keys:
            return
        if not isinstance(keys[0], int):
            raise NotApplicable("entries.%s" % keys[0])
        table, keys = ENTRY_KEYS, keys[1:]
    elif root == "feed":
        table = FEED_KEYS
    else:
        raise NotApplicable(root)
    if not keys:
        if literal_keys:
            for k in literal_keys:
                check_keys(root, ([0] if root == "entries" else []) + [k])
        return
    k = keys[0]
    if k in ("keys", "items", "values"):
        raise NotApplicable(k)
    k = ALIASES.get(k, k)
    if k not in table:
        raise NotApplicable("%s.%s" % (root, k))
    sub = table[k]
    rest = keys[1:]
    if k in PARSED:
        if rest and not (isinstance(rest[0], int) or rest[0] in TUPLE_ATTRS):
            raise NotApplicable(k)
        return
    if isinstance(sub, str):  # list of dicts
        allowed = set(sub[5:].split(","))
        if rest and isinstance(rest[0], int):
            rest = rest[1:]
        elif rest:
            raise NotApplicable(k)
        inner = rest
    else:
        allowed = sub
        inner = rest
    if inner:
        if allowed is None:
            if isinstance(inner[0], int) or inner[0] in ("startswith", "endswith", "strip", "find"):
                return
            raise NotApplicable("%s.%s" % (k, inner[0]))
        if ALIASES.get(inner[0], inner[0]) not in allowed:
            raise NotApplicable("%s.%s" % (k, inner[0]))
    elif literal_keys and allowed is not None:
        for lk in literal_keys:
            if ALIASES.get(lk, lk) not in allowed:
                raise NotApplicable("%s.%s" % (k, lk))


def literal_dict_keys(node):
    keys = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Dict):
            for k in n.keys:
                if isinstance(k, ast.Constant):
                    keys.add(k.value)
    return keys


def is_bozo(node):
    names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    return bool(names & {"bozo", "bozo_exception"})


def strip_bozo(expr):
    """The expression without its bozo clauses, or None when nothing is left."""
    tree = ast.parse(expr, mode="eval")
    body = tree.body
    if isinstance(body, ast.BoolOp) and isinstance(body.op, ast.And):
        vals = [v for v in body.values if not is_bozo(v)]
        if not vals:
            return None
        body = vals[0] if len(vals) == 1 else ast.BoolOp(op=ast.And(), values=vals)
    elif is_bozo(body):
        return None
    tree.body = body
    return ast.fix_missing_locations(tree)


def classify(tree):
    """Raise NotApplicable unless the expression is about modelled fields."""
    parents = {}
    for n in ast.walk(tree):
        for c in ast.iter_child_nodes(n):
            parents[c] = n
    seen = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Name):
            if n.id in ("feed", "entries"):
                continue
            if n.id in SAFE_CALLS or n.id in ("True", "False", "None", "time", "datetime"):
                continue
            raise NotApplicable(n.id)
    for n in ast.walk(tree):
        if not isinstance(n, (ast.Subscript, ast.Attribute, ast.Call, ast.Name)) or n in seen:
            continue
        # only the outermost node of a chain
        p = parents.get(n)
        if (isinstance(p, (ast.Subscript, ast.Attribute)) and p.value is n) or \
           (isinstance(p, ast.Attribute) and isinstance(parents.get(p), ast.Call) and parents[p].func is p):
            continue
        try:
            root, keys = chain(n)
        except NotApplicable:
            raise
        if root not in ("feed", "entries"):
            continue
        for m in ast.walk(n):
            seen.add(m)
        lit = set()
        if isinstance(p, ast.Compare):
            for side in [p.left] + p.comparators:
                if side is not n:
                    lit |= literal_dict_keys(side)
            # 'key' in entries[0]
            if isinstance(p.left, ast.Constant) and isinstance(p.left.value, str) and p.left is not n:
                check_keys(root, keys + [p.left.value])
        check_keys(root, keys, lit)


# --- evaluation ---


def judge(t, port):
    if t.doc is None:
        t.status, t.why = "fail", "kabar printed nothing usable"
        return
    expr = t.expect.replace("127.0.0.1:8097", "127.0.0.1:%d" % port)
    try:
        tree = strip_bozo(expr)
    except SyntaxError:
        t.status, t.why = "na", "expression does not parse"
        return
    if tree is None:
        t.status, t.why = "na", "bozo"
        return
    try:
        classify(tree)
    except NotApplicable as e:
        t.status, t.why = "na", str(e)
        return
    feed, entries = adapt(t.doc)
    ns = {"feed": feed, "entries": entries, "time": time, "datetime": datetime}
    try:
        ok = eval(compile(tree, t.rel, "eval"), {"__builtins__": __builtins__}, ns)
    except Exception as e:
        ok = False
        t.why = "%s: %s" % (type(e).__name__, e)
    t.status = "pass" if ok else "fail"
    if not ok:
        err = t.doc.get("_kabar", {}).get("error") if isinstance(t.doc, dict) else None
        t.got = "error: %s" % err if err else json.dumps(
            {"feed": dict(feed), "entries": [dict(e) for e in entries[:2]]}, default=str, ensure_ascii=False)


# --- sanitize: safety and what stays ---

DANGER = [
    ("script", re.compile(r"<\s*script", re.I)),
    ("event handler", re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)),
    ("javascript:", re.compile(r"j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:", re.I)),
    ("vbscript:", re.compile(r"vbscript\s*:", re.I)),
    ("iframe", re.compile(r"<\s*iframe", re.I)),
    ("object", re.compile(r"<\s*object", re.I)),
    ("embed", re.compile(r"<\s*embed", re.I)),
    ("style", re.compile(r"<\s*style|<[^>]*\sstyle\s*=", re.I)),
    ("meta", re.compile(r"<\s*meta", re.I)),
    ("base", re.compile(r"<\s*base[\s>/]", re.I)),
    ("form", re.compile(r"<\s*form", re.I)),
    ("expression(", re.compile(r"expression\s*\(", re.I)),
]
DANGER_TAGS = {"script", "iframe", "object", "embed", "style", "meta", "base", "form", "applet", "frame",
               "frameset", "link", "svg", "math"}


def html_fields(doc):
    """(name, value) of every HTML-bearing or text string in the output."""
    out = []
    if not isinstance(doc, dict):
        return out
    for k in ("title", "description"):
        if doc.get(k):
            out.append(("feed." + k, doc[k]))
    for i, it in enumerate(doc.get("items", [])):
        for k in ("title", "summary", "content_html", "content_text"):
            if it.get(k):
                out.append(("items[%d].%s" % (i, k), it[k]))
    return out


def expected_strings(expr):
    try:
        tree = ast.parse(expr, mode="eval")
    except SyntaxError:
        return []
    out = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Compare):
            for side in [n.left] + n.comparators:
                if isinstance(side, ast.Constant) and isinstance(side.value, str):
                    out.append(side.value)
    return out


TAG_RE = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
URL_ATTR_RE = re.compile(r"""\b(href|src)\s*=\s*["']?(https?://[^"'\s>]+)""", re.I)


def text_of(s):
    s = re.sub(r"<[^>]*>", " ", s)
    return " ".join(html.unescape(s).split())


def judge_sanitize(t):
    """(safe, kept, why)."""
    doc = t.doc
    if doc is None:
        return True, False, "kabar printed nothing usable"
    for name, value in html_fields(doc):
        if name.endswith("content_text") or (not name.endswith("content_html")):
            # text fields: any markup in them is shown as text, but a
            # reader may still render it; hold them to the same rule.
            pass
        for what, rx in DANGER:
            if rx.search(value):
                return False, False, "%s survives in %s: %.200s" % (what, name, value)
    want = [s for s in expected_strings(t.expect) if s.strip()]
    if not want:
        return True, True, ""
    expr = t.expect
    items = doc.get("items", [])
    it = items[0] if items else {}
    if "entries[0]['title']" in expr:
        fields, text = [it.get("title", "")], True
    elif "entries[0]" in expr:
        fields, text = [it.get("content_html", ""), it.get("summary", "")], False
    elif "feed['title']" in expr:
        fields, text = [doc.get("title", "")], True
    else:
        # feed subtitle, rights, info: kabar keeps only a plain description
        fields, text = [doc.get("description", "")], True
    got = " ".join(f for f in fields if f)
    for w in want:
        if text:
            if text_of(w) and text_of(w) not in " ".join(got.split()):
                return True, False, "text %r missing" % text_of(w)
            continue
        for m in TAG_RE.finditer(w):
            tag = m.group(1).lower()
            if tag in DANGER_TAGS:
                continue
            if not re.search(r"<\s*%s[\s>/]" % re.escape(tag), got, re.I):
                return True, False, "<%s> missing" % tag
        for m in URL_ATTR_RE.finditer(w):
            if m.group(2) not in got and html.escape(m.group(2)) not in got:
                return True, False, "%s=%s missing" % (m.group(1), m.group(2))
        if not TAG_RE.search(w) and text_of(w) and text_of(w) not in text_of(got):
            return True, False, "text %r missing" % text_of(w)
    return True, True, ""


# --- main ---


def read_baseline(path):
    levels = {}
    with open(path) as f:
        for ln in f:
            ln = ln.split("#", 1)[0].strip()
            if not ln:
                continue
            k, _, v = ln.partition(" ")
            levels[k] = float(v)
    return levels


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--kabar", default=os.environ.get("KABAR", "src/kabar"))
    ap.add_argument("--baseline")
    ap.add_argument("--only")
    ap.add_argument("corpus")
    ap.add_argument("--details", action="store_true",
                    help="count title_detail and summary_detail as modelled")
    a = ap.parse_args()
    if a.details:
        FEED_KEYS["title_detail"] = DETAIL
        ENTRY_KEYS["title_detail"] = DETAIL
        ENTRY_KEYS["summary_detail"] = DETAIL

    tests = collect(a.corpus, a.only)
    if not tests:
        print("no tests found in %s" % a.corpus)
        return 2
    srv = start_server([t for t in tests if t.http])
    port = srv.server_address[1]
    try:
        run_all(a.kabar, tests, port)
    finally:
        srv.shutdown()

    dirs = {}
    fails = []
    san = {"n": 0, "safe": 0, "kept": 0}
    san_bad = []
    for t in tests:
        d = os.path.dirname(t.rel) or "."
        row = dirs.setdefault(d, {"applicable": 0, "pass": 0, "fail": 0, "na": 0})
        if t.rel.startswith(os.path.join("wellformed", "sanitize")):
            safe, kept, why = judge_sanitize(t)
            san["n"] += 1
            san["safe"] += safe
            san["kept"] += kept
            if not (safe and kept):
                san_bad.append((t, safe, why))
            row["applicable"] += 1
            row["pass" if safe and kept else "fail"] += 1
            continue
        judge(t, port)
        if t.status == "na":
            row["na"] += 1
            continue
        row["applicable"] += 1
        row[t.status] += 1
        if t.status == "fail":
            fails.append(t)

    print("%-28s %6s %6s %6s %6s" % ("directory", "appl", "pass", "fail", "n/a"))
    tot = {"applicable": 0, "pass": 0, "fail": 0, "na": 0}
    for d in sorted(dirs):
        r = dirs[d]
        print("%-28s %6d %6d %6d %6d" % (d, r["applicable"], r["pass"], r["fail"], r["na"]))
        if not d.startswith(os.path.join("wellformed", "sanitize")):
            for k in tot:
                tot[k] += r[k]
    rate = 100.0 * tot["pass"] / tot["applicable"] if tot["applicable"] else 0.0
    print("outside sanitize: %d applicable, %d pass, %d fail, %d n/a: %.2f%%" %
          (tot["applicable"], tot["pass"], tot["fail"], tot["na"], rate))
    safe_rate = 100.0 * san["safe"] / san["n"] if san["n"] else 100.0
    kept_rate = 100.0 * san["kept"] / san["n"] if san["n"] else 100.0
    print("sanitize: %d files, %d safe (%.2f%%), %d keep the harmless markup (%.2f%%)" %
          (san["n"], san["safe"], safe_rate, san["kept"], kept_rate))

    if a.verbose:
        for t in fails:
            print("\nFAIL %s\n  description: %s\n  expect: %s\n  why: %s\n  kabar: %s" %
                  (t.rel, t.desc, t.expect, t.why, t.got[:1500]))
        for t, safe, why in san_bad:
            print("\n%s %s\n  expect: %s\n  why: %s" % ("KEPT-MISSING" if safe else "UNSAFE", t.rel, t.expect, why))

    rc = 0
    if a.baseline:
        base = read_baseline(a.baseline)
        now = {"pass_count": tot["pass"], "pass_rate": round(rate, 2), "sanitize_safe": san["safe"],
               "sanitize_kept": san["kept"]}
        for k, v in now.items():
            if k not in base:
                continue
            if v < base[k]:
                print("BELOW %s %s (baseline %s)" % (k, v, base[k]))
                rc = 1
            elif v > base[k]:
                print("RAISE %s %s (baseline %s)" % (k, v, base[k]))
    return rc


if __name__ == "__main__":
    sys.exit(main())
