// crabsnake's page script: theme toggle, chapter menu on small screens, code tabs, copy
// buttons, and the search box, search page and search marks. No framework and no network:
// the search engine (search.js) and its index are local scripts, loaded on first use.
'use strict';

(() => {
  const root = document.documentElement;

  // Theme: follows the system until the reader picks one; the choice is kept across pages.
  const themeButton = document.querySelector('.theme-toggle');
  const currentTheme = () =>
    root.dataset.theme || (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
  const showTheme = () => {
    const dark = currentTheme() === 'dark';
    themeButton.setAttribute('aria-pressed', String(dark));
    themeButton.title = dark ? 'Switch to the light theme' : 'Switch to the dark theme';
  };
  if (themeButton) {
    themeButton.hidden = false;
    showTheme();
    themeButton.addEventListener('click', () => {
      const next = currentTheme() === 'dark' ? 'light' : 'dark';
      root.dataset.theme = next;
      try { localStorage.setItem('crabsnake-theme', next); } catch { /* storage may be off */ }
      showTheme();
    });
  }

  // A long chapter list shows the reader's chapter, not the top of the list (as mdBook's
  // does): scrolled, within the list only, when the chapter is out of sight.
  const sidebar = document.getElementById('sidebar');
  const showCurrent = () => {
    const current = sidebar && sidebar.querySelector('a[aria-current="page"]');
    if (!current || sidebar.scrollHeight <= sidebar.clientHeight) return;
    const at = current.getBoundingClientRect().top - sidebar.getBoundingClientRect().top;
    if (at < 0 || at + current.offsetHeight > sidebar.clientHeight) {
      sidebar.scrollTop += at - sidebar.clientHeight / 3;
    }
  };
  showCurrent();

  // Chapter menu for narrow screens.
  const menuButton = document.querySelector('.menu-button');
  if (menuButton && sidebar) {
    const narrow = matchMedia('(max-width: 56rem)');
    const sync = () => { menuButton.hidden = !narrow.matches; };
    sync();
    narrow.addEventListener('change', sync);
    const header = document.querySelector('.site-header');
    const setOpen = (open) => {
      sidebar.style.top = open && header ? `${header.getBoundingClientRect().bottom}px` : '';
      sidebar.classList.toggle('open', open);
      menuButton.setAttribute('aria-expanded', String(open));
      if (open) showCurrent();
    };
    menuButton.addEventListener('click', () => setOpen(!sidebar.classList.contains('open')));
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && sidebar.classList.contains('open')) { setOpen(false); menuButton.focus(); }
    });
  }

  // Code tabs: one panel at a time; the chosen language is remembered for every tab group.
  const groups = [...document.querySelectorAll('[data-tabs]')];
  const panelsOf = (group) => [...group.querySelectorAll('.tab-panel')];
  function selectLanguage(lang, store) {
    for (const group of groups) {
      // Compared as data, never put into a selector: a language name may hold any character.
      if (!panelsOf(group).some((p) => p.dataset.lang === lang)) continue;
      for (const panel of panelsOf(group)) {
        const on = panel.dataset.lang === lang;
        panel.hidden = !on;
        const tab = document.getElementById(panel.getAttribute('aria-labelledby'));
        tab.setAttribute('aria-selected', String(on));
        tab.tabIndex = on ? 0 : -1;
      }
    }
    if (store) { try { localStorage.setItem('crabsnake-lang', lang); } catch { /* ignore */ } }
  }
  groups.forEach((group, g) => {
    const list = document.createElement('div');
    list.className = 'tablist';
    list.setAttribute('role', 'tablist');
    const tabs = panelsOf(group).map((panel, i) => {
      const tab = document.createElement('button');
      tab.type = 'button';
      tab.id = `tab-${g}-${i}`;
      tab.setAttribute('role', 'tab');
      panel.id = `panel-${g}-${i}`;
      tab.setAttribute('aria-controls', panel.id);
      tab.textContent = panel.dataset.label;
      panel.setAttribute('role', 'tabpanel');
      panel.setAttribute('aria-labelledby', tab.id);
      tab.addEventListener('click', () => selectLanguage(panel.dataset.lang, true));
      list.appendChild(tab);
      return tab;
    });
    list.addEventListener('keydown', (e) => {
      const i = tabs.indexOf(document.activeElement);
      if (i < 0 || (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft')) return;
      const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
      next.click();
      next.focus();
    });
    group.insertBefore(list, group.firstChild);
    group.classList.add('tabs-ready');
    const first = panelsOf(group)[0].dataset.lang;
    panelsOf(group).forEach((p) => { p.hidden = p.dataset.lang !== first; });
    tabs.forEach((t, i) => { t.setAttribute('aria-selected', String(i === 0)); t.tabIndex = i === 0 ? 0 : -1; });
  });
  try {
    const preferred = localStorage.getItem('crabsnake-lang');
    if (preferred) selectLanguage(preferred, false);
  } catch { /* ignore */ }

  // Copy buttons on code blocks.
  if (navigator.clipboard) {
    for (const pre of document.querySelectorAll('pre.code')) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'copy-button';
      button.textContent = 'Copy';
      button.setAttribute('aria-label', 'Copy this code');
      button.addEventListener('click', () => {
        // Prompts ($, >>>) and output lines are shown but not copied: what is copied runs.
        const code = pre.querySelector('code').cloneNode(true);
        for (const skip of code.querySelectorAll('.gp, .go')) skip.remove();
        navigator.clipboard.writeText(code.textContent).then(() => {
          button.textContent = 'Copied';
          setTimeout(() => { button.textContent = 'Copy'; }, 1500);
        });
      });
      pre.appendChild(button);
    }
  }

  // Search: the engine and its index load on first use, from scripts beside the page.
  const here = document.currentScript ? document.currentScript.src : '';
  const siteRoot = here.slice(0, here.lastIndexOf('/') + 1);
  // The engine's file name carries its content's fingerprint (search.1a2b3c4d.js).
  const engineFile = document.currentScript?.dataset.search || 'search.js';
  let engine = null;
  function searchEngine() {
    engine ??= new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = siteRoot + engineFile;
      s.onload = () => resolve(self.CrabsnakeSearch);
      s.onerror = () => { engine = null; reject(new Error('search.js could not be loaded')); };
      document.head.appendChild(s);
    });
    return engine;
  }
  // A result's address, with the matched terms for the page to mark (?h=borrow,gil#section).
  function resultUrl(url, terms) {
    const [path, hash] = url.split('#');
    const h = terms.length ? `?h=${encodeURIComponent(terms.slice(0, 8).join(','))}` : '';
    return `${siteRoot}${path}${h}${hash ? `#${hash}` : ''}`;
  }
  const correctedNote = (S, corrected) => corrected.length
    ? `Showing results for ${corrected.map((c) => `<strong>${S.escapeHtml(c.to)}</strong>`).join(', ')}.`
    : '';

  const form = document.querySelector('form.search');
  const input = document.getElementById('search-input');
  const list = document.getElementById('search-results');
  if (form && input && list) {
    const panel = list.parentElement;
    const note = panel.querySelector('.search-note');
    const all = panel.querySelector('.search-all a');
    const status = form.querySelector('.search-status');
    form.hidden = false;
    let active = -1;
    let asked = 0;
    const options = () => [...list.querySelectorAll('[role="option"]')];
    const setOpen = (open) => {
      panel.hidden = !open;
      input.setAttribute('aria-expanded', String(open));
    };
    // `i` wraps around the list; `null` selects nothing (a fresh list of results).
    const choose = (i) => {
      const opts = options();
      active = i === null || !opts.length ? -1 : (i + opts.length) % opts.length;
      opts.forEach((o, k) => o.setAttribute('aria-selected', String(k === active)));
      if (active >= 0) {
        input.setAttribute('aria-activedescendant', opts[active].id);
        opts[active].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    };
    async function show() {
      const q = input.value.trim();
      const ticket = ++asked;
      if (!q) { setOpen(false); list.innerHTML = ''; status.textContent = ''; return; }
      let S;
      let found;
      try {
        S = await searchEngine();
        found = await S.search(q, 8);
      } catch {
        if (ticket !== asked) return;
        setOpen(true);
        note.textContent = 'The search index could not be loaded.';
        return;
      }
      if (ticket !== asked) return; // a later keystroke has its own answer
      setOpen(true);
      all.href = `${siteRoot}search.html?q=${encodeURIComponent(q)}`;
      note.innerHTML = found.hits.length ? correctedNote(S, found.corrected) : `No results for “${S.escapeHtml(q)}”.`;
      list.innerHTML = found.hits.map((d, i) =>
        `<li role="option" id="search-option-${i}" aria-selected="false"><a tabindex="-1" href="${S.escapeHtml(resultUrl(d.url, found.terms))}">` +
        `<span class="where">${S.escapeHtml(d.page)}${d.section ? ` › ${S.escapeHtml(d.section)}` : ''}</span>` +
        `<span class="snippet">${S.snippet(d.text, found.terms)}</span></a></li>`).join('');
      status.textContent = found.hits.length
        ? `${found.count} result${found.count === 1 ? '' : 's'}${found.corrected.length ? ', corrected' : ''}`
        : 'No results';
      choose(null);
    }
    input.addEventListener('focus', () => { searchEngine().then((S) => S.prepare()).catch(() => {}); });
    input.addEventListener('input', show);
    input.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        if (panel.hidden) return;
        e.preventDefault();
        // Down from nothing is the first result; up from nothing (or the first) the last.
        choose(e.key === 'ArrowDown' ? active + 1 : (active < 0 ? -1 : active - 1));
      } else if (e.key === 'Enter' && active >= 0) {
        e.preventDefault();
        options()[active].querySelector('a').click();
      } else if (e.key === 'Escape') {
        input.value = '';
        show();
      }
    });
    document.addEventListener('keydown', (e) => {
      if (e.key === '/' && document.activeElement !== input && !/INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName)) {
        e.preventDefault();
        input.focus();
      }
    });
    document.addEventListener('click', (e) => { if (!form.contains(e.target)) setOpen(false); });
  }

  // The search page: search.html?q=... lists every result, for shared links.
  const page = document.querySelector('.search-page');
  if (page) {
    const q = new URLSearchParams(location.search).get('q') || '';
    const field = page.querySelector('#search-page-input');
    const pageNote = page.querySelector('.search-page-note');
    const results = page.querySelector('.search-page-results');
    field.value = q;
    if (q.trim()) {
      searchEngine().then((S) => S.search(q, 50).then((found) => {
        pageNote.innerHTML = found.hits.length
          ? `${found.count} result${found.count === 1 ? '' : 's'} for “${S.escapeHtml(q)}”. ${correctedNote(S, found.corrected)}`
          : `No results for “${S.escapeHtml(q)}”.`;
        results.innerHTML = found.hits.map((d) =>
          `<li><a href="${S.escapeHtml(resultUrl(d.url, found.terms))}">${S.escapeHtml(d.page)}${d.section ? ` › ${S.escapeHtml(d.section)}` : ''}</a>` +
          `<p>${S.snippet(d.text, found.terms, 260)}</p></li>`).join('');
      })).catch(() => { pageNote.textContent = 'The search index could not be loaded.'; });
    }
  }

  // Marks: a page opened from a search result marks the matched words, until cleared.
  const marked = new URLSearchParams(location.search).get('h');
  const main = document.getElementById('content');
  if (marked && main) {
    searchEngine().then((S) => {
      const terms = marked.split(',').filter(Boolean);
      const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {
        acceptNode: (n) => (n.parentElement.closest('script, style, mark, .copy-button') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
      });
      const nodes = [];
      while (walker.nextNode()) nodes.push(walker.currentNode);
      let count = 0;
      for (const node of nodes) {
        const text = node.nodeValue;
        const hits = [...text.matchAll(/[\p{Alphabetic}\p{N}_]+/gu)].filter((m) => S.isMatch(m[0], terms));
        if (!hits.length) continue;
        const frag = document.createDocumentFragment();
        let at = 0;
        for (const m of hits) {
          frag.append(text.slice(at, m.index));
          const mark = document.createElement('mark');
          mark.className = 'search-mark';
          mark.textContent = m[0];
          frag.append(mark);
          at = m.index + m[0].length;
          count++;
        }
        frag.append(text.slice(at));
        node.replaceWith(frag);
      }
      if (!count) return;
      const clear = document.createElement('button');
      clear.type = 'button';
      clear.className = 'clear-marks';
      clear.textContent = `Clear ${count} search mark${count === 1 ? '' : 's'}`;
      clear.addEventListener('click', () => {
        for (const m of main.querySelectorAll('mark.search-mark')) m.replaceWith(m.textContent);
        main.normalize();
        clear.remove();
        const url = new URL(location.href);
        url.searchParams.delete('h');
        history.replaceState(null, '', url);
      });
      main.prepend(clear);
    }).catch(() => {});
  }
})();
