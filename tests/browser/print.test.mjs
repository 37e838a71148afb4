// The print edition in a real browser: on paper (print media) it shows only the chapters,
// each starting a new sheet, with code wrapped and every chapter's tabs shown.
//   SITE_DIR=/tmp/site node --test print.test.mjs        (run in tests/browser)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { browserAndServer, chapters, pages, watchedPage } from './lib.mjs';

const env = browserAndServer();

describe('print edition', () => {
  it('print.html exists and holds every chapter', { skip: !pages.includes('print.html') && 'no print.html' }, async () => {
    const context = await env.browser.newContext();
    const { page, log } = await watchedPage(context);
    await page.goto(env.server.url('print.html'));
    const sections = await page.locator('section.print-chapter').count();
    assert.ok(sections >= chapters().length, `${sections} sections for ${chapters().length} chapters`);
    await page.emulateMedia({ media: 'print' });
    const shown = await page.evaluate(() => {
      const visible = (sel) => [...document.querySelectorAll(sel)].some((e) => getComputedStyle(e).display !== 'none');
      const pre = document.querySelector('pre.code');
      return {
        sidebar: visible('.sidebar'),
        header: visible('.site-header'),
        buttons: visible('.copy-button'),
        breakBefore: getComputedStyle(document.querySelector('.print-chapter')).breakBefore,
        wrap: pre ? getComputedStyle(pre).whiteSpace : 'pre-wrap',
        hiddenPanels: [...document.querySelectorAll('.tab-panel')].filter((p) => getComputedStyle(p).display === 'none').length,
      };
    });
    assert.deepEqual(shown, { sidebar: false, header: false, buttons: false, breakBefore: 'page', wrap: 'pre-wrap', hiddenPanels: 0 });
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10_000, 'the print edition prints');
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});
