#!/bin/sh
# The command line: help, version, config errors, check, plugins, parse,
# and the run lock.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

feeds="$top_srcdir/examples/feeds"

out=$(kabar --help 2>&1); st=$?
is "$st" 0 "--help exits 0"
like "$out" "^usage: kabar" "--help prints usage"
for c in run export parse check sources plugins record test-plugin discover extract explain; do
	out=$(kabar $c --help 2>&1); st=$?
	is "$st" 0 "$c --help exits 0"
	like "$out" "^usage: kabar $c" "$c --help prints its usage"
done
out=$(kabar --version); st=$?
is "$st" 0 "--version exits 0"
like "$out" "^kabar [0-9]+\.[0-9]+\.[0-9]+ \(plugin ABI 1, API level 2\)$" "--version names the ABI and API level"
out=$(kabar frobnicate 2>&1); st=$?
is "$st" 2 "an unknown command exits 2"
like "$out" "unknown command 'frobnicate'" "and says which"
out=$(kabar 2>&1); st=$?
is "$st" 2 "no command exits 2"

# --- config errors: all of them, with file and line ---
conf="$TMPBASE/bad.conf"
cat > "$conf" <<'CONF'
[kabar]
max_requests = lots

[source a]
plugin = rss
url = http://example.org/feed
interval = sometimes

[source a]
plugin = rss

[source b]
plugin = no-such-plugin
url = http://example.org/b
CONF
out=$(kabar check -c "$conf" 2>&1); st=$?
is "$st" 2 "check of a bad config exits 2"
like "$out" "bad.conf:2: .*max_requests" "bad global value named with its line"
like "$out" "bad.conf:7: .*interval" "bad source value named with its line"
like "$out" "bad.conf:9: .*duplicate" "duplicate section named with its line"
out=$(kabar run -c "$conf" 2>&1); st=$?
is "$st" 2 "run with a bad config exits 2"

out=$(kabar check -c "$TMPBASE/missing.conf" 2>&1); st=$?
is "$st" 2 "a missing config exits 2"
like "$out" "missing.conf" "and names the file"

printf '\000\001\002garbage\377\n[[[\n' > "$TMPBASE/garbage.conf"
out=$(kabar check -c "$TMPBASE/garbage.conf" 2>&1); st=$?
is "$st" 2 "a binary garbage config exits 2"
like "$out" "garbage.conf:1" "and names file and line"

# Unknown plugin and unknown plugin key: found by check, before any fetch.
cat > "$TMPBASE/plug.conf" <<CONF
[source a]
plugin = no-such-plugin
url = http://example.org/a

[source b]
plugin = rss
url = http://example.org/b
no_such_key = 1
CONF
out=$(kabar check -c "$TMPBASE/plug.conf" 2>&1); st=$?
is "$st" 2 "check with an unknown plugin exits 2"
like "$out" "plug.conf:1: .*'no-such-plugin' not found" "unknown plugin named with the section's line"
like "$out" "plug.conf:8: .*no_such_key" "unknown plugin key named with its line"

# A plugin built for another ABI, named by a source.
cat > "$TMPBASE/abi.conf" <<CONF
[source old]
plugin = bad-abi
url = http://example.org/a
CONF
out=$(KABAR_PLUGIN_PATH="$top_builddir/tests/plugins/.libs" kabar check -c "$TMPBASE/abi.conf" 2>&1); st=$?
is "$st" 2 "check with a plugin of the wrong ABI exits 2"
like "$out" "abi.conf:1: source 'old': .*bad-abi.so: it was built for plugin ABI 2, this kabar has ABI 1" \
	"the message names the source, the file and both ABI numbers"
out=$(KABAR_PLUGIN_PATH="$top_builddir/tests/plugins/.libs" kabar run -c "$TMPBASE/abi.conf" 2>&1); st=$?
is "$st" 2 "run refuses it before any fetch"

# plugin_dir in the config is searched.
cat > "$TMPBASE/pdir.conf" <<CONF
[kabar]
plugin_dir = $top_builddir/tests/plugins/.libs
[source g]
plugin = good
url = http://example.org/
selector = //a
CONF
out=$(kabar check -c "$TMPBASE/pdir.conf" 2>&1); st=$?
is "$st" 0 "a plugin found through the config's plugin_dir"

# A good config.
cat > "$TMPBASE/good.conf" <<CONF
[kabar]
database = var/k.db

