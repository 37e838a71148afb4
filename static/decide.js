// The decision-table page (templates/partials/decision.html): turns the questionnaire's answers
// into a recommendation, keeps the answers in the URL (?a=hotspot:y,library:n) so a result can
// be shared, and filters the comparison matrix. The page is complete without this script.
'use strict';

(function () {
  const dataElement = document.getElementById('decision-data');
  const form = document.getElementById('decision-form');
  const result = document.getElementById('decision-result');
  if (!dataElement || !form || !result) return;

  // { conditions: [{id, question, ...}], actions: [{id, title, summary, url}],
  //   rules: [{id, when: {conditionId: "yes" | "no"}, action}] }, checked by the build:
  // every combination of answers matches a rule, and matching rules agree.
  const data = JSON.parse(dataElement.textContent);
  const conditions = data.conditions;
  const conditionIds = new Set(conditions.map((c) => c.id));
  const actions = new Map(data.actions.map((a) => [a.id, a]));
  const ruleRows = document.querySelectorAll('#decision-table tr[data-rule]');

  // Answers are a Map from condition id to true (yes) or false (no); "not sure" is absent.

  function radio(id, value) {
    // Ids are limited to a-z, 0-9, "-" and "_" by the build, so they are safe in a selector.
    return form.querySelector(`input[name="${id}"][value="${value}"]`);
  }

  function readForm() {
    const answers = new Map();
    for (const c of conditions) {
      if (radio(c.id, 'y')?.checked) answers.set(c.id, true);
      if (radio(c.id, 'n')?.checked) answers.set(c.id, false);
    }
    return answers;
  }

  function writeForm(answers) {
    for (const c of conditions) {
      const value = answers.has(c.id) ? (answers.get(c.id) ? 'y' : 'n') : '';
      const input = radio(c.id, value);
      if (input) input.checked = true;
    }
  }

  function answersFromUrl() {
    const answers = new Map();
    const raw = new URLSearchParams(window.location.search).get('a') || '';
    for (const part of raw.split(',')) {
      const [id, value] = part.split(':');
      if (conditionIds.has(id) && (value === 'y' || value === 'n')) answers.set(id, value === 'y');
    }
    return answers;
  }

  function urlFor(answers) {
    const params = new URLSearchParams(window.location.search);
    params.delete('a');
    // Written by hand so that ":" and "," stay readable instead of being percent-encoded.
    const encoded = conditions
      .filter((c) => answers.has(c.id))
      .map((c) => `${c.id}:${answers.get(c.id) ? 'y' : 'n'}`)
      .join(',');
    const parts = [params.toString(), encoded && `a=${encoded}`].filter(Boolean);
    const search = parts.length ? `?${parts.join('&')}` : '';
    return window.location.pathname + search + window.location.hash;
  }

  function matches(rule, combination) {
    return Object.entries(rule.when).every(([id, answer]) => combination.get(id) === (answer === 'yes'));
  }

  // Every full combination consistent with the answers: an open question takes both values.
  function* combinations(answers) {
    const open = conditions.map((c) => c.id).filter((id) => !answers.has(id));
    for (let n = 0; n < 2 ** open.length; n++) {
      const combination = new Map(answers);
      open.forEach((id, bit) => combination.set(id, (n & (1 << bit)) !== 0));
      yield combination;
    }
  }

  // The actions the answers can still lead to, and the rules that can still apply.
  // The action the build proved for one full combination: `data.outcomes` holds one
  // character per combination (bit i set when condition i is answered yes), the action's index
  // in base 36. The rules are matched only to highlight their rows.
  function actionOf(combination) {
    let index = 0;
    conditions.forEach((c, bit) => { if (combination.get(c.id)) index |= 1 << bit; });
    return data.actions[parseInt(data.outcomes[index], 36)].id;
  }

  function outcome(answers) {
    const actionIds = new Set();
    const ruleIds = new Set();
    for (const combination of combinations(answers)) {
      actionIds.add(actionOf(combination));
      for (const rule of data.rules) {
        if (matches(rule, combination)) ruleIds.add(rule.id);
      }
    }
    return { actionIds, ruleIds };
  }

  // Open questions whose answer settles the result, or failing that, narrows it; the ones that
  // leave the fewest possible actions, over both answers, come first.
  function questionsThatMatter(answers, current) {
    const deciding = [];
    const narrowing = [];
    for (const c of conditions) {
      if (answers.has(c.id)) continue;
      const sizes = [true, false].map((value) => outcome(new Map(answers).set(c.id, value)).actionIds.size);
      const entry = { condition: c, left: sizes[0] + sizes[1] };
      if (sizes.every((size) => size === 1)) deciding.push(entry);
      else if (sizes.some((size) => size < current.actionIds.size)) narrowing.push(entry);
    }
    const best = (entries) => entries.sort((a, b) => a.left - b.left).map((e) => e.condition);
    return { deciding: best(deciding), narrowing: best(narrowing) };
  }

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    node.append(...children);
    return node;
  }

  function quoted(condition) {
    return `“${condition.question}”`;
  }

  function ruleLinks(ruleIds) {
    const links = [];
    for (const id of ruleIds) {
      if (links.length) links.push(', ');
      links.push(el('a', { href: `#rule-${id}` }, id));
    }
    return links;
  }

  function describe(answers, current) {
    const ids = [...current.actionIds];
    if (ids.length === 1) {
      const action = actions.get(ids[0]);
      const rules = data.rules.map((r) => r.id).filter((id) => current.ruleIds.has(id));
      const open = conditions.length - answers.size;
      // The answers the matching rules rest on, in the questionnaire's order.
      const used = new Set(data.rules.filter((r) => current.ruleIds.has(r.id)).flatMap((r) => Object.keys(r.when)));
      const because = conditions.filter((c) => used.has(c.id) && answers.has(c.id));
      const reasons = because.length
        ? [el('p', { class: 'decision-answers-title' }, 'Because you answered:'),
          el('ul', { class: 'decision-answers' }, ...because.map((c) =>
            el('li', {}, `${quoted(c)} `, el('strong', {}, answers.get(c.id) ? 'yes' : 'no'))))]
        : [];
      return [
        el('p', { class: 'decision-verdict' }, 'Recommendation: ', el('strong', {}, action.title)),
        ...reasons,
        el('p', {}, action.summary),
        el('p', {}, el('a', { href: action.url, class: 'decision-more' }, `Read more: ${action.title}`)),
        el('p', { class: 'decision-because' }, rules.length === 1 ? 'Rule: ' : 'Rules: ', ...ruleLinks(rules), '.',
          open ? ' The questions you left open do not change this.' : ''),
      ];
    }
    const { deciding, narrowing } = questionsThatMatter(answers, current);
    const next = deciding.length ? deciding : narrowing;
    const verb = deciding.length ? 'would decide it' : 'would narrow it down';
    const nodes = [
      el('p', { class: 'decision-verdict' },
        answers.size ? `Your answers still allow ${ids.length} recommendations:` : `All ${ids.length} recommendations are still possible.`),
    ];
    if (answers.size) {
      const list = el('ul', { class: 'decision-options' });
      for (const id of ids) {
        const action = actions.get(id);
        list.append(el('li', {}, el('a', { href: action.url }, action.title)));
      }
      nodes.push(list);
    }
    if (next.length) {
      const names = next.slice(0, 3).map(quoted).join(' or ');
      nodes.push(el('p', { class: 'decision-next' }, `Answering ${names} ${verb}.`));
    }
    return nodes;
  }

  function render(answers) {
    const current = outcome(answers);
    for (const row of ruleRows) {
      const match = answers.size > 0 && current.ruleIds.has(row.dataset.rule);
      row.classList.toggle('is-match', match);
      if (match) row.setAttribute('aria-current', 'true');
      else row.removeAttribute('aria-current');
    }
    result.classList.toggle('is-decided', current.actionIds.size === 1);
    result.replaceChildren(...describe(answers, current));
  }

  function update(answers) {
    render(answers);
    try {
      window.history.replaceState(null, '', urlFor(answers));
    } catch {
      // Some browsers refuse to change a file:// URL; the answers just do not persist then.
    }
  }

  form.addEventListener('change', () => update(readForm()));
  form.addEventListener('submit', (event) => event.preventDefault());
  const reset = document.getElementById('decision-reset');
  if (reset) {
    reset.hidden = false;
    reset.addEventListener('click', (event) => {
      event.preventDefault();
      writeForm(new Map());
      update(new Map());
    });
  }
  const initial = answersFromUrl();
  writeForm(initial);
  if (initial.size) render(initial);

  // Comparison matrix filter.
  const filter = document.getElementById('matrix-filter');
  const status = document.getElementById('matrix-status');
  const criterionRows = document.querySelectorAll('#decision-matrix tr[data-favours]');
  if (filter) {
    filter.hidden = false;
    const buttons = filter.querySelectorAll('button[data-filter]');
    filter.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-filter]');
      if (!button) return;
      const chosen = button.dataset.filter;
      for (const b of buttons) b.setAttribute('aria-pressed', String(b === button));
      let shown = 0;
      for (const row of criterionRows) {
        row.hidden = chosen !== 'all' && row.dataset.favours !== chosen;
        if (!row.hidden) shown += 1;
      }
      if (status) status.textContent = `Showing ${shown} of ${criterionRows.length} criteria.`;
    });
  }
})();
