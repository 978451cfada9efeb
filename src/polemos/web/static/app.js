// polemos dashboard: map, timeline, actor network, claims and events from the local REST API.
"use strict";
const STATUSES = ["reported", "claimed", "disputed", "unconfirmed", "hypothetical", "planned"];
const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
  "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];

const el = (tag, attrs = {}, text) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
};

function query() {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData(document.getElementById("filters"))) if (v) params.set(k, v);
  return params.toString();
}

async function getJSON(path) {
  const res = await fetch(path);
  const body = await res.json();
  if (!res.ok) throw new Error(`${body.error}: ${body.message}`);
  return body;
}

function table(container, columns, rows) {
  container.replaceChildren();
  if (!rows.length) { container.append(el("p", { class: "missing" }, "nothing stored for these filters")); return; }
  const t = el("table"), head = el("tr");
  columns.forEach(([label]) => head.append(el("th", {}, label)));
  t.append(head);
  for (const row of rows) {
    const tr = el("tr");
    for (const [, get] of columns) {
      const value = get(row);
      const td = el("td");
      if (value instanceof Node) td.append(value); else td.textContent = value ?? "";
      tr.append(td);
    }
    t.append(tr);
  }
  container.append(t);
}

const statusBadge = (s) => el("span", { class: `status ${s}` }, s);

let map, markers, worldLayer;
async function drawMap(qs) {
  const box = document.getElementById("map");
  if (typeof L === "undefined") { box.replaceChildren(el("p", { class: "missing" }, "map library missing: run `make web`")); return; }
  if (!map) {
    map = L.map(box, { worldCopyJump: true }).setView([30, 30], 2);
    try {  // offline base map: country outlines from the world-atlas npm package, no tile server
      const topo = await getJSON("/static/vendor/countries-50m.json");
      worldLayer = L.geoJSON(topojson.feature(topo, topo.objects.countries),
        { style: { color: "#888", weight: 0.6, fillColor: "#e8e4da", fillOpacity: 1 } }).addTo(map);
    } catch (e) { console.warn("no base map", e); }
    markers = L.layerGroup().addTo(map);
  }
  markers.clearLayers();
  const geo = await getJSON(`/api/events.geojson?${qs}`);
  const bounds = [];
  for (const f of geo.features) {
    const [lon, lat] = f.geometry.coordinates, p = f.properties;
    bounds.push([lat, lon]);
    L.circleMarker([lat, lon], { radius: 5 + Math.min(8, p.fatalities || 0), color: "#a33", weight: 1, fillOpacity: 0.6 })
      .bindPopup(`<b>${p.type}</b> ${p.mode || ""} — <i>${p.status}</i><br>${p.place_name || ""} ${p.date || ""}<br>` +
        `${p.source_name || "?"} → ${p.target_name || "?"}<br><small>${escapeHtml(p.evidence_text)}</small>`)
      .addTo(markers);
  }
  if (bounds.length) map.fitBounds(bounds, { maxZoom: 7, padding: [20, 20] });
}

