#!/bin/sh
# Feed readers from Debian read kabar's outputs and see what the store
# holds: newsboat, python3-feedparser and sfeed read the RSS 2.0 and Atom
# 1.0 outputs (same items, titles, links, ids, dates, content), jing
# checks the Atom output against RFC 4287's RELAX NG schema, ajv checks the
# JSON Feed output against the JSON Feed 1.1 schema (npm ci in
# tests/jsonfeed). The fixtures (tests/fixtures/readers) carry the
# escaping hell: &, <, ]]>, control characters, windows-1252 bytes in a
# UTF-8 feed, right-to-left text, emoji; more hostile strings are written
# straight into the store. Exports are deterministic and atomic: two
# exports with the same --now are byte-identical, an unchanged output is
# not rewritten, and an export killed mid-write leaves the previous file.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

# feedparser is a Debian package for the system python, whatever
# $PYTHON3 the build found.
PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "no /usr/bin/python3 to read the store"
"$PY" -c 'import sqlite3' 2>/dev/null || skip_all "no sqlite3 module in /usr/bin/python3"
[ -x "$KABAR" ] || skip_all "kabar not built"
: "${SHARED_DIR:=$top_srcdir/../shared}"

skip() { # skip REASON: one skipped check
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP $1"
}

NOW=2025-07-01T00:00:00Z
NOW_EPOCH=1751328000
fix="$top_srcdir/tests/fixtures/readers"
in="$TMPBASE/in"
out="$TMPBASE/out"
mkdir -p "$in" "$out" "$TMPBASE/home"
cp "$fix"/umkm.xml "$fix"/escapes.xml "$fix"/escapes-atom.xml \
	"$fix"/raw-bytes.xml "$fix"/escapes.json "$in/"

# write_conf FILE OUTDIR: the sources read the fixtures through file://;
# the outputs: everything in each format, one source with a window, one
# tag with a small item limit.
write_conf() {
	cat > "$1" <<CONF
[kabar]
database = $TMPBASE/kabar.db
host_delay = 0

[source umkm]
plugin = rss
url = file://$in/umkm.xml
allow_file = yes
region = 35
tags = umkm, jatim

[source esc]
plugin = rss
url = file://$in/escapes.xml
allow_file = yes
tags = umkm

[source atom-esc]
plugin = rss
url = file://$in/escapes-atom.xml
allow_file = yes

[source raw]
plugin = rss
url = file://$in/raw-bytes.xml
allow_file = yes

[source json-esc]
plugin = rss
url = file://$in/escapes.json
allow_file = yes
region = 51

[output all-rss]
format = rss
path = $2/all.rss
url = https://feeds.example.org/all.rss
link = https://feeds.example.org/
title = Kabar & <UMKM> "semua" ]]> 🇮🇩
description = Semua berita & siaran pers <UMKM>
max_items = 1000

[output all-atom]
format = atom
path = $2/all.atom
url = https://feeds.example.org/all.atom
link = https://feeds.example.org/
title = Kabar & <UMKM> "semua" ]]> 🇮🇩
description = Semua berita & siaran pers <UMKM>
max_items = 1000

[output all-json]
format = json
path = $2/all.json
url = https://feeds.example.org/all.json
link = https://feeds.example.org/
title = Kabar & <UMKM> "semua" ]]> 🇮🇩
description = Semua berita & siaran pers <UMKM>
max_items = 1000

[output jatim]
format = rss
path = $2/jatim.rss
sources = umk?
max_days = 30

[output tagged]
format = atom
path = $2/tagged.atom
tags = umkm
max_items = 5
CONF
}
write_conf "$TMPBASE/kabar.conf" "$out"

# What each output selects (see kabar.conf(5)): sources, max_items,
# max_days; the feed title a reader should show.
TITLE='Kabar & <UMKM> "semua" ]]> 🇮🇩'
SPEC_ALL="sources=umkm,esc,atom-esc,raw,json-esc;max_items=1000;max_days=0;title=$TITLE"
SPEC_JATIM="sources=umkm;max_items=100;max_days=30;title=jatim"
SPEC_TAGGED="sources=umkm,esc;max_items=5;max_days=0;title=tagged"

q() { # q DB SQL: print the rows
	"$PY" - "$1" "$2" <<'PYEOF'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
for row in con.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
PYEOF
}

