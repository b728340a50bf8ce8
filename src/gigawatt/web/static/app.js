// The gigawatt dashboard: sliders over a scenario's key drivers, headline and fan charts that follow,
// a YAML editor with inline validation. No build step, no request beyond this server.
// Everything the view shows lives in the URL hash, so a link reproduces it.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  // The page's language (served with it, see gigawatt.web.pages): translated strings, plural forms, number locale
  const I18N = JSON.parse(document.getElementById("i18n").textContent);
  const LANG_QUERY = new URLSearchParams({ lang: I18N.lang, digits: I18N.digits }).toString();
  const DIGITS = "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669";

  function localDigits(text) {
    // Numbers written in a translated template ("90%") take the page's digits
    if (I18N.digits !== "arab") return text;
    return text.replace(/[0-9]/g, (d) => DIGITS[d.charCodeAt(0) - 48]);
  }

  function fill(template, values) {
    return localDigits(template).replace(/\{(\w+)\}/g, (whole, name) =>
      (values && name in values ? String(values[name]) : whole));
  }

  function _(message, values) {
    // the translation of an English string, its {placeholders} filled
    const found = I18N.messages[message];
    return fill(typeof found === "string" && found ? found : message, values);
  }

  function ngettext(singular, plural, n, values) {
    const forms = I18N.messages[singular];
    if (Array.isArray(forms)) {
      const index = I18N.plural.indexOf(new Intl.PluralRules(I18N.intl).select(n));
      const form = forms[index >= 0 ? index : forms.length - 1];
      if (form) return fill(form, values);
    }
    return fill(n === 1 ? singular : plural, values);
  }

  const PLOT_CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d"] };
  const DEFAULT_SCENARIO = "openai-2025";

  const state = {
    scenario: null,      // bundled name
    yaml: null,          // edited text run instead of the bundled file (null: the bundled file)
    samples: 5000,
    seed: 1,
    controls: [],        // from /api/scenarios/{name}/controls
    values: {},          // {path: centre in canonical units} for moved controls
    invalid: new Set(),  // paths whose typed value is not valid
  };

  // --- small helpers -----------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child);
    return node;
  }

  const NUMBER_FORMATS = new Map();  // one Intl.NumberFormat per number of digits (toLocaleString makes one a call)

  function fmt(x, digits) {
    if (!Number.isFinite(x)) return "–";
    const abs = Math.abs(x);
    const d = digits !== undefined ? digits : abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
    let format = NUMBER_FORMATS.get(d);
    if (!format) {
      format = new Intl.NumberFormat(I18N.intl, { maximumFractionDigits: d });
      NUMBER_FORMATS.set(d, format);
    }
    return format.format(x);
  }

  function plain(x) {
    // a number as the scenario language reads it (no thousands separators, exponent allowed)
    return String(Number(x.toPrecision(8)));
  }

  async function api(method, path, body) {
    const options = { method, headers: {} };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(path, options);
    const type = response.headers.get("content-type") || "";
    if (!response.ok) {
      let error = { detail: `${response.status} ${response.statusText}` };
      if (type.includes("json")) error = await response.json();
      const exc = new Error(typeof error.detail === "string" ? error.detail : JSON.stringify(error.detail));
      exc.status = response.status;
      exc.problems = error.problems || [];
      throw exc;
    }
    return type.includes("json") ? response.json() : response.blob();
  }

  function banner(message) {
    const node = $("banner");
    node.textContent = message || "";
    node.hidden = !message;
  }

  // --- URL state ---------------------------------------------------------------------------

  function toBase64(text) {
    const bytes = new TextEncoder().encode(text);
    let binary = "";
    bytes.forEach((b) => { binary += String.fromCharCode(b); });
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function fromBase64(text) {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  }

  function writeHash() {
    const params = new URLSearchParams();
    if (state.scenario) params.set("scenario", state.scenario);
    params.set("samples", String(state.samples));
    params.set("seed", String(state.seed));
    if (state.yaml !== null) params.set("yaml", toBase64(state.yaml));
    for (const [path, value] of Object.entries(state.values)) params.append("v", `${path}=${plain(value)}`);
    const hash = "#" + params.toString();
    if (location.hash !== hash) history.replaceState(null, "", hash);
    languageLinks();
  }

  function languageLinks() {
    // the language switch keeps the view: the same hash in the other language
    for (const link of document.querySelectorAll(".languages a[data-lang]")) {
      const query = new URLSearchParams({ lang: link.dataset.lang });
      if (link.dataset.digits) query.set("digits", link.dataset.digits);
      link.setAttribute("href", `?${query.toString()}${location.hash}`);
    }
  }

  function shapeDigits(root) {
    // Plotly writes Western digits; with Arabic-Indic digits asked for, the charts' text is changed as it is drawn
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      if (/[0-9]/.test(text.nodeValue)) text.nodeValue = localDigits(text.nodeValue);
    }
  }

  if (I18N.digits === "arab") {
    new MutationObserver((changes) => {
      for (const change of changes) {
        const target = change.target.nodeType === 3 ? change.target.parentNode : change.target;
        if (target && target.closest && target.closest(".js-plotly-plot")) shapeDigits(target);
      }
    }).observe(document.documentElement, { subtree: true, childList: true, characterData: true });
  }

  function readHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    const out = { scenario: params.get("scenario"), values: {}, yaml: null };
    const samples = parseInt(params.get("samples") || "", 10);
    const seed = parseInt(params.get("seed") || "", 10);
    if (Number.isFinite(samples) && samples > 0) out.samples = samples;
    if (Number.isFinite(seed) && seed >= 0) out.seed = seed;
    if (params.get("yaml")) {
      try { out.yaml = fromBase64(params.get("yaml")); } catch (e) { out.yaml = null; }
    }
    for (const item of params.getAll("v")) {
      const at = item.lastIndexOf("=");
      const value = Number(item.slice(at + 1));
      if (at > 0 && Number.isFinite(value)) out.values[item.slice(0, at)] = value;
    }
    return out;
  }

  // --- what is sent ------------------------------------------------------------------------

  function spreadAround(control, centre) {
    // An uncertain input keeps its spread around a new median: [P5, P95] there, or null for a constant.
    if (!control.uncertain || control.p5 === null || control.p95 === null) return null;
    let low, high;
    if (control.spread === "scale" && centre > 0) {
      low = control.p5 * centre / control.value;
      high = control.p95 * centre / control.value;
    } else {
      low = control.p5 + centre - control.value;
      high = control.p95 + centre - control.value;
    }
    if (control.lower !== null) { low = Math.max(low, control.lower); high = Math.max(high, control.lower); }
    if (control.upper !== null) { low = Math.min(low, control.upper); high = Math.min(high, control.upper); }
    if (!(high - low > 1e-6 * Math.max(Math.abs(high), Math.abs(low), 1e-12))) return null;
    return [low, high];
  }

  function overrideFor(control, centre) {
    // A constant takes the new value; an uncertain input keeps its spread around the new median;
    // a whole-path multiplier is sent as "x1.2" (every anchor and every draw times 1.2).
    if (control.multiplier) return `x${plain(centre)}`;
    const around = spreadAround(control, centre);
    return around ? `${plain(around[0])} to ${plain(around[1])}` : plain(centre);
  }

  function source() {
    const overrides = {};
    for (const control of state.controls) {
      if (control.path in state.values) overrides[control.path] = overrideFor(control, state.values[control.path]);
    }
    const body = { overrides, samples: state.samples, seed: state.seed };
    if (state.yaml !== null) body.text = state.yaml; else body.scenario = state.scenario;
    return body;
  }

  // --- controls ----------------------------------------------------------------------------

  function shown(control, canonical) { return canonical / control.display_scale; }

  function describeRange(control, centre) {
    // the 90% range that will be sent: the scenario's, moved with the median when the value moves
    const around = spreadAround(control, centre === undefined ? control.value : centre);
    if (!around) return "";
    return _("uncertain: 90% between {low} and {high} {unit}", {
      low: fmt(shown(control, around[0])), high: fmt(shown(control, around[1])), unit: control.display_unit });
  }

  function boundsMessage(control) {
    const lo = control.lower === null ? null : fmt(shown(control, control.lower), 6);
    const hi = control.upper === null ? null : fmt(shown(control, control.upper), 6);
    const unit = control.display_unit || "";
    if (lo !== null && hi !== null) return _("must be between {low} and {high} {unit}", { low: lo, high: hi, unit }).trim();
    if (lo !== null) return _("must be at least {low} {unit}", { low: lo, unit }).trim();
    return _("must be at most {high} {unit}", { high: hi, unit }).trim();
  }

  function renderControls() {
    const root = $("controls");
    root.replaceChildren();
    let section = null;
    state.controls.forEach((control, i) => {
      if (control.section !== section) {
        section = control.section;
        root.append(el("h3", { class: "section-title", text: section }));
      }
      const id = `control-${i}`;
      const scale = control.display_scale;
      const step = control.step / scale;
      const range = el("input", {
        type: "range", id: `${id}-range`, min: String(control.min / scale), max: String(control.max / scale),
        step: String(step), "aria-label": control.label,
      });
      const number = el("input", { type: "number", id, step: "any", "aria-describedby": `${id}-error` });
      const error = el("div", { class: "control-error", id: `${id}-error`, role: "alert" });
      const reset = el("button", { type: "button", class: "reset", title: _("Back to the scenario's value"),
        text: _("reset") });
      const box = el("div", { class: "control", "data-path": control.path, title: control.help || "" },
        el("div", { class: "control-head" }, el("label", { for: id, text: control.label }), reset),
        el("div", { class: "control-row" }, range, number, el("span", { class: "unit", text: control.display_unit })),
        error,
        el("div", { class: "control-note", text: describeRange(control) }));
      const note = box.querySelector(".control-note");
      root.append(box);
      const digits = Math.min(6, Math.max(0, -Math.floor(Math.log10(step))) + 1);

      function show(canonical) {
        range.value = String(shown(control, canonical));
        number.value = String(Number(shown(control, canonical).toFixed(digits)));
        box.classList.toggle("changed", control.path in state.values);
        note.textContent = describeRange(control, canonical);
      }
      function setError(message) {
        error.textContent = message || "";
        number.setAttribute("aria-invalid", message ? "true" : "false");
        if (message) state.invalid.add(control.path); else state.invalid.delete(control.path);
      }
      control.show = show;
      control.setError = setError;
      show(control.path in state.values ? state.values[control.path] : control.value);

      range.addEventListener("input", () => {
        const canonical = Number(range.value) * scale;
        state.values[control.path] = control.integer ? Math.round(canonical) : canonical;
        setError("");
        number.value = String(Number(Number(range.value).toFixed(digits)));
        note.textContent = describeRange(control, state.values[control.path]);
        box.classList.add("changed");
        scheduleFrame();
      });
      number.addEventListener("input", () => {
        const text = number.value.trim();
        const typed = Number(text);
        if (text === "" || !Number.isFinite(typed)) {
          setError(text === "" ? _("enter a number") : _("not a number"));
          return;
        }
        const canonical = typed * scale;
        if ((control.lower !== null && canonical < control.lower - 1e-12)
            || (control.upper !== null && canonical > control.upper + 1e-12)) {
          setError(_("{value} {unit}: {problem}", { value: fmt(typed, 6), unit: control.display_unit,
            problem: boundsMessage(control) }));
          return;
        }
        if (control.integer && !Number.isInteger(typed)) {
          setError(_("enter a whole year"));
          return;
        }
        setError("");
        state.values[control.path] = canonical;
        range.value = String(typed);
        note.textContent = describeRange(control, canonical);
        box.classList.add("changed");
        schedule(250);
      });
      // the browser marks a non-number typed into a number input as "badInput" with an empty value
      number.addEventListener("blur", () => {
        if (number.validity && number.validity.badInput) setError(_("not a number"));
      });
      reset.addEventListener("click", () => {
        delete state.values[control.path];
        setError("");
        show(control.value);
        schedule(0);
      });
    });
  }

  function showProblems(problems) {
    // A problem caused by an override is shown under its control.
    let shownInline = false;
    for (const control of state.controls) {
      const own = problems.filter((p) => p.path === control.path || p.file === `--set ${control.path}`
        || (p.path && p.path.startsWith(control.path + ".")));
      if (own.length && control.setError) {
        control.setError(own.map((p) => p.message).join("; "));
        shownInline = true;
      }
    }
    return shownInline;
  }

  async function loadControls() {
    const data = state.yaml !== null
      ? await api("POST", `/api/controls?${LANG_QUERY}`, { text: state.yaml })
      : await api("GET", `/api/scenarios/${encodeURIComponent(state.scenario)}/controls?${LANG_QUERY}`);
    state.controls = data.controls;
    const known = new Set(state.controls.map((c) => c.path));
    for (const path of Object.keys(state.values)) if (!known.has(path)) delete state.values[path];
    state.invalid.clear();
    renderControls();
  }

  // --- running -----------------------------------------------------------------------------

  let timer = null;
  let frame = 0;
  let inFlight = false;
  let pending = false;

  function schedule(delay) {
    clearTimeout(timer);
    cancelAnimationFrame(frame);
    timer = setTimeout(run, delay);
  }

  function scheduleFrame() {
    // a slider's moves within one frame make one request; while one is answered, the last move waits (run())
    clearTimeout(timer);
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => run());
  }

  // An answer usually has the page's shape of the last one (the same cards, lines and years, new numbers): then
  // only the texts that changed are written, and the browser restyles and lays out those alone.
  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  const shapes = new WeakMap();  // node -> the shape of the answer its children were built for

  function sameShape(root, shape) {
    // whether root was built for this shape; remembers it for the next answer
    if (shapes.get(root) === shape) return true;
    shapes.set(root, shape);
    return false;
  }

  function cardNodes(cards) {
    return cards.map((card) => el("div", { class: "card" },
      el("div", { class: "label", text: card.label }),
      el("div", { class: "value", text: card.value }),
      el("div", { class: "detail", text: card.detail })));
  }

  function updateCards(nodes, cards) {
    cards.forEach((card, i) => {
      setText(nodes[i].querySelector(".value"), card.value);
      setText(nodes[i].querySelector(".detail"), card.detail);
    });
  }

  function renderHeadline(headline) {
    const cards = $("cards");
    const labels = JSON.stringify(headline.cards.map((c) => c.label));
    if (sameShape(cards, labels)) updateCards(cards.children, headline.cards);
    else cards.replaceChildren(...cardNodes(headline.cards));
    const sentences = $("sentences");
    if (sameShape(sentences, String(headline.sentences.length))) {
      headline.sentences.forEach((text, i) => setText(sentences.children[i], text));
    } else {
      sentences.replaceChildren(...headline.sentences.map((text) => el("p", { text })));
    }
  }

  // Charts on screen are drawn with the answer; the others when they come into view, or in the tasks after
  // the page has painted (one chart a task, so that a slider stays responsive), whichever is first.
  const onScreen = new Set();  // keys of the charts in or near the viewport
  const waiting = new Map();   // key -> the newest figure of a chart not drawn yet
  let draining = false;
  const drawnFigures = new WeakMap();  // chart node -> the JSON of the figure it shows
  const watcher = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const key = entry.target.dataset.key;
      if (entry.isIntersecting) {
        onScreen.add(key);
        if (waiting.has(key)) drawWaiting(key);
      } else {
        onScreen.delete(key);
      }
    }
  }, { rootMargin: "100px" });

  function drawChart(node, chart) {
    // a figure the same as the one drawn (an input that does not change this chart) is not drawn again
    const text = JSON.stringify(chart.figure);
    if (drawnFigures.get(node) === text) return;
    const layout = Object.assign({}, chart.figure.layout || {}, { autosize: true });
    delete layout.width;
    // the title as a heading of the page, which wraps (a long title drawn by Plotly is cut at the card's edge)
    const title = (layout.title && layout.title.text) || "";
    node.querySelector(".chart-title").textContent = title.replace(/<br>/g, " ");
    const legendAbove = layout.showlegend !== false && (layout.legend || {}).orientation !== "v";
    const marksAbove = (layout.annotations || []).some((a) => String(a.yref || "").endsWith("domain") && (a.y || 0) >= 1);
    layout.title = { text: "" };
    layout.margin = Object.assign({}, layout.margin || {}, { t: Math.max(legendAbove ? 36 : 8, marksAbove ? 26 : 0) });
    // tick labels drawn inside the margins cannot run past the chart: Plotly need not measure each one to hide it
    for (const axis of ["xaxis", "yaxis"]) {
      if (layout[axis]) layout[axis] = Object.assign({ ticklabeloverflow: "allow" }, layout[axis]);
    }
    Plotly.react(node.querySelector(".plot"), chart.figure.data || [], layout, PLOT_CONFIG);
    drawnFigures.set(node, text);
  }

  function markWaiting() {
    // #charts carries data-waiting (how many charts are not drawn yet) until every chart shows the last answer
    const root = $("charts");
    if (waiting.size) root.dataset.waiting = String(waiting.size); else delete root.dataset.waiting;
  }

  function drawWaiting(key) {
    const node = $("charts").querySelector(`[data-key="${key}"]`);
    const chart = waiting.get(key);
    waiting.delete(key);
    if (node && chart) drawChart(node, chart);
    markWaiting();
  }

  function drainSoon() {
    // after the next paint: the charts on screen are shown first
    if (draining || !waiting.size) return;
    draining = true;
    requestAnimationFrame(() => setTimeout(function next() {
      const key = waiting.keys().next().value;
      if (key === undefined) { draining = false; return; }
      drawWaiting(key);
      setTimeout(next, 0);
    }, 0));
  }

  function renderCharts(charts) {
    const root = $("charts");
    const keep = new Set(charts.map((c) => c.key));
    for (const node of Array.from(root.children)) {
      if (!keep.has(node.dataset.key)) {
        watcher.unobserve(node);
        waiting.delete(node.dataset.key);
        Plotly.purge(node.querySelector(".plot"));
        node.remove();
      }
    }
    charts.forEach((chart, i) => {
      let node = root.querySelector(`[data-key="${chart.key}"]`);
      const fresh = !node;
      if (fresh) {
        node = el("div", { class: "chart", id: `chart-${chart.key}` },
          el("h4", { class: "chart-title" }), el("div", { class: "plot" }));
        node.dataset.key = chart.key;
      }
      if (root.children[i] !== node) root.insertBefore(node, root.children[i] || null);
      if (fresh) watcher.observe(node);
      if (fresh || onScreen.has(chart.key)) {
        waiting.delete(chart.key);
        drawChart(node, chart);
      } else {
        waiting.set(chart.key, chart);
      }
    });
    markWaiting();
    drainSoon();
  }

  // the three statements of the median future, years across, US$ billions
  function renderStatements(statements, years, valuation) {
    const root = $("statements");
    if (!root) return;
    const billions = (v) => (v === null ? "–" : `${v < 0 ? "-" : ""}$${fmt(Math.abs(v) / 1e9, 1)}B`);
    const noteText = statements.length ? _(
      "The median future (sample {sample}): its cumulative free cash flow is the median of all futures.",
      { sample: localDigits(String(statements[0].sample)) }) : "";
    const shape = JSON.stringify([years, statements.map((s) => [s.title, s.lines.map((line) => line.label)]),
      valuation.map((card) => card.label)]);
    if (sameShape(root, shape)) {
      if (statements.length) setText(root.querySelector(":scope > p.status"), noteText);
      root.querySelectorAll(":scope > .statement").forEach((table, i) => {
        const rows = table.querySelector("tbody").children;
        statements[i].lines.forEach((line, j) => {
          const cells = rows[j].children;
          line.values.forEach((v, k) => setText(cells[k + 1], billions(v)));
        });
      });
      const cards = root.querySelector(":scope > .cards");
      if (cards) updateCards(cards.children, valuation);
      return;
    }
    const tables = statements.map((s) => el("div", { class: "statement" },
      el("h3", { text: s.title }),
      el("div", { class: "table-scroll" }, el("table", { class: "numbers" },
        el("thead", {}, el("tr", {}, el("th", { text: "" }),
          ...years.map((y) => el("th", { text: localDigits(String(y)) })))),
        el("tbody", {}, ...s.lines.map((line) => el("tr", {}, el("td", { text: line.label }),
          ...line.values.map((v) => el("td", { text: billions(v) })))))))));
    const cards = valuation.length ? [el("h3", { text: _("Valuation") }),
      el("div", { class: "cards" }, ...cardNodes(valuation))] : [];
    const note = statements.length ? [el("p", { class: "status", text: noteText })] : [];
    root.replaceChildren(...note, ...tables, ...cards);
  }

  // a network's tables: the expected loss per link and the defaults per entity (cells written by the server)
  function renderNetwork(network) {
    const root = $("network");
    if (!root) return;
    if (!network) { root.replaceChildren(); return; }
    const numeric = new Set(["paid", "expected loss", "share lost", "default probability", "first default"]);
    const table = (rows, cls) => {
      const keys = rows.length ? Object.keys(rows[0]) : [];
      return el("div", { class: "table-scroll" }, el("table", { class: cls },
        el("thead", {}, el("tr", {}, ...keys.map((k) => el("th", { class: numeric.has(k) ? "num" : "",
          text: network.columns[k] || k })))),
        el("tbody", {}, ...rows.map((row) => el("tr", {}, ...keys.map((k) => el("td", {
          class: numeric.has(k) ? "num" : "", text: row[k] })))))));
    };
    root.replaceChildren(
      el("h3", { text: _("Expected loss per link") }), table(network.links, "numbers network-links"),
      el("h3", { text: _("Defaults by entity") }), table(network.entities, "numbers network-entities"));
  }

  // keep every chart as wide as its cell (the grid changes width when a scrollbar comes or goes)
  const resizer = new ResizeObserver((entries) => {
    for (const entry of entries) {
      for (const node of entry.target.querySelectorAll(".js-plotly-plot")) Plotly.Plots.resize(node);
    }
  });

  async function run() {
    if (state.invalid.size) {
      setStatus(_("Fix the highlighted value to update the charts."));
      return;
    }
    if (inFlight) { pending = true; return; }
    inFlight = true;
    const started = performance.now();
    setStatus(_("Simulating…"), true);
    $("charts").classList.add("busy");
    try {
      const answer = api("POST", "/api/charts", { ...source(), lang: I18N.lang, digits: I18N.digits });
      writeHash();  // the link to this view, written while the server works
      const data = await answer;
      banner("");
      renderHeadline(data.headline);
      renderCharts(data.charts);
      renderNetwork(data.network || null);
      renderStatements(data.statements || [], data.years, data.valuation || []);
      const elapsed = performance.now() - started;
      setStatus(ngettext("{scenario} · {samples} simulated future · seed {seed} · answered in {ms} ms (server {server} ms)",
        "{scenario} · {samples} simulated futures · seed {seed} · answered in {ms} ms (server {server} ms)",
        data.samples, { scenario: data.scenario, samples: data.samples.toLocaleString(I18N.intl),
          seed: localDigits(String(data.seed)), ms: fmt(elapsed, 0),
          server: fmt(data.timings_ms.total, 0) }));
    } catch (exc) {
      const inline = exc.problems && showProblems(exc.problems);
      if (!inline) banner(exc.message);
      setStatus(inline ? _("Fix the highlighted value to update the charts.") : _("The last change could not be run."));
    } finally {
      $("charts").classList.remove("busy");
      inFlight = false;
      if (pending) { pending = false; run(); }
    }
  }

  function setStatus(text, busy) {
    const node = $("status");
    node.textContent = text;
    node.classList.toggle("busy", Boolean(busy));
  }

  // --- editor ------------------------------------------------------------------------------

  const editor = { timer: null, valid: true, sequence: 0, problems: [] };

  function lineCount(text) { return text.split("\n").length; }

  function renderGutter() {
    const text = $("yaml").value;
    const bad = new Set(editor.problems.map((p) => p.line).filter(Boolean));
    const gutter = $("gutter");
    const lines = [];
    for (let i = 1; i <= lineCount(text); i++) {
      lines.push(bad.has(i) ? `<span class="err">${i}</span>` : String(i));
    }
    gutter.innerHTML = lines.join("\n") + "\n";
    const marks = $("marks");
    marks.replaceChildren(...Array.from(bad).map((line) => {
      const mark = el("div", { "data-line": String(line) });
      mark.style.top = `${8 + (line - 1) * 20 - $("yaml").scrollTop}px`;
      return mark;
    }));
  }

  function syncScroll() {
    const area = $("yaml");
    $("gutter").scrollTop = area.scrollTop;
    for (const mark of $("marks").children) {
      mark.style.top = `${8 + (Number(mark.dataset.line) - 1) * 20 - area.scrollTop}px`;
    }
  }

  function renderProblems() {
    const list = $("problems");
    list.replaceChildren(...editor.problems.map((p) => {
      const where = !p.line ? p.file : p.column ? _("line {line}, column {column}", { line: p.line, column: p.column })
        : _("line {line}", { line: p.line });
      const item = el("li", {}, el("strong", { text: where }), " ",
        p.path ? el("code", { text: p.path }) : "", p.path ? ": " : "", p.message);
      item.addEventListener("click", () => goToLine(p.line));
      return item;
    }));
    const status = $("editor-state");
    status.className = "editor-state " + (editor.valid ? "ok" : "bad");
    status.textContent = editor.valid ? _("Valid scenario.")
      : ngettext("{n} problem.", "{n} problems.", editor.problems.length,
        { n: editor.problems.length.toLocaleString(I18N.intl) });
    $("editor-apply").disabled = !editor.valid;
  }

  function goToLine(line) {
    if (!line) return;
    const area = $("yaml");
    const lines = area.value.split("\n");
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    area.focus();
    area.setSelectionRange(start, start + (lines[line - 1] || "").length);
    area.scrollTop = Math.max(0, (line - 5) * 20);
    syncScroll();
  }

  async function validateNow() {
    const sequence = ++editor.sequence;
    const text = $("yaml").value;
    try {
      const data = await api("POST", `/api/validate?${LANG_QUERY}`, { text });
      if (sequence !== editor.sequence) return;
      editor.valid = data.valid;
      editor.problems = data.problems;
    } catch (exc) {
      if (sequence !== editor.sequence) return;
      editor.valid = false;
      editor.problems = [{ file: "<text>", line: null, column: null, path: "", message: exc.message }];
    }
    renderProblems();
    renderGutter();
  }

  async function openEditor() {
    if (state.yaml !== null) {
      $("yaml").value = state.yaml;
    } else {
      const detail = await api("GET", `/api/scenarios/${encodeURIComponent(state.scenario)}`);
      $("yaml").value = detail.yaml;
    }
    editor.problems = [];
    renderGutter();
    validateNow();
  }

  function selectTab(which) {
    const charts = which === "charts";
    $("tab-charts").setAttribute("aria-selected", String(charts));
    $("tab-editor").setAttribute("aria-selected", String(!charts));
    $("view-charts").hidden = !charts;
    $("view-editor").hidden = charts;
    if (!charts) openEditor().catch((exc) => banner(exc.message));
    else window.dispatchEvent(new Event("resize"));
  }

  // --- downloads ---------------------------------------------------------------------------

  async function download(button, path, filename) {
    button.classList.add("working");
    button.disabled = true;
    try {
      const blob = await api("POST", path, source());
      const url = URL.createObjectURL(blob);
      const link = el("a", { href: url, download: filename });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      banner("");
    } catch (exc) {
      banner(exc.message);
    } finally {
      button.classList.remove("working");
      button.disabled = false;
    }
  }

  function baseName() { return state.yaml !== null ? "scenario" : state.scenario; }

  // --- start -------------------------------------------------------------------------------

  async function start() {
    const wanted = readHash();
    state.samples = wanted.samples || state.samples;
    state.seed = wanted.seed !== undefined ? wanted.seed : state.seed;
    state.yaml = wanted.yaml;
    const list = await api("GET", "/api/scenarios");
    const select = $("scenario");
    select.replaceChildren(...list.map((s) => el("option", { value: s.name, text: s.name, title: s.description })));
    const names = list.map((s) => s.name);
    state.scenario = names.includes(wanted.scenario) ? wanted.scenario
      : names.includes(DEFAULT_SCENARIO) ? DEFAULT_SCENARIO : names[0] || null;
    if (!state.scenario && state.yaml === null) {
      setStatus(_("No bundled scenario is installed."));
      return;
    }
    select.value = state.scenario || "";
    const samples = $("samples");
    if (!Array.from(samples.options).some((o) => Number(o.value) === state.samples)) {
      samples.append(el("option", { value: String(state.samples), text: state.samples.toLocaleString(I18N.intl) }));
    }
    samples.value = String(state.samples);
    $("seed").value = String(state.seed);
    state.values = wanted.values;
    await loadControls();
    await run();
  }

  function wire() {
    languageLinks();
    resizer.observe($("charts"));
    $("scenario").addEventListener("change", async (event) => {
      state.scenario = event.target.value;
      state.yaml = null;
      state.values = {};
      try { await loadControls(); } catch (exc) { banner(exc.message); return; }
      if (!$("view-editor").hidden) openEditor();
      schedule(0);
    });
    $("samples").addEventListener("change", (event) => { state.samples = Number(event.target.value); schedule(0); });
    $("seed").addEventListener("input", (event) => {
      const seed = Number(event.target.value);
      const ok = event.target.value !== "" && Number.isInteger(seed) && seed >= 0;
      event.target.setAttribute("aria-invalid", ok ? "false" : "true");
      if (ok) { state.seed = seed; schedule(250); }
    });
    $("reset-all").addEventListener("click", () => {
      state.values = {};
      state.invalid.clear();
      renderControls();
      schedule(0);
    });
    $("tab-charts").addEventListener("click", () => selectTab("charts"));
    $("tab-editor").addEventListener("click", () => selectTab("editor"));
    $("yaml").addEventListener("input", () => {
      renderGutter();
      clearTimeout(editor.timer);
      editor.timer = setTimeout(validateNow, 300);
    });
    $("yaml").addEventListener("scroll", syncScroll);
    $("yaml").addEventListener("keydown", (event) => {
      if (event.key === "Tab") {
        event.preventDefault();
        const area = event.target;
        const at = area.selectionStart;
        area.setRangeText("  ", at, area.selectionEnd, "end");
        area.dispatchEvent(new Event("input"));
      }
    });
    $("editor-apply").addEventListener("click", async () => {
      state.yaml = $("yaml").value;
      state.values = {};
      try { await loadControls(); } catch (exc) { banner(exc.message); return; }
      selectTab("charts");
      schedule(0);
    });
    $("editor-revert").addEventListener("click", async () => {
      const edited = state.yaml !== null;
      state.yaml = null;
      await openEditor();
      if (edited) {
        state.values = {};
        await loadControls();
        schedule(0);
      }
    });
    $("download-report").addEventListener("click", (e) =>
      download(e.target, `/api/report?download=true&${LANG_QUERY}`,
        `${baseName()}-report${I18N.lang === "en" ? "" : "-" + I18N.lang}.html`));
    $("download-xlsx").addEventListener("click", (e) =>
      download(e.target, "/api/export?format=xlsx", `${baseName()}.xlsx`));
    $("download-csv").addEventListener("click", (e) =>
      download(e.target, "/api/export?format=csv", `${baseName()}.csv`));
    $("copy-link").addEventListener("click", async () => {
      writeHash();
      try {
        await navigator.clipboard.writeText(location.href);
        setStatus(_("Link copied: it reproduces this view."));
      } catch (exc) {
        setStatus(_("Link: {url}", { url: location.href }));
      }
    });
  }

  window.addEventListener("DOMContentLoaded", () => {
    wire();
    start().catch((exc) => { banner(exc.message); setStatus(_("The dashboard could not start.")); });
  });
})();
