// Search budgets on a generated book: the gzipped index against the gzipped Markdown, the
// bytes a one-word query transfers before its first results (search code included), and the
// time per keystroke in headless Chromium.
//
//   python3 bench/gen_book.py 10000 /tmp/book
//   cargo run --release --example search_index -- /tmp/book /tmp/book-index
//   node bench/search_budget.mjs /tmp/book /tmp/book-index [BUILT_SITE_FOR_LATENCY]
//
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const [book, indexDir, site] = process.argv.slice(2);
const gz = (file) => gzipSync(readFileSync(file)).length;
const walk = (dir) => readdirSync(dir).flatMap((f) => {
  const p = path.join(dir, f);
  return statSync(p).isDirectory() ? walk(p) : [p];
});

const markdown = walk(path.join(book, 'content')).filter((f) => f.endsWith('.md'));
const mdGz = gzipSync(Buffer.concat(markdown.map((f) => readFileSync(f)))).length;
const indexGz = walk(indexDir).reduce((s, f) => s + gz(f), 0);
console.log(`markdown ${markdown.length} chapters, ${(mdGz / 1e6).toFixed(1)} MB gzipped`);
console.log(`index ${(indexGz / 1e6).toFixed(1)} MB gzipped: ${((100 * indexGz) / mdGz).toFixed(0)}% of the Markdown (budget 100%)`);

// The engine in a sandbox whose <script> elements read files from the index folder.
function engine() {
  const loaded = [];
  const context = { TextEncoder, console };
  context.self = context;
  context.document = {
    currentScript: { src: 'file:///index/search.js' },
    head: {
      appendChild(s) {
        const rel = s.src.replace('file:///index/', '');
        loaded.push(rel);
        vm.runInContext(readFileSync(path.join(indexDir, rel), 'utf8'), context);
        queueMicrotask(() => s.onload());
      },
    },
    createElement: () => ({}),
  };
  vm.createContext(context);
  vm.runInContext(readFileSync(path.join(repo, 'static', 'search.js'), 'utf8'), context);
  return { S: context.CrabsnakeSearch, loaded };
}
const code = gz(path.join(repo, 'static', 'search.js')) + gz(path.join(repo, 'static', 'site.js'));
let worst = 0;
for (const word of ['latency', 'ownership', 'maturin', 'serialize', 'bufer', 'socket', 'profiling']) {
  const { S, loaded } = engine();
  const found = await S.search(`${word} `, 8);
  const bytes = code + loaded.reduce((s, f) => s + gz(path.join(indexDir, f)), 0);
  worst = Math.max(worst, bytes);
  console.log(`"${word}": ${found.count} results, ${loaded.length} index files, ${(bytes / 1024).toFixed(0)} KB gzipped with the code`);
}
console.log(`first results of a one-word query: at most ${(worst / 1024).toFixed(0)} KB gzipped (budget 300 KB)`);

if (site) {
  // playwright-core as installed for the browser tests (cd tests/browser && npm ci).
  const { chromium } = createRequire(path.join(repo, 'tests', 'browser', 'package.json'))('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage();
  await page.goto(`file://${path.resolve(site)}/index.html`);
  await page.focus('#search-input');
  await page.waitForFunction(() => window.CrabsnakeSearch?.loaded);
  // Each word typed one letter at a time, twice: the first time includes loading its files
  // from disk, the second is the search alone.
  const [cold, warm] = await page.evaluate(async () => {
    const S = window.CrabsnakeSearch;
    const rounds = [[], []];
    for (const round of rounds) {
      for (const word of ['latency', 'ownership', 'maturin', 'serialize', 'bufer socket', 'profiling cache', 'extenson']) {
        for (let i = 1; i <= word.length; i++) {
          const t = performance.now();
          await S.search(word.slice(0, i), 8);
          round.push(performance.now() - t);
        }
      }
    }
    return rounds;
  });
  for (const [what, times] of [['loading included', cold], ['index loaded', warm]]) {
    times.sort((a, b) => a - b);
    const p = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
    console.log(`per keystroke in Chromium (${what}), ${times.length} keystrokes: median ${p(0.5).toFixed(1)} ms, p95 ${p(0.95).toFixed(1)} ms (budget 10 ms)`);
  }
  await browser.close();
}