# The reader harness: reads the store (the truth) and what a reader made
# of an output, prints "ok|not ok<TAB>description" lines and "# " diag
# lines, which check_lines turns into TAP.
cat > "$TMPBASE/readers.py" <<'PYEOF'
import calendar, html, html.parser, json, os, re, sqlite3, subprocess, sys, time

NOW = int(os.environ["NOW_EPOCH"])

def parse_spec(s):
    d = {}
    for part in s.split(";"):
        k, _, v = part.partition("=")
        d[k] = v
    d["sources"] = d["sources"].split(",")
    d["max_items"] = int(d["max_items"])
    d["max_days"] = int(d["max_days"])
    return d

def text_of(b):
    """Store text as a reader should show it: invalid UTF-8 replaced."""
    if b is None:
        return None
    if isinstance(b, bytes):
        return b.decode("utf-8", "replace")
    return b

CTL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ufffd]")
def norm(s):
    """Whitespace collapsed; characters XML cannot carry (C0 controls
    but tab, newline and return, U+FFFE, U+FFFF) and U+FFFD (a writer may
    replace a bad byte or drop it) removed."""
    if s is None:
        return ""
    s = CTL.sub("", s)
    return " ".join(s.split())

class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
    def handle_data(self, d):
        self.out.append(d)

def html_text(s):
    p = Text()
    p.feed(s or "")
    p.close()
    return "".join(p.out)

def squash(s):
    """For content: all whitespace removed (block boundaries differ)."""
    return "".join(norm(s).split())

# kabar-feeds(5) and src/output.c: an item's written date is its
# publication date, or when kabar first saw it when it has none or when
# it was more than 10 minutes after that (a date in the future); the
# feed is in the order of written dates, newest first, then key, then
# source; max_days cuts by the written date.
SLACK = 600
TAG = "tag:kabar,2024:"

def written_date(d):
    if d["published"] is not None and d["published"] <= d["first_seen"] + SLACK:
        return d["published"]
    return d["first_seen"]

URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20\x7f<>\"{}|\\^`]+\Z")
def is_abs_uri(s):
    return (s is not None and URI.match(s) is not None and len(s.encode()) <= 4096
            and "\ufffd" not in s and not s.lower().startswith(TAG))

def pct(s):
    out = []
    for c in s.encode("utf-8", "surrogateescape"):
        ch = chr(c)
        if ch.isascii() and (ch.isalnum() or ch in "-._~:@/"):
            out.append(ch)
        else:
            out.append("%%%02X" % c)
    return "".join(out)

def expected(db, spec):
    """The items an output selects, in its order, each with the id it
    should carry ("wid") and its written date ("date")."""
    con = sqlite3.connect(db)
    con.text_factory = bytes
    marks = ",".join("?" * len(spec["sources"]))
    sql = ("SELECT source, key, id, url, title, published, updated, first_seen,"
           " content_text, content_html, summary, authors, categories, enclosures,"
           " analyzed, score, topics, region, event_start, event_end"
           " FROM items WHERE source IN (%s)" % marks)
    rows = []
    for r in con.execute(sql, list(spec["sources"])):
        d = dict(zip(("source", "key", "id", "url", "title", "published", "updated",
                      "first_seen", "content_text", "content_html", "summary",
                      "authors", "categories", "enclosures", "analyzed", "score", "topics",
                      "region", "event_start", "event_end"), r))
        d["authors"] = [a.get("name") for a in json.loads(d["authors"] or b"[]") if a.get("name")]
        d["categories"] = json.loads(d["categories"] or b"[]")
        if d["analyzed"]:
            # The MSME analysis follows as categories (kabar-feeds(5)).
            d["categories"].append("%.3f" % min(max(d["score"], 0.0), 1.0))
            names = ("event", "export", "training", "financing", "policy", "award")
            d["categories"] += [n for i, n in enumerate(names) if d["topics"] & (1 << i)]
            if d["region"]:
                d["categories"].append(d["region"].decode())
            if d["event_start"] >= 0:
                day = lambda n: time.strftime("%Y-%m-%d", time.gmtime(n * 86400))
                d["categories"] += [day(d["event_start"]), day(d["event_end"] if d["event_end"] >= 0 else d["event_start"])]
        d["enclosures"] = [e["url"] for e in json.loads(d["enclosures"] or b"[]") if e.get("url")]
        d["raw_id"] = d["id"]
        for k in ("source", "key", "id", "url", "title", "content_text", "content_html", "summary"):
            d[k] = text_of(d[k])
        d["date"] = written_date(d)
        rows.append(d)
    if spec["max_days"]:
        rows = [d for d in rows if d["date"] >= NOW - spec["max_days"] * 86400]
    rows.sort(key=lambda d: (-d["date"], d["key"].encode(), d["source"].encode()))
    rows = rows[:spec["max_items"]]
    seen = set()
    for d in rows:
        valid = d["raw_id"] is not None and d["raw_id"].decode("utf-8", "replace") == d["id"]
        wid = d["id"] if valid and is_abs_uri(d["id"]) else None
        if wid is None or wid in seen:
            wid = TAG + pct(d["source"]) + "/" + pct(d["key"])
        seen.add(wid)
        d["wid"] = wid
    return rows

