// crabsnake's search engine, loaded on first use: reads the index files the build wrote
// (scripts, so search works from disk too), and matches a query forgivingly: accents and
// case folded, word forms stemmed, the last word as a prefix while typing, typos corrected,
// identifiers split at `_`, "quoted phrases" kept together. Folding, splitting and stemming
// must give exactly what src/search/words.rs gives; tests/search-vectors.json holds the cases
// both are tested on.
'use strict';

(() => {
  const MAX_WORD = 40;
  const PREFIX_TERMS = 64;
  const WEIGHT = { exact: 1, prefix: 0.6, typo: 0.35 };

  // --- Words: the same rules as src/search/words.rs -----------------------------------------
  const fold = (text) =>
    [...text.normalize('NFD').replace(/\p{M}/gu, '')].map((c) => c.toLowerCase()).join('');

  function words(text) {
    const out = [];
    for (const run of fold(text).split(/[^\p{Alphabetic}\p{N}_]+/u)) {
      const word = run.replace(/^_+|_+$/g, '');
      if (!word || [...word].length > MAX_WORD) continue;
      out.push(word);
      if (word.includes('_')) out.push(...word.split('_').filter(Boolean));
    }
    return out;
  }

  function undouble(s) {
    const n = s.length;
    return n >= 2 && s[n - 1] === s[n - 2] && !'aeioulsz'.includes(s[n - 1]) ? s.slice(0, -1) : s;
  }

  function stem(word) {
    if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
    let s = word;
    if (s.endsWith('ies') && s.length > 4) s = s.slice(0, -3) + 'y';
    else if (['sses', 'ches', 'shes', 'xes', 'zes'].some((e) => s.endsWith(e))) s = s.slice(0, -2);
    else if (s.endsWith('s') && !['ss', 'us', 'is'].some((e) => s.endsWith(e))) s = s.slice(0, -1);
    if (s.endsWith('ied') && s.length > 4) s = s.slice(0, -3) + 'y';
    else if (s.endsWith('ing') && s.length >= 6) s = undouble(s.slice(0, -3));
    else if (s.endsWith('ed') && s.length >= 5) s = undouble(s.slice(0, -2));
    if (s.length > 3 && s.endsWith('e') && !s.endsWith('ee')) s = s.slice(0, -1);
    return s;
  }

  // Edit distance with neighbours swapped counting as one edit, stopping past `max`.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    const d = [];
    for (let i = 0; i <= a.length; i++) d.push([i, ...new Array(b.length).fill(0)]);
    for (let j = 0; j <= b.length; j++) d[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
      let best = Infinity;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
        best = Math.min(best, d[i][j]);
      }
      if (best > max) return max + 1;
    }
    return d[a.length][b.length];
  }

  const typoLimit = (term) => (term.length >= 9 ? 2 : term.length >= 5 ? 1 : 0);
  // Terms are filed by their first characters: two, or one in a mid-sized index (manifest.key).
  const shardKey = (term) => [...term].slice(0, index.manifest?.key || 2).join('');
  const hex = (s) => [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, '0')).join('');

  // --- The index files ------------------------------------------------------------------
  const index = { manifest: null, terms: new Map(), docs: new Map() };
  function take([kind, key, data]) {
    if (kind === 'manifest') index.manifest = data;
    else if (kind === 'terms') index.terms.set(key, data);
    else if (kind === 'docs') index.docs.set(key, data);
  }
  // Files loaded before this script queued their data; later ones hand it over at once.
  (self.CRABSNAKE_SEARCH || []).forEach(take);
  self.CRABSNAKE_SEARCH = { push: take };

  const here = document.currentScript ? document.currentScript.src : '';
  const base = here.slice(0, here.lastIndexOf('/') + 1);
  const loading = new Map();
  function load(path) {
    if (!loading.has(path)) {
      loading.set(path, new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.src = base + path;
        s.onload = resolve;
        s.onerror = () => { loading.delete(path); reject(new Error(`cannot load ${path}`)); };
        document.head.appendChild(s);
      }));
    }
    return loading.get(path);
  }
  const ready = () => (index.manifest ? Promise.resolve() : load('search-index.js'));
  function shard(key) {
    const m = index.manifest;
    if (m.single || index.terms.has(key) || !m.shards.includes(key)) return Promise.resolve();
    return load(`search/t/${hex(key)}.js`);
  }
  function docs(ids) {
    const m = index.manifest;
    const chunks = [...new Set(ids.map((id) => Math.floor(id / m.chunk)))];
    return Promise.all(chunks.filter((c) => !m.single && !index.docs.has(c)).map((c) => load(`search/d/${c}.js`)));
  }
  function doc(id) {
    const chunk = index.docs.get(Math.floor(id / index.manifest.chunk));
    const [url, page, section, text] = chunk[id % index.manifest.chunk];
    return { id, url, page, section, text };
  }

  // --- Queries --------------------------------------------------------------------------
  // A query's parts: its words (stemmed), the last one a prefix while typing, and its phrases.
  function parse(query) {
    const phrases = [...query.matchAll(/"([^"]+)"/g)].map((m) => words(m[1]).join(' ')).filter(Boolean);
    const raw = words(query.replace(/"/g, ' '));
    const typing = !/[\s"]$/.test(query);
    const terms = raw.map((w, i) => ({ raw: w, term: stem(w), prefix: typing && i === raw.length - 1 }));
    return { terms, phrases };
  }

  // Index terms that match one query term, each with how much a match counts.
  function matches(q) {
    const found = new Map();
    const dict = index.terms.get(shardKey(q.term)) || {};
    if (Object.hasOwn(dict, q.term)) found.set(q.term, WEIGHT.exact);
    if (q.prefix && q.raw.length >= 2) {
      const prefixDict = index.terms.get(shardKey(q.raw)) || {};
      let n = 0;
      for (const t of Object.keys(prefixDict)) {
        if (n >= PREFIX_TERMS) break;
        if (t.startsWith(q.raw) && !found.has(t)) { found.set(t, WEIGHT.prefix); n++; }
      }
    }
    const limit = typoLimit(q.term);
    if (limit && found.size === 0) {
      for (const t of Object.keys(dict)) {
        if (distance(t, q.term, limit) <= limit) found.set(t, WEIGHT.typo);
      }
    }
    return found;
  }

  // Results, best first: sections with every word before sections with some, then by score.
  async function search(query, limit = 10) {
    await ready();
    const { terms, phrases } = parse(query);
    if (!terms.length) return { hits: [], corrected: [], terms: [] };
    await Promise.all(terms.flatMap((q) => [shard(shardKey(q.term)), shard(shardKey(q.raw))]));
    const scores = new Map();
    const corrected = [];
    const matched = new Set();
    terms.forEach((q, i) => {
      const found = matches(q);
      let best = null;
      for (const [t, weight] of found) {
        matched.add(t);
        const dictOfT = index.terms.get(shardKey(t)) || {};
        const postings = Object.hasOwn(dictOfT, t) ? dictOfT[t] : [];
        if (weight === WEIGHT.typo && (!best || postings.length > best.n)) best = { t, n: postings.length };
        // Documents are stored as gaps from the one before.
        for (let k = 0, id = 0; k < postings.length; k += 2) {
          id += postings[k];
          const s = scores.get(id) || { total: 0, per: new Array(terms.length).fill(0) };
          s.per[i] = Math.max(s.per[i], weight * postings[k + 1]);
          scores.set(id, s);
        }
      }
      if (best) corrected.push({ from: q.raw, to: best.t });
    });
    let ranked = [...scores].map(([id, s]) => ({
      id,
      all: s.per.filter((x) => x > 0).length,
      total: s.per.reduce((a, b) => a + b, 0),
    }));
    ranked.sort((a, b) => b.all - a.all || b.total - a.total || a.id - b.id);
    if (phrases.length) {
      const pool = ranked.slice(0, 200);
      await docs(pool.map((r) => r.id));
      ranked = pool.filter((r) => {
        const d = doc(r.id);
        const hay = ` ${words(`${d.page} ${d.section} ${d.text}`).join(' ')} `;
        return phrases.every((p) => hay.includes(` ${p} `));
      });
    }
    const top = ranked.slice(0, limit);
    await docs(top.map((r) => r.id));
    return { hits: top.map((r) => doc(r.id)), corrected, terms: [...matched], count: ranked.length };
  }

  // --- Showing matches ------------------------------------------------------------------
  const escapeHtml = (s) =>
    s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

  // Whether a word as written in the text is one of the matched terms (or starts one).
  function isMatch(word, terms) {
    const w = words(word)[0];
    if (!w) return false;
    const s = stem(w);
    return terms.some((t) => s === t || w === t || (t.length >= 3 && w.startsWith(t)));
  }

  // HTML of `text` around its first match, each matching word in <mark>; everything escaped.
  function snippet(text, terms, size = 160) {
    const found = [...text.matchAll(/[\p{Alphabetic}\p{N}_]+/gu)].filter((m) => isMatch(m[0], terms));
    const first = found.length ? found[0].index : 0;
    const start = Math.max(0, first - 50);
    const end = Math.min(text.length, start + size);
    let html = start > 0 ? '…' : '';
    let at = start;
    for (const m of found) {
      if (m.index < start || m.index + m[0].length > end) continue;
      html += escapeHtml(text.slice(at, m.index)) + '<mark>' + escapeHtml(m[0]) + '</mark>';
      at = m.index + m[0].length;
    }
    html += escapeHtml(text.slice(at, end)) + (end < text.length ? '…' : '');
    return html;
  }

  self.CrabsnakeSearch = {
    fold, words, stem, distance, parse, search, snippet, isMatch, escapeHtml,
    // Loads the index's first file ahead of the first query (on focus).
    prepare: () => ready().catch(() => {}),
    get loaded() { return index.manifest != null; },
  };
})();
