#!/usr/bin/env node
// The accessibility check of warta-serve's page for tests/browser.sh.
//
//   node check.js NAME=URL...
//
// Each page is checked by pa11y with both of its runners (axe-core and
// HTML_CodeSniffer, WCAG 2 AA) in Debian's Chromium ($CHROMIUM), three
// times: light, dark (prefers-color-scheme: dark) and on a phone's screen.
// Then the keyboard and the layout of the first page, as a person uses
// them. One line per check on stdout, "NAME WHAT VALUE", that the test
// compares; every issue found on stderr, one per line. Exit 0 once every
// check has run (whatever it found), 1 when the browser cannot be driven.
"use strict";

const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

const modes = [
  { name: "light", scheme: "light", viewport: { width: 1280, height: 900 } },
  { name: "dark", scheme: "dark", viewport: { width: 1280, height: 900 } },
  { name: "phone", scheme: "light", viewport: { width: 412, height: 915, isMobile: true } },
];

// Errors of one page in one mode: pa11y's issues of type "error".
async function errors(browser, name, url, mode) {
  const page = await browser.newPage();
  await page.setViewport(mode.viewport);
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: mode.scheme }]);
  const r = await pa11y(url, {
    browser,
    page,
    runners: ["axe", "htmlcs"],
    standard: "WCAG2AA",
    timeout: 60000,
  });
  await page.close();
  const found = r.issues.filter((i) => i.type === "error");
  for (const i of found)
    console.error(`${name} ${mode.name}: ${i.runner} ${i.code}: ${i.message} (${i.selector})`);
  return found.length;
}

// Tab from the search box through the page: whether the box has the focus
// on load, whether each hit's title is reached, in order, and whether the
// focused link has a visible outline.
async function keyboard(browser, url) {
  const page = await browser.newPage();
  await page.setViewport(modes[0].viewport);
  await page.goto(url, { waitUntil: "load" });
  const focused = await page.evaluate(() => document.activeElement.getAttribute("name"));
  const titles = await page.$$eval("li.hit h2 a", (as) => as.map((a) => a.href));
  const reached = [];
  let outline = "none";
  for (let i = 0; i < 200 && reached.length < titles.length; i++) {
    await page.keyboard.press("Tab");
    const f = await page.evaluate(() => {
      const e = document.activeElement;
      const s = getComputedStyle(e);
      return {
        href: e.href || "",
        title: !!e.closest("li.hit h2"),
        outline: s.outlineStyle + " " + s.outlineWidth,
      };
    });
    if (f.title) {
      reached.push(f.href);
      outline = f.outline;
    }
  }
  await page.close();
  const inOrder = titles.length > 0 && reached.join("\n") === titles.join("\n");
  const visible = !outline.startsWith("none") && parseFloat(outline.split(" ")[1]) >= 2;
  return { focused, inOrder, visible, hits: titles.length };
}

// Whether the page's background is dark when the system asks for dark
// mode, and light otherwise (relative luminance under or over one half).
async function darkBackground(browser, url) {
  const lum = [];
  for (const scheme of ["dark", "light"]) {
    const page = await browser.newPage();
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
    await page.goto(url, { waitUntil: "load" });
    const rgb = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = rgb.match(/[\d.]+/g).map(Number);
    lum.push((0.2126 * r + 0.7152 * g + 0.0722 * b) / 255);
    await page.close();
  }
  return lum[0] < 0.5 && lum[1] > 0.5;
}

// On a phone's screen: whether the facets come below the last hit.
async function phoneOrder(browser, url) {
  const page = await browser.newPage();
  await page.setViewport(modes[2].viewport);
  await page.goto(url, { waitUntil: "load" });
  const below = await page.evaluate(() => {
    const hits = document.querySelectorAll("li.hit");
    const aside = document.querySelector("aside.facets");
    if (!hits.length || !aside) return false;
    return aside.getBoundingClientRect().top >= hits[hits.length - 1].getBoundingClientRect().bottom;
  });
  await page.close();
  return below;
}

async function main() {
  const pages = process.argv.slice(2).map((a) => {
    const eq = a.indexOf("=");
    return { name: a.slice(0, eq), url: a.slice(eq + 1) };
  });
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
  });
  try {
    for (const p of pages)
      for (const m of modes) console.log(`${p.name} ${m.name} ${await errors(browser, p.name, p.url, m)}`);
    const results = pages.find((p) => p.name === "results");
    if (results) {
      const k = await keyboard(browser, results.url);
      console.log(`results autofocus ${k.focused}`);
      console.log(`results tab-order ${k.inOrder ? 1 : 0} ${k.hits}`);
      console.log(`results focus-outline ${k.visible ? 1 : 0}`);
      console.log(`results dark-background ${(await darkBackground(browser, results.url)) ? 1 : 0}`);
      console.log(`results phone-facets-after-hits ${(await phoneOrder(browser, results.url)) ? 1 : 0}`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(`check.js: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