def expected_id(row):
    return row["wid"]

def expected_text(row):
    """The item's text: its content, else its summary (plain text)."""
    if row["content_text"]:
        return row["content_text"]
    if row["content_html"]:
        return html_text(row["content_html"])
    return row["summary"] or ""

# --- readers: each gives a list of dicts in document order ---

def read_feedparser(path):
    import feedparser
    d = feedparser.parse(path)
    items = []
    for e in d.entries:
        t = e.get("published_parsed") or e.get("updated_parsed")
        text = ""
        detail = e.content[0] if e.get("content") else e.get("summary_detail")
        if detail:
            text = detail.value if detail.type == "text/plain" else html_text(detail.value)
        items.append({"title": e.get("title"), "link": e.get("link"), "id": e.get("id"),
                      "date": calendar.timegm(t) if t else None, "text": text,
                      "extra": ([a.get("name") for a in e.get("authors", []) if a.get("name")],
                                [c.get("term") for c in e.get("tags", [])],
                                [x.get("href") for x in e.get("enclosures", [])])})
    meta = {"title": d.feed.get("title"), "bozo": d.get("bozo"),
            "bozo_exception": repr(d.get("bozo_exception"))}
    return items, meta

def sfeed_unescape(s):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "\\": "\\"}.get(m.group(1), m.group(0)), s)

def read_sfeed(path):
    with open(path, "rb") as f:
        r = subprocess.run(["sfeed"], stdin=f, capture_output=True, timeout=30)
    items = []
    for line in r.stdout.decode("utf-8", "replace").split("\n"):
        if not line:
            continue
        f = line.split("\t")
        f += [""] * (9 - len(f))
        content = sfeed_unescape(f[3])
        items.append({"title": f[1], "link": f[2], "id": f[5],
                      "date": int(f[0]) if f[0] else None,
                      "text": html_text(content) if f[4] == "html" else content,
                      "extra": (f[6], f[8], f[7])})
    return items, {"title": None, "status": r.returncode}

def read_newsboat(path, cache):
    con = sqlite3.connect(cache)
    url = "file://" + path
    items = []
    for guid, title, link, date, content, author, enc in con.execute(
            "SELECT guid, title, url, pubDate, content, author, enclosure_url"
            " FROM rss_item WHERE feedurl = ? ORDER BY id", (url,)):
        items.append({"title": title, "link": link, "id": guid, "date": date,
                      "text": html_text(content), "extra": (author, None, enc or "")})
    feed = con.execute("SELECT title FROM rss_feed WHERE rssurl = ?", (url,)).fetchone()
    return items, {"title": feed[0] if feed else None}

def emit(ok, desc, diags=()):
    print(("ok" if ok else "not ok") + "\t" + desc)
    for d in list(diags)[:12]:
        print("# " + d.replace("\n", "\\n"))
    if len(diags) > 12:
        print("# ... %d more" % (len(diags) - 12))

def show(v):
    return repr(v)

