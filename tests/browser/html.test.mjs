// Every built page is valid HTML5: html-validate's "standard" rules (document structure,
// nesting, unique ids, attributes, ARIA), run on the files as the build wrote them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HtmlValidate } from 'html-validate';

const site = process.env.SITE_DIR;
if (!site) throw new Error('set SITE_DIR to a built site');

const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
const pages = readdirSync(site).filter((f) => f.endsWith('.html')).sort();

test('the site has pages to validate', () => {
  assert.ok(pages.length >= 3, `only ${pages.length} pages in ${site}`);
});

for (const name of pages) {
  test(`${name} is valid HTML`, async () => {
    const report = await validator.validateFile(join(site, name));
    const problems = report.results.flatMap((r) =>
      r.messages.map((m) => `${name}:${m.line}:${m.column}: ${m.message} (${m.ruleId})`));
    assert.deepEqual(problems, []);
  });
}
