// TopoWatch dashboard: one live chart per (experiment, sample) of P(non-trivial topology) against field_T.
// Plain browser JavaScript, no libraries. Data arrive over the /ws websocket as trajectory-topic JSON values,
// first the server's history, then live points.
(function () {
  'use strict';

  const SVG_NS = 'http://www.w3.org/2000/svg';
  const BACKOFF_MIN_MS = 1000;
  const BACKOFF_MAX_MS = 30000;
  const FIELD_DEFAULT = [0, 9];       // tesla; widened when data fall outside
  const THRESHOLD = 0.5;

  // Chart geometry in SVG user units; the SVG scales to its card's width.
  const W = 520, H = 300;
  const M = { left: 54, right: 16, top: 14, bottom: 46 };
  const PW = W - M.left - M.right;
  const PH = H - M.top - M.bottom;

  const el = {
    conn: document.getElementById('conn'),
    model: document.getElementById('model'),
    samples: document.getElementById('samples'),
    points: document.getElementById('points'),
    last: document.getElementById('last'),
    notice: document.getElementById('notice'),
    empty: document.getElementById('empty'),
    charts: document.getElementById('charts'),
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

  // ---- state -------------------------------------------------------------------------------------------
  const series = new Map();           // key -> {experiment, sample, elements, modelVersion, byStep: Map, chart}
  const dirty = new Set();
  let totalPoints = 0;
  let latest = null;                  // the most recent point received
  let frameRequested = false;

  function seriesKey(p) { return p.experiment + '\u0000' + p.sample; }

  function isPoint(p) {
    return p && typeof p === 'object' && (p.type === undefined || p.type === 'trajectory')
      && typeof p.experiment === 'string' && typeof p.sample === 'string'
      && typeof p.probability === 'number' && isFinite(p.probability);
  }

  function fieldOf(p) {
    const b = p.control && p.control.field_T;
    return typeof b === 'number' && isFinite(b) ? b : null;
  }

  function addPoint(p) {
    if (!isPoint(p)) return;
    const key = seriesKey(p);
    let s = series.get(key);
    if (!s) {
      s = { experiment: p.experiment, sample: p.sample, elements: [], modelVersion: null, byStep: new Map(),
            chart: null };
      series.set(key, s);
    }
    // One point per setpoint, the latest wins (a re-scored setpoint replaces the old score).
    const step = typeof p.setpoint === 'number' ? 's' + p.setpoint : 'b' + fieldOf(p);
    s.byStep.set(step, p);
    if (Array.isArray(p.elements)) s.elements = p.elements;
    if (p.modelVersion) s.modelVersion = p.modelVersion;
    totalPoints++;
    latest = p;
    dirty.add(key);
    scheduleRender();
  }

  function reset() {
    series.forEach(s => { if (s.chart) s.chart.card.remove(); });
    series.clear();
    dirty.clear();
    totalPoints = 0;
    latest = null;
    scheduleRender();
  }

  function scheduleRender() {
    if (frameRequested) return;
    frameRequested = true;
    window.requestAnimationFrame(render);
  }

  // ---- connection --------------------------------------------------------------------------------------
  const token = readToken();
  let attempt = 0;
  let everOpened = false;
  let retryTimer = null;

  function setState(state, text) {
    el.conn.className = 'badge ' + state;
    el.conn.textContent = text || state;
  }

  function notice(text) {
    el.notice.hidden = !text;
    el.notice.textContent = text || '';
  }

  function connect() {
    retryTimer = null;
    setState('connecting', attempt ? 'reconnecting' : 'connecting');
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(scheme + '://' + window.location.host + '/ws?token=' + encodeURIComponent(token));
    let opened = false;

    ws.onopen = function () {
      opened = true;
      everOpened = true;
      attempt = 0;
      notice('');
      reset();                        // the server replays its whole history on every connection
      setState('live');
    };
    ws.onmessage = function (event) {
      let p;
      try { p = JSON.parse(event.data); } catch (e) { return; }
      addPoint(p);
    };
    ws.onclose = function () {
      attempt++;
      const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * Math.pow(2, attempt - 1));
      const jittered = Math.round(delay * (0.8 + 0.4 * Math.random()));
      setState('disconnected', 'disconnected · retry in ' + Math.ceil(jittered / 1000) + ' s');
      if (!opened && !everOpened) {
        notice('Cannot open the live stream. Check the token in the page address (…/?token=…) and that '
          + 'the dashboard is reachable.');
      }
      retryTimer = window.setTimeout(connect, jittered);
    };
    ws.onerror = function () { /* onclose follows and schedules the retry */ };
  }

  // ---- rendering ---------------------------------------------------------------------------------------
  function svg(name, attrs, parent) {
    const node = document.createElementNS(SVG_NS, name);
    for (const k in attrs) node.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(node);
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function fmt(x, digits) { return Number(x).toFixed(digits); }

  // Round tick steps (1, 2, 5 × 10^k) giving about `count` intervals over [lo, hi].
  function ticks(lo, hi, count) {
    const raw = (hi - lo) / count;
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map(f => f * mag).find(s => s >= raw) || raw;
    const out = [];
    for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
      out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    }
    return { values: out, decimals: Math.max(0, -Math.floor(Math.log10(step) + 1e-9)) };
  }

  function createChart(s) {
    const card = document.createElement('article');
    card.className = 'card';
    const head = document.createElement('header');
    const title = document.createElement('h2');
    title.textContent = s.experiment + ' · ' + s.sample;
    const sub = document.createElement('p');
    sub.className = 'sub';
    const current = document.createElement('p');
    current.className = 'current';
    head.append(title, sub, current);
    const plot = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', class: 'plot' });
    card.append(head, plot);
    return { card, sub, current, plot };
  }

  function placeCard(s) {
    // Keep cards ordered by experiment, then sample (numbers inside names compare numerically).
    const collator = new Intl.Collator(undefined, { numeric: true });
    const after = Array.from(series.values())
      .filter(o => o.chart && o !== s)
      .filter(o => collator.compare(o.experiment, s.experiment) > 0
        || (o.experiment === s.experiment && collator.compare(o.sample, s.sample) > 0))
      .sort((a, b) => collator.compare(a.experiment, b.experiment) || collator.compare(a.sample, b.sample))[0];
    el.charts.insertBefore(s.chart.card, after ? after.chart.card : null);
  }

  function drawChart(s) {
    if (!s.chart) {
      s.chart = createChart(s);
      placeCard(s);
    }
    const c = s.chart;
    const all = Array.from(s.byStep.values());
    const pts = all.filter(p => fieldOf(p) !== null).sort((a, b) => fieldOf(a) - fieldOf(b));

    c.sub.textContent = [s.elements.length ? s.elements.join('–') : null,
      s.modelVersion ? 'model ' + s.modelVersion : null,
      pts.length + (pts.length === 1 ? ' setpoint' : ' setpoints')].filter(Boolean).join(' · ');
    const last = all.reduce((a, b) => (String(b.timestamp || '') >= String(a.timestamp || '') ? b : a), all[0]);
    if (last) {
      const b = fieldOf(last);
      c.current.textContent = 'P = ' + fmt(last.probability, 2) + (b !== null ? ' at ' + fmt(b, 2) + ' T' : '');
      c.current.className = 'current ' + (last.probability > THRESHOLD ? 'topo' : 'trivial');
    }

    const lo = Math.min(FIELD_DEFAULT[0], ...pts.map(fieldOf));
    let hi = Math.max(FIELD_DEFAULT[1], ...pts.map(fieldOf));
    if (hi <= lo) hi = lo + 1;
    const x = b => M.left + (b - lo) / (hi - lo) * PW;
    const y = p => M.top + (1 - p) * PH;

    const g = c.plot;
    clear(g);
    svg('title', {}, g).textContent = 'P(non-trivial) against field for ' + s.experiment + ' ' + s.sample;

    // Grid, ticks and axes.
    const xt = ticks(lo, hi, 9);
    xt.values.forEach(v => {
      svg('line', { x1: x(v), x2: x(v), y1: M.top, y2: M.top + PH, class: 'grid' }, g);
      svg('line', { x1: x(v), x2: x(v), y1: M.top + PH, y2: M.top + PH + 5, class: 'tick' }, g);
      svg('text', { x: x(v), y: M.top + PH + 18, class: 'tick-label', 'text-anchor': 'middle' }, g)
        .textContent = fmt(v, xt.decimals);
    });
    [0, 0.25, 0.5, 0.75, 1].forEach(v => {
      svg('line', { x1: M.left, x2: M.left + PW, y1: y(v), y2: y(v), class: 'grid' }, g);
      svg('line', { x1: M.left - 5, x2: M.left, y1: y(v), y2: y(v), class: 'tick' }, g);
      svg('text', { x: M.left - 8, y: y(v) + 4, class: 'tick-label', 'text-anchor': 'end' }, g)
        .textContent = fmt(v, 2);
    });
    svg('rect', { x: M.left, y: M.top, width: PW, height: PH, class: 'frame' }, g);
    svg('text', { x: M.left + PW / 2, y: H - 8, class: 'axis-label', 'text-anchor': 'middle' }, g)
      .textContent = 'magnetic field B (T)';
    svg('text', { x: 0, y: 0, class: 'axis-label', 'text-anchor': 'middle',
      transform: 'translate(14 ' + (M.top + PH / 2) + ') rotate(-90)' }, g)
      .textContent = 'P(non-trivial)';

    // Decision threshold.
    svg('line', { x1: M.left, x2: M.left + PW, y1: y(THRESHOLD), y2: y(THRESHOLD), class: 'threshold' }, g);

    if (!pts.length) {
      svg('text', { x: M.left + PW / 2, y: M.top + PH / 2, class: 'no-data', 'text-anchor': 'middle' }, g)
        .textContent = 'no field setpoints yet';
      return;
    }

    // Uncertainty bars, the trajectory in field order, then the points on top.
    pts.forEach(p => {
      const u = typeof p.uncertainty === 'number' && isFinite(p.uncertainty) ? p.uncertainty : 0;
      if (u > 0) {
        svg('line', { x1: x(fieldOf(p)), x2: x(fieldOf(p)), y1: y(Math.min(1, p.probability + u)),
          y2: y(Math.max(0, p.probability - u)), class: 'errbar' }, g);
      }
    });
    svg('polyline', { points: pts.map(p => x(fieldOf(p)).toFixed(1) + ',' + y(p.probability).toFixed(1)).join(' '),
      class: 'trace' }, g);
    pts.forEach(p => {
      const dot = svg('circle', { cx: x(fieldOf(p)), cy: y(p.probability), r: 4,
        class: 'dot ' + (p.probability > THRESHOLD ? 'topo' : 'trivial') }, g);
      const ctl = p.control || {};
      svg('title', {}, dot).textContent =
        'B = ' + fmt(fieldOf(p), 2) + ' T\nP = ' + fmt(p.probability, 3)
        + (p.uncertainty ? ' ± ' + fmt(p.uncertainty, 3) : '')
        + (typeof ctl.temperature_K === 'number' ? '\nT = ' + ctl.temperature_K + ' K' : '')
        + (typeof ctl.strain_pct === 'number' ? '\nstrain = ' + ctl.strain_pct + ' %' : '')
        + (p.setpoint !== undefined ? '\nsetpoint ' + p.setpoint : '')
        + (p.timestamp ? '\n' + p.timestamp : '');
    });
  }

  function render() {
    frameRequested = false;
    dirty.forEach(key => { const s = series.get(key); if (s) drawChart(s); });
    dirty.clear();
    el.samples.textContent = String(series.size);
    el.points.textContent = String(totalPoints);
    el.empty.hidden = series.size > 0;
    if (latest) {
      el.model.textContent = latest.modelVersion || '–';
      el.last.textContent = latest.experiment + ' · ' + latest.sample
        + (latest.timestamp ? ' · ' + latest.timestamp.replace('T', ' ').replace('Z', ' UTC') : '');
    } else {
      el.model.textContent = '–';
      el.last.textContent = '–';
    }
  }

  if (!token) {
    setState('disconnected', 'no token');
    notice('This dashboard needs an access token: open it as …/?token=<token>.');
    return;
  }
  connect();
})();
