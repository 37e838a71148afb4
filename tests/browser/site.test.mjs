// Real-browser tests of a built crabsnake site: headless Chromium (playwright-core) against a
// local static server on 127.0.0.1 and against file:// URLs.
//   SITE_DIR=/tmp/site node --test        (run in tests/browser; see README.md)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  chapters, contrast, fileUrl, foreignRequests, html, launch, luminance, pages,
  pagesWithRustPythonTabs, searchIndex, serve, watchedPage,
} from './lib.mjs';

let browser;
let server;
before(async () => {
  [browser, server] = await Promise.all([launch(), serve()]);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };

async function withContext(options, fn) {
  const context = await browser.newContext({ viewport: DESKTOP, ...options });
  try {
    return await fn(context);
  } finally {
    await context.close();
  }
}


const CHAPTERS = chapters();
const FIRST_CHAPTER = CHAPTERS[0];
const TAB_PAGES = pagesWithRustPythonTabs();
const CODE_PAGE = TAB_PAGES[0] ?? FIRST_CHAPTER;

// Chromium asks every http site for /favicon.ico unless a page names an icon; that one miss is
// checked by its own test below, so the others do not all fail on it.
const FAVICON = /\/favicon\.ico\b/;
// A request still in flight when the test moves to the next page (often the icon) is aborted
// by the navigation: that is the test's doing, not a failure of the site.
const ABORTED_BY_NAVIGATION = /net::ERR_ABORTED$/;

function assertClean(log, where) {
  assert.deepEqual(log.errors.filter((e) => !FAVICON.test(e)), [], `console errors or exceptions on ${where}`);
  const failed = log.failed.filter((e) => !FAVICON.test(e) && !ABORTED_BY_NAVIGATION.test(e));
  assert.deepEqual(failed, [], `failed requests on ${where}`);
  assert.deepEqual(foreignRequests(log), [], `requests leaving the machine from ${where}`);
}

// ---------------------------------------------------------------------------------------------
describe('pages load cleanly', () => {
  it('the site has a home page and chapters', () => {
    assert.ok(pages.includes('index.html'));
    assert.ok(CHAPTERS.length >= 1, 'the sidebar of index.html links no chapter');
  });

  for (const [scheme, url] of [['http', (p) => server.url(p)], ['file', fileUrl]]) {
    it(`home, a chapter with code, the decision page and 404.html over ${scheme}: no errors, no failed or outside requests`, async () => {
      await withContext({}, async (context) => {
        const visit = [...new Set(['index.html', FIRST_CHAPTER, CODE_PAGE, pages.includes('decide.html') ? 'decide.html' : null, '404.html'].filter(Boolean))];
        for (const name of visit) {
          const { page, log } = await watchedPage(context);
          const response = await page.goto(url(name), { waitUntil: 'load' });
          if (scheme === 'http') assert.equal(response.status(), 200, name);
          // The search index loads lazily on focus; make it load so its request is checked too.
          await page.focus('#search-input');
          await page.waitForFunction(() => window.CrabsnakeSearch?.loaded, null, { timeout: 5000 });
          await page.waitForLoadState('networkidle');
          assert.ok(log.requests.some((u) => /\/style\.[0-9a-f]{8}\.css$/.test(u)), `${name} did not request its fingerprinted stylesheet`);
          assertClean(log, `${scheme}: ${name}`);
          // The stylesheet applied: a sticky header and a styled body font.
          assert.equal(await page.$eval('.site-header', (e) => getComputedStyle(e).position), 'sticky', name);
          await page.close();
        }
      });
    });
  }

  it('pages name an icon, so browsers do not ask for a missing /favicon.ico', async () => {
    await withContext({}, async (context) => {
      const page = await context.newPage();
      for (const name of ['index.html', FIRST_CHAPTER, '404.html']) {
        await page.goto(server.url(name));
        const href = await page.evaluate(() => document.querySelector('link[rel~="icon"]')?.href);
        assert.ok(href, `${name} names no icon; Chromium then requests /favicon.ico and gets a 404`);
        if (!href.startsWith('data:')) assert.equal((await page.request.get(href)).status(), 200, `icon ${href}`);
      }
    });
  });

  it('every page over http: no console errors, every link to a local page resolves', async () => {
    await withContext({}, async (context) => {
      const { page, log } = await watchedPage(context);
      for (const name of pages) {
        await page.goto(server.url(name), { waitUntil: 'load' });
        const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
        for (const href of hrefs) {
          if (!href.startsWith(server.base)) continue;
          const target = new URL(href).pathname.slice(1) || 'index.html';
          assert.ok(pages.includes(target) || !target.endsWith('.html'), `${name} links to missing ${target}`);
        }
      }
      assertClean(log, 'all pages');
    });
  });
});

// ---------------------------------------------------------------------------------------------
describe('theme', () => {
  const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  it('the toggle switches data-theme, and the choice persists on the next page', async () => {
    await withContext({ colorScheme: 'light' }, async (context) => {
      const { page, log } = await watchedPage(context);
      await page.goto(server.url('index.html'));
      const toggle = page.locator('.theme-toggle');
      await toggle.waitFor({ state: 'visible' });
      assert.equal(await page.getAttribute('html', 'data-theme'), null, 'no theme before the reader picks one');
      assert.ok(luminance(await background(page)) > 0.8, 'light system theme gives a light page');
      assert.equal(await toggle.getAttribute('aria-pressed'), 'false');

      await toggle.click();
      assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
      assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
      assert.ok(luminance(await background(page)) < 0.05, `dark theme background is ${await background(page)}`);

      await page.click(`.sidebar a[href="${FIRST_CHAPTER}"]`);
      await page.waitForURL(`**/${FIRST_CHAPTER}`);
      assert.equal(await page.getAttribute('html', 'data-theme'), 'dark', 'theme kept after navigating');
      assert.ok(luminance(await background(page)) < 0.05);
      assert.equal(await page.getAttribute('.theme-toggle', 'aria-pressed'), 'true');

      await page.click('.theme-toggle');
      assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
      await page.reload();
      assert.equal(await page.getAttribute('html', 'data-theme'), 'light', 'theme kept after reloading');
      assertClean(log, 'theme pages');
    });
  });

  it('a dark system theme gives a dark page with no click, with readable text', async () => {
    await withContext({ colorScheme: 'dark' }, async (context) => {
      const { page, log } = await watchedPage(context);
      for (const name of ['index.html', CODE_PAGE]) {
        await page.goto(server.url(name));
        assert.equal(await page.getAttribute('html', 'data-theme'), null);
        const bg = await background(page);
        assert.ok(luminance(bg) < 0.05, `${name}: dark system theme, background ${bg}`);
        const colours = await page.evaluate(() => {
          const style = (sel) => { const e = document.querySelector(sel); return e && getComputedStyle(e).color; };
          return { body: style('main p'), link: style('main a'), code: style('pre.code code') };
        });
        for (const [what, colour] of Object.entries(colours)) {
          if (colour) assert.ok(contrast(colour, bg) >= 4.5, `${name}: ${what} text ${colour} on ${bg} has contrast ${contrast(colour, bg).toFixed(2)}`);
        }
        assert.equal(await page.getAttribute('.theme-toggle', 'aria-pressed'), 'true');
      }
      // The toggle goes to light from the system's dark.
      await page.click('.theme-toggle');
      assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
      assert.ok(luminance(await background(page)) > 0.8);
      assertClean(log, 'dark pages');
    });
  });
});

// ---------------------------------------------------------------------------------------------
describe('phone, 360 by 740', () => {
  for (const colorScheme of ['light', 'dark']) {
    it(`no page scrolls sideways (${colorScheme})`, async () => {
      await withContext({ viewport: PHONE, colorScheme, isMobile: true, hasTouch: true }, async (context) => {
        const page = await context.newPage();
        const wide = [];
        for (const name of pages) {
          await page.goto(server.url(name));
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          if (width > PHONE.width) {
            const culprits = await page.evaluate((limit) => [...document.querySelectorAll('body *')]
              .filter((e) => e.getBoundingClientRect().right > limit + 1 && !e.closest('pre, .decision-scroll, .body table'))
              .slice(0, 3).map((e) => `${e.tagName.toLowerCase()}.${e.className}`), PHONE.width);
            wide.push(`${name}: scrollWidth ${width} (${culprits.join(', ')})`);
          }
        }
        assert.deepEqual(wide, []);
      });
    });
  }

  it('no page scrolls sideways on a 1280 px desktop either', async () => {
    await withContext({}, async (context) => {
      const page = await context.newPage();
      const wide = [];
      for (const name of pages) {
        await page.goto(server.url(name));
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > DESKTOP.width) wide.push(`${name}: scrollWidth ${width}`);
      }
      assert.deepEqual(wide, []);
    });
  });

  it('the menu button opens the chapter list and Escape closes it', async () => {
    await withContext({ viewport: PHONE, isMobile: true, hasTouch: true }, async (context) => {
      const { page, log } = await watchedPage(context);
      await page.goto(server.url(FIRST_CHAPTER));
      const button = page.locator('.menu-button');
      const sidebar = page.locator('#sidebar');
      assert.ok(await button.isVisible(), 'menu button visible at 360 px');
      assert.ok(await sidebar.isHidden(), 'sidebar closed at first');
      assert.equal(await button.getAttribute('aria-expanded'), 'false');

      await button.click();
      assert.equal(await button.getAttribute('aria-expanded'), 'true');
      assert.ok(await sidebar.isVisible(), 'sidebar open');
      const links = sidebar.locator('a');
      assert.ok(await links.count() >= CHAPTERS.length);
      for (let i = 0; i < await links.count(); i++) {
        const box = await links.nth(i).boundingBox();
        assert.ok(box && box.width > 0 && box.x >= 0 && box.x + box.width <= PHONE.width + 1, `sidebar link ${i} inside the screen`);
      }
      // The open menu is on top of the page: its links can be clicked where they show.
      const firstLink = await links.first().boundingBox();
      assert.ok(await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('#sidebar a') != null,
        [firstLink.x + firstLink.width / 2, firstLink.y + firstLink.height / 2]), 'the first menu link is on top of the page');
      assert.ok(await sidebar.locator(`a[href="${FIRST_CHAPTER}"][aria-current="page"]`).isVisible(), 'current chapter marked');

      await page.keyboard.press('Escape');
      assert.ok(await sidebar.isHidden(), 'Escape closes the menu');
      assert.equal(await button.getAttribute('aria-expanded'), 'false');
      assert.ok(await button.evaluate((b) => b === document.activeElement), 'focus returns to the menu button');

      // A link in the open menu navigates.
      await button.click();
      const target = CHAPTERS[1] ?? 'index.html';
      await sidebar.locator(`a[href="${target}"]`).click();
      await page.waitForURL(`**/${target}`);
      assert.ok(await page.locator('#sidebar').isHidden(), 'menu closed on the new page');
      assertClean(log, 'phone menu');
    });
  });

  it('the open menu fills the screen below the header and scrolls when the list is long', async () => {
    // A phone held sideways: 640 by 360, where the chapter list is taller than the screen.
    for (const viewport of [PHONE, { width: 640, height: 360 }]) {
      await withContext({ viewport, isMobile: true, hasTouch: true }, async (context) => {
        const page = await context.newPage();
        await page.goto(server.url(FIRST_CHAPTER));
        await page.click('.menu-button');
        const box = await page.locator('#sidebar').boundingBox();
        const header = await page.locator('.site-header').boundingBox();
        assert.ok(Math.abs(box.y + box.height - viewport.height) <= 1, `${viewport.width}x${viewport.height}: the menu ends at y=${box.y + box.height}, not at the bottom of the screen (${viewport.height})`);
        assert.ok(await page.evaluate((y) => document.elementFromPoint(10, y)?.closest('#sidebar') != null, viewport.height - 5), 'the menu covers the page down to the bottom');
        const first = await page.locator('#sidebar a').first().boundingBox();
        assert.ok(first.y >= header.y + header.height - 1, `${viewport.width}x${viewport.height}: the first menu link (y=${first.y}) is under the header (bottom ${header.y + header.height})`);
        const last = page.locator('#sidebar a').last();
        await last.scrollIntoViewIfNeeded();
        const lastBox = await last.boundingBox();
        assert.ok(lastBox.y + lastBox.height <= viewport.height + 1, `${viewport.width}x${viewport.height}: the last chapter cannot be scrolled into view`);
      });
    }
  });

  it('a heading reached by a link is not hidden under the sticky header', async () => {
    await withContext({ viewport: PHONE, isMobile: true, hasTouch: true }, async (context) => {
      const page = await context.newPage();
      const target = html(FIRST_CHAPTER).match(/<h2 id="([^"]+)">/g)?.map((h) => h.match(/id="([^"]+)"/)[1]).filter((id) => id !== 'toc-title')[1];
      assert.ok(target, `${FIRST_CHAPTER} has a second h2`);
      await page.goto(server.url(`${FIRST_CHAPTER}#${target}`));
      await page.waitForTimeout(100);
      const header = await page.locator('.site-header').boundingBox();
      const heading = await page.locator(`#${target}`).boundingBox();
      assert.ok(heading.y >= header.y + header.height - 1, `#${target} starts at y=${heading.y}, under the header that ends at ${header.y + header.height}`);
    });
  });

  it('the menu button is hidden on a desktop, where the sidebar always shows', async () => {
    await withContext({}, async (context) => {
      const page = await context.newPage();
      await page.goto(server.url(FIRST_CHAPTER));
      assert.ok(await page.locator('.menu-button').isHidden());
      assert.ok(await page.locator('#sidebar').isVisible());
    });
  });
});

