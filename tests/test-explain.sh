#!/bin/sh
# kabar explain on the seed article, a negative text, an HTML page and a
# stored item; the analysis in the JSON Feed output of a run.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "no /usr/bin/python3 to read the JSON"
data="${SHARED_DIR:-$top_srcdir/../shared}/data"
[ -f "$data/gazetteer/regencies.csv" ] || skip_all "no domain data at $data (set SHARED_DIR)"
export KABAR_DATA_DIR="$data"
field() { "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

kabar explain --json --published 2023-06-01 "$data/seed-article.txt" >"$TMPBASE/seed.json" 2>"$TMPBASE/err"
is "$?" 0 "explain --json: the seed article"
is "$(field "$TMPBASE/seed.json" '"event" in d["_kabar"]["topics"]')" True "seed: an MSME event"
is "$(field "$TMPBASE/seed.json" 'd["_kabar"]["region"]["code"]')" 35.76 "seed: region 35.76"
is "$(field "$TMPBASE/seed.json" 'd["_kabar"]["region"]["name"]')" "Kota Mojokerto" "seed: Kota Mojokerto"
is "$(field "$TMPBASE/seed.json" 'd["_kabar"]["region"]["province"]')" "Jawa Timur" "seed: in Jawa Timur"
like "$(field "$TMPBASE/seed.json" 'd["_kabar"]["event"]["name"]')" "Indonesia Maju Expo" "seed: the event's name"
is "$(field "$TMPBASE/seed.json" 'd["_kabar"]["event"]["start"]')" 2023-06-01 "seed: starts 2023-06-01"
is "$(field "$TMPBASE/seed.json" 'd["_kabar"]["event"]["end"]')" 2023-06-04 "seed: ends 2023-06-04"
like "$(field "$TMPBASE/seed.json" 'd["_kabar"]["event"]["venue"]')" "Taman Mini Indonesia Indah \(TMII\)" "seed: at TMII"
like "$(field "$TMPBASE/seed.json" 'd["_kabar"]["event"]["organizer"]')" "Kemendagri" "seed: organized by Kemendagri"
ok "$(field "$TMPBASE/seed.json" 'len(d["_kabar"]["evidence"]["terms"]) > 3 and d["_kabar"]["score"] > 0.5' | grep -q True; echo $?)" \
	"seed: matched terms and a high score"

kabar explain "$data/seed-article.txt" >"$TMPBASE/seed.txt" 2>&1
like "$(cat "$TMPBASE/seed.txt")" "^region: 35.76 Kota Mojokerto \(Jawa Timur\)" "explain: the region in words"
like "$(cat "$TMPBASE/seed.txt")" "dates: 2023-06-01 to 2023-06-04" "explain: the event's dates"

printf 'Polisi tangkap pencuri motor di Sidoarjo\n\nSIDOARJO - Polresta Sidoarjo menangkap dua tersangka pencurian sepeda motor di Kecamatan Waru, Kamis (1/6/2023). Kedua tersangka ditahan untuk penyidikan lebih lanjut.\n' > "$TMPBASE/neg.txt"
kabar explain --json "$TMPBASE/neg.txt" >"$TMPBASE/neg.json" 2>&1
is "$(field "$TMPBASE/neg.json" '"event" in d["_kabar"]["topics"] or "event" in d["_kabar"]')" False \
	"a crime story: no MSME event"
is "$(field "$TMPBASE/neg.json" 'd["_kabar"]["region"]["code"]')" 35.15 "a crime story: still placed in Sidoarjo"

kabar explain --json "$top_srcdir/tests/fixtures/extract/event.html" >"$TMPBASE/page.json" 2>&1
is "$?" 0 "explain: an HTML page's article"

# A run stores the analysis; explain finds the item by id.
mkdir -p "$TMPBASE/run"
cp -r "$top_srcdir/examples/feeds" "$TMPBASE/run/"
sed "s|^database = .*|database = $TMPBASE/run/kabar.db|; s|^path = out/|path = $TMPBASE/run/out/|" \
	"$top_srcdir/examples/kabar.conf" > "$TMPBASE/run/kabar.conf"
kabar run -c "$TMPBASE/run/kabar.conf" 2>"$TMPBASE/err"
is "$?" 0 "run: the sample sources"
json=$(ls "$TMPBASE"/run/out/*.json | head -1)
is "$(field "$json" 'sum(1 for i in d["items"] if "score" in i.get("_kabar", {}))' )" \
	"$(field "$json" 'len(d["items"])')" "run: every item in the JSON Feed carries its score"
ok "$(field "$json" 'any("event" in i["_kabar"] for i in d["items"])' | grep -q True; echo $?)" \
	"run: the sample has an MSME event with its dates"
id=$(field "$json" 'd["items"][0]["_kabar"].get("source_id") or d["items"][0]["_kabar"]["key"]')
kabar explain -c "$TMPBASE/run/kabar.conf" "$id" >"$TMPBASE/id.txt" 2>&1
is "$?" 0 "explain ID: a stored item"
like "$(cat "$TMPBASE/id.txt")" "^score: " "explain ID: with its score"
# The Dinas's release and the portal's copy of it are one story.
is "$(field "$json" 'sum(1 for i in d["items"] if "Expo UMKM Jawa Barat" in (i.get("content_text") or ""))')" 1 \
	"run: the release republished by a portal is one item"
is "$(field "$json" '[i for i in d["items"] if "also_reported_by" in i["_kabar"]][0]["_kabar"]["also_reported_by"][0]["source"]')" \
	contoh-jabar "run: the .go.id copy represents it, the portal is also reported"
# A store from before stories existed: the next run puts its items in
# stories again.
"$PY" -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript("UPDATE items SET cluster = NULL, signature = NULL, signature_version = 0;"
                " DELETE FROM clusters; DELETE FROM cluster_bands;")
c.commit()' "$TMPBASE/run/kabar.db"
kabar run -c "$TMPBASE/run/kabar.conf" 2>"$TMPBASE/err"
is "$?" 0 "run: a store whose items are in no story"
is "$(field "$json" 'sum(1 for i in d["items"] if "also_reported_by" in i["_kabar"])')" 1 \
	"run: its items are put in stories again, the release once"
kabar explain -c "$TMPBASE/run/kabar.conf" \
	https://beritajabar.example.com/ekonomi/2025/06/03/150-umkm-ramaikan-expo-umkm-jabar >"$TMPBASE/copy.txt" 2>&1
like "$(cat "$TMPBASE/copy.txt")" "^cluster: [0-9]+; id tag:diskopukm.example.go.id,2025:sp-0612" \
	"explain: the portal's copy is in the release's cluster"
like "$(cat "$TMPBASE/copy.txt")" "contoh-diskop  https://diskopukm.example.go.id/" "explain: listing the release"
like "$(cat "$TMPBASE/copy.txt")" "\\* [0-9T:Z-]+  contoh-jabar" "explain: and the item itself, marked"
kabar explain --json -c "$TMPBASE/run/kabar.conf" \
	https://beritajabar.example.com/ekonomi/2025/06/03/150-umkm-ramaikan-expo-umkm-jabar >"$TMPBASE/copy.json" 2>&1
is "$(field "$TMPBASE/copy.json" 'len(d["_kabar"]["cluster"]["members"])')" 2 "explain --json: the cluster's two members"
is "$(field "$TMPBASE/copy.json" 'd["_kabar"]["cluster"]["id"]')" tag:diskopukm.example.go.id,2025:sp-0612 \
	"explain --json: the cluster's id"
# A file with the same text finds the stored story.
{ echo "Expo UMKM Jawa Barat"; field "$json" '[i for i in d["items"] if "also_reported_by" in i["_kabar"]][0]["content_text"]'; } \
	>"$TMPBASE/copy-file.txt"
kabar explain -c "$TMPBASE/run/kabar.conf" "$TMPBASE/copy-file.txt" >"$TMPBASE/copy-file.out" 2>&1
like "$(cat "$TMPBASE/copy-file.out")" "which this text would join \\(similarity 1.00\\)" \
	"explain FILE: the stored story the text would join"
kabar explain "$TMPBASE/neg.txt" >"$TMPBASE/neg.out" 2>&1
like "$(cat "$TMPBASE/neg.out")" "^cluster: unknown \\(no store\\)" "explain FILE without a config: no store to compare"

kabar explain -c "$TMPBASE/run/kabar.conf" no-such-item >/dev/null 2>&1
is "$?" 1 "explain: an unknown id gives exit 1"

done_testing