def check(reader, fmt, path, db, spec_s, cache=None):
    spec = parse_spec(spec_s)
    want = expected(db, spec)
    name = os.path.basename(path)
    tag = "%s reads %s" % (reader, name)
    if reader == "feedparser":
        got, meta = read_feedparser(path)
    elif reader == "sfeed":
        got, meta = read_sfeed(path)
    else:
        got, meta = read_newsboat(path, cache)
    if reader == "feedparser":
        emit(not meta["bozo"], "%s: well-formed, no bozo error" % tag,
             [meta["bozo_exception"]] if meta["bozo"] else [])
    if reader == "sfeed":
        emit(meta["status"] == 0, "%s: exit status 0" % tag, ["status %s" % meta["status"]])
    if meta["title"] is not None or reader != "sfeed":
        emit(norm(meta["title"]) == norm(spec["title"]), "%s: the feed title" % tag,
             ["got %s want %s" % (show(meta["title"]), show(spec["title"]))])

    # newsboat keeps no document order: match its items by id.
    if reader == "newsboat":
        by_id = {}
        for g in got:
            by_id.setdefault(g["id"], g)
        pairs = [(w, by_id.get(expected_id(w))) for w in want]
        ids_got = sorted(g["id"] or "" for g in got)
        ids_want = sorted(expected_id(w) for w in want)
        emit(len(got) == len(want) and ids_got == ids_want,
             "%s: the %d items the store selects, by id" % (tag, len(want)),
             ["got %d items, want %d" % (len(got), len(want))]
             + ["missing %s (%s/%s)" % (show(expected_id(w)), w["source"], w["key"])
                for w, g in pairs if g is None]
             + ["extra %s" % show(i) for i in sorted(set(ids_got) - set(ids_want))])
    else:
        pairs = list(zip(want, got))
        diags = ["got %d items, want %d" % (len(got), len(want))]
        diags += ["item %d: got title %s, want %s/%s %s" % (i, show(g["title"]), w["source"], w["key"], show(w["title"]))
                  for i, (w, g) in enumerate(pairs) if norm(w["title"]) != norm(g["title"])]
        emit(len(got) == len(want), "%s: the %d items the store selects, newest first" % (tag, len(want)), diags)

    def field(label, wantf, gotf, same=lambda a, b: a == b):
        bad = []
        if want and not any(g is not None for w, g in pairs):
            bad.append("no item to compare")
        for w, g in pairs:
            if g is None:
                continue
            a, b = wantf(w), gotf(g)
            if not same(a, b):
                if isinstance(a, dict):
                    a = {"url": a["url"], "id": a["wid"], "text": squash(expected_text(a))}
                bad.append("%s/%s: got %s, want %s" % (w["source"], w["key"], show(b), show(a)))
        emit(not bad, "%s: %s as in the store" % (tag, label), bad)

    field("titles", lambda w: norm(w["title"]), lambda g: norm(g["title"]))

    def same_link(w, g):
        if w["url"] or fmt != "atom" or reader != "feedparser":
            return (w["url"] or "") == (g or "")
        # feedparser takes an Atom entry's id for its link when it has none
        return g in ("", None, expected_id(w))
    field("links", lambda w: w, lambda g: g["link"], same_link)
    field("ids", expected_id, lambda g: g["id"])

    field("dates", lambda w: w["date"], lambda g: g["date"])
    def same_text(w, g):
        if squash(expected_text(w)) == g:
            return True
        # a NUL in the store: the text may end there or go on without it
        html = w["content_html"] or ""
        return "\x00" in html and g == squash(html_text(html.split("\x00")[0]))
    field("content text", lambda w: w, lambda g: squash(g["text"]), same_text)

    # authors, categories, enclosures: all of them (feedparser); the
    # first author and enclosure, categories joined by | (sfeed); the
    # first, last or all authors joined by ", " (newsboat keeps the last
    # dc:creator) and the first enclosure if audio or video (newsboat
    # keeps podcasts only)
    def extra_want(w):
        if reader == "feedparser":
            return (w["authors"], w["categories"], w["enclosures"])
        if reader == "sfeed":
            return ((w["authors"] or [""])[0], "|".join(w["categories"]), (w["enclosures"] or [""])[0])
        return (w["authors"], None, (w["enclosures"] or [""])[0])
    def extra_same(a, b):
        if reader == "newsboat":
            return (b[0] in (a[0] or [""]) + [", ".join(a[0])]) and b[2] in ("", a[2])
        return a == b
    field("authors, categories and enclosures", extra_want, lambda g: g["extra"], extra_same)

