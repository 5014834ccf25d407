// The favorite-contract console: plain JavaScript, no build step, no dependencies.
// Everything it shows comes from the admin resources beside the page (/__mock/ for the mock,
// /__proxy/ for the validation proxy) and is put into the page as text (never as HTML), since
// journal entries hold whatever any client sent. Health's `mode` picks what the page shows: in
// "proxy" mode this script hands over to proxy.js (served beside it by the proxy only).
'use strict';

(() => {
  // The admin resources live where the page is served: its own directory, same origin.
  const ADMIN = window.location.pathname.replace(/[^/]*$/, '') || '/__mock/';
  const ADMIN_HEADERS = { 'X-Mock-Admin': '1' };
  const POLL_MS = 1000;
  const MARK_HEADER = 'X-Console-Request';

  const state = {
    health: null,
    contract: null,
    kinds: new Map(),
    dateFields: new Set(),
    journal: { entries: new Map(), lastSeq: 0, cleared: 0, selected: null, capacity: 100, busy: false, again: null },
    dataset: { offset: 0, limit: 50, total: 0 },
  };

  // ---- small helpers ----

  const $ = (id) => document.getElementById(id);

  /** An element with attributes and children (strings become text nodes). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  /** `**bold**` and `` `code` `` of the catalogue, as elements (no HTML parsing). */
  function richText(text) {
    const out = [];
    const re = /\*\*(.+?)\*\*|`([^`]+)`/g;
    let last = 0;
    let m;
    while ((m = re.exec(text)) !== null) {
      if (m.index > last) out.push(text.slice(last, m.index));
      out.push(m[1] !== undefined ? el('strong', { text: m[1] }) : el('code', { text: m[2] }));
      last = re.lastIndex;
    }
    if (last < text.length) out.push(text.slice(last));
    return out;
  }

  /** GET or call an admin resource; throws an Error with the mock's message on failure. */
  async function api(path, options) {
    const response = await fetch(ADMIN + path, Object.assign({ cache: 'no-store' }, options || {}));
    const text = await response.text();
    let value = null;
    try { value = text ? JSON.parse(text) : null; } catch (_) { value = null; }
    if (!response.ok) {
      const message = value && value.Message ? value.Message : `${response.status} ${response.statusText}`;
      throw new Error(message);
    }
    return value;
  }

  function kv(table, rows) {
    clear(table);
    for (const [key, value] of rows) {
      table.append(el('tr', {}, el('td', { text: key }), el('td', {}, value instanceof Node ? value : String(value ?? ''))));
    }
  }

  function severityBadge(severity) {
    return el('span', { class: `sev sev-${severity}`, text: severity });
  }

  function statusClass(status) {
    return `status-${String(status).charAt(0)}`;
  }

  // ---- dates: wire text without an offset is wall-clock time in the server's zone ----

  const WIRE_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$/;
  const pad = (n, width = 2) => String(n).padStart(width, '0');

  function offsetMinutes(text) {
    const sign = text.startsWith('-') ? -1 : 1;
    const [h, m] = text.slice(1).split(':').map(Number);
    return sign * (h * 60 + m);
  }

  /** The UTC offset (minutes) a zone (`+03:00` or an IANA name) has at an instant. */
  function zoneOffsetAt(zone, utcMs) {
    if (/^[+-]\d{2}:\d{2}$/.test(zone)) return offsetMinutes(zone);
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    }).formatToParts(new Date(utcMs));
    const get = (type) => Number(parts.find((p) => p.type === type).value);
    const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
    return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60000);
  }

  /** The instant of a wire date: by its own offset, or as wall-clock time in `zone`. */
  function instantOf(text, zone) {
    const m = WIRE_DATE.exec(text);
    if (!m) return null;
    const fraction = m[7] ? Number((m[7].slice(1) + '000').slice(0, 3)) : 0;
    const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], fraction);
    if (m[8] === 'Z') return { ms: wall, reading: 'UTC (Z)' };
    if (m[8]) return { ms: wall - offsetMinutes(m[8]) * 60000, reading: `its own offset ${m[8]}` };
    let offset = zoneOffsetAt(zone, wall);
    offset = zoneOffsetAt(zone, wall - offset * 60000);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    return {
      ms: wall - offset * 60000,
      reading: `server time, ${zone} (UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)})`,
    };
  }

  /** An instant as wall-clock text in the browser's own zone. */
  function browserText(ms) {
    const d = new Date(ms);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }

  function browserZone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'this browser';
  }

  function serverZone() {
    return state.health ? state.health.dates.server_time_zone : '+03:00';
  }

  /** Every date member of an answer body (JSON or XML): `[path, wire text]`. */
  function datesIn(body, contentType) {
    const found = [];
    if (/json/.test(contentType)) {
      let value;
      try { value = JSON.parse(body); } catch (_) { return found; }
      const walk = (node, path) => {
        if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${path}[${i}]`));
        else if (node && typeof node === 'object') {
          for (const [key, item] of Object.entries(node)) {
            const member = path ? `${path}.${key}` : key;
            if (typeof item === 'string' && state.dateFields.has(key)) found.push([member, item]);
            else walk(item, member);
          }
        }
      };
      walk(value, '');
    } else if (/xml/.test(contentType)) {
      const doc = new DOMParser().parseFromString(body, 'application/xml');
      if (doc.getElementsByTagName('parsererror').length) return found;
      for (const node of doc.getElementsByTagName('*')) {
        if (state.dateFields.has(node.localName) && node.children.length === 0 && node.textContent) {
          found.push([node.localName, node.textContent]);
        }
      }
    }
    return found;
  }

  function datesTable(dates) {
    if (!dates.length) return el('p', { class: 'muted', text: 'No dates.' });
    const zone = browserZone();
    const table = el('table', { class: 'list dates' },
      el('thead', {}, el('tr', {},
        el('th', { text: 'member' }), el('th', { text: 'as sent' }), el('th', { text: 'read as' }),
        el('th', { text: `in your time zone (${zone})` }))));
    const body = el('tbody');
    for (const [path, text] of dates) {
      const instant = instantOf(text, serverZone());
      body.append(el('tr', { class: 'date-row' },
        el('td', { text: path }),
        el('td', {}, el('code', { text })),
        el('td', { text: instant ? instant.reading : 'not a date' }),
        el('td', { class: 'browser-time', text: instant ? browserText(instant.ms) : '' })));
    }
    table.append(body);
    return table;
  }

  // ---- health and header ----

  async function loadHealth() {
    const health = await api('health');
    state.health = health;
    applyMode(health.mode);
    const ds = health.dataset;
    $('health-line').textContent =
      `${health.status} · dataset generation ${ds.generation} (${ds.source}) · as_of ${ds.as_of} · server time ${health.dates.server_time_zone} · auth ${health.auth}`;
    const pre = (v) => el('code', { text: v });
    kv($('health-table'), [
      ['status', health.status],
      ['mode', health.mode],
      ['version', health.version],
      ['endpoint', pre(`POST ${health.endpoint}`)],
      ['auth', health.auth],
      ['dataset', `${ds.source}, generation ${ds.generation}, loaded ${ds.loaded_at}${ds.watch ? ', watched' : ''}`],
      ['contents', ds.summary],
      ['as_of ("now")', el('span', {}, pre(ds.as_of), ` from ${ds.as_of_from}`)],
      ['dataset time zone', ds.time_zone],
      ['server time zone', `${health.dates.server_time_zone} (from ${health.dates.server_time_zone_from}; UTC${health.dates.utc_offset_at_as_of} at as_of)`],
      ['date kind', health.dates.kind],
      ['journal', `${health.journal.kept} of ${health.journal.capacity} entries, ${health.journal.bytes} of ${health.journal.capacity_bytes} bytes`],
      ['overrides', String(health.overrides)],
      ['uptime', `${Math.round(health.uptime_ms / 1000)} s`],
    ]);
    const note = `Dates in answers carry no offset: ${ds.as_of} means ${ds.as_of} in ${health.dates.server_time_zone}, ` +
      `whatever your browser's zone (${browserZone()}). new Date("${ds.as_of}") would read it in your zone instead; ` +
      `attach the offset (${ds.as_of}${health.dates.utc_offset_at_as_of}) before parsing. The console shows every date both ways.`;
    $('dates-note').textContent = note;
    $('doc-dates').textContent = note;
    $('overrides-count').textContent = health.overrides ? `(${health.overrides})` : '';
  }

  // ---- documentation ----

  async function loadContract() {
    const doc = await api('contract');
    state.contract = doc;
    for (const kind of doc.diagnostics) state.kinds.set(kind.code, kind);
    for (const type of doc.types) {
      for (const field of type.fields) if (field.type.startsWith('DateTime')) state.dateFields.add(field.name);
    }
    $('doc-title').textContent = `${doc.endpoint.method} ${doc.endpoint.path}`;
    $('doc-ru').textContent = doc.endpoint.description_ru;
    $('doc-en').textContent = doc.endpoint.description_en;
    $('try-target').textContent = `POST ${doc.endpoint.path}`;
    const refs = $('doc-references');
    doc.references.forEach((ref, i) => {
      if (i) refs.append(', ');
      refs.append(el('code', { title: ref.what, text: ref.document }));
    });
    $('doc-check-order').textContent = doc.check_order.join(', ');
    const errors = $('doc-errors');
    errors.append(el('thead', {}, el('tr', {}, el('th', { text: 'ErrorCode' }), el('th', { text: 'Message' }), el('th', { text: 'when' }))));
    const errorBody = el('tbody');
    for (const e of doc.business_errors) {
      errorBody.append(el('tr', {}, el('td', { text: e.code }), el('td', { class: 'ru', text: e.message }), el('td', { text: e.when })));
      for (const id of ['try-error-code', 'ov-error-code']) {
        $(id).append(el('option', { value: e.code, text: `${e.code} — ${e.message}` }));
      }
    }
    errors.append(errorBody);
    const types = $('doc-types');
    for (const type of doc.types) {
      const table = el('table', { class: 'list members' },
        el('thead', {}, el('tr', {}, ...['member', 'type', 'null?', 'JSON', 'описание', 'description'].map((h) => el('th', { text: h })))));
      const tbody = el('tbody');
      for (const f of type.fields) {
        tbody.append(el('tr', {},
          el('td', {}, el('code', { text: f.name }), f.namespace ? el('span', { class: 'tag', title: f.namespace, text: `xmlns of ${f.declared_in}` }) : null),
          el('td', { text: f.type }),
          el('td', { text: f.nullable ? 'yes' : 'no' }),
          el('td', { class: 'muted', text: f.json }),
          el('td', { class: 'ru', text: f.description_ru }),
          el('td', { text: f.description_en, title: f.interpretation || '' })));
      }
      table.append(tbody);
      types.append(el('div', { class: 'panel' },
        el('h2', {}, `${type.role}: `, el('code', { text: type.name })),
        el('p', { class: 'muted' }, 'XML namespace ', el('code', { text: type.namespace }), '; XML member order: ', type.xml_order.join(', ')),
        type.interpretation ? el('p', { class: 'muted', text: type.interpretation }) : null,
        table));
    }
    const scenario = $('doc-scenario');
    scenario.append(el('thead', {}, el('tr', {}, el('th', { text: 'header' }), el('th', { text: 'values' }), el('th', { text: 'effect' }))));
    const sbody = el('tbody');
    for (const s of doc.scenario) sbody.append(el('tr', {}, el('td', {}, el('code', { text: s.header })), el('td', { text: s.values }), el('td', { text: s.effect })));
    scenario.append(sbody);
    const kinds = $('doc-diagnostics');
    kinds.append(el('thead', {}, el('tr', {}, el('th', { text: 'code' }), el('th', { text: 'what it means' }), el('th', { text: 'reference' }))));
    const kbody = el('tbody');
    const filter = $('filter-diagnostic');
    for (const level of ['any', 'none', 'warning', 'error', 'info']) filter.append(el('option', { value: level, text: level === 'any' ? 'some' : level === 'none' ? 'none' : `${level} or worse` }));
    for (const k of doc.diagnostics) {
      kbody.append(el('tr', {}, el('td', {}, el('code', { text: k.code })), el('td', { text: k.explanation }), el('td', {}, el('code', { text: k.reference }))));
      filter.append(el('option', { value: k.code, text: k.code }));
    }
    kinds.append(kbody);
  }

  // ---- try it ----

  const CONTENT_TYPES = {
    json: 'application/json',
    xml: 'application/xml',
    form: 'application/x-www-form-urlencoded',
  };

  async function loadSample(client, operator) {
    const params = new URLSearchParams();
    if (client) params.set('client', client);
    if (operator) params.set('operator', operator);
    const sample = await api(`samples?${params}`);
    const format = $('try-format').value;
    $('try-client').value = sample.client;
    $('try-body').value = sample[format];
    $('try-content-type').value = CONTENT_TYPES[format];
  }

  function helpSample() {
    const format = $('try-format').value;
    const samples = state.contract.help_samples;
    if (format === 'form') {
      $('try-body').value = 'Client=1006&Operator=1&Start=1&Length=10';
    } else {
      $('try-body').value = samples[format] || '';
    }
    $('try-content-type').value = CONTENT_TYPES[format];
  }

  function tryHeaders(mark) {
    const headers = new Headers();
    const set = (name, value) => { if (value !== '' && value !== undefined) headers.set(name, value); };
    set('Content-Type', $('try-content-type').value.trim());
    set('Accept', $('try-accept').value);
    set('Authorization', $('try-auth').value.trim());
    for (const line of $('try-headers').value.split('\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    }
    set('X-Mock-Latency', $('try-latency').value.trim());
    set('X-Mock-Status', $('try-status').value);
    set('X-Mock-Error-Code', $('try-error-code').value);
    set('X-Mock-Fault', $('try-fault').value);
    if ($('try-drop').checked) headers.set('X-Mock-Drop', '1');
    set('X-Mock-Diagnostics-Level', $('try-level').value);
    headers.set(MARK_HEADER, mark);
    return headers;
  }

  /** The journal entry of the request marked `mark` (the newest entries are searched). */
  async function entryFor(mark) {
    const data = await api('requests?preflight=false&limit=50');
    for (const entry of data.requests.reverse()) {
      const marked = entry.request.headers.some(([name, value]) => name.toLowerCase() === MARK_HEADER.toLowerCase() && value === mark);
      if (marked) return entry;
    }
    return null;
  }

  function diagnosticsList(entry, container) {
    clear(container);
    if (!entry) {
      container.append(el('p', { class: 'muted', text: 'The journal has no entry for this request.' }));
      return;
    }
    if (!entry.diagnostics.length) {
      container.append(el('p', { class: 'muted', text: 'Binding noticed nothing.' }));
    }
    for (const d of entry.diagnostics) {
      const kind = state.kinds.get(d.kind);
      const where = d.location.kind === 'json' ? `JSON ${d.location.path || '$'} (line ${d.location.line}, position ${d.location.position})`
        : d.location.kind === 'xml' ? `XML ${d.location.path} (line ${d.location.line}, column ${d.location.column})`
        : d.location.kind === 'form' ? `form key ${d.location.key} (pair ${d.location.index})` : 'body';
      container.append(el('div', { class: `diagnostic ${d.severity}` },
        el('div', {}, severityBadge(d.severity), ' ', el('code', { text: d.kind }), ` at ${where}`, d.field ? ` → ${d.field}` : ''),
        el('div', { class: 'message', text: d.message }),
        d.model_state ? el('div', { class: 'muted' }, 'ModelState ', el('code', { text: d.model_state.key }), `: ${d.model_state.message}`) : null,
        kind ? el('div', { class: 'explanation' }, kind.explanation, ' ', el('code', { text: kind.reference })) : null));
    }
    if (entry.diagnostics_omitted) {
      container.append(el('p', { class: 'muted', text: `${entry.diagnostics_omitted} more not kept.` }));
    }
  }

  async function send(event) {
    if (event) event.preventDefault();
    const mark = `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    const headers = tryHeaders(mark);
    const path = state.contract.endpoint.path;
    $('try-empty').hidden = true;
    $('try-answer').hidden = false;
    $('try-status-line').textContent = 'sending…';
    $('try-elapsed').textContent = '';
    $('try-error').hidden = true;
    clear($('try-headers-table'));
    $('try-body-out').textContent = '';
    clear($('try-dates'));
    clear($('try-diagnostics'));
    $('try-diagnostics-header').textContent = '';
    const started = performance.now();
    let response = null;
    let text = '';
    let failure = null;
    try {
      response = await fetch(path, { method: 'POST', headers, body: $('try-body').value, cache: 'no-store' });
      text = await response.text();
    } catch (err) {
      failure = err;
    }
    $('try-elapsed').textContent = `${Math.round(performance.now() - started)} ms`;
    if (response) {
      $('try-status-line').textContent = `HTTP ${response.status} ${response.statusText}`;
      $('try-status-line').className = statusClass(response.status);
      kv($('try-headers-table'), [...response.headers.entries()]);
      $('try-body-out').textContent = text;
      const summary = response.headers.get('X-Mock-Diagnostics');
      $('try-diagnostics-header').textContent = summary ? `X-Mock-Diagnostics: ${summary}` : 'No X-Mock-Diagnostics header (no warning or error).';
      $('try-dates').append(datesTable(datesIn(text, response.headers.get('Content-Type') || '')));
    } else {
      $('try-status-line').textContent = 'No HTTP answer';
      $('try-status-line').className = 'status-0';
    }
    if (failure) {
      $('try-error').hidden = false;
      $('try-error').textContent = `The connection failed: ${failure.message}. See the journal entry for what the mock did (a drop or fault scenario, or an override).`;
    }
    try {
      diagnosticsList(await entryFor(mark), $('try-diagnostics'));
    } catch (err) {
      $('try-diagnostics').textContent = `Could not read the journal: ${err.message}`;
    }
    loadJournal(false);
  }

  // ---- journal ----

  function journalParams(incremental) {
    const params = new URLSearchParams();
    const add = (name, value) => { if (value) params.set(name, value); };
    add('status', $('filter-status').value.trim());
    add('client', $('filter-client').value.trim());
    add('format', $('filter-format').value);
    add('diagnostic', $('filter-diagnostic').value);
    if ($('filter-hide-preflight').checked) params.set('preflight', 'false');
    if (incremental && state.journal.lastSeq) params.set('since', state.journal.lastSeq);
    return params;
  }

  async function loadJournal(full) {
    const journal = state.journal;
    if (journal.busy) {
      // Run again once the load in flight is done: a filter change must never be lost.
      journal.again = journal.again === 'full' || full ? 'full' : 'incremental';
      return;
    }
    journal.busy = true;
    try {
      const data = await api(`requests?${journalParams(!full)}`);
      $('journal-error').hidden = true;
      if (full) journal.entries.clear();
      journal.capacity = data.capacity;
      if (data.cleared_through > journal.cleared) {
        journal.cleared = data.cleared_through;
        for (const seq of [...journal.entries.keys()]) if (seq <= data.cleared_through) journal.entries.delete(seq);
      }
      for (const entry of data.requests) {
        journal.entries.set(entry.seq, entry);
        journal.lastSeq = Math.max(journal.lastSeq, entry.seq);
      }
      if (full) journal.lastSeq = Math.max(journal.lastSeq, data.total);
      const seqs = [...journal.entries.keys()].sort((a, b) => b - a);
      for (const seq of seqs.slice(Math.max(journal.capacity, 1))) journal.entries.delete(seq);
      $('journal-count').textContent = `(${data.kept})`;
      $('journal-info').textContent = `${journal.entries.size} shown · ${data.kept} kept of ${data.total} since start`;
      renderJournal();
    } catch (err) {
      $('journal-error').hidden = false;
      $('journal-error').textContent = `Could not read the journal: ${err.message}`;
    } finally {
      journal.busy = false;
      const again = journal.again;
      journal.again = null;
      if (again) loadJournal(again === 'full');
    }
  }

  function summaryOf(entry) {
    const warnings = entry.diagnostics.filter((d) => d.severity !== 'info');
    const count = entry.diagnostics.length + entry.diagnostics_omitted;
    if (!count) return '';
    const worst = entry.diagnostics.some((d) => d.severity === 'error') ? 'error' : warnings.length ? 'warning' : 'info';
    return `${count} (${worst})`;
  }

  /** A bound request with its members in the contract's order (the journal's JSON sorts them). */
  function inContractOrder(bound) {
    const request = state.contract && state.contract.types.find((t) => t.role === 'request');
    if (!request) return bound;
    const out = {};
    for (const field of request.fields) if (field.name in bound) out[field.name] = bound[field.name];
    return Object.assign(out, bound);
  }

  /** The action's path as `…/ClientFavoriteDataInfo`; other paths as they are. */
  function shortPath(path) {
    return path.length > 24 ? `…/${path.split('/').pop()}` : path;
  }

  function renderJournal() {
    const tbody = clear($('journal-table').tBodies[0]);
    const entries = [...state.journal.entries.values()].sort((a, b) => b.seq - a.seq);
    $('journal-empty').hidden = entries.length > 0;
    for (const e of entries) {
      const client = e.bound && e.bound.Client !== undefined ? e.bound.Client : '';
      const row = el('tr', {
        class: `selectable${e.preflight ? ' preflight' : ''}${state.journal.selected === e.seq ? ' selected' : ''}`,
        'data-seq': e.seq,
        onclick: () => { state.journal.selected = e.seq; renderJournal(); renderDetail(e); },
      },
      el('td', { text: e.seq }),
      el('td', { title: e.at, text: e.at ? browserText(Date.parse(e.at)).slice(11) : '' }),
      el('td', { class: 'path', title: e.path + (e.query ? `?${e.query}` : ''), text: `${e.method} ${shortPath(e.path)}${e.query ? '?…' : ''}` }),
      el('td', { class: statusClass(e.status), text: e.status || '—' }),
      el('td', { text: client }),
      el('td', { text: [e.format, e.response_format].filter(Boolean).join(' → ') }),
      el('td', { text: summaryOf(e) + (e.findings.length ? ` · ${e.findings.length} findings` : '') }),
      el('td', { text: e.outcome + (e.override_id ? ` · override ${e.override_id}` : '') + (e.scenario.fault ? ` · ${e.scenario.fault}` : '') }),
      el('td', { text: e.duration_ms }));
      tbody.append(row);
    }
  }

  function bodyBlock(body, title) {
    const note = [`${body.size} bytes`];
    if (body.truncated) note.push('truncated to what the journal keeps');
    if (body.encoding !== 'utf-8') note.push(body.encoding);
    return [el('h3', {}, title, ' ', el('span', { class: 'muted', text: `(${note.join(', ')})` })),
      body.size ? el('pre', { class: 'code body', text: body.text }) : el('p', { class: 'muted', text: 'empty' })];
  }

  function headersTable(headers) {
    const table = el('table', { class: 'kv headers' });
    kv(table, headers);
    return table;
  }

  function renderDetail(e) {
    const detail = clear($('journal-detail'));
    const scenario = e.scenario;
    const applied = [];
    if (scenario.latency) applied.push(`latency ${scenario.latency.delay_ms} ms`);
    if (scenario.status) applied.push(`status ${scenario.status}`);
    if (scenario.error_code) applied.push(`business error ${scenario.error_code}`);
    if (scenario.drop) applied.push('drop');
    if (scenario.fault) applied.push(`fault ${scenario.fault}`);
    if (e.override_id) applied.push(`by override ${e.override_id}`);
    const auth = !e.auth ? 'not checked' : e.auth.result === 'denied' ? `denied: ${e.auth.reason}`
      : e.auth.result === 'allowed' && e.auth.operator ? `allowed (token operator ${e.auth.operator})` : e.auth.result;
    const table = el('table', { class: 'kv' });
    kv(table, [
      ['exchange', `#${e.seq} at ${e.at}`],
      ['route', e.route + (e.preflight ? ' (CORS preflight)' : '')],
      ['outcome', `${e.outcome}, status ${e.status}, ${e.duration_ms} ms`],
      ['reader → writer', [e.format || 'none', e.response_format || 'no body'].join(' → ')],
      ['auth', auth],
      ['scenario', applied.length ? applied.join(', ') : 'none'],
    ]);
    detail.append(el('h2', {}, `${e.method} ${e.path}${e.query ? `?${e.query}` : ''}`), table);
    detail.append(el('h3', { text: 'Diagnostics' }));
    const diagnostics = el('div');
    diagnosticsList(e, diagnostics);
    detail.append(diagnostics);
    if (e.route === 'action' && e.format) {
      detail.append(el('h3', { text: 'What the action saw (bound request)' }),
        e.bound ? el('pre', { class: 'code', text: JSON.stringify(inContractOrder(e.bound), null, 2) }) : el('p', { class: 'error', text: 'null: the body did not bind, so production answers 500.' }));
    }
    detail.append(el('h3', { text: 'Request headers' }), headersTable(e.request.headers));
    if (e.request.headers_truncated) detail.append(el('p', { class: 'muted', text: 'More header lines were not kept.' }));
    detail.append(...bodyBlock(e.request.body, 'Request body'));
    if (e.findings.length || (state.health && state.health.mode !== 'mock')) {
      detail.append(el('h3', { text: 'Findings' }));
      if (!e.findings.length) detail.append(el('p', { class: 'muted', text: 'None.' }));
      for (const f of e.findings) {
        detail.append(el('div', { class: 'diagnostic finding' },
          el('div', {}, severityBadge(f.severity), ' ', el('code', { text: f.rule }), ` at ${f.location}`),
          el('div', {}, 'expected ', el('code', { text: f.expected }), ', found ', el('code', { text: f.actual })),
          el('div', { class: 'explanation', text: f.message })));
      }
    }
    if (e.response) {
      detail.append(el('h3', { text: 'Response' }), el('p', {}, el('strong', { class: statusClass(e.status), text: e.response.status_line })),
        headersTable(e.response.headers), ...bodyBlock(e.response.body, 'Response body'));
      const contentType = (e.response.headers.find(([n]) => n.toLowerCase() === 'content-type') || [, ''])[1];
      const dates = datesIn(e.response.body.text, contentType);
      if (dates.length) detail.append(el('h3', { text: 'Dates in this answer' }), datesTable(dates));
    } else {
      detail.append(el('p', { class: 'muted', text: 'No HTTP response was sent (dropped, garbage, or the client left).' }));
    }
  }

  async function resetJournal() {
    await api('requests', { method: 'DELETE', headers: ADMIN_HEADERS });
    state.journal.selected = null;
    clear($('journal-detail')).append(el('p', { class: 'muted', text: 'Journal reset.' }));
    await loadJournal(true);
  }

  // ---- dataset ----

  async function loadDataset() {
    const params = new URLSearchParams({ offset: state.dataset.offset, limit: state.dataset.limit });
    const operator = $('clients-operator').value;
    if (operator) params.set('operator', operator);
    const data = await api(`dataset?${params}`);
    const operators = clear($('operators-table'));
    operators.append(el('thead', {}, el('tr', {}, ...['id', 'name', 'goods (max)', 'next offer needs', 'tokens', 'site codes', 'time zone', 'clients'].map((h) => el('th', { text: h })))));
    const obody = el('tbody');
    const select = $('clients-operator');
    const known = new Set([...select.options].map((o) => o.value));
    for (const op of data.operators) {
      obody.append(el('tr', {},
        el('td', { text: op.id + (op.default ? ' (default)' : '') }),
        el('td', { text: op.name }),
        el('td', { text: `${op.max_link_goods} of ${op.goods}` }),
        el('td', { text: `${op.required_purchases} purchases ≥ ${op.required_every_gain}, ${op.required_gain} in all` }),
        el('td', { text: op.tokens.join(', ') }),
        el('td', {}, ...op.site_codes.map((c) => el('div', {}, el('code', { text: c })))),
        el('td', { text: op.time_zone || `dataset's (${state.health ? state.health.dataset.time_zone : ''})` }),
        el('td', { text: op.clients })));
      if (!known.has(String(op.id))) select.append(el('option', { value: op.id, text: `${op.id} ${op.name}` }));
    }
    operators.append(obody);
    state.dataset.total = data.clients.total;
    const last = Math.min(data.clients.offset + data.clients.items.length, data.clients.total);
    $('clients-info').textContent = `${data.clients.offset + 1}–${last} of ${data.clients.total}`;
    $('catalogue-note').textContent = data.catalogue
      ? `What each client shows comes from ${data.catalogue}.`
      : 'A dataset of your own: no catalogue; the summary is the engine\'s answer.';
    const clients = clear($('clients-table'));
    clients.append(el('thead', {}, el('tr', {}, ...['client', 'operator', 'what it shows', 'answer', '', ''].map((h) => el('th', { text: h })))));
    const cbody = el('tbody');
    for (const c of data.clients.items) {
      const a = c.answer;
      const answer = a.ErrorCode ? `business error ${a.ErrorCode}` :
        `${a.TotalRows} rows · goods ${a.NowLinkGoods}/${a.MaxLinkGoods} · offers ${a.CountOffer}/${a.CountConfirm} · ${a.CountPurchases} favourite purchases · ${a.RemainCountPurchases} to go`;
      cbody.append(el('tr', { 'data-client': c.id },
        el('td', { text: c.id }),
        el('td', { text: c.operator }),
        el('td', {}, ...(c.shows ? richText(c.shows) : [`${c.entries} entries, ${c.purchases} purchases`])),
        el('td', { class: 'muted', text: answer }),
        el('td', {}, el('button', { type: 'button', class: 'small send-client', onclick: () => sendClient(c.id, c.operator), text: 'Send' })),
        el('td', {}, el('button', { type: 'button', class: 'small', onclick: () => journalFor(c.id), text: 'Journal' }))));
    }
    clients.append(cbody);
  }

  async function sendClient(client, operator) {
    $('try-format').value = 'json';
    $('try-accept').value = '';
    for (const id of ['try-status', 'try-error-code', 'try-fault', 'try-level']) $(id).value = '';
    $('try-latency').value = '';
    $('try-drop').checked = false;
    await loadSample(client, operator);
    showTab('try');
    await send();
  }

  function journalFor(client) {
    $('filter-client').value = client;
    showTab('journal');
    loadJournal(true);
  }

  async function reloadDataset() {
    $('reload-result').textContent = 'reloading…';
    try {
      const result = await api('reload', { method: 'POST', headers: ADMIN_HEADERS });
      $('reload-result').textContent = `reloaded: generation ${result.generation}`;
    } catch (err) {
      $('reload-result').textContent = `refused: ${err.message}`;
    }
    await loadHealth();
    await loadDataset();
  }

  // ---- overrides ----

  async function loadOverrides() {
    const data = await api('overrides');
    const table = clear($('overrides-table'));
    $('overrides-count').textContent = data.overrides.length ? `(${data.overrides.length})` : '';
    if (!data.overrides.length) {
      table.append(el('tbody', {}, el('tr', {}, el('td', { class: 'muted', text: `None (at most ${data.capacity}).` }))));
      return;
    }
    table.append(el('thead', {}, el('tr', {}, ...['id', 'matches', 'answers', 'times left', 'used', ''].map((h) => el('th', { text: h })))));
    const body = el('tbody');
    for (const o of data.overrides) {
      const answers = [];
      if (o.error_code) answers.push(`business error ${o.error_code}`);
      if (o.status) answers.push(`status ${o.status}`);
      if (o.latency) answers.push(`latency ${o.latency.kind === 'fixed' ? o.latency.ms : `${o.latency.min}-${o.latency.max}`} ms`);
      if (o.fault) answers.push(`fault ${o.fault}`);
      if (o.drop) answers.push('drop');
      body.append(el('tr', { 'data-override': o.id },
        el('td', { text: o.id }),
        el('td', { text: `client ${o.client ?? 'any'}, operator ${o.operator ?? 'any'}` }),
        el('td', { text: answers.join(', ') }),
        el('td', { text: o.times_left ?? '∞' }),
        el('td', { text: o.used }),
        el('td', {}, el('button', { type: 'button', class: 'small danger', text: 'Delete', onclick: async () => { await api(`overrides/${o.id}`, { method: 'DELETE', headers: ADMIN_HEADERS }); await loadOverrides(); } }))));
    }
    table.append(body);
  }

  async function addOverride(event) {
    event.preventDefault();
    const body = {};
    const number = (id) => $(id).value.trim() === '' ? undefined : Number($(id).value.trim());
    const text = (id) => $(id).value.trim() || undefined;
    body.client = number('ov-client');
    body.operator = number('ov-operator');
    body.error_code = number('ov-error-code');
    body.status = number('ov-status');
    body.latency = text('ov-latency');
    body.fault = text('ov-fault');
    if ($('ov-drop').checked) body.drop = true;
    body.times = number('ov-times');
    for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
    try {
      await api('overrides', { method: 'POST', headers: Object.assign({ 'Content-Type': 'application/json' }, ADMIN_HEADERS), body: JSON.stringify(body) });
      $('override-error').hidden = true;
    } catch (err) {
      $('override-error').hidden = false;
      $('override-error').textContent = err.message;
    }
    await loadOverrides();
  }

  // ---- tabs and start ----

  function showTab(name) {
    for (const button of document.querySelectorAll('#tabs button')) button.classList.toggle('active', button.dataset.tab === name);
    for (const section of document.querySelectorAll('.tab')) section.classList.toggle('active', section.id === `tab-${name}`);
    if (name === 'overrides') loadOverrides().catch(report);
    if (name === 'dataset') loadHealth().then(loadDataset).catch(report);
  }

  function report(err) {
    $('health-line').textContent = `The mock did not answer: ${err.message}`;
  }

  function wire() {
    for (const button of document.querySelectorAll('#tabs button')) button.addEventListener('click', () => showTab(button.dataset.tab));
    $('try-form').addEventListener('submit', send);
    $('try-sample').addEventListener('click', () => loadSample($('try-client').value.trim()).catch(report));
    $('try-help-sample').addEventListener('click', helpSample);
    $('try-format').addEventListener('change', () => loadSample($('try-client').value.trim()).catch(report));
    $('journal-filters').addEventListener('change', () => loadJournal(true));
    $('journal-filters').addEventListener('submit', (e) => { e.preventDefault(); loadJournal(true); });
    $('journal-refresh').addEventListener('click', () => loadJournal(true));
    $('journal-reset').addEventListener('click', () => resetJournal().catch(report));
    $('dataset-reload').addEventListener('click', () => reloadDataset().catch(report));
    $('clients-operator').addEventListener('change', () => { state.dataset.offset = 0; loadDataset().catch(report); });
    $('clients-prev').addEventListener('click', () => { state.dataset.offset = Math.max(0, state.dataset.offset - state.dataset.limit); loadDataset().catch(report); });
    $('clients-next').addEventListener('click', () => {
      if (state.dataset.offset + state.dataset.limit < state.dataset.total) state.dataset.offset += state.dataset.limit;
      loadDataset().catch(report);
    });
    $('override-form').addEventListener('submit', addOverride);
    $('overrides-clear').addEventListener('click', async () => { await api('overrides', { method: 'DELETE', headers: ADMIN_HEADERS }); await loadOverrides(); });
  }

  /** Proxy mode: show the proxy's tabs and let proxy.js (served beside the page) run them. */
  function startProxy(health) {
    for (const button of document.querySelectorAll('#tabs button')) {
      button.addEventListener('click', () => showTab(button.dataset.tab));
    }
    window.favoriteConsoleKit = Object.freeze({
      ADMIN, ADMIN_HEADERS, POLL_MS, health, api, el, clear, kv, severityBadge, statusClass, browserText, showTab,
    });
    document.head.append(el('script', { src: 'proxy.js' }));
  }

  function applyMode(mode) {
    $('mode').textContent = mode;
    for (const tab of document.querySelectorAll('[data-mode]')) tab.hidden = tab.dataset.mode !== mode;
  }

  async function start() {
    // A failed first read falls through to the mock's start, which reports and retries.
    const first = await api('health').catch(() => null);
    if (first && first.mode === 'proxy') {
      applyMode(first.mode);
      startProxy(first);
      return;
    }
    wire();
    try {
      await loadHealth();
      await loadContract();
      await loadSample('');
      await loadDataset();
      await loadOverrides();
      await loadJournal(true);
      document.body.dataset.ready = 'true';
    } catch (err) {
      report(err);
    }
    setInterval(() => {
      if ($('journal-live').checked) loadJournal(false);
    }, POLL_MS);
    setInterval(() => { loadHealth().catch(() => {}); }, 10 * POLL_MS);
  }

  start();
})();
