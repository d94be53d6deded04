#!/usr/bin/env python3
"""Read a page as Chromium serialized it (--dump-dom) for tests/browser.sh:

  browser_dom.py submit FILE BASE WORDS [NAME=VALUE...]
                                          the URL the page's search form
                                          submits with WORDS typed in its box
                                          and each pick-list NAME set to
                                          VALUE (GET: its action and every
                                          named field, as a browser encodes
                                          them)
  browser_dom.py link FILE BASE SELECTOR  the absolute URL of the first link
                                          matching SELECTOR: rel=next,
                                          facet=months, facet=sources,
                                          facet=langs or text=WORDS
  browser_dom.py count FILE WHAT          how many: hits, marks, scripts,
                                          source-facets, month-facets,
                                          lang-facets, source-options (the
                                          outlets of the pick-list), autofocus
                                          (fields focused on load)
  browser_dom.py options FILE NAME        the values of pick-list NAME
Only the standard library.
"""

import sys
import urllib.parse
from html.parser import HTMLParser


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.form = None          # (action, [(name, value)]) of the first form
        self.links = []           # (href, attrs, text, enclosing ul class)
        self.counts = {"hits": 0, "marks": 0, "scripts": 0,
                       "source-facets": 0, "month-facets": 0,
                       "lang-facets": 0, "source-options": 0, "autofocus": 0}
        self.options = {}         # pick-list name: [values]
        self.ul = []              # classes of the open <ul> elements
        self.link = None          # the <a> being read
        self.select = None        # the <select> being read: [name, value]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.form is None:
            self.form = (a.get("action", ""), [])
        elif tag == "input" and self.form is not None and a.get("name"):
            self.form[1].append((a["name"], a.get("value", "")))
            if "autofocus" in a:
                self.counts["autofocus"] += 1
        elif tag == "select" and self.form is not None:
            self.select = [a.get("name"), None]
            self.options[a.get("name")] = []
        elif tag == "option" and self.select is not None:
            if self.select[1] is None or "selected" in a:
                self.select[1] = a.get("value", "")
            self.options[self.select[0]].append(a.get("value", ""))
            if self.select[0] == "source" and a.get("value"):
                self.counts["source-options"] += 1
        elif tag == "li" and "hit" in a.get("class", "").split():
            self.counts["hits"] += 1
        elif tag == "mark":
            self.counts["marks"] += 1
        elif tag == "script":
            self.counts["scripts"] += 1
        elif tag == "ul":
            self.ul.append(a.get("class", ""))
        elif tag == "a":
            self.link = [a.get("href", ""), a, "", self.ul[-1] if self.ul else ""]
        if tag == "a" and self.ul and self.ul[-1] in ("sources", "months", "langs"):
            key = self.ul[-1][:-1] + "-facets"
            self.counts[key] += 1

    def handle_endtag(self, tag):
        if tag == "select" and self.select is not None:
            if self.select[0]:
                self.form[1].append((self.select[0], self.select[1] or ""))
            self.select = None
        elif tag == "ul" and self.ul:
            self.ul.pop()
        elif tag == "a" and self.link is not None:
            self.links.append(tuple(self.link))
            self.link = None

    def handle_data(self, data):
        if self.link is not None:
            self.link[2] += data


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    page = Page()
    with open(path, encoding="utf-8") as f:
        page.feed(f.read())
    if cmd == "count":
        print(page.counts[sys.argv[3]])
        return 0
    if cmd == "options":
        print("\n".join(page.options.get(sys.argv[3], [])))
        return 0
    base = sys.argv[3]
    if cmd == "submit":
        action, fields = page.form
        picked = dict(a.split("=", 1) for a in sys.argv[5:])
        for name, value in picked.items():
            if value not in page.options.get(name, []):
                print(f"no option {value!r} in {name}", file=sys.stderr)
                return 1
        fields = [(n, sys.argv[4] if n == "q" else picked.get(n, v))
                  for n, v in fields]
        print(urllib.parse.urljoin(base, action) + "?" +
              urllib.parse.urlencode(fields))
        return 0
    what, _, value = sys.argv[4].partition("=")
    for href, attrs, text, ul in page.links:
        if ((what == "rel" and attrs.get("rel") == value)
                or (what == "facet" and ul == value)
                or (what == "text" and text.strip() == value)):
            print(urllib.parse.urljoin(base, href))
            return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