// ---------------------------------------------------------------------------------------------
describe('code tabs', { skip: TAB_PAGES.length ? false : 'no page has Rust and Python tabs' }, () => {
  const state = (group) => group.evaluate((g) => [...g.querySelectorAll('.tab-panel')].map((p) => ({
    lang: p.dataset.lang, visible: !p.hidden && p.getBoundingClientRect().height > 0,
    selected: document.getElementById(p.getAttribute('aria-labelledby'))?.getAttribute('aria-selected'),
  })));
  const shown = async (group) => (await state(group)).filter((s) => s.visible).map((s) => s.lang);

  it('clicking Python shows the Python panel and hides the Rust one; the choice carries to other groups and pages', async () => {
    await withContext({}, async (context) => {
      const { page, log } = await watchedPage(context);
      await page.goto(server.url(CODE_PAGE));
      const groups = page.locator('[data-tabs]:has(.tab-panel[data-lang="python"]):has(.tab-panel[data-lang="rust"])');
      const first = groups.first();
      assert.equal((await shown(first)).length, 1, 'one panel at a time');
      const tablist = first.getByRole('tablist');
      assert.ok(await tablist.isVisible());

      await first.getByRole('tab', { name: 'Python', exact: true }).click();
      assert.deepEqual(await shown(first), ['python']);
      const after = await state(first);
      assert.equal(after.find((s) => s.lang === 'python').selected, 'true');
      assert.equal(after.find((s) => s.lang === 'rust').selected, 'false');

      // Other groups on the same page follow.
      for (let i = 1; i < await groups.count(); i++) assert.deepEqual(await shown(groups.nth(i)), ['python'], `group ${i} on ${CODE_PAGE}`);

      // Arrow keys move between tabs.
      await first.getByRole('tab', { name: 'Python', exact: true }).focus();
      await page.keyboard.press('ArrowLeft');
      assert.notDeepEqual(await shown(first), ['python'], 'ArrowLeft selects another tab');
      await page.keyboard.press('ArrowRight');
      assert.deepEqual(await shown(first), ['python']);

      // Another page, and a reload, keep Python.
      const other = TAB_PAGES.find((p) => p !== CODE_PAGE);
      if (other) {
        await page.goto(server.url(other));
        const group = page.locator('[data-tabs]:has(.tab-panel[data-lang="python"])').first();
        assert.deepEqual(await shown(group), ['python'], `choice carried to ${other}`);
      }
      await page.reload();
      assert.deepEqual(await shown(page.locator('[data-tabs]:has(.tab-panel[data-lang="python"])').first()), ['python'], 'choice kept after reload');
      assertClean(log, 'tab pages');
    });
  });

  it('without JavaScript every panel shows, with its label', async () => {
    await withContext({ javaScriptEnabled: false }, async (context) => {
      const page = await context.newPage();
      await page.goto(server.url(CODE_PAGE));
      const group = page.locator('[data-tabs]').first();
      const langs = await group.evaluate((g) => [...g.querySelectorAll('.tab-panel')].map((p) => p.dataset.lang));
      assert.deepEqual(await shown(group), langs);
      const label = await group.locator('.tab-panel').first().evaluate((p) => getComputedStyle(p, '::before').content);
      assert.match(label, /\w/);
    });
  });
});

