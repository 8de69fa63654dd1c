// TopoWatch dashboard. Plain browser JavaScript; the one library is uPlot (vendor/uplot, MIT).
//
// Data: REST snapshots (GET /api/experiments, /api/experiments/{e}/trajectories|spectra|suggestions,
// /api/alerts, /api/models) and the /ws websocket, which pushes envelopes {seq, type, experiment, data} for the
// subscribed experiment. After a reconnect the page subscribes again with `since` = the last seq it saw, so it
// misses nothing; a {"type":"reset"} answer (the server no longer holds that far back) makes it re-fetch.
(function () {
  'use strict';

  const THRESHOLD = 0.5;
  const BACKOFF_MIN_MS = 1000;
  const BACKOFF_MAX_MS = 30000;
  const POLL_MS = 15000;                 // experiment list, alert counts and model: refreshed this often
  const params = new URLSearchParams(window.location.search);
  const WALL = params.get('wall') === '1' || params.get('wall') === 'true';
  if (WALL) document.body.classList.add('wall');

  const el = id => document.getElementById(id);
  const ui = {
    conn: el('conn'), model: el('model'), current: el('current-experiment'), last: el('last'),
    openAlerts: el('open-alerts'), notice: el('notice'), experiments: el('experiments'),
    noExperiments: el('no-experiments'), empty: el('empty'), charts: el('charts'), spectra: el('spectra'),
    spectraTabs: el('spectra-samples'), noSpectra: el('no-spectra'), alerts: el('alerts'), noAlerts: el('no-alerts'),
    ackName: el('ack-name'),
  };

  // ---- token: from ?token= (or #token=), then kept for this tab and removed from the address bar ----------
  function readToken() {
    const url = new URL(window.location.href);
    const hash = new URLSearchParams(url.hash.replace(/^#/, ''));
    const fromUrl = url.searchParams.get('token') || hash.get('token');
    if (fromUrl) {
      try { sessionStorage.setItem('topowatch.token', fromUrl); } catch (e) { /* storage disabled */ }
      url.searchParams.delete('token');
      history.replaceState(null, '', url.pathname + url.search);
      return fromUrl;
    }
    try { return sessionStorage.getItem('topowatch.token'); } catch (e) { return null; }
  }
  const token = readToken();

  // ---- state -------------------------------------------------------------------------------------------
  const experiments = new Map();   // name -> {experiment, samples, controlVariable, lastUpdate, unacknowledgedAlerts}
  const samples = new Map();       // sample -> {sample, byStep: Map, latest, suggestion, card, plot, readout}
  const spectra = new Map();       // sample -> Map(element -> spectrum)
  const alerts = new Map();        // id -> alert (every experiment the token may see)
  let selected = null;             // the experiment shown
  let spectraSample = null;        // the sample whose spectra are shown
  let spectraChosen = false;       // picked by the user; else the sample of the newest open alert, else the first
  let modelInUse = null;
  let lastSeq = -1;
  let ws = null;
  const dirty = { charts: new Set(), spectra: false, alerts: false, experiments: false, header: false };
  let frameRequested = false;

  // ---- helpers -----------------------------------------------------------------------------------------
  const num = v => typeof v === 'number' && isFinite(v);
  const fmt = (x, d) => (num(x) ? Number(x).toFixed(d) : '–');
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const k in attrs || {}) {
      if (k === 'class') node.className = attrs[k];
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), attrs[k]);
      else if (attrs[k] !== undefined && attrs[k] !== null) node.setAttribute(k, attrs[k]);
    }
    children.flat().forEach(c => { if (c !== null && c !== undefined) node.append(c); });
    return node;
  }
  function when(ts) {
    if (!ts) return '–';
    const d = new Date(ts);
    if (isNaN(d)) return String(ts);
    const today = new Date().toDateString() === d.toDateString();
    return today ? d.toLocaleTimeString() : d.toLocaleString();
  }
  const collator = new Intl.Collator(undefined, { numeric: true });

  // Control variables are named <quantity>_<unit> (field_T, strain_pct, temperature_K).
  const CONTROLS = {
    field_T: { axis: 'magnetic field B (T)', sym: 'B', unit: 'T' },
    strain_pct: { axis: 'strain ε (%)', sym: 'ε', unit: '%' },
    temperature_K: { axis: 'temperature (K)', sym: 'T', unit: 'K' },
    pressure_GPa: { axis: 'pressure (GPa)', sym: 'p', unit: 'GPa' },
  };
  function control(name) {
    if (CONTROLS[name]) return CONTROLS[name];
    const m = /^(.*)_([^_]+)$/.exec(name || '');
    return m ? { axis: m[1] + ' (' + m[2] + ')', sym: m[1], unit: m[2] } : { axis: name || 'control', sym: name || 'x', unit: '' };
  }
  function controlVariable(p) {
    const exp = experiments.get(p && p.experiment);
    if (exp && exp.controlVariable) return exp.controlVariable;
    const keys = p && p.control ? Object.keys(p.control) : [];
    return keys.includes('field_T') ? 'field_T' : keys.includes('strain_pct') ? 'strain_pct' : keys[0] || 'field_T';
  }
  function xOf(p, cv) { const v = p.control && p.control[cv]; return num(v) ? v : null; }

  function colours() {
    const css = getComputedStyle(document.documentElement);
    const v = name => css.getPropertyValue(name).trim();
    return { ink: v('--ink'), muted: v('--muted'), grid: v('--grid'), topo: v('--topo'), trivial: v('--trivial'),
      threshold: v('--threshold'), band: v('--band'), alert: v('--alert'), alertFill: v('--alert-fill'),
      ackFill: v('--ack-fill'), card: v('--card'), raw: v('--raw'), norm: v('--norm') };
  }
  let C = colours();
  const FONT = () => (WALL ? '600 17px ' : '12px ') + 'system-ui, sans-serif';
  const LABEL_FONT = () => (WALL ? '600 19px ' : '13px ') + 'system-ui, sans-serif';

  // ---- REST --------------------------------------------------------------------------------------------
  async function api(path, init) {
    const res = await fetch(path, Object.assign({ cache: 'no-store' }, init, {
      headers: Object.assign({ Authorization: 'Bearer ' + token, Accept: 'application/json' },
        (init && init.headers) || {}),
    }));
    if (res.status === 401) notice('The token was refused (401): open the page with a valid …/?token=….');
    if (res.status === 403) notice('This token may not see that experiment (403).');
    if (!res.ok) {
      const err = new Error(path + ': HTTP ' + res.status);
      err.status = res.status;
      try { err.body = await res.json(); } catch (e) { /* not JSON */ }
      throw err;
    }
    return res.status === 204 ? null : res.json();
  }

  // 503 "unavailable": the server reads trajectories from the stream's store, which is rebalancing; ask again
  // every second (the server's Retry-After) for up to a minute.
  async function apiWhenAvailable(path) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await api(path);
      } catch (e) {
        if (e.status !== 503 || attempt >= 60) throw e;
        await new Promise(resolve => window.setTimeout(resolve, 1000));
      }
    }
  }

  async function loadExperiments() {
    const list = await api('/api/experiments');
    const seen = new Set();
    (list || []).forEach(x => {
      seen.add(x.experiment);
      experiments.set(x.experiment, Object.assign(experiments.get(x.experiment) || {}, x));
    });
    experiments.forEach((v, k) => { if (!seen.has(k)) experiments.delete(k); });
    dirty.experiments = true;
    schedule();
  }

  async function loadModels() {
    try {
      const m = await api('/api/models');
      if (m && m.inUse) setModel(m.inUse);
    } catch (e) { /* optional endpoint */ }
  }

  async function loadAlerts() {
    try {
      const list = await api('/api/alerts');
      alerts.clear();
      (list || []).forEach(a => { if (a && a.id) alerts.set(a.id, a); });
      dirty.alerts = true;
      dirty.spectra = true;
      markAllCharts();
      schedule();
    } catch (e) { if (e.status !== 404) console.warn(e); }
  }

  // Everything the page shows about one experiment, from scratch.
  async function loadExperiment(name) {
    if (!name) return;
    const enc = encodeURIComponent(name);
    const [groups, specs, suggestions] = await Promise.all([
      apiWhenAvailable('/api/experiments/' + enc + '/trajectories'),
      api('/api/experiments/' + enc + '/spectra').catch(() => []),
      api('/api/experiments/' + enc + '/suggestions').catch(() => []),
    ]);
    if (name !== selected) return;
    (groups || []).forEach(g => (g.points || []).forEach(p => onTrajectory(Object.assign({ experiment: name }, p))));
    (specs || []).forEach(s => onSpectrum(Object.assign({ experiment: name }, s)));
    (Array.isArray(suggestions) ? suggestions : Object.values(suggestions || {}))
      .forEach(s => onSuggestion(Object.assign({ experiment: name }, s)));
    loadAlerts();
  }

  // ---- incoming data -----------------------------------------------------------------------------------
  function touchExperiment(name, ts, sample) {
    let exp = experiments.get(name);
    if (!exp) {
      exp = { experiment: name, samples: [], controlVariable: null, lastUpdate: null, unacknowledgedAlerts: 0 };
      experiments.set(name, exp);
    }
    if (sample && !exp.samples.includes(sample)) exp.samples.push(sample);
    if (ts && (!exp.lastUpdate || String(ts) > String(exp.lastUpdate))) exp.lastUpdate = ts;
    dirty.experiments = true;
    if (!selected && !params.get('experiment')) select(name, false);
  }

  function sampleState(name) {
    let s = samples.get(name);
    if (!s) {
      s = { sample: name, byStep: new Map(), latest: null, suggestion: null, card: null, plot: null };
      samples.set(name, s);
    }
    return s;
  }

  function onTrajectory(p) {
    if (!p || typeof p.experiment !== 'string' || typeof p.sample !== 'string' || !num(p.probability)) return;
    touchExperiment(p.experiment, p.timestamp, p.sample);
    if (p.modelVersion && !modelInUse) setModel(p.modelVersion, true);
    if (p.experiment !== selected) return;
    const s = sampleState(p.sample);
    // One point per setpoint, the latest wins (a re-scored setpoint replaces the old score).
    const key = num(p.setpoint) ? 's' + p.setpoint : 'x' + JSON.stringify(p.control || {});
    s.byStep.set(key, p);
    if (!s.latest || String(p.timestamp || '') >= String(s.latest.timestamp || '')) s.latest = p;
    dirty.charts.add(p.sample);
    dirty.header = true;
    schedule();
  }

  function onSpectrum(sp) {
    if (!sp || typeof sp.sample !== 'string' || typeof sp.element !== 'string') return;
    if (sp.experiment && sp.experiment !== selected) return;
    let byElement = spectra.get(sp.sample);
    if (!byElement) { byElement = new Map(); spectra.set(sp.sample, byElement); }
    const old = byElement.get(sp.element);
    if (old && num(old.setpoint) && num(sp.setpoint) && sp.setpoint < old.setpoint
        && String(sp.scanTime || '') < String(old.scanTime || '')) return;  // an older scan arriving late
    byElement.set(sp.element, sp);
    dirty.spectra = true;
    schedule();
  }

  function onAlert(a) {
    if (!a || !a.id) return;
    alerts.set(a.id, Object.assign(alerts.get(a.id) || { state: 'unacknowledged' }, a));
    if (a.experiment) touchExperiment(a.experiment, a.lastRaisedAt || a.raisedAt, a.sample);
    dirty.alerts = true;
    dirty.spectra = true;            // the default spectra sample follows the newest open alert
    if (a.experiment === selected && a.sample) dirty.charts.add(a.sample);
    schedule();
  }

  function onSuggestion(sg) {
    if (!sg || typeof sg.sample !== 'string' || (sg.experiment && sg.experiment !== selected)) return;
    sampleState(sg.sample).suggestion = sg;
    dirty.charts.add(sg.sample);
    schedule();
  }

  function setModel(version, fromPoint) {
    if (!version || (fromPoint && modelInUse)) return;
    modelInUse = version;
    dirty.header = true;
    schedule();
  }

  function onMessage(m) {
    if (!m || typeof m !== 'object') return;
    if (num(m.seq)) lastSeq = Math.max(lastSeq, m.seq);
    const data = m.data;
    if (data && typeof data === 'object' && m.experiment && data.experiment === undefined) data.experiment = m.experiment;
    switch (m.type) {
      case 'subscribed': {
        const wasResume = resuming;
        resuming = false;
        // A seq lower than the one we resumed from means the server restarted: what we hold may be stale.
        if (wasResume && num(m.seq) && m.seq < lastSeqAtSubscribe) { lastSeq = m.seq; refetch(m.experiment || selected); return; }
        if (wasResume) return;         // the server now sends what we missed
        // A fresh subscription: merge a snapshot taken now, so nothing between the first snapshot and the
        // subscription is lost (merging is idempotent: one point per setpoint, one spectrum per element).
        if (m.experiment === selected || !m.experiment) loadExperiment(selected).catch(e => console.warn(e));
        return;
      }
      case 'reset':
        resuming = false;
        if (num(m.seq)) lastSeq = m.seq;
        refetch(m.experiment || selected);
        return;
      case 'error': notice('Server: ' + (m.reason || 'error')); return;
      case 'trajectory':
        onTrajectory(data);
        // The model in use is the one that scored the latest point (GET /api/models says the same).
        if (data && data.modelVersion && data.experiment === selected) setModel(data.modelVersion);
        return;
      case 'spectrum': onSpectrum(data); return;
      case 'alert': case 'alert-state': case 'notification': onAlert(data); return;
      case 'suggestion': onSuggestion(data); return;
      case 'model': loadModels(); return;   // a promotion or rollback: ask which version is in use
      default: /* a newer server's message type: ignore */
    }
  }

  function refetch(name) {
    if (name !== selected) return;
    resetView();
    loadExperiment(name).catch(e => console.warn(e));
  }

  // ---- websocket ---------------------------------------------------------------------------------------
  let attempt = 0;
  let everOpened = false;
  let resuming = false;
  let lastSeqAtSubscribe = -1;

  function setConn(state, text) {
    ui.conn.className = 'badge ' + state;
    ui.conn.dataset.state = state;
    ui.conn.textContent = text || state;
  }

  function notice(text) {
    ui.notice.hidden = !text;
    ui.notice.textContent = text || '';
  }

  function send(obj) { if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(obj)); }

  function subscribe(name, since) {
    if (!name) return;
    resuming = num(since) && since >= 0;
    lastSeqAtSubscribe = since;
    const msg = { op: 'subscribe', experiment: name };
    if (resuming) msg.since = since;
    send(msg);
  }

  function connect() {
    setConn(attempt ? 'reconnecting' : 'connecting', attempt ? 'reconnecting…' : 'connecting…');
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(scheme + '://' + window.location.host + '/ws?token=' + encodeURIComponent(token));
    ws = socket;
    let opened = false;
    socket.onopen = function () {
      opened = true;
      const reconnect = everOpened;
      everOpened = true;
      attempt = 0;
      notice('');
      setConn('connected', 'connected');
      subscribe(selected, reconnect ? lastSeq : undefined);
    };
    socket.onmessage = function (event) {
      let m;
      try { m = JSON.parse(event.data); } catch (e) { return; }
      onMessage(m);
    };
    socket.onclose = function (event) {
      if (ws !== socket) return;
      attempt++;
      const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * Math.pow(2, attempt - 1));
      const jittered = Math.round(delay * (0.8 + 0.4 * Math.random()));
      setConn('reconnecting', 'reconnecting in ' + Math.ceil(jittered / 1000) + ' s'
        + (event.code === 1013 ? ' (too slow)' : ''));
      if (!opened && !everOpened) {
        notice('Cannot open the live stream. Check the token in the page address (…/?token=…) and that '
          + 'the dashboard is reachable.');
      }
      window.setTimeout(connect, jittered);
    };
    socket.onerror = function () { /* onclose follows and schedules the retry */ };
  }

  // ---- selection ---------------------------------------------------------------------------------------
  function resetView() {
    samples.forEach(s => {
      if (s.observer) s.observer.disconnect();
      if (s.plot) s.plot.destroy();
      if (s.card) s.card.remove();
    });
    samples.clear();
    spectra.clear();
    clearSpectra();
    spectraSample = null;
    spectraChosen = false;
    dirty.spectra = true;
    dirty.header = true;
    schedule();
  }

  function select(name, userChoice) {
    if (name === selected) return;
    const previous = selected;
    selected = name;
    if (userChoice) {
      const url = new URL(window.location.href);
      url.searchParams.set('experiment', name);
      history.replaceState(null, '', url.pathname + url.search);
    }
    resetView();
    dirty.experiments = true;
    if (previous) send({ op: 'unsubscribe', experiment: previous });
    subscribe(name);
    loadExperiment(name).catch(e => console.warn(e));
  }

  // ---- rendering ---------------------------------------------------------------------------------------
  function schedule() {
    if (frameRequested) return;
    frameRequested = true;
    window.requestAnimationFrame(render);
  }

  function markAllCharts() { samples.forEach((s, k) => dirty.charts.add(k)); }

  function render() {
    frameRequested = false;
    if (dirty.experiments) { renderExperiments(); dirty.experiments = false; }
    dirty.charts.forEach(k => { const s = samples.get(k); if (s) renderChart(s); });
    dirty.charts.clear();
    if (dirty.spectra) { renderSpectra(); dirty.spectra = false; }
    if (dirty.alerts) { renderAlerts(); dirty.alerts = false; }
    renderHeader();
  }

  function renderHeader() {
    ui.model.textContent = modelInUse || '–';
    ui.current.textContent = selected || '–';
    const exp = experiments.get(selected);
    ui.last.textContent = exp && exp.lastUpdate ? when(exp.lastUpdate) : '–';
    ui.empty.hidden = samples.size > 0;
  }

  function renderExperiments() {
    clear(ui.experiments);
    const list = Array.from(experiments.values())
      .sort((a, b) => String(b.lastUpdate || '').localeCompare(String(a.lastUpdate || ''))
        || collator.compare(a.experiment, b.experiment));
    ui.noExperiments.hidden = list.length > 0;
    list.forEach(x => {
      const open = openAlertsOf(x.experiment, x.unacknowledgedAlerts);
      const btn = h('button', { type: 'button', class: 'exp' + (x.experiment === selected ? ' selected' : ''),
        'aria-current': x.experiment === selected ? 'true' : null, 'data-experiment': x.experiment,
        onclick: () => select(x.experiment, true) },
        h('span', { class: 'exp-name' }, x.experiment),
        open > 0 ? h('span', { class: 'pill', title: 'unacknowledged alerts' }, String(open)) : null,
        h('span', { class: 'exp-sub' }, [(x.samples || []).length + ' samples',
          x.controlVariable ? control(x.controlVariable).sym : null, x.lastUpdate ? when(x.lastUpdate) : null]
          .filter(Boolean).join(' · ')));
      ui.experiments.append(h('li', {}, btn));
    });
  }

  function openAlertsOf(name, fallback) {
    if (alerts.size === 0) return fallback || 0;
    let n = 0;
    alerts.forEach(a => { if (a.experiment === name && a.state !== 'acknowledged') n++; });
    return n;
  }

  function alertsOf(sample) {
    const out = [];
    alerts.forEach(a => { if (a.experiment === selected && a.sample === sample) out.push(a); });
    return out;
  }

  // One card per sample: P against the control variable, band p ± u, the 0.5 line, alert markers.
  function renderChart(s) {
    const pts0 = Array.from(s.byStep.values());
    const cv = controlVariable(pts0[0] || { experiment: selected });
    const ctl = control(cv);
    const pts = pts0.filter(p => xOf(p, cv) !== null).sort((a, b) => xOf(a, cv) - xOf(b, cv));
    if (!s.card) createCard(s, ctl);
    s.pts = pts;
    s.cv = cv;
    s.card.dataset.points = String(pts.length);
    s.card.dataset.alerts = String(alertsOf(s.sample).length);

    const last = s.latest;
    if (last) {
      const x = xOf(last, cv);
      s.current.textContent = 'P = ' + fmt(last.probability, 2)
        + (num(last.uncertainty) ? ' ± ' + fmt(last.uncertainty, 2) : '')
        + (x !== null ? ' at ' + ctl.sym + ' = ' + fmt(x, 2) + ' ' + ctl.unit : '');
      s.current.className = 'current ' + (last.probability > THRESHOLD ? 'topo' : 'trivial');
    }
    const elements = last && Array.isArray(last.elements) ? last.elements.join('–') : '';
    const missing = last && Array.isArray(last.missingElements) && last.missingElements.length
      ? 'missing ' + last.missingElements.join(', ') : '';
    const sg = s.suggestion;
    s.sub.textContent = [elements, pts.length + (pts.length === 1 ? ' setpoint' : ' setpoints'), missing,
      sg && num(sg.nextValue) ? 'next: ' + fmt(sg.nextValue, 2) + ' ' + ctl.unit : null].filter(Boolean).join(' · ');

    const data = [pts.map(p => xOf(p, cv)), pts.map(p => p.probability),
      pts.map(p => Math.min(1, p.probability + (num(p.uncertainty) ? p.uncertainty : 0))),
      pts.map(p => Math.max(0, p.probability - (num(p.uncertainty) ? p.uncertainty : 0)))];
    if (!s.plot) {
      s.plot = new uPlot(trajectoryOptions(s, ctl, chartSize(s.body)), data, s.body);
      s.observer = new ResizeObserver(() => resize(s.plot, chartSize(s.body)));
      s.observer.observe(s.body);
    } else {
      s.plot.setData(data);
    }
  }

  function createCard(s, ctl) {
    s.title = h('h3', {}, s.sample);
    s.sub = h('p', { class: 'sub' });
    s.current = h('p', { class: 'current' });
    s.readout = h('p', { class: 'readout' }, '\u00a0');
    s.body = h('div', { class: 'plot' });
    s.card = h('article', { class: 'card', 'data-sample': s.sample, 'data-points': '0' },
      h('header', {}, s.title, s.current, s.sub), s.body, s.readout);
    s.ctl = ctl;
    const after = Array.from(samples.values()).filter(o => o.card && o !== s && o.card.isConnected)
      .filter(o => collator.compare(o.sample, s.sample) > 0)
      .sort((a, b) => collator.compare(a.sample, b.sample))[0];
    ui.charts.insertBefore(s.card, after ? after.card : null);
  }

  // Only on a real change: resizing the canvas re-lays out the card, which would notify the observer again.
  function resize(plot, size) {
    if (plot && (Math.abs(plot.width - size.width) > 1 || Math.abs(plot.height - size.height) > 1)) {
      window.requestAnimationFrame(() => { if (plot.root.isConnected) plot.setSize(size); });
    }
  }

  function chartSize(node) {
    const width = Math.max(240, Math.floor(node.clientWidth || 420));
    const height = Math.round(Math.min(WALL ? 520 : 360, Math.max(WALL ? 260 : 200, width * 0.55)));
    return { width, height };
  }

  function trajectoryOptions(s, ctl, size) {
    const axis = { stroke: C.muted, grid: { stroke: C.grid, width: 1 }, ticks: { stroke: C.grid, width: 1 },
      font: FONT(), labelFont: LABEL_FONT() };
    return {
      width: size.width, height: size.height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: WALL ? 12 : 9 } },
      scales: {
        x: { time: false, range: (u, lo, hi) => xRange(s, lo, hi) },
        y: { range: [0, 1] },
      },
      axes: [
        Object.assign({ label: ctl.axis, size: WALL ? 56 : 44, labelSize: WALL ? 28 : 20 }, axis),
        Object.assign({ label: 'P(non-trivial)', size: WALL ? 64 : 50, labelSize: WALL ? 28 : 20,
          values: (u, vals) => vals.map(v => v.toFixed(1)) }, axis),
      ],
      series: [
        { label: ctl.axis },
        { label: 'P', stroke: C.muted, width: WALL ? 2.5 : 1.6, points: { show: false } },
        { label: 'P + u', stroke: 'transparent', points: { show: false } },
        { label: 'P − u', stroke: 'transparent', points: { show: false } },
      ],
      bands: [{ series: [2, 3], fill: C.band }],
      hooks: {
        draw: [u => drawOverlay(u, s)],
        setCursor: [u => readout(u, s)],
      },
    };
  }

  // The x range covers the data, the alerts' intervals and the suggested next value, padded by 3 %.
  function xRange(s, lo, hi) {
    const xs = [];
    if (num(lo)) xs.push(lo);
    if (num(hi)) xs.push(hi);
    alertsOf(s.sample).forEach(a => {
      if (num(a.criticalValue)) xs.push(a.criticalValue);
      if (Array.isArray(a.criticalInterval)) a.criticalInterval.filter(num).forEach(v => xs.push(v));
    });
    if (s.suggestion && num(s.suggestion.nextValue)) xs.push(s.suggestion.nextValue);
    if (!xs.length) return [0, 1];
    let a = Math.min(...xs), b = Math.max(...xs);
    if (b - a < 1e-9) { a -= 0.5; b += 0.5; }
    const pad = (b - a) * 0.03;
    return [a - pad, b + pad];
  }

  function drawOverlay(u, s) {
    const ctx = u.ctx;
    const dpr = uPlot.pxRatio;
    const { left, top, width, height } = u.bbox;
    const X = v => u.valToPos(v, 'x', true);
    const Y = v => u.valToPos(v, 'y', true);
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();

    // Alerts: the critical-value interval shaded, the critical value as a solid line with a flag on top.
    alertsOf(s.sample).forEach(a => {
      const acked = a.state === 'acknowledged';
      if (Array.isArray(a.criticalInterval) && a.criticalInterval.length === 2
          && a.criticalInterval.every(num)) {
        const x0 = X(Math.min(...a.criticalInterval)), x1 = X(Math.max(...a.criticalInterval));
        ctx.fillStyle = acked ? C.ackFill : C.alertFill;
        ctx.fillRect(x0, top, Math.max(dpr, x1 - x0), height);
      }
      if (num(a.criticalValue)) {
        const x = X(a.criticalValue);
        ctx.strokeStyle = C.alert;
        ctx.globalAlpha = acked ? 0.45 : 1;
        ctx.lineWidth = 2 * dpr;
        ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + height); ctx.stroke();
        ctx.fillStyle = C.alert;
        const f = (WALL ? 9 : 7) * dpr;
        ctx.beginPath(); ctx.moveTo(x - f, top); ctx.lineTo(x + f, top); ctx.lineTo(x, top + 1.6 * f); ctx.fill();
        ctx.globalAlpha = 1;
      }
    });

    // Decision threshold.
    ctx.strokeStyle = C.threshold;
    ctx.lineWidth = 1.5 * dpr;
    ctx.setLineDash([6 * dpr, 4 * dpr]);
    ctx.beginPath(); ctx.moveTo(left, Y(THRESHOLD)); ctx.lineTo(left + width, Y(THRESHOLD)); ctx.stroke();
    ctx.setLineDash([]);

    // Points coloured by side of the threshold; hollow where the tensor was partial (an element missing).
    const r = (WALL ? 5.5 : 4) * dpr;
    (s.pts || []).forEach(p => {
      const x = X(xOf(p, s.cv)), y = Y(p.probability);
      const colour = p.probability > THRESHOLD ? C.topo : C.trivial;
      ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI);
      if (p.partial) {
        ctx.fillStyle = C.card; ctx.fill();
        ctx.strokeStyle = colour; ctx.lineWidth = 1.8 * dpr; ctx.stroke();
      } else {
        ctx.fillStyle = colour; ctx.fill();
        ctx.strokeStyle = C.card; ctx.lineWidth = 1 * dpr; ctx.stroke();
      }
    });
    ctx.restore();
  }

  function readout(u, s) {
    const i = u.cursor.idx;
    const p = i !== null && i !== undefined && s.pts ? s.pts[i] : null;
    if (!p) { s.readout.textContent = '\u00a0'; return; }
    const ctl = control(s.cv);
    s.readout.textContent = ctl.sym + ' = ' + fmt(xOf(p, s.cv), 2) + ' ' + ctl.unit
      + ' · P = ' + fmt(p.probability, 3) + (num(p.uncertainty) ? ' ± ' + fmt(p.uncertainty, 3) : '')
      + (num(p.setpoint) ? ' · setpoint ' + p.setpoint : '')
      + (p.modelVersion ? ' · ' + p.modelVersion : '')
      + (p.partial ? ' · partial' : '');
  }

  // ---- spectra: per element, raw mu against energy and the normalised window -------------------------
  function renderSpectra() {
    const names = Array.from(spectra.keys()).sort(collator.compare);
    ui.noSpectra.hidden = names.length > 0;
    if (!spectraChosen || !spectra.has(spectraSample)) {
      const open = Array.from(alerts.values())
        .filter(a => a.experiment === selected && a.state !== 'acknowledged' && spectra.has(a.sample))
        .sort((a, b) => String(b.lastRaisedAt || b.raisedAt || '').localeCompare(String(a.lastRaisedAt || a.raisedAt || '')))[0];
      const want = open ? open.sample : names[0] || null;
      if (want !== spectraSample) { spectraSample = want; clearSpectra(); }
    }
    clear(ui.spectraTabs);
    names.forEach(n => ui.spectraTabs.append(h('button', { type: 'button', role: 'tab',
      'aria-selected': n === spectraSample ? 'true' : 'false', class: n === spectraSample ? 'selected' : '',
      onclick: () => {
        spectraChosen = true;
        if (spectraSample !== n) { spectraSample = n; clearSpectra(); dirty.spectra = true; schedule(); }
      } },
    n)));
    const byElement = spectra.get(spectraSample);
    if (!byElement) { clearSpectra(); return; }
    Array.from(byElement.keys()).sort(collator.compare).forEach(element => {
      const sp = byElement.get(element);
      let card = ui.spectra.querySelector('[data-element="' + CSS.escape(element) + '"]');
      if (!card) {
        card = h('article', { class: 'card spectrum', 'data-element': element },
          h('header', {}, h('h3', {}, element + (sp.edge ? ' ' + sp.edge : '')), h('p', { class: 'sub' })),
          h('div', { class: 'pair' }, h('div', { class: 'plot raw' }), h('div', { class: 'plot norm' })));
        const after = Array.from(ui.spectra.children).find(c => collator.compare(c.dataset.element, element) > 0);
        ui.spectra.insertBefore(card, after || null);
      }
      card.querySelector('.sub').textContent = ['setpoint ' + (num(sp.setpoint) ? sp.setpoint : '–'),
        'E0 ' + fmt(sp.e0, 1) + ' eV', 'edge step ' + fmt(sp.edgeStep, 3), sp.scanId,
        sp.measuredScanId && sp.measuredScanId !== sp.scanId ? 'raw μ of ' + sp.measuredScanId : null]
        .filter(Boolean).join(' · ');
      drawSpectrum(card, sp);
    });
  }

  function drawSpectrum(card, sp) {
    const holders = [card.querySelector('.plot.raw'), card.querySelector('.plot.norm')];
    const raw = Array.isArray(sp.energy) && Array.isArray(sp.mu) && sp.energy.length === sp.mu.length
      ? [sp.energy, sp.mu] : null;
    const values = Array.isArray(sp.values) ? sp.values : [];
    const n = values.length;
    const norm = n > 1 && num(sp.windowStart) && num(sp.windowEnd)
      ? [values.map((v, i) => sp.windowStart + (sp.windowEnd - sp.windowStart) * i / (n - 1)), values] : null;
    [[raw, 'raw μ', C.raw], [norm, 'normalised μ (window)', C.norm]].forEach(([data, label, colour], i) => {
      const holder = holders[i];
      if (!data) {
        if (holder._plot) { holder._plot.destroy(); holder._plot = null; }
        holder.textContent = label + ': not sent';
        holder.classList.add('missing');
        return;
      }
      holder.classList.remove('missing');
      if (holder._plot) { holder._plot.setData(data); return; }
      clear(holder);
      const axis = { stroke: C.muted, grid: { stroke: C.grid, width: 1 }, ticks: { stroke: C.grid, width: 1 },
        font: FONT(), labelFont: LABEL_FONT() };
      const size = () => ({ width: Math.max(200, Math.floor(holder.clientWidth || 300)), height: WALL ? 240 : 170 });
      holder._plot = new uPlot({
        ...size(), legend: { show: false }, cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false } },
        axes: [Object.assign({ label: 'energy (eV)', size: WALL ? 50 : 40, labelSize: WALL ? 26 : 18 }, axis),
          Object.assign({ label: label, size: WALL ? 64 : 50, labelSize: WALL ? 26 : 18 }, axis)],
        series: [{}, { label: label, stroke: colour, width: WALL ? 2 : 1.3, points: { show: false } }],
      }, data, holder);
      holder._observer = new ResizeObserver(() => resize(holder._plot, size()));
      holder._observer.observe(holder);
    });
  }

  function clearSpectra() {
    ui.spectra.querySelectorAll('.plot').forEach(p => {
      if (p._plot) { p._plot.destroy(); p._plot = null; }
      if (p._observer) p._observer.disconnect();
    });
    clear(ui.spectra);
  }

  // ---- alerts ------------------------------------------------------------------------------------------
  function renderAlerts() {
    const list = Array.from(alerts.values()).sort((a, b) =>
      (a.state === 'acknowledged') - (b.state === 'acknowledged')
      || String(b.lastRaisedAt || b.raisedAt || '').localeCompare(String(a.lastRaisedAt || a.raisedAt || '')));
    let open = 0;
    const keep = new Set();
    list.forEach(a => {
      if (a.state !== 'acknowledged') open++;
      keep.add(a.id);
      let li = Array.from(ui.alerts.children).find(n => n.dataset.alertId === a.id);
      if (!li) li = h('li', { 'data-alert-id': a.id });
      fillAlert(li, a);
      ui.alerts.append(li);          // re-appending keeps the sort order
    });
    Array.from(ui.alerts.children).forEach(n => { if (!keep.has(n.dataset.alertId)) n.remove(); });
    ui.noAlerts.hidden = list.length > 0;
    ui.openAlerts.textContent = String(open);
    ui.openAlerts.classList.toggle('hot', open > 0);
    dirty.experiments = true;
    if (!frameRequested) renderExperiments();
  }

  function fillAlert(li, a) {
    const acked = a.state === 'acknowledged';
    li.className = 'alert ' + (acked ? 'acknowledged' : 'unacknowledged');
    li.dataset.state = acked ? 'acknowledged' : 'unacknowledged';
    const ctl = control(a.controlVariable || 'field_T');
    const iv = Array.isArray(a.criticalInterval) && a.criticalInterval.length === 2
      ? ' [' + fmt(a.criticalInterval[0], 2) + ', ' + fmt(a.criticalInterval[1], 2) + ']' : '';
    const dir = String(a.direction || '').replace('->', ' → ');
    const busy = li.dataset.busy === '1';
    clear(li);
    li.append(
      h('div', { class: 'alert-head' }, h('strong', {}, a.sample || '?'), ' ', h('span', { class: 'dir' }, dir)),
      h('div', { class: 'alert-body' }, 'critical ' + ctl.sym + ' = ' + fmt(a.criticalValue, 2) + ' ' + ctl.unit + iv
        + (num(a.confidence) ? ' · confidence ' + fmt(a.confidence, 2) : '')),
      h('div', { class: 'alert-meta' }, [a.experiment, a.modelVersion,
        'raised ' + when(a.lastRaisedAt || a.raisedAt || a.firstRaisedAt) + (a.count > 1 ? ' (×' + a.count + ')' : '')]
        .filter(Boolean).join(' · ')),
      acked
        ? h('div', { class: 'ack-state' }, '✓ acknowledged' + (a.acknowledgedBy ? ' by ' + a.acknowledgedBy : '')
          + (a.acknowledgedAt ? ' at ' + when(a.acknowledgedAt) : ''))
        : h('button', { type: 'button', class: 'ack', disabled: busy ? '' : null, onclick: () => acknowledge(a.id, li) },
          busy ? 'acknowledging…' : 'Acknowledge'),
      li.dataset.error ? h('div', { class: 'ack-error' }, li.dataset.error) : '');
  }

  async function acknowledge(id, li) {
    const by = (ui.ackName.value || '').trim() || 'dashboard';
    try { localStorage.setItem('topowatch.ackName', by); } catch (e) { /* storage disabled */ }
    li.dataset.busy = '1';
    delete li.dataset.error;
    dirty.alerts = true; schedule();
    try {
      const updated = await api('/api/alerts/' + encodeURIComponent(id) + '/ack', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ by: by }),
      });
      onAlert(Object.assign({ state: 'acknowledged', acknowledgedBy: by }, updated || {}, { id: id }));
    } catch (e) {
      li.dataset.error = 'Not acknowledged: ' + (e.body && e.body.error ? e.body.error : e.message);
    } finally {
      delete li.dataset.busy;
      dirty.alerts = true;
      if (alerts.get(id) && alerts.get(id).sample) dirty.charts.add(alerts.get(id).sample);
      schedule();
    }
  }

  // ---- start -------------------------------------------------------------------------------------------
  try { ui.ackName.value = localStorage.getItem('topowatch.ackName') || ''; } catch (e) { /* storage disabled */ }
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    C = colours();
    samples.forEach(s => { if (s.plot) { if (s.observer) s.observer.disconnect(); s.plot.destroy(); s.plot = null; clear(s.body); dirty.charts.add(s.sample); } });
    schedule();
  });

  if (!token) {
    setConn('offline', 'no token');
    notice('This dashboard needs an access token: open it as …/?token=<token>.');
    return;
  }

  function newest() {
    return Array.from(experiments.values())
      .sort((a, b) => String(b.lastUpdate || '').localeCompare(String(a.lastUpdate || '')))[0];
  }

  async function poll() {
    try {
      await loadExperiments();
      if (!selected && newest()) select(newest().experiment, false);
      await loadModels();
      await loadAlerts();
    } catch (e) { /* the websocket state already says we are offline */ }
    // Quick while there is nothing to show yet, then every POLL_MS.
    window.setTimeout(poll, selected ? POLL_MS : 2000);
  }

  (async function start() {
    try {
      await loadExperiments();
    } catch (e) { console.warn(e); }
    const wanted = params.get('experiment');
    if (wanted) select(wanted, false);
    else if (!selected && newest()) select(newest().experiment, false);
    await loadModels();
    await loadAlerts();
    connect();
    window.setTimeout(poll, selected ? POLL_MS : 2000);
  })();
})();