def check_json(path, db, spec_s):
    spec = parse_spec(spec_s)
    want = expected(db, spec)
    with open(path, "rb") as f:
        raw = f.read()
    try:
        doc = json.loads(raw.decode("utf-8"))
    except Exception as e:
        emit(False, "json reads %s: valid UTF-8 JSON" % os.path.basename(path), [repr(e)])
        return
    emit(True, "json reads %s: valid UTF-8 JSON" % os.path.basename(path))
    items = doc.get("items", [])
    emit(len(items) == len(want), "json %s: the %d items the store selects" % (os.path.basename(path), len(want)),
         ["got %d" % len(items)])
    bad = []
    for w, g in zip(want, items):
        if norm(g.get("title")) != norm(w["title"]):
            bad.append("%s/%s title: got %s want %s" % (w["source"], w["key"], show(g.get("title")), show(w["title"])))
        if (g.get("url") or "") != (w["url"] or ""):
            bad.append("%s/%s url: got %s want %s" % (w["source"], w["key"], show(g.get("url")), show(w["url"])))
        if g.get("id") != expected_id(w):
            bad.append("%s/%s id: got %s want %s" % (w["source"], w["key"], show(g.get("id")), show(expected_id(w))))
        dp = g.get("date_published")
        t = None
        if dp:
            import datetime
            t = int(datetime.datetime.fromisoformat(dp.replace("Z", "+00:00")).timestamp())
        if t != w["date"]:
            bad.append("%s/%s date_published: got %s want %s" % (w["source"], w["key"], show(dp), w["date"]))
        text = g.get("content_text") or html_text(g.get("content_html")) or g.get("summary")
        html = w["content_html"] or ""
        if squash(text) != squash(expected_text(w)) and not (
                "\x00" in html and squash(text) == squash(html_text(html.split("\x00")[0]))):
            bad.append("%s/%s content: got %s want %s" % (w["source"], w["key"], show(text), show(expected_text(w))))
    emit(not bad, "json %s: titles, urls, ids, dates and content as in the store" % os.path.basename(path), bad)

if __name__ == "__main__":
    if sys.argv[1] == "json":
        check_json(*sys.argv[2:])
    else:
        check(*sys.argv[1:])
PYEOF

check_lines() { # check_lines FILE: TAP lines from the harness
	while IFS= read -r line; do
		case $line in
		"ok	"*) ok 0 "${line#ok	}" ;;
		"not ok	"*) ok 1 "${line#not ok	}" ;;
		*) echo "$line" ;;
		esac
	done < "$1"
}

harness() { # harness ARGS...: run the harness, report what it found
	NOW_EPOCH=$NOW_EPOCH "$PY" "$TMPBASE/readers.py" "$@" > "$TMPBASE/h.out" 2>&1 ||
		{ ok 1 "reader harness ran ($*)"; sed 's/^/#   /' "$TMPBASE/h.out" | tail -n 15; return; }
	check_lines "$TMPBASE/h.out"
}

# --- fetch the fixtures into the store ---
kabar run -c "$TMPBASE/kabar.conf" --now "$NOW" --no-outputs -q 2>"$TMPBASE/err.run"; st=$?
is "$st" 0 "kabar run reads every fixture feed"
[ -s "$TMPBASE/err.run" ] && sed 's/^/#   /' "$TMPBASE/err.run"
is "$(q "$TMPBASE/kabar.db" "select source, count(*) from items group by source order by source" | tr '\n' ' ')" \
	"atom-esc|3 esc|8 json-esc|5 raw|3 umkm|6 " "items stored per source"