[source jatim]
plugin = rss
url = file://$feeds/antara-jatim.xml
allow_file = yes
region = 35
CONF
out=$(kabar check -c "$TMPBASE/good.conf" 2>&1); st=$?
is "$st" 0 "check of a good config exits 0"
like "$out" "ok, 1 sources, 0 outputs" "and says so"

# --- plugins ---
out=$(kabar plugins 2>&1); st=$?
is "$st" 0 "plugins exits 0"
like "$out" "^rss +[^ ]+ +abi 1 api 1" "the rss plugin is listed with ABI and API"
like "$out" "host: plugin ABI 1, API level 2" "the host's numbers are listed"
out=$(KABAR_PLUGIN_PATH="$top_builddir/tests/plugins/.libs" kabar plugins 2>"$TMPBASE/perr"); st=$?
is "$st" 0 "plugins with broken ones in the path still exits 0"
like "$out" "  selector \(string, required\): what to select" "a plugin's options are listed"
like "$out" "  pages \(int, default 3\): pages to read" "with their defaults"
like "$(cat "$TMPBASE/perr")" "bad-abi.so: it was built for plugin ABI 2" "broken plugins in the path are reported"

# --- parse ---
out=$(kabar parse "$feeds/antara-jatim.xml" "$feeds/diskop-atom.xml" "$feeds/umkm-news.json"); st=$?
is "$st" 0 "parse of three feeds exits 0"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 3 "one line per source"
if [ -x /usr/bin/python3 ]; then
	printf '%s\n' "$out" | /usr/bin/python3 -c '
import json, sys
docs = [json.loads(l) for l in sys.stdin]
assert all(d["version"] == "https://jsonfeed.org/version/1.1" for d in docs)
print(len(docs[0]["items"]), len(docs[1]["items"]), len(docs[2]["items"]))
' > "$TMPBASE/counts" 2>&1
	ok $? "parse output is JSON Feed 1.1"
	is "$(cat "$TMPBASE/counts")" "3 2 2" "items per feed"
fi
out=$(kabar parse "$TMPBASE/nope.xml" 2>"$TMPBASE/err"); st=$?
is "$st" 1 "parse of a missing file exits 1"
like "$out" '"error":' "and prints a document with the error"
like "$(cat "$TMPBASE/err")" "nope.xml" "and names the file on stderr"
printf '<html><body><p>not a feed</p></body></html>' > "$TMPBASE/page.html"
out=$(kabar parse "$TMPBASE/page.html" 2>"$TMPBASE/err"); st=$?
is "$st" 1 "parse of an HTML page exits 1"
like "$out" '"items":\[\]' "with no items"

# --- the run lock ---
cat > "$TMPBASE/lock.conf" <<CONF
[kabar]
database = $TMPBASE/lock.db
host_delay = 0
[source jatim]
plugin = rss
url = file://$feeds/antara-jatim.xml
allow_file = yes
CONF
if command -v flock >/dev/null 2>&1; then
	# The holder keeps the lock until told to let go (no timing guesses:
	# under valgrind kabar takes seconds to start).
	echo 4242 > "$TMPBASE/lock.db.lock"
	flock "$TMPBASE/lock.db.lock" sh -c "touch '$TMPBASE/held'; while [ ! -e '$TMPBASE/release' ]; do sleep 0.05; done" &
	holder=$!
	while [ ! -e "$TMPBASE/held" ]; do sleep 0.05; done
	out=$(kabar run -c "$TMPBASE/lock.conf" 2>&1); st=$?
	is "$st" 75 "a second run exits 75 while the lock is held"
	like "$out" "pid 4242" "and names the holder's pid"
	(sleep 1; touch "$TMPBASE/release") &
	out=$(kabar run --wait -c "$TMPBASE/lock.conf" 2>&1); st=$?
	is "$st" 0 "with --wait it waits for the lock and runs"
	wait $holder
else
	ok 0 "# SKIP flock(1) not installed"
fi
out=$(kabar run -c "$TMPBASE/lock.conf" --source nope 2>&1); st=$?
is "$st" 2 "--source with an unknown name exits 2"
like "$out" "no source named 'nope'" "and says so"
out=$(kabar run -c "$TMPBASE/lock.conf" extra 2>&1); st=$?
is "$st" 2 "an extra argument exits 2"

done_testing