// ---------------------------------------------------------------------------------------------
describe('search', () => {
  // A word a person might type that leads to one chapter: the rarest word (6+ letters) of the
  // chapter's text, so the chapter is sure to be among the results.
  const index = searchIndex();
  function pickWord() {
    const hay = index.map((e) => `${e.p} ${e.s} ${e.t}`.toLowerCase());
    for (const chapter of CHAPTERS) {
      const entries = index.filter((e) => e.u.split('#')[0] === chapter);
      const words = new Set(entries.flatMap((e) => e.t.toLowerCase().match(/\b[a-z]{6,}\b/g) ?? []));
      let best = null;
      for (const word of words) {
        const n = hay.filter((h) => h.includes(word)).length;
        if (!best || n < best.n) best = { word, n };
      }
      if (best && best.n <= 5) return { chapter, word: best.word };
    }
    throw new Error('no chapter has a distinctive word in the search index');
  }
  const { chapter, word } = pickWord();

  for (const [scheme, url] of [['http', (p) => server.url(p)], ['file', fileUrl]]) {
    it(`typing “${word}” finds ${chapter} (${scheme})`, async () => {
      await withContext({}, async (context) => {
        const { page, log } = await watchedPage(context);
        await page.goto(url('index.html'));
        const input = page.locator('#search-input');
        assert.ok(await input.isVisible(), 'search box visible');
        const results = page.locator('#search-results');
        assert.ok(await results.isHidden());
        await input.click();
        await input.pressSequentially(word, { delay: 20 });
        await results.locator('a').first().waitFor({ state: 'visible', timeout: 5000 });
        const hrefs = await results.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        assert.ok(hrefs.some((h) => new URL(h).pathname.endsWith(`/${chapter}`)), `results ${hrefs.join(' ')} include ${chapter}`);
        assert.ok(await results.locator('mark').count() >= 1, 'the word is highlighted in the snippets');
        // The results panel fits the window.
        const box = await results.boundingBox();
        assert.ok(box.x >= 0 && box.x + box.width <= DESKTOP.width, 'results inside the window');

        // Nothing is selected until the arrows are used: Enter still goes to all results.
        assert.equal(await input.getAttribute('aria-activedescendant'), null);
        assert.equal(await results.locator('[aria-selected="true"]').count(), 0);
        // Keyboard: ArrowUp from nothing selects the last result, ArrowDown from it wraps to
        // the first (the input keeps focus, as a combobox does); the chapter's result opens
        // by click.
        const last = (await results.locator('[role="option"]').count()) - 1;
        await page.keyboard.press('ArrowUp');
        assert.equal(await input.getAttribute('aria-activedescendant'), `search-option-${last}`);
        await page.keyboard.press('ArrowDown');
        assert.equal(await input.getAttribute('aria-activedescendant'), 'search-option-0');
        assert.equal(await results.locator('[role="option"]').first().getAttribute('aria-selected'), 'true');
        assert.equal(await input.getAttribute('aria-expanded'), 'true');
        await results.locator(`a[href*="${chapter}"]`).first().click();
        await page.waitForURL((u) => u.pathname.endsWith(`/${chapter}`));
        assert.match(await page.locator('main').innerText(), new RegExp(word, 'i'));

        // A word that is nowhere says so (after the engine has loaded on this new page).
        await page.focus('#search-input');
        await page.waitForFunction(() => window.CrabsnakeSearch != null);
        await page.fill('#search-input', 'zzqxjv');
        await page.locator('.search-results', { hasText: 'No results' }).waitFor({ timeout: 5000 });
        await page.keyboard.press('Escape');
        assert.ok(await page.locator('#search-results').isHidden(), 'Escape clears the search');
        assertClean(log, `search over ${scheme}`);
      });
    });
  }

  it('a query pasted before the index has loaded still shows results', async () => {
    await withContext({}, async (context) => {
      const page = await context.newPage();
      await page.goto(server.url('index.html'));
      // One input event right after focus, as a paste or an autofill makes: the focus starts
      // loading the index, and the input event arrives while it loads.
      await page.fill('#search-input', word);
      await page.locator('#search-results a').first().waitFor({ state: 'visible', timeout: 3000 });
    });
  });

  // A reader's words that are not the text's: a typo, another form of a word, an identifier.
  const forgiving = [
    ['a misspelt word', 'ownrship', 'ownership'],
    ['an inflected word', 'borrowed', 'borrow'],
    ['an identifier', 'count_rows_in_memory', 'count_rows_in_memory'],
  ];
  for (const [what, query, expect] of forgiving) {
    it(`${what} (“${query}”) opens a section that says ${expect}, from disk, with the word marked`, async () => {
      await withContext({}, async (context) => {
        const { page, log } = await watchedPage(context);
        await page.goto(fileUrl('index.html'));
        await page.locator('#search-input').click();
        await page.keyboard.type(`${query} `);
        const first = page.locator('#search-results a').first();
        await first.waitFor({ state: 'visible', timeout: 5000 });
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Enter');
        await page.waitForURL((u) => u.searchParams.has('h'));
        const marks = page.locator('main mark.search-mark');
        await marks.first().waitFor({ timeout: 5000 });
        const texts = await marks.allInnerTexts();
        assert.ok(texts.some((t) => t.toLowerCase().startsWith(expect.slice(0, 5))), `marked ${texts.join(', ')}`);
        // The marks can be cleared, and the address forgets them.
        await page.locator('button.clear-marks').click();
        assert.equal(await marks.count(), 0);
        assert.ok(!new URL(page.url()).searchParams.has('h'));
        assertClean(log, `search for ${query}`);
      });
    });
  }

  it('search.html?q= lists every result on a page of its own', async () => {
    await withContext({}, async (context) => {
      const { page, log } = await watchedPage(context);
      await page.goto(server.url(`search.html?q=${encodeURIComponent(word)}`));
      const items = page.locator('.search-page-results li');
      await items.first().waitFor({ timeout: 5000 });
      assert.match(await page.locator('.search-page-note').innerText(), /result/);
      assert.equal(await page.locator('#search-page-input').inputValue(), word);
      const hrefs = await items.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.ok(hrefs.some((h) => h.includes(chapter)), hrefs.join(' '));
      assertClean(log, 'search page');
    });
  });

  it('works on a phone too, inside the screen', async () => {
    await withContext({ viewport: PHONE, isMobile: true, hasTouch: true }, async (context) => {
      const page = await context.newPage();
      await page.goto(server.url(FIRST_CHAPTER));
      const input = page.locator('#search-input');
      assert.ok(await input.isVisible());
      await input.click();
      await input.pressSequentially(word, { delay: 20 });
      const results = page.locator('#search-results');
      await results.locator('a').first().waitFor({ state: 'visible', timeout: 5000 });
      const box = await results.boundingBox();
      assert.ok(box.x >= 0, `results start at x=${box.x}, off the left edge of the screen`);
      assert.ok(box.x + box.width <= PHONE.width + 1, `results end at x=${box.x + box.width}, past the screen`);
    });
  });
});

