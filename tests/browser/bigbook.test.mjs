// A book big enough to share one chapter list (nav.js) instead of repeating it in every page
// (bench/gen_book.py, 150 chapters), in a real browser: the list is put in place, over HTTP
// and from disk, marks the reader's chapter and shows it without scrolling the page;
// without JavaScript, "All chapters" leads to the home page's full list.
//   BIGBOOK_DIR=/tmp/bigbook SITE_DIR=/tmp/site node --test bigbook.test.mjs   (in tests/browser)
// .ci/browser.sh generates and builds the book into BIGBOOK_DIR; without it these tests are
// skipped.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync, readdirSync } from 'node:fs';
import { launch, serve, watchedPage } from './lib.mjs';

const BIGBOOK_DIR = process.env.BIGBOOK_DIR ? path.resolve(process.env.BIGBOOK_DIR) : '';
const skip = !BIGBOOK_DIR || !existsSync(path.join(BIGBOOK_DIR, 'nav.js'))
  ? 'BIGBOOK_DIR is not set to a built book with a shared chapter list'
  : false;
const CHAPTERS = skip ? 0 : readdirSync(BIGBOOK_DIR).filter((f) => /^ch\d+\.html$/.test(f)).length;

describe('a book that shares its chapter list', { skip }, () => {
  const env = {};
  before(async () => {
    [env.browser, env.server] = await Promise.all([launch(), serve(BIGBOOK_DIR)]);
  });
  after(async () => { await env.browser?.close(); await env.server?.close(); });
  const ways = [
    ['over HTTP', (p) => env.server.url(p)],
    ['from disk', (p) => pathToFileURL(path.join(BIGBOOK_DIR, p)).href],
  ];

  for (const [how, url] of ways) {
    it(`a late chapter's list is complete and shows that chapter (${how})`, async () => {
      const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const { page, log } = await watchedPage(context);
      const n = CHAPTERS - 30;
      await page.goto(url(`ch${n}.html`));
      await page.waitForLoadState('load');
      assert.deepEqual(log.failed, []);
      assert.deepEqual(log.errors, []);
      // Every chapter and the home page, from the one shared file.
      assert.ok(log.requests.some((r) => /\/nav\.[0-9a-f]{8}\.js$/.test(r)), 'nav.js loaded');
      assert.equal(await page.locator('#sidebar a').count(), CHAPTERS + 1);
      const current = page.locator('#sidebar a[aria-current="page"]');
      assert.equal(await current.count(), 1);
      assert.match(await current.innerText(), new RegExp(`^Chapter ${n}:`));
      // Shown where the list is, and the page itself is still at its top.
      const list = await page.locator('#sidebar').boundingBox();
      const link = await current.boundingBox();
      assert.ok(link.y >= list.y && link.y + link.height <= list.y + list.height,
        `the chapter's link is in sight in the list (${link.y} in ${list.y}..${list.y + list.height})`);
      assert.equal(await page.evaluate(() => window.scrollY), 0);
      // Its links lead where they say, from this page's folder.
      await page.locator('#sidebar a', { hasText: /^Chapter 2:/ }).click();
      await page.waitForURL(/\/ch2\.html$/);
      assert.match(await page.locator('main h1').innerText(), /^Chapter 2:/);
      // An early chapter is in sight already: the list is not moved.
      assert.equal(await page.locator('#sidebar').evaluate((s) => s.scrollTop), 0);
      assert.deepEqual(log.failed, []);
      assert.deepEqual(log.errors, []);
      await context.close();
    });
  }

  it('without JavaScript, "All chapters" leads to every chapter', async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false });
    const { page, log } = await watchedPage(context);
    await page.goto(env.server.url(`ch${CHAPTERS}.html`));
    await page.locator('#sidebar a', { hasText: 'All chapters' }).click();
    await page.waitForURL(/\/index\.html#contents-title$/);
    const listed = await page.locator('main a[href^="ch"]').evaluateAll(
      (links) => new Set(links.map((a) => a.getAttribute('href'))).size);
    assert.equal(listed, CHAPTERS);
    assert.deepEqual(log.failed, []);
    await context.close();
  });
});
