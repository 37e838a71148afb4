// Shared helpers for the browser tests: where the built site is, a tiny static server on
// 127.0.0.1, headless Chromium through playwright-core, and a page that records every console
// error, failed request and request address.
import { createServer } from 'node:http';
import { after, before } from 'node:test';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { chromium } from 'playwright-core';

// The built site: SITE_DIR=/path/to/out (what `crabsnake --out DIR build` wrote).
export const SITE_DIR = path.resolve(process.env.SITE_DIR || '');
if (!process.env.SITE_DIR || !existsSync(path.join(SITE_DIR, 'index.html'))) {
  throw new Error(
    'Set SITE_DIR to a built site, e.g.\n' +
      '  cargo run --release -- --out /tmp/site build\n' +
      '  SITE_DIR=/tmp/site node --test   (in tests/browser)',
  );
}

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, headless: true, timeout: 60_000 });
}

// ---------------------------------------------------------------------------------------------
// The site's files, read once: page names, nav order, the search index, pages with code tabs.

export const pages = readdirSync(SITE_DIR).filter((f) => f.endsWith('.html')).sort();
export const html = (name) => readFileSync(path.join(SITE_DIR, name), 'utf8');

/** Chapter pages in sidebar order (as linked from index.html), without the home page. */
export function chapters() {
  const nav = html('index.html').match(/<nav id="sidebar"[\s\S]*?<\/nav>/)?.[0] ?? '';
  const urls = [...nav.matchAll(/href="([^"#]+\.html)"/g)].map((m) => m[1]);
  return [...new Set(urls)].filter((u) => u !== 'index.html' && pages.includes(u));
}

/** Pages whose code tabs offer both Rust and Python, in sidebar order. */
export function pagesWithRustPythonTabs() {
  return chapters().filter((p) => {
    const body = html(p);
    return /data-tabs/.test(body) && /class="tab-panel" data-lang="rust"/.test(body) && /class="tab-panel" data-lang="python"/.test(body);
  });
}

/** The sections the search index holds, as {u, p, s, t}, read from every file it was written to. */
export function searchIndex() {
  // Every search file the build wrote, run as the page would, then read back as sections.
  const sandbox = { self: {} };
  sandbox.self = sandbox;
  vm.createContext(sandbox);
  const files = ['search-index.js'];
  const docsDir = path.join(SITE_DIR, 'search', 'd');
  if (existsSync(docsDir)) files.push(...readdirSync(docsDir).map((f) => path.join('search', 'd', f)));
  for (const f of files) vm.runInContext(readFileSync(path.join(SITE_DIR, f), 'utf8'), sandbox);
  return sandbox.CRABSNAKE_SEARCH
    .filter(([kind]) => kind === 'docs')
    .flatMap(([, , docs]) => docs.map(([u, p, s, t]) => ({ u, p, s, t })));
}

// ---------------------------------------------------------------------------------------------
// A static server for SITE_DIR on 127.0.0.1 and a random port.

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
};

export async function serve(root = SITE_DIR) {
  const server = createServer(async (req, res) => {
    try {
      const { pathname } = new URL(req.url, 'http://127.0.0.1');
      let file = path.join(root, decodeURIComponent(pathname));
      if (!file.startsWith(root)) throw new Error('outside the site');
      if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      // Like a static host: the site's own 404 page, with a 404 status.
      const notFound = path.join(root, '404.html');
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(existsSync(notFound) ? readFileSync(notFound) : 'not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}/`;
  return {
    base,
    url: (page) => new URL(page, base).href,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

/** Chromium and the static server for one test file: started before its tests, stopped
 *  after; read `env.browser` and `env.server` inside the tests. */
export function browserAndServer() {
  const env = {};
  before(async () => { [env.browser, env.server] = await Promise.all([launch(), serve()]); });
  after(async () => { await env.browser?.close(); await env.server?.close(); });
  return env;
}

export const fileUrl = (page) => pathToFileURL(path.join(SITE_DIR, page)).href;

// ---------------------------------------------------------------------------------------------
// A page that records what went wrong: console errors, uncaught exceptions, failed requests,
// HTTP errors, and every address requested.

export async function watchedPage(context) {
  const page = await context.newPage();
  const log = { errors: [], failed: [], requests: [] };
  page.on('console', (m) => { if (m.type() === 'error') log.errors.push(`console: ${m.text()} (${m.location().url})`); });
  page.on('pageerror', (e) => log.errors.push(`exception: ${e.message}`));
  page.on('request', (r) => log.requests.push(r.url()));
  // A request the browser gave up because the page navigated away (a favicon still loading
  // when a link is followed) is not a fault of the site: a missing file fails otherwise
  // (HTTP 404, or net::ERR_FILE_NOT_FOUND from disk).
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText;
    if (why !== 'net::ERR_ABORTED') log.failed.push(`${r.url()}: ${why}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) log.failed.push(`${r.url()}: HTTP ${r.status()}`); });
  return { page, log };
}

/** Requests that leave the machine: anything but 127.0.0.1, file: and inline data. */
export function foreignRequests(log) {
  return log.requests.filter((u) => !/^(file:|data:|blob:|about:|http:\/\/127\.0\.0\.1[:/])/.test(u));
}

/** Relative luminance (WCAG) of a CSS rgb()/rgba() colour string. */
export function luminance(css) {
  const [r, g, b] = css.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
