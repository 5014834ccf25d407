// The console's proxy mode: the validation proxy's judged exchanges, their findings, a summary
// by rule, and the proxy's health. console.js loads this script (served beside the page by the
// proxy only) once health says `"mode": "proxy"` and hands it its helpers. Everything shown is
// put into the page as text (never as HTML): exchanges hold whatever any client or upstream sent.
'use strict';

(() => {
  const kit = window.favoriteConsoleKit;
  const { ADMIN_HEADERS, POLL_MS, api, el, clear, kv, severityBadge, statusClass, browserText, showTab } = kit;
  const $ = (id) => document.getElementById(id);

  const state = {
    health: kit.health,
    entries: new Map(),
    lastSeq: 0,
    cleared: 0,
    total: -1,
    capacity: 100,
    selected: null,
    busy: false,
    again: null,
    rules: [],
    countsDue: false,
    countsAt: 0,
  };

  const SEVERITIES = ['violation', 'profile-deviation', 'warning'];
  /** How often, at most, the counts by rule are read while exchanges keep arriving. */
  const RULES_MS = 2000;

  function report(err) {
    $('health-line').textContent = `The proxy did not answer: ${err.message}`;
  }

  function duration(ms) {
    const s = Math.round(ms / 1000);
    if (s < 120) return `${s} s`;
    if (s < 7200) return `${Math.round(s / 60)} min`;
    return `${Math.round(s / 3600)} h`;
  }

  /** Where a finding points, as the reports say it. */
  function locationText(location) {
    switch (location.kind) {
      case 'status': return 'the status';
      case 'header': return `header ${location.at}`;
      case 'body': return 'the body';
      case 'pointer': return `JSON ${location.at || '/'}`;
      case 'x-path': return `XML ${location.at}`;
      case 'exchange': return 'the exchange';
      default: return location.kind;
    }
  }

  // ---- health ----

  function showHealth(health) {
    state.health = health;
    const x = health.exchanges;
    const f = health.findings;
    $('health-line').textContent =
      `${health.status} · upstream ${health.upstream} · up ${duration(health.uptime_ms)} · ` +
      `${x.judged} judged · ${f.violations} violations, ${f.profile_deviations} profile deviations, ${f.warnings} warnings`;
    kv($('px-health'), [
      ['status', health.status],
      ['mode', health.mode],
      ['version', health.version],
      ['upstream', el('code', { text: health.upstream })],
      ['uptime', duration(health.uptime_ms)],
      ['in flight', health.in_flight],
      ['profile', health.profile],
      ['oracle', health.oracle ? 'on (a dataset is given)' : 'off'],
      ['base path', health.base_path || '/'],
      ['timeout', health.timeout_ms === null ? 'none' : `${health.timeout_ms} ms`],
      ['exchanges', `${x.judged} judged, ${x.unjudged} too large to judge, ${x.passed_through} passed through (other paths), ${x.upstream_errors} without an upstream answer, ${x.withheld} withheld`],
      ['findings', `${f.violations} violations, ${f.profile_deviations} profile deviations, ${f.warnings} warnings`],
      ['answers with violations', health.fail_on_violation ? 'withheld (502, --fail-on-violation)' : 'forwarded'],
      ['findings header', health.findings_header ? 'X-Contract-Findings on answers with findings' : 'off'],
      ['reports', health.reports ? 'written at shutdown and on demand' : 'none configured (--report)'],
    ]);
  }

  async function loadHealth() {
    showHealth(await api('health'));
  }

  // ---- findings by rule ----

  async function loadRules() {
    const data = await api('findings');
    state.rules = data.rules;
    const t = data.totals;
    $('px-totals').textContent = `${t.violations} violations · ${t.profile_deviations} profile deviations · ${t.warnings} warnings since start`;
    renderRules();
    const select = $('px-rule');
    const known = new Set([...select.options].map((o) => o.value));
    for (const r of data.rules) {
      if (!known.has(r.rule)) select.append(el('option', { value: r.rule, text: r.rule }));
    }
  }

  function renderRules() {
    const table = clear($('px-rules'));
    if (!state.rules.length) {
      table.append(el('tbody', {}, el('tr', {}, el('td', { class: 'muted', text: 'No finding yet.' }))));
      return;
    }
    const kept = new Map();
    for (const e of state.entries.values()) {
      for (const rule of new Set(e.findings.map((f) => f.rule))) kept.set(rule, (kept.get(rule) || 0) + 1);
    }
    table.append(el('thead', {}, el('tr', {},
      ...['rule', 'what it checks', 'violations', 'profile deviations', 'warnings', 'exchanges kept', ''].map((h) => el('th', { text: h })))));
    const body = el('tbody');
    for (const r of state.rules) {
      body.append(el('tr', { 'data-rule': r.rule },
        el('td', {}, el('code', { text: r.rule })),
        el('td', { class: 'muted', text: r.description }),
        el('td', { class: 'count-violations', text: r.violations }),
        el('td', { text: r.profile_deviations }),
        el('td', { text: r.warnings }),
        el('td', { text: kept.get(r.rule) || 0 }),
        el('td', {}, el('button', { type: 'button', class: 'small', text: 'Show', onclick: () => filterByRule(r.rule) }))));
    }
    table.append(body);
  }

  function filterByRule(rule) {
    $('px-rule').value = rule;
    $('px-only-findings').checked = true;
    renderJournal();
  }

  // ---- journal ----

  function statusMatches(status, filter) {
    if (!filter) return true;
    if (status === null) return false;
    return filter.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean).some((f) =>
      /^\dxx$/.test(f) ? String(status).charAt(0) === f.charAt(0) : String(status) === f);
  }

  function shown(e) {
    const rule = $('px-rule').value;
    const severity = $('px-severity').value;
    if ($('px-only-findings').checked && !e.findings.length) return false;
    if (rule && !e.findings.some((f) => f.rule === rule)) return false;
    if (severity && !e.findings.some((f) => f.severity === severity)) return false;
    if ($('px-answer').value && e.answer !== $('px-answer').value) return false;
    return statusMatches(e.response ? e.response.status : null, $('px-status').value.trim());
  }

  async function loadJournal(full) {
    if (state.busy) {
      // Run again once the load in flight is done: a reset or refresh is never lost.
      state.again = state.again === 'full' || full ? 'full' : 'incremental';
      return;
    }
    state.busy = true;
    try {
      const since = full ? 0 : state.lastSeq;
      const data = await api(`exchanges?since=${since}`);
      $('px-error').hidden = true;
      let changed = full || data.exchanges.length > 0;
      if (full) state.entries.clear();
      state.capacity = data.capacity;
      if (data.cleared_through > state.cleared) {
        changed = true;
        state.cleared = data.cleared_through;
        for (const seq of [...state.entries.keys()]) if (seq <= data.cleared_through) state.entries.delete(seq);
      }
      for (const entry of data.exchanges) {
        state.entries.set(entry.seq, entry);
        state.lastSeq = Math.max(state.lastSeq, entry.seq);
      }
      if (full) state.lastSeq = Math.max(state.lastSeq, data.total);
      const seqs = [...state.entries.keys()].sort((a, b) => b - a);
      for (const seq of seqs.slice(Math.max(state.capacity, 1))) state.entries.delete(seq);
      $('px-count').textContent = `(${state.entries.size})`;
      $('px-info').textContent = `${state.entries.size} kept of ${data.total} since start`;
      if (data.total !== state.total) {
        state.total = data.total;
        state.countsDue = true;
      }
      // The counts cost the proxy a pass over its report: read at most every RULES_MS.
      if (state.countsDue && (full || Date.now() - state.countsAt >= RULES_MS)) {
        state.countsDue = false;
        state.countsAt = Date.now();
        await Promise.all([loadRules(), loadHealth()]);
      }
      // Rows are rebuilt only when something changed, so a click is never lost to a poll.
      if (changed) renderJournal();
    } catch (err) {
      $('px-error').hidden = false;
      $('px-error').textContent = `Could not read the journal: ${err.message}`;
    } finally {
      state.busy = false;
      const again = state.again;
      state.again = null;
      if (again) loadJournal(again === 'full');
    }
  }

  function findingsSummary(e) {
    if (!e.findings.length) return e.judged ? 'none' : 'not judged';
    const rules = [...new Set(e.findings.map((f) => f.rule))];
    const more = e.findings_omitted ? ` +${e.findings_omitted}` : '';
    return `${e.findings.length}${more}: ${rules.join(', ')}`;
  }

  function worst(e) {
    return SEVERITIES.find((s) => e.findings.some((f) => f.severity === s)) || null;
  }

  function renderJournal() {
    const tbody = clear($('px-table').tBodies[0]);
    const entries = [...state.entries.values()].sort((a, b) => b.seq - a.seq);
    const visible = entries.filter(shown);
    $('px-empty').hidden = visible.length > 0;
    $('px-empty').textContent = entries.length ? 'No exchange matches the filters.' : 'No exchange yet.';
    for (const e of visible) {
      const status = e.response ? e.response.status : null;
      const severity = worst(e);
      tbody.append(el('tr', {
        class: `selectable${state.selected === e.seq ? ' selected' : ''}`,
        'data-seq': e.seq,
        onclick: () => { state.selected = e.seq; renderJournal(); renderDetail(e); },
      },
      el('td', { text: e.seq }),
      el('td', { title: e.at, text: e.at ? browserText(Date.parse(e.at)).slice(11) : '' }),
      el('td', { class: 'path', title: e.request.path + (e.request.query ? `?${e.request.query}` : ''), text: `${e.request.method} ${shortPath(e.request.path)}${e.request.query ? '?…' : ''}` }),
      el('td', { class: statusClass(status ?? 0), text: status ?? '—' }),
      el('td', {}, severity ? severityBadge(severity) : null, severity ? ' ' : null, findingsSummary(e)),
      el('td', { text: e.answer }),
      el('td', { text: e.elapsed_ms.toFixed(1) })));
    }
    renderRules();
    if (state.selected !== null && !state.entries.has(state.selected)) {
      state.selected = null;
      clear($('px-detail')).append(el('p', { class: 'muted', text: 'Select an exchange to see its findings, headers and bodies.' }));
    }
  }

  function shortPath(path) {
    return path.length > 24 ? `…/${path.split('/').pop()}` : path;
  }

  function bodyBlock(body, title) {
    const note = [`${body.bytes} bytes`];
    if (body.truncated) note.push('truncated to what the journal keeps');
    return [el('h3', {}, title, ' ', el('span', { class: 'muted', text: `(${note.join(', ')})` })),
      body.bytes ? el('pre', { class: 'code body', text: body.excerpt }) : el('p', { class: 'muted', text: 'empty' })];
  }

  function headersTable(headers) {
    const table = el('table', { class: 'kv headers' });
    kv(table, headers);
    return table;
  }

  function renderDetail(e) {
    const detail = clear($('px-detail'));
    const r = e.request;
    const table = el('table', { class: 'kv' });
    kv(table, [
      ['exchange', `#${e.seq} at ${e.at}`],
      ['answer', `${e.answer}${e.response ? `, upstream status ${e.response.status}` : ''}, ${e.elapsed_ms.toFixed(1)} ms`],
      ['judged', e.judged ? 'yes' : 'no: a body too large to judge streamed through'],
    ]);
    detail.append(el('h2', {}, `${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`), table);
    if (e.upstream_error) detail.append(el('p', { class: 'error', text: `No answer from the upstream: ${e.upstream_error}` }));
    detail.append(el('h3', { text: 'Findings' }));
    if (!e.findings.length) detail.append(el('p', { class: 'muted', text: e.judged ? 'None: the answer honours the contract.' : 'None (not judged).' }));
    for (const f of e.findings) {
      detail.append(el('div', { class: `diagnostic finding ${f.severity}`, 'data-rule': f.rule },
        el('div', {}, severityBadge(f.severity), ' ', el('code', { class: 'rule', text: f.rule }),
          ` at ${locationText(f.location)}`, f.format ? ` (${f.format})` : ''),
        el('div', {}, 'expected ', el('code', { class: 'expected', text: f.expected }), ', found ', el('code', { class: 'actual', text: f.actual })),
        el('div', { class: 'explanation', text: f.message })));
    }
    if (e.findings_omitted) detail.append(el('p', { class: 'muted', text: `${e.findings_omitted} more findings were counted but not kept.` }));
    detail.append(el('h3', { text: 'Request headers' }), headersTable(r.headers), ...bodyBlock(r.body, 'Request body'));
    if (e.response) {
      detail.append(el('h3', { text: 'Response' }), el('p', {}, el('strong', { class: statusClass(e.response.status), text: `HTTP ${e.response.status}` })),
        headersTable(e.response.headers), ...bodyBlock(e.response.body, 'Response body'));
    } else {
      detail.append(el('p', { class: 'muted', text: 'The upstream sent no answer.' }));
    }
  }

  // ---- actions ----

  async function resetJournal() {
    await api('exchanges', { method: 'DELETE', headers: ADMIN_HEADERS });
    state.selected = null;
    clear($('px-detail')).append(el('p', { class: 'muted', text: 'Journal reset (the reports keep every finding).' }));
    await loadJournal(true);
  }

  async function writeReports() {
    const out = $('px-report-result');
    out.textContent = 'writing…';
    try {
      const result = await api('report', { method: 'POST', headers: ADMIN_HEADERS });
      const listed = result && Array.isArray(result.findings) ? result.findings.length : 0;
      const what = state.health && state.health.reports ? 'reports written' : 'no --report given: nothing written, the JSON report was computed';
      out.textContent = `${what} at ${browserText(Date.now()).slice(11)} (${listed} findings listed)`;
    } catch (err) {
      out.textContent = `refused: ${err.message}`;
    }
  }

  function wire() {
    $('px-filters').addEventListener('change', renderJournal);
    $('px-filters').addEventListener('input', renderJournal);
    $('px-filters').addEventListener('submit', (e) => { e.preventDefault(); renderJournal(); });
    $('px-refresh').addEventListener('click', () => { loadHealth().catch(report); loadJournal(true); });
    $('px-reset').addEventListener('click', () => resetJournal().catch(report));
    $('px-write-reports').addEventListener('click', writeReports);
    document.querySelector('#tabs button[data-tab=proxy]').addEventListener('click', () => loadHealth().catch(report));
  }

  async function start() {
    wire();
    showTab('exchanges');
    showHealth(state.health);
    try {
      await loadJournal(true);
      document.body.dataset.ready = 'true';
    } catch (err) {
      report(err);
    }
    setInterval(() => { if ($('px-live').checked) loadJournal(false); }, POLL_MS);
    setInterval(() => { loadHealth().catch(report); }, 5 * POLL_MS);
  }

  start();
})();
