// Screenshots for a person to look at (not a test; `node --test` does not pick this file up):
//   SITE_DIR=/tmp/site node screenshots.mjs [OUT_DIR=/tmp/screens] [page.html ...]
// Desktop 1280x900 and phone 360x740, light and dark, of the home page, a chapter with code
// tabs and the decision page, plus the phone menu open and search results.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launch, pages, pagesWithRustPythonTabs, serve } from './lib.mjs';

const out = path.resolve(process.argv[2] || '/tmp/screens');
mkdirSync(out, { recursive: true });
const wanted = process.argv.slice(3);
const shots = wanted.length ? wanted : ['index.html', pagesWithRustPythonTabs()[0], pages.includes('decide.html') && 'decide.html'].filter(Boolean);

const browser = await launch();
const server = await serve();
try {
  for (const [device, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 360, height: 740 }]]) {
    for (const colorScheme of ['light', 'dark']) {
      const phone = device === 'phone';
      const context = await browser.newContext({ viewport, colorScheme, isMobile: phone, hasTouch: phone, deviceScaleFactor: 1 });
      const page = await context.newPage();
      for (const name of shots) {
        await page.goto(server.url(name));
        const base = `${path.basename(name, '.html')}-${device}-${colorScheme}`;
        await page.screenshot({ path: path.join(out, `${base}.png`) });
        await page.screenshot({ path: path.join(out, `${base}-full.png`), fullPage: true });
        console.log(`${base}  scrollWidth=${await page.evaluate(() => document.documentElement.scrollWidth)}`);
      }
      if (phone) {
        await page.goto(server.url(shots[1] ?? shots[0]));
        await page.click('.menu-button');
        await page.screenshot({ path: path.join(out, `menu-open-${colorScheme}.png`) });
        await page.keyboard.press('Escape');
      }
      await page.goto(server.url('index.html'));
      await page.click('#search-input');
      await page.keyboard.type('python', { delay: 10 });
      await page.locator('#search-results a').first().waitFor();
      await page.screenshot({ path: path.join(out, `search-${device}-${colorScheme}.png`) });
      if (pages.includes('decide.html')) {
        await page.goto(server.url('decide.html?a=browser:n,binary:n,ml:n,profiled:y,hotspot:y,library:n,tuned:y,latency:n,calls:y,team:y'));
        await page.locator('#decision-result').scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(out, `decide-answered-${device}-${colorScheme}.png`) });
        await page.locator('#decision-table').scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(out, `decide-table-${device}-${colorScheme}.png`) });
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`screenshots in ${out}`);