# Hostile strings straight into the store, as an older kabar or another
# writer might have left them: invalid UTF-8, control characters, ]]>,
# U+FFFE, a lone surrogate's bytes.
"$PY" - "$TMPBASE/kabar.db" "$NOW_EPOCH" <<'PYEOF'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
now = int(sys.argv[2])
rows = [
    ("inj-utf8", b"Bad UTF-8 \xe9t\xe9 \x93quoted\x94 \xc3\x28 \xed\xa0\x80 \xf4\x90\x80\x80 end",
     b"<p>Isi \xff\xfe rusak \xe9</p>", now - 86400 * 2),
    ("inj-ctl", b"Ctl \x01\x02\x1b\x7f\x0b\x0c UMKM \xef\xbf\xbe\xef\xbf\xbf noncharacters",
     b"<p>a\x01b\x02c \x1b[31m merah\x7f \xef\xbf\xbe</p>", now - 86400 * 3),
    ("inj-cdata", b"Judul ]]> &amp; <![CDATA[ x ]]> &lt; < > \" ' &#0; &bogus;",
     b"<p>]]> ]]]]> &amp;amp; &lt;script&gt; x]]>y</p>", now - 86400 * 4),
    # SQLite keeps a NUL inside a text; a C reader sees the text end there
    ("inj-nul", b"Judul dengan NUL",
     b"<p>sebelum NUL\x00sesudah NUL</p>", now - 86400 * 5),
]
for key, title, content, pub in rows:
    con.execute("INSERT INTO items (source, key, id, url, title, content_html, content_text,"
                " published, first_seen, last_seen) VALUES ('esc', ?, ?, ?, CAST(? AS TEXT),"
                " CAST(? AS TEXT), NULL, ?, ?, ?)",
                (key, key, "https://esc.example.org/" + key, title, content, pub, now, now))
con.commit()
PYEOF
ok $? "hostile strings written into the store"

# --- export ---
kabar export -c "$TMPBASE/kabar.conf" --now "$NOW" 2>"$TMPBASE/err.export"; st=$?
is "$st" 0 "kabar export writes every output"
[ -s "$TMPBASE/err.export" ] && sed 's/^/#   /' "$TMPBASE/err.export"
for f in all.rss all.atom all.json jatim.rss tagged.atom; do
	ok "$(test -s "$out/$f"; echo $?)" "output $f written"
done

# --- well-formed and valid ---
if command -v xmllint >/dev/null 2>&1; then
	for f in all.rss all.atom jatim.rss tagged.atom; do
		xmllint --noout "$out/$f" 2>"$TMPBASE/xmllint.err"
		ok $? "xmllint: $f is well-formed XML"
		sed 's/^/#   /' "$TMPBASE/xmllint.err" | head -n 10
	done
else
	skip "no xmllint (libxml2-utils)"
fi

rnc="$SHARED_DIR/validators/atom.rnc"
if ! command -v jing >/dev/null 2>&1; then
	skip "no jing"
elif [ ! -f "$rnc" ]; then
	skip "no RELAX NG schema $rnc (set SHARED_DIR)"
else
	for f in all.atom tagged.atom; do
		jing -c "$rnc" "$out/$f" >"$TMPBASE/jing.out" 2>/dev/null
		ok $? "jing: $f is valid against RFC 4287's RELAX NG schema"
		sed 's/^/#   /' "$TMPBASE/jing.out" | head -n 10
	done
	# negative control: an entry without an id is refused
	sed 's|<id>[^<]*</id>||' "$out/all.atom" > "$TMPBASE/noid.atom"
	if [ -s "$TMPBASE/noid.atom" ] && ! jing -c "$rnc" "$TMPBASE/noid.atom" >/dev/null 2>&1; then
		ok 0 "jing refuses the Atom output with its ids removed (negative control)"
	else
		ok 1 "jing refuses the Atom output with its ids removed (negative control)"
	fi
fi

nm=
for d in "$top_srcdir/tests/jsonfeed/node_modules" "$top_builddir/tests/jsonfeed/node_modules"; do
	[ -x "$d/.bin/ajv" ] && [ -f "$d/jsonfeed-schema/schema-v1.1.json" ] && { nm=$d; break; }
done
if [ -z "$nm" ] || ! command -v node >/dev/null 2>&1; then
	skip "JSON Feed schema: run npm ci in tests/jsonfeed"
	skip "JSON Feed schema negative control: run npm ci in tests/jsonfeed"
else
	ajv() {
		"$nm/.bin/ajv" validate --spec=draft7 -c ajv-formats --errors=line \
			-s "$nm/jsonfeed-schema/schema-v1.1.json" -d "$1"
	}
	ajv "$out/all.json" >"$TMPBASE/ajv.out" 2>&1
	ok $? "ajv: all.json is valid against the JSON Feed 1.1 schema"
	sed 's/^/#   /' "$TMPBASE/ajv.out" | head -n 10
	"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("version", None); json.dump(d, open(sys.argv[2], "w"))' \
		"$out/all.json" "$TMPBASE/noversion.json" 2>/dev/null
	if [ -s "$TMPBASE/noversion.json" ] && ! ajv "$TMPBASE/noversion.json" >/dev/null 2>&1; then
		ok 0 "ajv refuses all.json without its version (negative control)"
	else
		ok 1 "ajv refuses all.json without its version (negative control)"
	fi
