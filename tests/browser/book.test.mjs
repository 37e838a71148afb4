// An mdBook book built by crabsnake (tests/fixtures/mdbook-repo/book), in a real browser:
// pages two folders deep load every file they need, over HTTP, under a sub-path and from
// disk; the sidebar marks the page and links where it says; search from a nested page opens
// the page it found.
//   BOOK_DIR=/tmp/book SITE_DIR=/tmp/site node --test book.test.mjs   (run in tests/browser)
// .ci/browser.sh builds the book into BOOK_DIR; without it these tests are skipped.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { launch, serve, watchedPage } from './lib.mjs';

const BOOK_DIR = process.env.BOOK_DIR ? path.resolve(process.env.BOOK_DIR) : '';
const skip = !BOOK_DIR || !existsSync(path.join(BOOK_DIR, 'index.html'))
  ? 'BOOK_DIR is not set to a built book'
  : false;

describe('an mdBook book', { skip }, () => {
  const env = {};
  before(async () => {
    // Served from the folder above, so the book lives under a sub-path (/NAME/...).
    [env.browser, env.server] = await Promise.all([launch(), serve(path.dirname(BOOK_DIR))]);
  });
  after(async () => { await env.browser?.close(); await env.server?.close(); });
  const sub = path.basename(BOOK_DIR);
  const ways = [
    ['under a sub-path', (p) => env.server.url(`${sub}/${p}`)],
    ['from disk', (p) => pathToFileURL(path.join(BOOK_DIR, p)).href],
  ];

  for (const [how, url] of ways) {
    it(`a nested page loads everything it needs (${how})`, async () => {
      const context = await env.browser.newContext();
      const { page, log } = await watchedPage(context);
      await page.goto(url('guide/deep/nested.html'));
      await page.waitForLoadState('load');
      assert.deepEqual(log.failed, []);
      assert.deepEqual(log.errors, []);
      // The stylesheet applied: the sidebar is a column beside the text.
      const sidebar = await page.locator('#sidebar').boundingBox();
      const main = await page.locator('main').boundingBox();
      assert.ok(sidebar.x + sidebar.width <= main.x + 1, 'the sidebar is beside the text');
      assert.equal(await page.locator('#sidebar a[aria-current=page]').innerText(), '1.1.1. Deep dive');
      // A sidebar link two folders up, and a link in the text one folder up.
      await page.locator('#sidebar a', { hasText: 'Contributors' }).click();
      await page.waitForURL(/\/contributors\.html$/);
      assert.match(await page.locator('main h1').innerText(), /^Contributors/);
      await page.goBack();
      await page.getByRole('link', { name: 'install', exact: true }).click();
      await page.waitForURL(/\/guide\/install\.html#on-linux-1$/);
      assert.deepEqual(log.failed, []);
      await context.close();
    });
  }

  it('search from a nested page opens the page it found', async () => {
    const context = await env.browser.newContext();
    const { page, log } = await watchedPage(context);
    await page.goto(ways[0][1]('guide/deep/nested.html'));
    const input = page.locator('#search-input');
    await input.click();
    await input.pressSequentially('contributors', { delay: 20 });
    const results = page.locator('#search-results');
    await results.locator('a').first().waitFor({ state: 'visible', timeout: 5000 });
    await results.locator('a[href*="contributors.html"]').first().click();
    await page.waitForURL(new RegExp(`/${sub}/contributors\\.html`));
    assert.match(await page.locator('main h1').innerText(), /^Contributors/);
    assert.deepEqual(log.failed, []);
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});
