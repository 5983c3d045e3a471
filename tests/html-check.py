#!/usr/bin/python3
"""html-check.py: check kabar's HTML events pages (format = html) in
headless Chromium through Selenium and chromedriver.

usage: html-check.py [--chromium BIN] [--chromedriver BIN] --profile DIR
                     (--page FILE --feed JSON|- --now TIME [--title T]
                      [--hostile URL])...

For each page: FEED is the JSON Feed of the same store (an output of the
same sources without filters); the events the page must show, in their
order, are computed from it here, independently of kabar's C code: an
item with _kabar.event whose last day is on or after the day of NOW in
its region's zone (WIB, WITA, WIT), ongoing when it started on or before
that day, sorted by start date, then all-day before timed, then time,
then name, then the feed's order. "-" means the page must be empty.
--hostile URL names the event whose item title is hostile text: the
page must show it as text.

Prints one line per assertion, "ok - ..." or "not ok - ...", with
"# ..." lines of detail; tests/test-html-output.sh turns them into TAP.
Exit status 0, or 2 when the browser cannot be started.
"""
import argparse
import datetime
import json
import re
import sys

WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
WIT = {"81", "82", "91", "92", "93", "94", "95", "96"}
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
          "Agustus", "September", "Oktober", "November", "Desember"]

failed = 0


def check(cond, desc, *detail):
    global failed
    print("%s - %s" % ("ok" if cond else "not ok", desc))
    if not cond:
        failed += 1
        for d in detail:
            for line in str(d).splitlines()[:40]:
                print("#   " + line)
    sys.stdout.flush()
    return cond


def zone(code):
    """(offset in minutes, abbreviation) of a region code."""
    p = (code or "")[:2]
    if p in WITA:
        return 480, "WITA"
    if p in WIT:
        return 540, "WIT"
    return 420, "WIB"


def nonchar(c):
    o = ord(c)
    return 0xFDD0 <= o <= 0xFDEF or (o & 0xFFFE) == 0xFFFE


def clean(s):
    """A text as the page must show it: controls dropped, tab and line
    ends as spaces, noncharacters dropped."""
    out = []
    for c in s or "":
        o = ord(c)
        if c in "\t\n\r":
            out.append(" ")
        elif o < 0x20 or 0x7F <= o < 0xA0 or nonchar(c):
            continue
        else:
            out.append(c)
    return "".join(out)


def visible(s):
    return any(not c.isspace() for c in clean(s))


def parse_now(s):
    t = datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
    return t.astimezone(datetime.timezone.utc)