const escapeHtml = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function drawTimeline(qs) {
  const box = document.getElementById("timeline");
  const rows = (await getJSON(`/api/timeline?${qs}`)).filter((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.date));
  box.replaceChildren();
  if (!rows.length) { box.append(el("p", { class: "missing" }, "no day-precision dates")); return; }
  const byDay = new Map();
  rows.forEach((r) => byDay.set(r.date, (byDay.get(r.date) || 0) + r.n));
  const days = [...byDay.keys()].sort(), max = Math.max(...byDay.values());
  const t0 = Date.parse(days[0]), t1 = Date.parse(days[days.length - 1]), span = Math.max(1, (t1 - t0) / 864e5);
  const W = 560, H = 300, pad = 30, bw = Math.max(2, Math.min(24, (W - 2 * pad) / (span + 1) - 1));
  const xOf = (d) => pad + ((Date.parse(d) - t0) / 864e5 / span) * (W - 2 * pad - bw);  // a true time axis
  const ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`); svg.setAttribute("width", "100%");
  days.forEach((d) => {
    const h = ((H - 2 * pad) * byDay.get(d)) / max, x = xOf(d);
    const rect = document.createElementNS(ns, "rect");
    Object.entries({ x, y: H - pad - h, width: bw, height: h, class: "bar" }).forEach(([k, v]) => rect.setAttribute(k, v));
    const tip = document.createElementNS(ns, "title"); tip.textContent = `${d}: ${byDay.get(d)} event(s)`; rect.append(tip);
    svg.append(rect);
  });
  [[days[0], pad], [days[days.length - 1], W - 70], [`max ${max}/day`, pad]].forEach(([label, x], i) => {
    const t = document.createElementNS(ns, "text");
    t.setAttribute("x", x); t.setAttribute("y", i === 2 ? pad - 8 : H - 10); t.setAttribute("class", "axis"); t.textContent = label; svg.append(t);
  });
  box.append(svg);
}

let cy;
async function drawNetwork(qs) {
  const box = document.getElementById("network");
  if (typeof cytoscape === "undefined") { box.replaceChildren(el("p", { class: "missing" }, "network library missing: run `make web`")); return; }
  const net = await getJSON(`/api/network?${qs}`);
  const elements = [
    ...net.nodes.map((n) => ({ data: { id: n.id, label: `${n.name}${n.country ? " (" + n.country + ")" : ""}` } })),
    ...net.edges.map((e, i) => ({ data: { id: `e${i}`, source: e.source, target: e.target, label: `${e.type} ×${e.n}` } })),
  ];
  if (cy) cy.destroy();
  cy = cytoscape({ container: box, elements, layout: { name: "cose", animate: false },
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 9, "background-color": "#3c6e99", width: 14, height: 14 } },
      { selector: "edge", style: { label: "data(label)", "font-size": 7, "curve-style": "bezier", "target-arrow-shape": "triangle", width: 1.5, "line-color": "#aaa", "target-arrow-color": "#aaa" } },
    ] });
}

// relations: typed, directed, coloured edges; click an edge for its evidence sentences
const RELATION_COLOURS = { alliance: "#1b7837", member_of: "#5aae61", arms_supplier: "#b2182b", backs: "#ef8a62",
  hosts_base: "#762a83", sponsors: "#d6604d", fights_for: "#8c510a", mediates: "#2166ac", controls: "#999999",
  recognizes: "#4393c3", rivals: "#000000", cooperates_with: "#92c5de" };
let relCy;
async function drawRelations() {
  const box = document.getElementById("relations");
  if (typeof cytoscape === "undefined") { box.replaceChildren(el("p", { class: "missing" }, "network library missing: run `make web`")); return; }
  const rows = await getJSON("/api/relations");
  const nodes = new Map();
  rows.forEach((r) => [[r.source_country || r.source, r.source], [r.target_country || r.target, r.target]]
    .forEach(([id, name]) => { if (id) nodes.set(id, name); }));
  const elements = [
    ...[...nodes].map(([id, name]) => ({ data: { id, label: name } })),
    ...rows.filter((r) => (r.source_country || r.source) && (r.target_country || r.target)).map((r, i) => ({ data: {
      id: `r${i}`, source: r.source_country || r.source, target: r.target_country || r.target, row: i,
      label: `${r.negated ? "not " : ""}${r.type}${r.obligation ? " (" + r.obligation + ")" : ""} ×${r.mentions.length}`,
      colour: RELATION_COLOURS[r.type] || "#888", dash: r.negated ? "dashed" : "solid" } })),
  ];
  if (relCy) relCy.destroy();
  relCy = cytoscape({ container: box, elements, layout: { name: "cose", animate: false },
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 9, "background-color": "#555", width: 14, height: 14 } },
      { selector: "edge", style: { label: "data(label)", "font-size": 7, "curve-style": "bezier", "target-arrow-shape": "triangle",
        width: 2, "line-color": "data(colour)", "target-arrow-color": "data(colour)", "line-style": "data(dash)" } },
    ] });
  relCy.on("tap", "edge", (ev) => {
    const r = rows[ev.target.data("row")];
    const box2 = document.getElementById("relation-evidence");
    box2.replaceChildren(el("strong", {}, `${r.source} → ${r.target}: ${r.type} (${r.statuses.join(", ")}, ${r.first || "?"} … ${r.last || "?"})`));
    r.mentions.forEach((m) => box2.append(el("blockquote", {}, `${m.evidence} [${m.status}; ${m.article}]`)));
  });
}

async function askScenario(q) {
  const box = document.getElementById("scenario");
  box.replaceChildren(el("p", {}, "asking…"));
  try {
    const a = await getJSON(`/api/scenario?q=${encodeURIComponent(q)}`);
    box.replaceChildren(el("p", {}, `${a.scenario.type} by ${a.scenario.source || "?"} on ${a.scenario.target || a.scenario.place || "?"}`));
    for (const [title, key] of [["drawn in", "drawn_in"], ["not drawn in", "not_drawn_in"]]) {
      box.append(el("h3", {}, `${title}: ${a[key].length ? "" : "nobody, on the stored evidence"}`));
      for (const e of a[key]) {
        box.append(el("p", {}, `${e.actor.name} (${e.actor.country || "-"}): ${e.response || "?"}${e.likelihood ? ", " + e.likelihood : ""}`));
        e.via.forEach((v) => box.append(el("blockquote", {}, `${v.kind} ${v.commitment || v.relation}: ${v.evidence.text}`)));
      }
    }
  } catch (err) { box.replaceChildren(el("p", { class: "missing" }, String(err.message || err))); }
}

async function drawClaims(qs) {
  const rows = await getJSON(`/api/claims?${qs}&limit=300`);
  table(document.getElementById("claims"), [
    ["claimant", (r) => r.claimant || "(unattributed)"], ["stance", (r) => r.stance], ["event", (r) => r.type],
    ["status", (r) => statusBadge(r.status)], ["date", (r) => r.date], ["evidence", (r) => r.evidence_text],
  ], rows);
}

async function drawEvents(qs) {
  const rows = await getJSON(`/api/events?${qs}&limit=500`);
  table(document.getElementById("events"), [
    ["date", (r) => r.date], ["type", (r) => r.type], ["mode", (r) => r.mode], ["status", (r) => statusBadge(r.status)],
    ["source", (r) => r.source_name], ["target", (r) => r.target_name], ["place", (r) => r.place_name],
    ["deaths", (r) => r.fatalities], ["evidence", (r) => r.evidence_text],
  ], rows);
}

async function refresh() {
  const qs = query();
  const stats = await getJSON("/api/stats");
  document.getElementById("stats").textContent =
    `${stats.counts.articles} articles · ${stats.counts.events} events · ${stats.counts.claims} claims · ${stats.counts.failed_inputs} failed inputs`;
  const results = await Promise.allSettled([drawMap(qs), drawTimeline(qs), drawNetwork(qs), drawRelations(), drawClaims(qs), drawEvents(qs)]);
  results.filter((r) => r.status === "rejected").forEach((r) => console.error(r.reason));
}

function init() {
  const form = document.getElementById("filters");
  TYPES.forEach((t) => form.type.append(el("option", { value: t }, t)));
  STATUSES.forEach((s) => form.status.append(el("option", { value: s }, s)));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); refresh(); });
  const sform = document.getElementById("scenario-form");
  sform.addEventListener("submit", (ev) => { ev.preventDefault(); if (sform.q.value) askScenario(sform.q.value); });
  refresh();
}
document.addEventListener("DOMContentLoaded", init);
