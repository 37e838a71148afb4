// The search engine of static/search.js, without a browser: its folding, splitting and
// stemming agree with the Rust side on tests/search-vectors.json, and queries against a small
// index find typos, word forms, prefixes, identifiers and phrases, best first.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.join(here, '..', '..');
const vectors = JSON.parse(readFileSync(path.join(repo, 'tests', 'search-vectors.json'), 'utf8'));

// Runs search.js with the given index lines already queued, as a page would after loading them.
function engine(indexLines = '') {
  const context = { self: {}, document: { currentScript: null }, TextEncoder };
  context.self = context;
  vm.createContext(context);
  vm.runInContext(indexLines, context);
  vm.runInContext(readFileSync(path.join(repo, 'static', 'search.js'), 'utf8'), context);
  return context.CrabsnakeSearch;
}

describe('words, the same as the build', () => {
  const S = engine();
  it('splits and folds like src/search/words.rs', () => {
    for (const [input, want] of vectors.words) assert.deepEqual([...S.words(input)], want, input);
  });
  it('stems like src/search/words.rs', () => {
    for (const [word, want] of vectors.stems) assert.equal(S.stem(word), want, word);
    for (const group of vectors.same_stem) {
      assert.equal(new Set(group.map(S.stem)).size, 1, group.join(' '));
    }
  });
  it('counts a swap of neighbours as one edit', () => {
    assert.equal(S.distance('ownrship', 'ownership', 1), 1);
    assert.equal(S.distance('extenson', 'extension', 1), 1);
    assert.equal(S.distance('teh', 'the', 1), 1);
    assert.ok(S.distance('python', 'rust', 2) > 2);
  });
  it('escapes text before marking it', () => {
    const html = S.snippet('Tom & Jerry <b>bold</b> and more', ['and']);
    assert.ok(html.includes('&amp;') && html.includes('&lt;b&gt;'), html);
    assert.ok(html.includes('<mark>and</mark>'), html);
    assert.ok(!html.includes('&<mark>'), html);
  });
});

describe('queries', () => {
  // A tiny index in the build's format: one file with the manifest, the terms and the docs.
  const docs = [
    ['own.html#rules', 'Ownership', 'Rules', 'Each value has one owner; borrowing lends it without moving.'],
    ['ext.html', 'Extensions', '', 'Write an extension module; call sum_as_string from Python. PyO3 0.30.'],
    ['other.html', 'Other', 'Passing', 'Mentions a borrow once among many unrelated words here today.'],
  ];
  const postings = {};
  docs.forEach(([, page, section, text], id) => {
    const S = engine();
    const tf = new Map();
    for (const t of S.words(`${page} ${page} ${section} ${section} ${text}`).map(S.stem)) tf.set(t, (tf.get(t) || 0) + 1);
    for (const [t, n] of tf) {
      const key = [...t].slice(0, 2).join('');
      ((postings[key] ??= {})[t] ??= []).push(id, n * 10);
    }
  });
  // The build writes each document as its gap from the one before.
  for (const dict of Object.values(postings)) {
    for (const list of Object.values(dict)) {
      for (let k = list.length - 2; k >= 2; k -= 2) list[k] -= list[k - 2];
    }
  }
  const line = (x) => `(self.CRABSNAKE_SEARCH=self.CRABSNAKE_SEARCH||[]).push(${JSON.stringify(x)});\n`;
  const file = line(['manifest', '', { docs: docs.length, chunk: 64, shards: [], single: true }]) +
    Object.entries(postings).map(([k, v]) => line(['terms', k, v])).join('') + line(['docs', 0, docs]);
  const S = engine(file);
  const urls = async (q) => [...(await S.search(q)).hits.map((d) => d.url)];

  it('finds a misspelt word and says what it corrected', async () => {
    const found = await S.search('ownrship ');
    assert.equal(found.hits[0].url, 'own.html#rules');
    assert.deepEqual([...found.corrected.map((c) => c.to)], ['ownership']);
  });
  it('finds word forms: borrowed finds borrowing and borrow, the heading match first', async () => {
    const got = await urls('borrowed ');
    assert.deepEqual(got.slice(0, 2).sort(), ['other.html', 'own.html#rules']);
  });
  it('finds identifiers whole and by their parts, and ignores case', async () => {
    assert.equal((await urls('sum_as_string'))[0], 'ext.html');
    assert.equal((await urls('sum string'))[0], 'ext.html');
    assert.equal((await urls('pyo3'))[0], 'ext.html');
  });
  it('matches the last word as a prefix while typing', async () => {
    assert.equal((await urls('extens'))[0], 'ext.html');
  });
  it('keeps a quoted phrase together', async () => {
    assert.deepEqual(await urls('"one owner"'), ['own.html#rules']);
    assert.deepEqual(await urls('"owner one"'), []);
  });
  it('ranks sections with every word above sections with some', async () => {
    const both = await urls('value owner ');
    assert.equal(both[0], 'own.html#rules');
  });
});
