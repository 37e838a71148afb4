// Audits a built crabsnake site as a reader's browser sees it: Lighthouse (mobile preset:
// Performance, Accessibility, Best Practices, SEO, and page weight) on the home page, the most
// code-heavy chapter and the decision page, axe-core on every page in both themes, and the
// Nu HTML Checker (vnu.jar, when `java` is installed) on every page.
//
//   cargo run --release -- --out /tmp/site build
//   cd bench/audit && npm ci && node audit.mjs /tmp/site
//
// Chromium comes from Debian (/usr/bin/chromium; CHROMIUM=... to use another). Pages are
// served from 127.0.0.1 by a plain static server, as a host would.
import { createServer } from 'node:http';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { chromium } from 'playwright-core';

const site = path.resolve(process.argv[2] || '');
if (!process.argv[2] || !existsSync(path.join(site, 'index.html'))) {
  console.error('usage: node audit.mjs BUILT_SITE_DIR');
  process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.xml': 'application/xml', '.txt': 'text/plain' };

const server = createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://127.0.0.1');
  let file = path.join(site, decodeURIComponent(pathname));
  if (!file.startsWith(site)) { res.writeHead(403).end(); return; }
  if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!existsSync(file)) { res.writeHead(404, { 'content-type': TYPES['.html'] }).end(readFileSync(path.join(site, '404.html'))); return; }
  // As a host would serve it: compressed, and fingerprinted files (style.1a2b3c4d.css) kept
  // for a year, since new content gets a new name.
  const fingerprinted = /\.[0-9a-f]{8}\.(css|js)$/.test(file);
  const body = readFileSync(file);
  const zipped = /gzip/.test(req.headers['accept-encoding'] || '') && /^(text|application\/xml|image\/svg)/.test(TYPES[path.extname(file)] || '');
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
    'cache-control': fingerprinted ? 'public, max-age=31536000, immutable' : 'public, max-age=600',
    ...(zipped ? { 'content-encoding': 'gzip' } : {}),
  });
  res.end(zipped ? gzipSync(body) : body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

const pages = readdirSync(site).filter((f) => f.endsWith('.html')).sort();
// The most code-heavy chapter: the one with the most highlighted blocks.
const codeHeavy = pages
  .filter((p) => !['index.html', '404.html', 'search.html', 'print.html', 'decide.html'].includes(p))
  .map((p) => [p, (readFileSync(path.join(site, p), 'utf8').match(/<pre class="code/g) || []).length])
  .sort((a, b) => b[1] - a[1])[0]?.[0];
const audited = ['index.html', codeHeavy, pages.includes('decide.html') && 'decide.html'].filter(Boolean);

console.log(`Lighthouse ${createRequire(import.meta.url)('lighthouse/package.json').version}, mobile preset; axe-core ${createRequire(import.meta.url)('axe-core/package.json').version}`);
console.log('\n| page | Performance | Accessibility | Best Practices | SEO | weight |');
console.log('|---|---|---|---|---|---|');
const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: ['--headless=new', '--no-sandbox'] });
let failed = false;
for (const page of audited) {
  const result = await lighthouse(base + page, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'] });
  const c = result.lhr.categories;
  const score = (k) => Math.round((c[k]?.score ?? 0) * 100);
  const weight = result.lhr.audits['total-byte-weight']?.numericValue ?? 0;
  const row = [score('performance'), score('accessibility'), score('best-practices'), score('seo')];
  if (row.some((s) => s < 100)) failed = true;
  console.log(`| ${page} | ${row.join(' | ')} | ${(weight / 1024).toFixed(1)} KiB |`);
  for (const [k, cat] of Object.entries(c)) {
    if (cat.score < 1) {
      const lost = cat.auditRefs.map((r) => result.lhr.audits[r.id]).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual');
      for (const a of lost.slice(0, 5)) console.log(`|   ${k}: ${a.id} (${a.displayValue || a.score}) | | | | | |`);
    }
  }
}
await chrome.kill();

const browser = await chromium.launch({ executablePath: CHROMIUM });
let violations = 0;
const found = [];
for (const scheme of ['light', 'dark']) {
  const context = await browser.newContext({ colorScheme: scheme });
  const tab = await context.newPage();
  for (const page of pages) {
    await tab.goto(base + page);
    await tab.addScriptTag({ content: axeSource });
    const result = await tab.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    for (const v of result.violations) {
      violations += v.nodes.length;
      found.push(`${scheme} ${page}: ${v.id} (${v.nodes.length}) ${v.help}`);
    }
  }
  await context.close();
}
await browser.close();
server.close();
console.log(`\naxe-core: ${violations} violation(s) on ${pages.length} pages in the light and dark themes`);
for (const f of found) console.log(`  ${f}`);

// The Nu HTML Checker, the W3C's validator, on every page.
let htmlErrors = 0;
const vnu = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar');
const checked = spawnSync('java', ['-jar', vnu, '--errors-only', '--format', 'gnu', ...pages.map((p) => path.join(site, p))], { encoding: 'utf8' });
if (checked.error) {
  console.log('\nNu HTML Checker: not run (no java)');
} else {
  const errors = (checked.stderr + checked.stdout).split('\n').filter((l) => l.includes('error:'));
  htmlErrors = errors.length;
  console.log(`\nNu HTML Checker ${createRequire(import.meta.url)('vnu-jar/package.json').version}: ${htmlErrors} error(s) on ${pages.length} pages`);
  for (const e of errors.slice(0, 20)) console.log(`  ${e}`);
}
process.exit(failed || violations || htmlErrors ? 1 : 0);
