// crabsnake's page script: theme toggle, chapter menu on small screens, code tabs, copy
// buttons and search. No framework and no network: the search index is a local script.
'use strict';

(function () {
  var root = document.documentElement;

  // Theme: follows the system until the reader picks one; the choice is kept across pages.
  var themeButton = document.querySelector('.theme-toggle');
  function currentTheme() {
    if (root.dataset.theme) return root.dataset.theme;
    return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  function showTheme() {
    var dark = currentTheme() === 'dark';
    themeButton.setAttribute('aria-pressed', String(dark));
    themeButton.title = dark ? 'Switch to the light theme' : 'Switch to the dark theme';
  }
  if (themeButton) {
    themeButton.hidden = false;
    showTheme();
    themeButton.addEventListener('click', function () {
      var next = currentTheme() === 'dark' ? 'light' : 'dark';
      root.dataset.theme = next;
      try { localStorage.setItem('crabsnake-theme', next); } catch (e) { /* storage may be off */ }
      showTheme();
    });
  }

  // Chapter menu for narrow screens.
  var menuButton = document.querySelector('.menu-button');
  var sidebar = document.getElementById('sidebar');
  if (menuButton && sidebar) {
    var narrow = window.matchMedia('(max-width: 56rem)');
    var sync = function () { menuButton.hidden = !narrow.matches; };
    sync();
    narrow.addEventListener('change', sync);
    var header = document.querySelector('.site-header');
    var setOpen = function (open) {
      sidebar.style.top = open && header ? header.getBoundingClientRect().bottom + 'px' : '';
      sidebar.classList.toggle('open', open);
      menuButton.setAttribute('aria-expanded', String(open));
    };
    menuButton.addEventListener('click', function () {
      setOpen(!sidebar.classList.contains('open'));
    });
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && sidebar.classList.contains('open')) { setOpen(false); menuButton.focus(); }
    });
  }

  // Code tabs: one panel at a time; the chosen language is remembered for every tab group.
  var groups = Array.prototype.slice.call(document.querySelectorAll('[data-tabs]'));
  function selectLanguage(lang, store) {
    groups.forEach(function (group) {
      if (!group.querySelector('.tab-panel[data-lang="' + lang + '"]')) return;
      group.querySelectorAll('.tab-panel').forEach(function (panel) {
        var on = panel.dataset.lang === lang;
        panel.hidden = !on;
        var tab = document.getElementById(panel.getAttribute('aria-labelledby'));
        tab.setAttribute('aria-selected', String(on));
        tab.tabIndex = on ? 0 : -1;
      });
    });
    if (store) { try { localStorage.setItem('crabsnake-lang', lang); } catch (e) { /* ignore */ } }
  }
  groups.forEach(function (group, g) {
    var list = document.createElement('div');
    list.className = 'tablist';
    list.setAttribute('role', 'tablist');
    var tabs = [];
    group.querySelectorAll('.tab-panel').forEach(function (panel, i) {
      var tab = document.createElement('button');
      tab.type = 'button';
      tab.id = 'tab-' + g + '-' + i;
      tab.setAttribute('role', 'tab');
      tab.setAttribute('aria-controls', panel.id = 'panel-' + g + '-' + i);
      tab.textContent = panel.dataset.label;
      panel.setAttribute('role', 'tabpanel');
      panel.setAttribute('aria-labelledby', tab.id);
      tab.addEventListener('click', function () { selectLanguage(panel.dataset.lang, true); });
      tabs.push(tab);
      list.appendChild(tab);
    });
    list.addEventListener('keydown', function (e) {
      var i = tabs.indexOf(document.activeElement);
      if (i < 0 || (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft')) return;
      var next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
      next.click();
      next.focus();
    });
    group.insertBefore(list, group.firstChild);
    group.classList.add('tabs-ready');
    var first = group.querySelector('.tab-panel').dataset.lang;
    group.querySelectorAll('.tab-panel').forEach(function (p) { p.hidden = p.dataset.lang !== first; });
    tabs.forEach(function (t, i) { t.setAttribute('aria-selected', String(i === 0)); t.tabIndex = i === 0 ? 0 : -1; });
  });
  try {
    var preferred = localStorage.getItem('crabsnake-lang');
    if (preferred) selectLanguage(preferred, false);
  } catch (e) { /* ignore */ }

  // Copy buttons on code blocks.
  if (navigator.clipboard) {
    document.querySelectorAll('pre.code').forEach(function (pre) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'copy-button';
      button.textContent = 'Copy';
      button.setAttribute('aria-label', 'Copy this code');
      button.addEventListener('click', function () {
        navigator.clipboard.writeText(pre.querySelector('code').innerText).then(function () {
          button.textContent = 'Copied';
          setTimeout(function () { button.textContent = 'Copy'; }, 1500);
        });
      });
      pre.appendChild(button);
    });
  }

  // Search: the index loads on first use, from a script beside the page (works from disk).
  var form = document.querySelector('.search');
  var input = document.getElementById('search-input');
  var results = document.getElementById('search-results');
  if (!form || !input || !results) return;
  form.hidden = false;
  var index = null;
  var loading = false;
  var waiting = [];
  // Runs `then` once the index is there; calls made while it loads wait for it.
  function loadIndex(then) {
    if (index) { then(); return; }
    waiting.push(then);
    if (loading) return;
    loading = true;
    var s = document.createElement('script');
    s.src = 'search-index.js';
    s.onload = function () {
      index = (window.CRABSNAKE_SEARCH || []).map(function (e) {
        return { e: e, hay: (e.p + ' ' + e.s + ' ' + e.t).toLowerCase(), head: e.p.toLowerCase(), section: e.s.toLowerCase() };
      });
      waiting.splice(0).forEach(function (f) { f(); });
    };
    s.onerror = function () { loading = false; results.hidden = false; results.textContent = 'The search index could not be loaded.'; };
    document.head.appendChild(s);
  }
  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function snippet(text, word) {
    var at = text.toLowerCase().indexOf(word);
    var start = Math.max(0, at - 50);
    var piece = (start > 0 ? '…' : '') + text.slice(start, start + 150) + (start + 150 < text.length ? '…' : '');
    var safe = escapeHtml(piece);
    return word ? safe.replace(new RegExp('(' + word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + ')', 'ig'), '<mark>$1</mark>') : safe;
  }
  function count(hay, word) {
    var n = 0;
    for (var at = hay.indexOf(word); at >= 0 && n < 5; at = hay.indexOf(word, at + word.length)) n++;
    return n;
  }
  // Every word must appear. Matches in a section's title count most, then how often the
  // word appears (up to five times), so the section about a thing beats a passing mention.
  function search(query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    var hits = [];
    index.forEach(function (item) {
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        var times = count(item.hay, words[i]);
        if (!times) return;
        score += (item.section.indexOf(words[i]) >= 0 ? 20 : 0) + (item.head.indexOf(words[i]) >= 0 ? 5 : 0) + times;
      }
      hits.push({ item: item.e, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    return { hits: hits.slice(0, 12), word: words[0] };
  }
  function show() {
    var q = input.value.trim();
    if (!q) { results.hidden = true; results.innerHTML = ''; return; }
    var found = search(q);
    results.hidden = false;
    if (!found.hits.length) { results.innerHTML = '<p>No results for “' + escapeHtml(q) + '”.</p>'; return; }
    results.innerHTML = '<ol>' + found.hits.map(function (h) {
      var e = h.item;
      return '<li><a href="' + escapeHtml(e.u) + '"><span class="where">' + escapeHtml(e.p) + '</span>' +
        '<span class="what">' + escapeHtml(e.s || e.p) + '</span>' +
        '<span class="snippet">' + snippet(e.t, found.word) + '</span></a></li>';
    }).join('') + '</ol>';
  }
  input.addEventListener('focus', function () { loadIndex(function () {}); });
  input.addEventListener('input', function () { loadIndex(show); });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var first = results.querySelector('a');
    if (first) first.click();
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { input.value = ''; show(); }
    if (e.key === 'ArrowDown') { var a = results.querySelector('a'); if (a) { e.preventDefault(); a.focus(); } }
  });
  results.addEventListener('keydown', function (e) {
    var links = Array.prototype.slice.call(results.querySelectorAll('a'));
    var i = links.indexOf(document.activeElement);
    if (e.key === 'ArrowDown' && i < links.length - 1) { e.preventDefault(); links[i + 1].focus(); }
    if (e.key === 'ArrowUp') { e.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
    if (e.key === 'Escape') { input.focus(); }
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === '/' && document.activeElement !== input && !/INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName)) {
      e.preventDefault();
      input.focus();
    }
  });
  document.addEventListener('click', function (e) {
    if (!form.contains(e.target)) results.hidden = true;
  });
})();
