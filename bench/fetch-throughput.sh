#!/bin/sh
# fetch-throughput.sh: how many feeds per second `kabar run` fetches,
# parses and stores, and how much memory it needs, against the scripted
# test server on 127.0.0.1. Run by hand from a build tree:
#
#   bench/fetch-throughput.sh BUILDDIR [SOURCES] [ITEMS_PER_FEED] [PER_HOST]
#
# It generates SOURCES RSS 2.0 feeds of ITEMS_PER_FEED items each (about
# 1 KiB an item), serves them from tests/httpd, and times three runs:
#   1. cold: every feed is new (200, parse, store every item)
#   2. warm: every feed answers 304 to the conditional GET
#   3. changed: every feed is fetched again and re-parsed (ETags changed),
#      no item is new
# The sources are spread over host names a.localhost ... that all resolve
# to 127.0.0.1; per_host (default 2) applies per host name and, once the
# address is learned, per address, so the bench sets per_host to PER_HOST
# (default 64) to measure the engine rather than the politeness limit.
# Peak RSS comes from /usr/bin/time when installed.
set -eu
build=$(cd "${1:?usage: $0 BUILDDIR [SOURCES] [ITEMS] [PER_HOST]}" && pwd)
n=${2:-1000}
items=${3:-20}
per_host=${4:-64}
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kabar-bench.XXXXXX")
trap 'kill $httpd 2>/dev/null; rm -rf "$tmp"' EXIT

/usr/bin/python3 - "$tmp/www" "$n" "$items" <<'PY'
import os, sys
root, n, items = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(root)
body = "Pemerintah kota menggelar pameran UMKM dengan ratusan stan produk lokal. " * 12
for f in range(n):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>',
           f'<title>Feed {f}</title><link>https://s{f}.example.id/</link><description>bench</description>']
    for i in range(items):
        out.append(f'<item><title>Berita {f}-{i} tentang UMKM</title>'
                   f'<link>https://s{f}.example.id/berita/{i}</link><guid>s{f}-{i}</guid>'
                   f'<pubDate>Mon, 0{1 + i % 9} Jun 2025 08:{i % 60:02d}:00 +0700</pubDate>'
                   f'<description>{body}</description></item>')
    out.append('</channel></rss>\n')
    with open(f'{root}/f{f}.xml', 'w') as fh:
        fh.write(''.join(out))
PY

"$build/tests/httpd" --root "$tmp/www" --port-file "$tmp/port" &
httpd=$!
while [ ! -s "$tmp/port" ]; do sleep 0.05; done
port=$(cat "$tmp/port")
{
	printf '[kabar]\ndatabase = %s/bench.db\nhost_delay = 0\nper_host = %s\nmax_requests = 64\n\n' "$tmp" "$per_host"
	i=0
	while [ $i -lt "$n" ]; do
		h=$((i % 16))
		printf '[source s%d]\nplugin = rss\nurl = http://h%d.localhost:%s/file/f%d.xml\nallow_private = yes\n\n' \
			$i $h "$port" $i
		i=$((i + 1))
	done
} > "$tmp/bench.conf"

run() { # run LABEL
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f "%e %M %U %S" -o "$tmp/time" "$build/src/kabar" run -c "$tmp/bench.conf" --force -q || true
		read -r secs kb us ss < "$tmp/time"; kb="$kb KiB, kabar cpu ${us}u ${ss}s"
	else
		s=$(date +%s%N)
		"$build/src/kabar" run -c "$tmp/bench.conf" --force -q || true
		secs=$(awk -v ns=$(( $(date +%s%N) - s )) 'BEGIN { printf "%.2f", ns / 1e9 }')
		kb="?"
	fi
	awk -v l="$1" -v s="$secs" -v n="$n" -v kb="$kb" \
		'BEGIN { printf "%-8s %5d feeds in %6.2f s: %7.0f feeds/s, peak RSS %s\n", l, n, s, n / s, kb }'
}

echo "kabar bench: $n feeds x $items items, per_host $per_host, on $(nproc) cores"
run cold
run warm
for f in "$tmp"/www/*.xml; do touch -d '+1 minute' "$f"; done
run changed
/usr/bin/python3 -c "
import sqlite3,sys
c=sqlite3.connect('$tmp/bench.db')
print('items stored:', c.execute('select count(*) from items').fetchone()[0])"