// ---------------------------------------------------------------------------------------------
const hasDecision = pages.includes('decide.html') && html('decide.html').includes('id="decision-form"');

describe('decision page', { skip: hasDecision ? false : 'this site has no decision page' }, () => {
  // Rule "extension" of content/decision.toml: one profiled slow function, already tuned, a team that
  // learns Rust, no browser, no binary, no ML, no hard limits.
  const RULE = 'extension';
  const ACTION = 'pyo3-extension';
  const TITLE = 'Write a Rust extension with PyO3 and maturin';
  const ANSWERS = { browser: 'n', binary: 'n', ml: 'n', profiled: 'y', hotspot: 'y', library: 'n', tuned: 'y', latency: 'n', calls: 'y', team: 'y' };

  const data = JSON.parse(html('decide.html').match(/<script type="application\/json" id="decision-data">([\s\S]*?)<\/script>/)[1]);

  it('the page data still has the rule this test relies on', () => {
    const rule = data.rules.find((r) => r.id === RULE);
    assert.ok(rule, `rule ${RULE} in content/decision.toml`);
    assert.equal(rule.action, ACTION);
    assert.equal(data.actions.find((a) => a.id === ACTION).title, TITLE);
    assert.deepEqual(data.conditions.map((c) => c.id).sort(), Object.keys(ANSWERS).sort(), 'the test answers every question');
  });

  const expectedQuery = () => data.conditions.map((c) => `${c.id}:${ANSWERS[c.id]}`).join(',');

  async function checkDecided(page) {
    const result = page.locator('#decision-result');
    await result.locator('.decision-verdict', { hasText: TITLE }).waitFor({ timeout: 5000 });
    assert.match(await result.innerText(), /Recommendation:/);
    assert.ok(await result.evaluate((r) => r.classList.contains('is-decided')));
    // With the recommendation, the answers that led to it: each a question of the matching
    // rule, with the reader's answer.
    const rule = data.rules.find((r) => r.id === RULE);
    const reasons = await result.locator('.decision-answers li').allInnerTexts();
    assert.equal(reasons.length, Object.keys(rule.when).length, reasons.join(' | '));
    for (const [id, want] of Object.entries(rule.when)) {
      const question = data.conditions.find((c) => c.id === id).question;
      assert.ok(reasons.some((r) => r.includes(question) && r.endsWith(want === 'yes' ? 'yes' : 'no')), `${question}: ${reasons.join(' | ')}`);
    }
    const matched = await page.$$eval('#decision-table tr.is-match', (rows) => rows.map((r) => r.dataset.rule));
    assert.deepEqual(matched, [RULE], 'only the matching rule row is highlighted');
    const row = page.locator(`#rule-${RULE}`);
    assert.equal(await row.getAttribute('aria-current'), 'true');
    const rowBg = await row.locator('td').first().evaluate((td) => getComputedStyle(td).backgroundColor);
    const otherBg = await page.locator('#decision-table tbody tr:not(.is-match) td').first().evaluate((td) => getComputedStyle(td).backgroundColor);
    assert.notEqual(rowBg, otherBg, 'the highlighted row looks different');
    for (const [id, value] of Object.entries(ANSWERS)) {
      assert.ok(await page.locator(`input[name="${id}"][value="${value}"]`).isChecked(), `${id} answered ${value}`);
    }
  }

  it('answering every question gives the rule’s recommendation, in the URL too, and a reload keeps it', async () => {
    await withContext({}, async (context) => {
      const { page, log } = await watchedPage(context);
      await page.goto(server.url('decide.html'));
      const result = page.locator('#decision-result');
      assert.ok(!(await result.evaluate((r) => r.classList.contains('is-decided'))));
      assert.equal(await page.locator('#decision-table tr.is-match').count(), 0);

      for (const c of data.conditions) {
        const fieldset = page.locator(`#question-${c.id}`);
        await fieldset.getByRole('radio', { name: ANSWERS[c.id] === 'y' ? 'yes' : 'no', exact: true }).check();
      }
      await checkDecided(page);
      const link = result.locator('a.decision-more');
      assert.equal(await link.getAttribute('href'), data.actions.find((a) => a.id === ACTION).url);
      assert.equal(new URL(page.url()).search, `?a=${expectedQuery()}`);

      await page.reload();
      await checkDecided(page);

      // A shared link opens with the same answers, in a fresh browser.
      await withContext({}, async (fresh) => {
        const p = await fresh.newPage();
        await p.goto(server.url(`decide.html?a=${expectedQuery()}`));
        await checkDecided(p);
      });

      // "Clear all answers" goes back to the start and drops ?a=.
      await page.click('#decision-reset');
      assert.equal(await page.locator('#decision-table tr.is-match').count(), 0);
      assert.equal(new URL(page.url()).search, '');
      assertClean(log, 'decision page');
    });
  });

  it('a partial answer names the question that would decide it', async () => {
    await withContext({}, async (context) => {
      const page = await context.newPage();
      await page.goto(server.url('decide.html?a=browser:n,binary:n,profiled:y,hotspot:y,library:n,tuned:y'));
      const text = await page.locator('#decision-result').innerText();
      assert.match(text, /still allow \d+ recommendations/);
      assert.match(text, /Answering “.+” would (decide|narrow)/);
    });
  });

  it('without JavaScript the tables are complete and readable', async () => {
    await withContext({ javaScriptEnabled: false, viewport: PHONE }, async (context) => {
      const page = await context.newPage();
      await page.goto(server.url('decide.html'));
      assert.ok(await page.locator('.decision-note').isVisible(), 'the <noscript> note shows');
      const table = page.locator('#decision-table');
      assert.ok(await table.isVisible());
      assert.match(await table.locator('caption').innerText(), /Decision table/);
      assert.match(await page.locator('.decision-intro').innerText(), /each row is a rule/i);
      assert.equal(await table.locator('thead th[scope="col"]').count(), data.conditions.length + 1 + 1 + (html('decide.html').includes('>Why</th>') ? 1 : 0));
      assert.equal(await table.locator('tbody th[scope="row"]').count(), data.rules.length);
      const row = await table.locator(`#rule-${RULE}`).innerText();
      assert.match(row, new RegExp(TITLE));
      const matrix = page.locator('#decision-matrix');
      assert.ok(await matrix.locator('caption').isVisible());
      assert.ok(await matrix.locator('tbody th[scope="row"]').count() >= 1);
      // Readable: the header row has a visible background, text is not clipped to nothing.
      const cell = await table.locator('tbody td').first().boundingBox();
      assert.ok(cell.height >= 16 && cell.width >= 16);
      // The wide tables scroll inside their box, not the page.
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= PHONE.width);
      assert.ok(await page.locator('.decision-scroll').first().evaluate((e) => e.scrollWidth > e.clientWidth), 'table scrolls in its own box');
    });
  });
});

