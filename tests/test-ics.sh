#!/bin/sh
# format = ics: the sample sources' MSME events as an iCalendar file,
# read back by python3-icalendar (RFC 5545): one VEVENT per event with
# a stable UID, all-day dates or times in the region's zone, location,
# URL and source; lines folded at 75 octets with CRLF.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "no /usr/bin/python3"
"$PY" -c 'import icalendar' 2>/dev/null || skip_all "python3-icalendar is not installed"
data="${SHARED_DIR:-$top_srcdir/../shared}/data"
[ -f "$data/gazetteer/regencies.csv" ] || skip_all "no domain data at $data (set SHARED_DIR)"
export KABAR_DATA_DIR="$data"

mkdir -p "$TMPBASE/run"
cp -r "$top_srcdir/examples/feeds" "$TMPBASE/run/"
cat "$top_srcdir/examples/kabar.conf" > "$TMPBASE/run/kabar.conf"
cat >> "$TMPBASE/run/kabar.conf" <<CONF

[output agenda]
format = ics
path = $TMPBASE/run/agenda.ics
title = Agenda UMKM
description = Pameran, bazar dan expo UMKM; contoh
CONF
sed -i "s|^database = .*|database = $TMPBASE/run/kabar.db|" "$TMPBASE/run/kabar.conf"
kabar run -c "$TMPBASE/run/kabar.conf" --now 2025-06-01T00:00:00Z 2>"$TMPBASE/err"
is "$?" 0 "run with an ics output"
ics="$TMPBASE/run/agenda.ics"
ok "$([ -s "$ics" ]; echo $?)" "the calendar is written"

"$PY" - "$ics" "$TMPBASE/run/umkm.json" > "$TMPBASE/check" 2>&1 <<'PY'
import json, sys, datetime, glob, os
import icalendar
raw = open(sys.argv[1], "rb").read()
cal = icalendar.Calendar.from_ical(raw)
ev = [c for c in cal.walk("VEVENT")]
out = []
out.append("vevents %d" % len(ev))
out.append("crlf %s" % all(l.endswith(b"\r") for l in raw.split(b"\n")[:-1]))
out.append("folded %s" % all(len(l.rstrip(b"\r")) <= 75 for l in raw.split(b"\n")))
out.append("uids-unique %s" % (len({str(e["UID"]) for e in ev}) == len(ev)))
out.append("prodid %s" % str(cal["PRODID"]).startswith("-//kabar//"))
out.append("calname %s" % cal.get("X-WR-CALNAME"))
# The JSON Feed of the same run: its events must all be in the calendar.
j = json.load(open(glob.glob(os.path.join(os.path.dirname(sys.argv[1]), "out", "*.json"))[0]))
events = [i for i in j["items"] if "event" in i.get("_kabar", {})]
out.append("json-events %d" % len(events))
for i in events:
    e = i["_kabar"]["event"]
    match = [v for v in ev if str(v.get("URL", "")) == i.get("url")]
    if not match:
        out.append("missing %s" % i.get("url"))
        continue
    v = match[0]
    start = v.decoded("DTSTART")
    end = v.decoded("DTEND")
    if isinstance(start, datetime.datetime):
        # Daily hours: DTEND closes the first day and RRULE repeats it;
        # else the event runs to the end of its last day.
        rr = v.get("RRULE")
        count = int(rr["COUNT"][0]) if rr else 1
        last = (start.date() + datetime.timedelta(days=count - 1)) if e.get("end_time") else end.date()
        ok = start.date().isoformat() == e["start"] and last.isoformat() == e["end"] and start.utcoffset() is not None
        ok = ok and start.strftime("%H:%M") == e.get("time")
        if e.get("end_time"):
            ok = ok and end.date() == start.date() and end.strftime("%H:%M") == e["end_time"]
            out.append("daily-hours %s %s-%s x%d" % (e["start"], e["time"], e["end_time"], count))
    else:
        ok = start.isoformat() == e["start"] and (end - datetime.timedelta(days=1)).isoformat() == e["end"]
    out.append("dates-ok %s" % ok)
    out.append("location %s" % (str(v.get("LOCATION", "")) == e.get("venue", "")))
    out.append("summary %s" % bool(str(v.get("SUMMARY", ""))))
    out.append("source %s" % ("Sumber:" in str(v.get("DESCRIPTION", ""))))
    for a in i["_kabar"].get("also_reported_by", []):
        out.append("also %s" % ("Juga diberitakan: %s %s" % (a["source"], a["url"]) in str(v.get("DESCRIPTION", ""))))
print("\n".join(out))
PY
ok "$?" "python3-icalendar reads the calendar"
chk=$(cat "$TMPBASE/check")
n=$(printf '%s\n' "$chk" | sed -n 's/^json-events //p')
is "$(printf '%s\n' "$chk" | sed -n 's/^vevents //p')" "$n" "one VEVENT per MSME event of the JSON Feed ($n)"
ok "$([ "${n:-0}" -ge 1 ]; echo $?)" "the sample has at least one event"
is "$(printf '%s\n' "$chk" | grep -c '^missing')" 0 "every event is in the calendar, by its URL"
is "$(printf '%s\n' "$chk" | grep -c '^dates-ok False')" 0 "start and end dates as in the JSON Feed"
is "$(printf '%s\n' "$chk" | grep -c '^location False')" 0 "the venue is the LOCATION"
like "$chk" "crlf True" "CRLF line ends"
like "$chk" "folded True" "lines folded at 75 octets"
like "$chk" "uids-unique True" "unique UIDs"
like "$chk" "calname Agenda UMKM" "the calendar's name"
is "$(printf '%s\n' "$chk" | grep -c '^source False')" 0 "each event names its source"
like "$chk" "also True" "a story's other sources are in the description"
is "$(printf '%s\n' "$chk" | grep -c '^also False')" 0 "every other source of a story is listed"
like "$chk" "daily-hours 2025-07-12 09:00-21:00 x3" "daily hours repeat on each day of the Expo (RRULE COUNT=3)"

cp "$ics" "$TMPBASE/first.ics"
kabar export -c "$TMPBASE/run/kabar.conf" --now 2025-06-01T00:00:00Z 2>/dev/null
cmp -s "$ics" "$TMPBASE/first.ics"
is "$?" 0 "the same store and clock give the same bytes (stable UIDs, DTSTAMP from first-seen)"

done_testing
