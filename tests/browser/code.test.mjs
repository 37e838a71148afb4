// Code blocks in a real browser: the colours of known tokens in both themes, what the copy
// button copies from console sessions and numbered blocks, marked lines in both themes.
//   SITE_DIR=/tmp/site node --test code.test.mjs        (run in tests/browser)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { browserAndServer, contrast, html, pages, watchedPage } from './lib.mjs';

const env = browserAndServer();

/** The first page whose HTML matches `re`. */
const pageWith = (re) => pages.find((p) => re.test(html(p)));

// The themes' colours (syntect's InspiredGitHub and base16-ocean.dark, after the build moved
// each toward the text colour until it reaches 4.5:1 on the code background). A change to the
// highlighting that changes how code looks fails here.
const TOKENS = [
  { what: 'a Rust keyword', lang: 'rust', text: /^fn$/, light: 'rgb(167, 29, 93) normal 700', dark: 'rgb(180, 142, 173) normal 700' },
  { what: 'a Python keyword', lang: 'python', text: /^def$/, light: 'rgb(167, 29, 93) normal 700', dark: 'rgb(180, 142, 173) normal 700' },
  { what: 'a Python comment', lang: 'python', text: /^# /, light: 'rgb(111, 112, 111) italic 400', dark: 'rgb(129, 140, 149) italic 400' },
  { what: 'a Rust doc comment', lang: 'rust', text: /^\/\/\/ /, light: 'rgb(111, 112, 111) italic 400', dark: 'rgb(129, 140, 149) italic 400' },
  { what: 'a TOML key', lang: 'toml', text: /^name$/, light: 'rgb(75, 124, 70) normal 400', dark: 'rgb(199, 116, 124) normal 400' },
  { what: 'a TOML string', lang: 'toml', text: /^[a-z_]+$/, inString: true, light: 'rgb(24, 54, 145) normal 400', dark: 'rgb(163, 190, 140) normal 400' },
];

/** Colour, font style and weight of the first text in a `lang` block matching `re`. */
async function tokenStyle(page, lang, re, inString) {
  return page.evaluate(([lang, source, inString]) => {
    const re = new RegExp(source);
    for (const code of document.querySelectorAll(`pre.code[data-lang=${lang}] code`)) {
      const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const quoted = n.previousSibling?.textContent === '"' || n.parentElement.previousSibling?.textContent?.endsWith('"');
        if (re.test(n.data.trim()) && (!inString || quoted)) {
          const s = getComputedStyle(n.parentElement);
          return `${s.color} ${s.fontStyle} ${s.fontWeight}`;
        }
      }
    }
    return null;
  }, [lang, re.source, Boolean(inString)]);
}

describe('code blocks', () => {
  for (const scheme of ['light', 'dark']) {
    it(`known tokens have the theme's colours (${scheme})`, async () => {
      const context = await env.browser.newContext({ colorScheme: scheme });
      const { page, log } = await watchedPage(context);
      for (const token of TOKENS) {
        // The first page whose `lang` blocks hold the token (not every such block does).
        const candidates = pages.filter((p) => html(p).includes(`data-lang="${token.lang}"`));
        assert.ok(candidates.length, `no page has a ${token.lang} block`);
        let found = null;
        let name = null;
        for (name of candidates) {
          await page.goto(env.server.url(name));
          found = await tokenStyle(page, token.lang, token.text, token.inString);
          if (found) break;
        }
        assert.equal(found, token[scheme], `${token.what} on ${name}`);
      }
      assert.deepEqual(log.errors, []);
      await context.close();
    });

    it(`marked lines stand out and numbers are shown (${scheme})`, async () => {
      const name = pageWith(/class="l hl"/);
      assert.ok(name, 'no page marks a line (hl_lines)');
      const context = await env.browser.newContext({ colorScheme: scheme });
      const { page, log } = await watchedPage(context);
      await page.goto(env.server.url(name));
      const look = await page.evaluate(() => {
        const line = document.querySelector('pre.code .l.hl');
        const pre = line.closest('pre');
        const number = getComputedStyle(pre.querySelector('.l'), '::before');
        return {
          line: getComputedStyle(line).backgroundColor,
          pre: getComputedStyle(pre).backgroundColor,
          edge: getComputedStyle(line).borderLeftWidth,
          number: number.content,
          numberSelectable: number.userSelect,
          tokens: [...line.querySelectorAll('span')].map((s) => getComputedStyle(s).color),
        };
      });
      // Every coloured token on a marked line stays readable on the line's background.
      for (const colour of look.tokens) {
        assert.ok(contrast(colour, look.line) >= 4.5, `${colour} on ${look.line}: ${contrast(colour, look.line).toFixed(2)}`);
      }
      assert.notEqual(look.line, look.pre, 'a marked line has its own background');
      assert.notEqual(look.line, 'rgba(0, 0, 0, 0)');
      assert.equal(look.edge, '3px');
      assert.match(look.number, /^"\d+"$/, 'line numbers come from data-n');
      assert.equal(look.numberSelectable, 'none');
      assert.deepEqual(log.errors, []);
      await context.close();
    });
  }

  it('the copy button copies commands, not prompts or output, and no line numbers', async () => {
    const context = await env.browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.base });
    const { page, log } = await watchedPage(context);

    const session = pageWith(/data-lang="console"[^]*?class="go"/);
    assert.ok(session, 'no page has a console block with output');
    await page.goto(env.server.url(session));
    const pre = page.locator('pre.code[data-lang=console]:has(.go)').first();
    const shown = await pre.evaluate((p) => ({
      commands: [...p.querySelectorAll('.gp')].map((gp) => gp.nextSibling?.textContent ?? ''),
      output: [...p.querySelectorAll('.go')].map((go) => go.textContent.trim()).filter(Boolean),
    }));
    await pre.hover();
    await pre.locator('.copy-button').click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(copied.length > 0);
    for (const line of copied.split('\n')) assert.ok(!line.startsWith('$ '), `a prompt was copied: ${line}`);
    const copiedLines = copied.split('\n').map((l) => l.trim());
    for (const out of shown.output) assert.ok(!copiedLines.includes(out), `output was copied: ${out}`);
    for (const command of shown.commands) assert.ok(copied.includes(command.trim()), `command missing: ${command}`);

    const numbered = pageWith(/class="code linenos"/);
    await page.goto(env.server.url(numbered));
    const block = page.locator('pre.code.linenos').first();
    const text = await block.evaluate((p) => p.querySelector('code').textContent);
    await block.hover();
    await block.locator('.copy-button').click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text);
    assert.ok(!/^\d/.test(text), 'line numbers are not text');
    // Selecting by hand takes no numbers either.
    const selected = await block.evaluate((p) => {
      const range = document.createRange();
      range.selectNodeContents(p.querySelector('code'));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      return getSelection().toString();
    });
    assert.equal(selected.trim(), text.trim());
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});