// ---------------------------------------------------------------------------------------------
describe('keyboard', () => {
  it('the skip link is the first Tab stop, shows, and moves focus to main', async () => {
    await withContext({}, async (context) => {
      const page = await context.newPage();
      await page.goto(server.url(FIRST_CHAPTER));
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => ({ cls: document.activeElement.className, text: document.activeElement.textContent }));
      assert.equal(focused.cls, 'skip-link', `first Tab stop is ${JSON.stringify(focused)}`);
      const box = await page.locator('.skip-link').boundingBox();
      assert.ok(box.y >= 0 && box.height > 0, 'the skip link is on screen when focused');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'content');
      // The next Tab goes into the content, not back to the header.
      await page.keyboard.press('Tab');
      assert.ok(await page.evaluate(() => document.activeElement.closest('main') != null), 'Tab after the skip link stays in main');
    });
  });

  it('heading self-links are hidden until focused, then visible', async () => {
    await withContext({}, async (context) => {
      const page = await context.newPage();
      await page.goto(server.url(FIRST_CHAPTER));
      const anchor = page.locator('main h2 .anchor').first();
      assert.equal(Number(await anchor.evaluate((a) => getComputedStyle(a).opacity)), 0);
      // Tab through the page until the first self-link has focus.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      for (let i = 0; i < 80 && !(await anchor.evaluate((a) => a === document.activeElement)); i++) await page.keyboard.press('Tab');
      assert.ok(await anchor.evaluate((a) => a === document.activeElement), 'reached the self-link with Tab');
      assert.equal(Number(await anchor.evaluate((a) => getComputedStyle(a).opacity)), 1);
      assert.notEqual(await anchor.evaluate((a) => getComputedStyle(a).outlineStyle), 'none', 'focus ring drawn');
      assert.ok(await anchor.getAttribute('aria-label'));
    });
  });
});