def expected_events(feed, now):
    items = json.load(open(feed, encoding="utf-8"))["items"]
    out = []
    for pos, it in enumerate(items):
        k = it.get("_kabar", {})
        ev = k.get("event")
        if not ev or not ev.get("start"):
            continue
        region = k.get("region") or {}
        off, abbr = zone(region.get("code"))
        today = (now + datetime.timedelta(minutes=off)).date()
        start = datetime.date.fromisoformat(ev["start"])
        end = datetime.date.fromisoformat(ev.get("end") or ev["start"])
        if end < start:
            end = start
        if end < today:
            continue
        minute = -1
        if ev.get("time"):
            h, m = ev["time"].split(":")[:2]
            minute = int(h) * 60 + int(m)
        name = ev.get("name") if visible(ev.get("name")) else it.get("title", "")
        times = [start.isoformat()]
        if end > start:
            times.append(end.isoformat())
        end_minute = -1
        if minute >= 0 and ev.get("end_time"):
            h, m = ev["end_time"].split(":")[:2]
            end_minute = int(h) * 60 + int(m)
        if minute >= 0:
            times.append("%sT%02d:%02d+%02d:%02d" % (start.isoformat(), minute // 60, minute % 60,
                                                     off // 60, off % 60))
        if end_minute >= 0:
            times.append("%sT%02d:%02d+%02d:%02d" % (start.isoformat(), end_minute // 60, end_minute % 60,
                                                     off // 60, off % 60))
        code = region.get("code")
        if code:
            rname = region.get("name") if visible(region.get("name")) else code
            prov = region.get("province")
            if not visible(prov) or prov == rname:
                prov = None
            label = rname + (", " + prov if prov else "")
            key = (0, prov or rname, rname, code)
        else:
            label, key = "Wilayah tidak diketahui", (1, "", "", "")
        out.append({
            "pos": pos, "start": start, "end": end, "minute": minute, "end_minute": end_minute,
            "name": clean(name), "sortname": name.encode("utf-8"),
            "url": it.get("url"), "title": clean(it.get("title", "")),
            "times": times, "ongoing": start <= today, "region": label, "rkey": key, "code": code,
            "also": [(clean(a.get("source", "")), a.get("url")) for a in k.get("also_reported_by", [])],
            "abbr": abbr,
        })
    out.sort(key=lambda e: (e["start"], e["minute"], e["sortname"], e["pos"]))
    return out


def indonesian_day(d):
    return "%s, %d %s %d" % (DAYS[d.weekday()], d.day, MONTHS[d.month - 1], d.year)


def luminance(rgb):
    def ch(c):
        c = c / 255.0
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = rgb
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)


def contrast(a, b):
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def rgb(s):
    m = re.match(r"rgba?\((\d+), (\d+), (\d+)", s)
    return tuple(int(x) for x in m.groups()) if m else None


SCRAPE = r"""
const text = e => e ? e.textContent : null;
function dd(li, label) {
  for (const dt of li.querySelectorAll('dl > dt'))
    if (dt.textContent === label) return dt.nextElementSibling;
  return null;
}
const events = [...document.querySelectorAll('main ul > li[id^="acara-"]')].map(li => {
  const h = li.querySelector('h4'), a = h ? h.querySelector('a') : null;
  const w = dd(li, 'Waktu'), r = dd(li, 'Wilayah'), also = dd(li, 'Juga diberitakan');
  const head = li.parentElement.previousElementSibling;
  const berita = [...li.querySelectorAll('p')].find(p => p.textContent.startsWith('Berita: '));
  return {
    id: li.id, name: text(h), href: a ? a.getAttribute('href') : null,
    times: w ? [...w.querySelectorAll('time')].map(t => t.getAttribute('datetime')) : [],
    ongoing: w ? w.textContent.includes('Sedang berlangsung') : false,
    waktu: text(w),
    heading: head && head.tagName === 'H3' && head.querySelector('time')
      ? head.querySelector('time').getAttribute('datetime') : null,
    headingText: text(head),
    region: text(r), regionHref: r && r.querySelector('a') ? r.querySelector('a').getAttribute('href') : null,
    also: also ? [...also.querySelectorAll('li')].map(x => {
      const l = x.querySelector('a'); return [x.textContent, l ? l.href : null]; }) : [],
    berita: berita ? berita.textContent.slice(8) : null,
  };
});
const nav = [...document.querySelectorAll('nav li')].map(li => {
  const a = li.querySelector('a');
  return {text: text(a), href: a ? a.getAttribute('href') : null, all: li.textContent};
});
const regions = [...document.querySelectorAll('main h3[id^="wilayah-"]')].map(h => ({
  id: h.id, text: h.textContent,
  links: [...h.nextElementSibling.querySelectorAll('a')].map(a => a.getAttribute('href'))}));
const headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => [+h.tagName[1], h.textContent]);
const links = [...document.querySelectorAll('a')].map(a => ({href: a.getAttribute('href'), name: a.textContent,
  target: (a.getAttribute('href') || '').startsWith('#')
    ? !!document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1))) : null}));
const onattr = [...document.querySelectorAll('*')].filter(e =>
  [...e.attributes].some(x => x.name.toLowerCase().startsWith('on'))).length;
return {
  lang: document.documentElement.getAttribute('lang'), title: document.title,
  charset: document.characterSet,
  viewport: !!document.querySelector('meta[name="viewport"][content*="width=device-width"]'),
  events, nav, regions, headings, links, onattr,
  active: document.querySelectorAll('script,img,iframe,object,embed,link,b,svg,video,audio,form,input').length,
  resources: performance.getEntriesByType('resource').length,
  generated: document.querySelector('header time') ? document.querySelector('header time').getAttribute('datetime') : null,
  landmarks: ['header', 'nav', 'main', 'footer'].map(t => document.querySelectorAll(t).length),
  empty: document.querySelector('main') ? document.querySelector('main').textContent.includes('Tidak ada acara mendatang') : false,
};
"""


def start_browser(args):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    o = webdriver.ChromeOptions()
    o.binary_location = args.chromium
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--user-data-dir=" + args.profile, "--no-first-run", "--no-default-browser-check",
              "--disable-extensions", "--disable-background-networking", "--disable-sync",
              "--disable-component-update", "--disable-default-apps", "--hide-scrollbars",
              "--force-color-profile=srgb"):
        o.add_argument(a)
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(args.chromedriver), options=o)


def metrics(d, width, mobile):
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                      {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": mobile})
    return d.execute_script(
        "const w = innerWidth, s = document.scrollingElement.scrollWidth;"
        "const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 0.5)"
        "  .slice(0, 5).map(e => e.tagName + ' ' + e.textContent.slice(0, 60));"
        "return [w, s, wide];")


def check_page(d, page, feed, now_s, title, hostile):
    import urllib.parse
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.common.exceptions import NoAlertPresentException

    name = page.rsplit("/", 1)[-1]
    raw = open(page, "rb").read()
    try:
        txt = raw.decode("utf-8")
        utf8 = True
    except UnicodeDecodeError as e:
        txt, utf8 = "", str(e)
    check(utf8 is True, "%s: the bytes are UTF-8" % name, utf8)
    bad = [c for c in txt if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) < 0xA0 or nonchar(c)]
    check(not bad, "%s: no control characters or noncharacters in the file" % name, repr(bad[:5]))
    check(txt.startswith("<!DOCTYPE html>\n"), "%s: an HTML5 doctype" % name)

    d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "light"}]})
    d.get("file://" + urllib.parse.quote(page))
    alerts = []
    for _ in range(20):
        try:
            a = d.switch_to.alert
            alerts.append(a.text)
            a.dismiss()
        except NoAlertPresentException:
            break
    check(not alerts, "%s: no script ran (no alert)" % name, alerts)
    logs = [x for x in d.get_log("browser") if x.get("level") in ("SEVERE", "WARNING")]
    check(not logs, "%s: no console errors or warnings" % name, *[x.get("message") for x in logs])
    s = d.execute_script(SCRAPE)
    check(s["lang"] == "id", "%s: <html lang=\"id\">" % name, s["lang"])
    check(s["charset"] == "UTF-8", "%s: read as UTF-8 (meta charset)" % name, s["charset"])
    check(s["viewport"], "%s: a viewport meta for phones" % name)
    if title is not None:
        check(s["title"] == title, "%s: the title is the output's" % name, s["title"])
    check(s["active"] == 0 and s["onattr"] == 0,
          "%s: no script, image, embedded or form element, no event handler attribute" % name,
          "elements %d, on* attributes %d" % (s["active"], s["onattr"]))
    check(s["resources"] == 0, "%s: no external resource is loaded" % name, s["resources"])
    check(s["landmarks"] == [1, 1, 1, 1], "%s: one header, nav, main and footer" % name, s["landmarks"])
    check(s["generated"] == now_s, "%s: the header names the run's instant (%s)" % (name, now_s), s["generated"])

    levels = [h[0] for h in s["headings"]]
    check(levels.count(1) == 1 and levels[0] == 1, "%s: exactly one h1, first" % name, s["headings"])
    skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    check(not skips, "%s: heading levels never skip" % name, skips, s["headings"])
    badlinks = [l for l in s["links"] if not l["name"].strip()
                or not (l["href"] or "").startswith(("http://", "https://", "#"))
                or l["target"] is False]
    check(not badlinks,
          "%s: every link has a name and an http(s) href or a fragment that exists (%d links)" % (name, len(s["links"])),
          *badlinks[:5])

    ax = d.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]
    roles = {}
    unnamed = []
    for n in ax:
        if n.get("ignored"):
            continue
        role = n.get("role", {}).get("value")
        roles[role] = roles.get(role, 0) + 1
        if role in ("link", "heading") and not str(n.get("name", {}).get("value", "")).strip():
            unnamed.append(role)
    check(not unnamed and roles.get("heading", 0) == len(levels),
          "%s: accessibility tree: %d headings, %d links, none without a name"
          % (name, roles.get("heading", 0), roles.get("link", 0)), unnamed, roles)
    check(all(roles.get(r, 0) == 1 for r in ("banner", "navigation", "main", "contentinfo")),
          "%s: accessibility tree: banner, navigation, main and contentinfo landmarks" % name, roles)

    exp = expected_events(feed, parse_now(now_s)) if feed != "-" else []
    ev = s["events"]
    if not exp:
        check(s["empty"] and not ev and not s["nav"] and not s["regions"],
              "%s: the empty state says Tidak ada acara mendatang" % name, ev, s["nav"])
    else:
        got = [(e["name"], e["href"]) for e in ev]
        want = [(e["name"], e["url"] if e["url"] and e["url"].startswith(("http://", "https://")) else None)
                for e in exp]
        check(got == want, "%s: the %d upcoming events, in order, linked to their articles" % (name, len(want)),
              "got:  %s" % got, "want: %s" % want)
        if len(ev) == len(exp):
            check([e["times"] for e in ev] == [e["times"] for e in exp],
                  "%s: each event's <time datetime> values" % name,
                  "got:  %s" % [e["times"] for e in ev], "want: %s" % [e["times"] for e in exp])
            check([e["ongoing"] for e in ev] == [e["ongoing"] for e in exp],
                  "%s: ongoing events say Sedang berlangsung, the others do not" % name,
                  [e["ongoing"] for e in ev], [e["ongoing"] for e in exp])
            check(all(g["heading"] == w["start"].isoformat() and g["headingText"] == indonesian_day(w["start"])
                      for g, w in zip(ev, exp)),
                  "%s: each event is under the heading of its start date, in Indonesian" % name,
                  [(g["heading"], g["headingText"]) for g in ev])
            check([e["region"] for e in ev] == [e["region"] for e in exp],
                  "%s: each event names its region and province" % name,
                  [e["region"] for e in ev], [e["region"] for e in exp])
            check([e["also"] for e in ev] == [[[a, u if (u or "").startswith("http") else None] for a, u in e["also"]]
                                              for e in exp],
                  "%s: the same story from other sources is linked (also reported by)" % name,
                  [e["also"] for e in ev], [e["also"] for e in exp])
            timed = [(g["waktu"], w) for g, w in zip(ev, exp) if w["minute"] >= 0]
            check(all(("pukul %02d.%02d%s %s" % (w["minute"] // 60, w["minute"] % 60,
                                                 "\u2013%02d.%02d" % (w["end_minute"] // 60, w["end_minute"] % 60)
                                                 if w["end_minute"] >= 0 else "", w["abbr"])) in g for g, w in timed),
                  "%s: timed events show the time and zone (%d)" % (name, len(timed)), timed)
        # The region index: each region once, its events counted, in
        # order of province, then name.
        groups = {}
        for e in exp:
            groups.setdefault(e["code"], {"label": e["region"], "key": e["rkey"], "n": 0})
            groups[e["code"]]["n"] += 1
        want_nav = [(g["label"], g["n"]) for g in sorted(groups.values(), key=lambda g: g["key"])]
        got_nav = []
        for x in s["nav"]:
            m = re.search(r"\((\d+) acara\)$", x["all"])
            got_nav.append((x["text"], int(m.group(1)) if m else None))
        check(got_nav == want_nav, "%s: the region index lists %d regions with their counts" % (name, len(want_nav)),
              "got:  %s" % got_nav, "want: %s" % want_nav)
        by_id = {e["id"]: e for e in ev}
        ok = [x["href"] for x in s["nav"]] == ["#" + r["id"] for r in s["regions"]]
        for r in s["regions"]:
            for l in r["links"]:
                e = by_id.get(l[1:])
                ok = ok and e is not None and e["regionHref"] == "#" + r["id"]
        ok = ok and sum(len(r["links"]) for r in s["regions"]) == len(ev)
        check(ok, "%s: by region: every event once under its region, linked from the index" % name, s["regions"])

    if hostile:
        items = json.load(open(feed, encoding="utf-8"))["items"] if feed != "-" else []
        raw_title = [i.get("title", "") for i in items if i.get("url") == hostile]
        h = [e for e in ev if e["href"] == hostile]
        check(bool(raw_title) and bool(h) and h[0]["berita"] == clean(raw_title[0]),
              "%s: the hostile title is shown as text, nothing injected" % name,
              h[0]["berita"] if h else "no event %s" % hostile, clean(raw_title[0]) if raw_title else "")
        check("<script>" not in txt and "<b>" not in txt and "<img" not in txt,
              "%s: the hostile markup is escaped in the file" % name)

    # Keyboard: the first Tab lands on the skip link, which shows with a
    # visible focus outline.
    d.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    f = d.execute_script(
        "const a = document.activeElement, s = getComputedStyle(a), r = a.getBoundingClientRect();"
        "return [a.tagName, a.getAttribute('href'), s.outlineStyle, parseFloat(s.outlineWidth), r.top, r.bottom];")
    check(f[0] == "A" and f[1] == "#isi" and f[2] != "none" and f[3] >= 2 and f[4] >= 0 and f[5] > f[4],
          "%s: Tab first reaches the skip link, shown with a visible focus outline" % name, f)

    for scheme in ("light", "dark"):
        d.execute_cdp_cmd("Emulation.setEmulatedMedia",
                          {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
        c = d.execute_script(
            "const b = getComputedStyle(document.body).backgroundColor;"
            "const out = [];"
            "for (const e of document.querySelectorAll('h1, p, a, dt, dd, li, time, strong')) {"
            "  if (!e.textContent.trim()) continue;"
            "  let bg = 'rgba(0, 0, 0, 0)';"
            "  for (let p = e; p && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent'); p = p.parentElement)"
            "    bg = getComputedStyle(p).backgroundColor;"
            "  out.push([e.tagName, getComputedStyle(e).color, bg]);"
            "}"
            "return [b, out];")
        worst = None
        for tag, fg, bg in c[1]:
            ratio = contrast(rgb(fg), rgb(bg))
            if worst is None or ratio < worst[0]:
                worst = (ratio, tag, fg, bg)
        check(worst is not None and worst[0] >= 4.5,
              "%s: text contrast at least 4.5:1 in the %s scheme (lowest %.1f)" % (name, scheme, worst[0] if worst else 0),
              worst)
    d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})

    for width, mobile in ((320, True), (1280, False)):
        w, sw, wide = metrics(d, width, mobile)
        check(w == width and sw <= w, "%s: no horizontal scrolling at %d px (scrollWidth %d)" % (name, width, sw),
              "innerWidth %d scrollWidth %d" % (w, sw), *wide)
    d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chromium", default="/usr/lib/chromium/chromium")
    ap.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    ap.add_argument("--profile", required=True)
    ap.add_argument("--page", action="append", default=[])
    ap.add_argument("--feed", action="append", default=[])
    ap.add_argument("--now", action="append", default=[])
    ap.add_argument("--title", action="append", default=[])
    ap.add_argument("--hostile", action="append", default=[])
    args = ap.parse_args()
    n = len(args.page)
    if len(args.feed) != n or len(args.now) != n:
        ap.error("--page, --feed and --now go together")
    titles = args.title + [None] * n
    hostile = args.hostile + [None] * n
    try:
        d = start_browser(args)
    except Exception as e:  # the browser is not usable here
        print("# cannot start chromium: %s" % str(e).splitlines()[0] if str(e) else e)
        return 2
    try:
        for i in range(n):
            try:
                check_page(d, args.page[i], args.feed[i], args.now[i], titles[i] or None, hostile[i] or None)
            except Exception as e:  # a page that breaks the checker fails
                check(False, "%s: the checks ran to the end" % args.page[i].rsplit("/", 1)[-1],
                      "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else ""))
    finally:
        d.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
