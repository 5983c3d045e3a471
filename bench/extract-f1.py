#!/usr/bin/python3
"""extract-f1.py: score article extraction by 4-word shingle F1.

    extract-f1.py DUMP CORPUS [-v] [--worst N] [--only ID...]

DUMP is the extract-dump program of a build tree (tests/extract-dump:
kb_html_decode then kb_extract, prints content_text). CORPUS holds
html/ID.html.gz and ground-truth.json (ID -> {"articleBody", "url"}).
Beside kabar, in the same run on the same pages, Debian's
python3-readability (readability-lxml: Document(html).summary(), text
via lxml) when it can be imported; skipped with a message when not.

The metric (as the article-extraction-benchmark counts it): tokens are
\\w+ matches (Unicode, case kept); shingles are the runs of 4
consecutive tokens, counted as multisets. Per page TP is the size of
the multiset intersection of the predicted and the true shingles, FP
what is predicted beyond it, FN what is true beyond it; the three are
normalised to sum to 1. precision = TP / (TP + FP), recall = TP / (TP +
FN), with 0/0 defined so: a page where both are empty scores P = R = 1;
an empty prediction of a non-empty truth P = R = 0; a prediction of an
empty truth P = 0, R = 1. P and R are averaged over the pages and F1 is
their harmonic mean.
"""

import gzip
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter

TOKEN = re.compile(r"\w+")


def shingles(text, n=4):
    toks = TOKEN.findall(text or "")
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def page_pr(pred, truth):
    p, t = shingles(pred), shingles(truth)
    tp = sum((p & t).values())
    fp = sum(p.values()) - tp
    fn = sum(t.values()) - tp
    s = tp + fp + fn
    if s == 0:
        return 1.0, 1.0
    tp, fp, fn = tp / s, fp / s, fn / s
    prec = tp / (tp + fp) if tp + fp > 0 else 0.0
    rec = tp / (tp + fn) if tp + fn > 0 else 1.0
    return prec, rec


def summary(scores):
    if not scores:
        return 0.0, 0.0, 0.0
    p = sum(s[0] for s in scores.values()) / len(scores)
    r = sum(s[1] for s in scores.values()) / len(scores)
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return p, r, f


def run_kabar(dump, path, url):
    try:
        out = subprocess.run([dump, "-u", url, path], capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return ""
    return out.stdout.decode("utf-8", "replace")


def readability_text(raw):
    from readability import Document
    import lxml.html
    html = Document(raw).summary()
    root = lxml.html.fromstring(html)
    # text_content() runs blocks together: end each block with a newline.
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in ("p", "div", "br", "li", "h1", "h2", "h3", "h4",
                                                  "h5", "h6", "tr", "blockquote", "pre", "td"):
            el.tail = "\n" + (el.tail or "")
    return root.text_content()


def main():
    args = sys.argv[1:]
    verbose = "-v" in args
    worst = 0
    only = None
    if "--worst" in args:
        i = args.index("--worst")
        worst = int(args[i + 1])
        del args[i:i + 2]
    if "--only" in args:
        i = args.index("--only")
        only = set(args[i + 1:])
        del args[i:]
    args = [a for a in args if a != "-v"]
    if len(args) != 2:
        sys.stderr.write(__doc__)
        return 2
    dump, corpus = args
    truth = json.load(open(os.path.join(corpus, "ground-truth.json"), encoding="utf-8"))
    ids = sorted(truth)
    if only:
        ids = [i for i in ids if i in only]

    try:
        import readability  # noqa: F401
        have_rd = True
    except ImportError:
        have_rd = False
        print("readability: skipped (python3-readability is not installed: apt-get install python3-readability)")

    kabar, rd = {}, {}
    t_kabar = t_rd = 0.0
    for pid in ids:
        path = os.path.join(corpus, "html", pid + ".html.gz")
        if not os.path.exists(path):
            continue
        body = truth[pid].get("articleBody", "")
        url = truth[pid].get("url") or "http://example.com/"
        t0 = time.monotonic()
        kabar[pid] = page_pr(run_kabar(dump, path, url), body)
        t_kabar += time.monotonic() - t0
        if have_rd:
            raw = gzip.open(path).read()
            t0 = time.monotonic()
            try:
                txt = readability_text(raw)
            except Exception as e:  # readability raises on some pages
                if verbose:
                    print("readability failed on %s: %s" % (pid, e))
                txt = ""
            t_rd += time.monotonic() - t0
            rd[pid] = page_pr(txt, body)
        if verbose:
            print("%s P %.3f R %.3f%s" % (pid[:12], kabar[pid][0], kabar[pid][1],
                                          ("  readability P %.3f R %.3f" % rd[pid]) if pid in rd else ""))

    print("pages: %d" % len(kabar))
    print("kabar        P %.4f  R %.4f  F1 %.4f  (%.1f s, a process per page)" % (summary(kabar) + (t_kabar,)))
    if have_rd:
        print("readability  P %.4f  R %.4f  F1 %.4f  (%.1f s)" % (summary(rd) + (t_rd,)))
    if worst:
        def f1(s):
            return 2 * s[0] * s[1] / (s[0] + s[1]) if s[0] + s[1] > 0 else 0.0
        print("worst pages for kabar:")
        for pid in sorted(kabar, key=lambda k: f1(kabar[k]))[:worst]:
            print("  %s P %.3f R %.3f  %s" % (pid, kabar[pid][0], kabar[pid][1], truth[pid].get("url", "")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