fi
harness json "$out/all.json" "$TMPBASE/kabar.db" "$SPEC_ALL"

# --- the readers ---
have_feedparser=0
"$PY" -c 'import feedparser' 2>/dev/null && have_feedparser=1
have_sfeed=0
command -v sfeed >/dev/null 2>&1 && have_sfeed=1
have_newsboat=0
command -v newsboat >/dev/null 2>&1 && have_newsboat=1

# newsboat reloads every output once, headless, from file:// URLs, with its
# home in the temp dir; its cache is then read with sqlite3.
# One cache per output: newsboat keeps one row per guid across feeds.
if [ $have_newsboat -eq 1 ]; then
	: > "$TMPBASE/newsboat.conf"
	for f in all.rss all.atom jatim.rss tagged.atom; do
		echo "file://$out/$f" > "$TMPBASE/newsboat.urls"
		HOME="$TMPBASE/home" XDG_CONFIG_HOME="$TMPBASE/home/.config" \
			XDG_DATA_HOME="$TMPBASE/home/.local/share" \
			newsboat -x reload -u "$TMPBASE/newsboat.urls" -c "$TMPBASE/newsboat-$f.db" \
			-C "$TMPBASE/newsboat.conf" </dev/null >"$TMPBASE/newsboat.out" 2>&1
		ok $? "newsboat -x reload reads $f"
		sed 's/^/#   /' "$TMPBASE/newsboat.out" | head -n 10
	done
fi

for spec in "all.rss rss $SPEC_ALL" "all.atom atom $SPEC_ALL" \
	"jatim.rss rss $SPEC_JATIM" "tagged.atom atom $SPEC_TAGGED"; do
	f=${spec%% *}; rest=${spec#* }; fmt=${rest%% *}; sel=${rest#* }
	if [ $have_feedparser -eq 1 ]; then
		harness feedparser "$fmt" "$out/$f" "$TMPBASE/kabar.db" "$sel"
	else
		skip "no python3-feedparser"
	fi
	if [ $have_sfeed -eq 1 ]; then
		harness sfeed "$fmt" "$out/$f" "$TMPBASE/kabar.db" "$sel"
	else
		skip "no sfeed"
	fi
	if [ $have_newsboat -eq 1 ]; then
		harness newsboat "$fmt" "$out/$f" "$TMPBASE/kabar.db" "$sel" "$TMPBASE/newsboat-$f.db"
	else
		skip "no newsboat"
	fi
done

# --- determinism ---
out2="$TMPBASE/out2"
mkdir -p "$out2"
write_conf "$TMPBASE/kabar2.conf" "$out2"
kabar export -c "$TMPBASE/kabar2.conf" --now "$NOW"
is "$?" 0 "a second export to other paths"
for f in all.rss all.atom all.json jatim.rss tagged.atom; do
	cmp -s "$out/$f" "$out2/$f"
	ok $? "two exports with the same --now: $f byte-identical"
done

kabar export -c "$TMPBASE/kabar.conf" --now 1751328000
for f in all.rss all.atom all.json; do
	cmp -s "$out/$f" "$out2/$f"
	ok $? "--now as seconds since the epoch gives the same $f"
done

stamp() { stat -c '%i %y' "$1"; }
before=$(for f in all.rss all.atom all.json jatim.rss tagged.atom; do stamp "$out/$f"; done)
sleep 0.05
kabar export -c "$TMPBASE/kabar.conf" --now "$NOW"
is "$?" 0 "export again with the store unchanged"
after=$(for f in all.rss all.atom all.json jatim.rss tagged.atom; do stamp "$out/$f"; done)
is "$after" "$before" "unchanged outputs keep their inode and mtime"
is "$(LC_ALL=C ls -A "$out" | tr '\n' ' ')" "all.atom all.json all.rss jatim.rss tagged.atom " "no temporary file left in the output directory"

# The local time zone and locale change nothing.
mkdir -p "$TMPBASE/out3"
write_conf "$TMPBASE/kabar3.conf" "$TMPBASE/out3"
TZ=Asia/Jayapura LC_ALL=C.UTF-8 kabar export -c "$TMPBASE/kabar3.conf" --now "$NOW"
for f in all.rss all.atom all.json; do
	cmp -s "$out/$f" "$TMPBASE/out3/$f"
	ok $? "an export under TZ=Asia/Jayapura gives the same $f"
done

# kabar run writes the outputs at its end, the same bytes as export.
rm -f "$out2"/*
kabar run -c "$TMPBASE/kabar2.conf" --now "$NOW" -q
is "$?" 0 "kabar run (nothing due) writes the outputs"
for f in all.rss all.atom all.json; do
	cmp -s "$out/$f" "$out2/$f"
	ok $? "kabar run's $f is the same as export's"
done

# --- an export killed mid-write leaves the previous file ---
"$PY" - "$in/big.xml" <<'PYEOF'
import sys
n = 3000
parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
         '<title>Big</title><link>https://big.example.org/</link><description>many</description>\n']
for i in range(n):
    day = 1 + i % 28
    parts.append('<item><title>Item besar %d: pameran UMKM &amp; koperasi &lt;%d&gt;</title>'
                 '<link>https://big.example.org/%d</link><guid isPermaLink="false">big-%d</guid>'
                 '<pubDate>%02d May 2025 %02d:%02d:00 +0700</pubDate>'
                 '<description>%s</description></item>\n'
                 % (i, i, i, i, day, i % 24, i % 60, ("Isi berita panjang nomor %d. " % i) * 8))
parts.append('</channel></rss>\n')
open(sys.argv[1], "w").write("".join(parts))
PYEOF
mkdir -p "$TMPBASE/big"
cat > "$TMPBASE/big.conf" <<CONF
[kabar]
database = $TMPBASE/big.db
host_delay = 0

[source big]
plugin = rss
url = file://$in/big.xml
allow_file = yes
max_items = 5000

[output big]
format = rss
path = $TMPBASE/big/big.rss
max_items = 5000
CONF
kabar run -c "$TMPBASE/big.conf" --now "$NOW" -q
is "$?" 0 "a run stores a 3000-item feed and writes its output"
is "$(q "$TMPBASE/big.db" "select count(*) from items")" 3000 "3000 items stored"
cp "$TMPBASE/big/big.rss" "$TMPBASE/big.before"
# change the store so that the next export has something to write
"$PY" -c 'import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.execute("update items set title = title || \x27 (diperbarui)\x27")
con.commit()' "$TMPBASE/big.db"
KABAR_TEST_WRITE_DELAY_MS=50 "$KABAR" export -c "$TMPBASE/big.conf" --now "$NOW" 2>"$TMPBASE/err.big" &
pid=$!
# wait (at most 20 s) for the temporary file, let a few chunks go in
tmpfiles=
i=0
while [ $i -lt 400 ] && kill -0 $pid 2>/dev/null; do
	tmpfiles=$(LC_ALL=C ls -A "$TMPBASE/big" | grep -vx 'big.rss' | tr '\n' ' ')
	[ -n "$tmpfiles" ] && break
	sleep 0.05
	i=$((i + 1))
done
sleep 0.2
if kill -9 $pid 2>/dev/null; then
	wait $pid 2>/dev/null
	ok "$(test -n "$tmpfiles"; echo $?)" "an export writing a temporary file next to the output is killed mid-write"
	diag "temporary file: ${tmpfiles:-none seen}"
else
	wait $pid
	ok 1 "an export writing a temporary file next to the output is killed mid-write"
	diag "export ended before it could be killed: is KABAR_TEST_WRITE_DELAY_MS honoured?"
fi
cmp -s "$TMPBASE/big/big.rss" "$TMPBASE/big.before"
ok $? "the killed export left the previous output byte for byte"
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$TMPBASE/big/big.rss" 2>/dev/null
	ok $? "the previous output still parses"
fi
kabar export -c "$TMPBASE/big.conf" --now "$NOW"
is "$?" 0 "the next export succeeds"
is "$(grep -c '(diperbarui)</title>' "$TMPBASE/big/big.rss")" 3000 "and writes the new content"
is "$(ls -A "$TMPBASE/big" | tr '\n' ' ')" "big.rss " "the killed export's temporary file is cleaned up"

done_testing
