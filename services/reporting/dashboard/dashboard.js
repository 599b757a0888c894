// The provincial manager's dashboard: one request for the year's figures, four views of them.
"use strict";

const MARKETS = { JP: "Japan", KR: "Korea", TW: "Taiwan", DE: "Germany", SA: "Saudi Arabia",
  AE: "UAE", QA: "Qatar", BG: "Bulgaria", GR: "Greece", SG: "Singapore" };
const HOUSEHOLDS = { poor: "Poor", near_poor: "Near-poor", newly_escaped_poverty: "Newly escaped poverty",
  other: "Other" };
const LAYOUT = { margin: { l: 48, r: 12, t: 8, b: 90 }, font: { size: 11 }, paper_bgcolor: "#fff",
  plot_bgcolor: "#fff", legend: { orientation: "h", y: 1.12 } };
const CONFIG = { displayModeBar: false, responsive: true };

function choice() {
  const params = new URLSearchParams(location.search);
  return { province: params.get("province") || "14", year: params.get("year") || String(new Date().getFullYear()) };
}

function byBreakdown(figures, name, breakdown) {
  const found = {};
  for (const f of figures) if (f.figure === name && f.breakdown === breakdown) found[f.key] = f.value;
  return found;
}

function total(figures, name) {
  const f = figures.find((x) => x.figure === name && x.breakdown === "total");
  return f === undefined ? null : f.value;
}

function show(report) {
  const figures = report.figures;
  const names = report.commune_names || {};
  const label = (code) => names[code] || code;
  document.getElementById("province-name").textContent = report.province_name;
  document.getElementById("as-of").textContent = "as of " + report.as_of;
  for (const el of document.querySelectorAll("[data-figure]")) {
    const value = total(figures, el.dataset.figure);
    const percent = el.dataset.figure.endsWith("_pct") && typeof value === "number";
    el.textContent = value === null ? "–" : percent ? value.toFixed(1) : String(value);
  }

  const achievement = byBreakdown(figures, "achievement_pct", "commune");
  const targets = byBreakdown(figures, "target", "commune");
  const done = byBreakdown(figures, "departures_to_date", "commune");
  const communes = Object.keys(achievement).sort((a, b) => achievement[b] - achievement[a] || a.localeCompare(b));
  Plotly.newPlot("achievement", [{
    type: "bar", x: communes.map(label), y: communes.map((c) => achievement[c]),
    customdata: communes.map((c) => [done[c], targets[c]]), marker: { color: "#1f77b4" },
    hovertemplate: "%{x}: %{y}% (%{customdata[0]} of %{customdata[1]})<extra></extra>", name: "achievement",
  }], { ...LAYOUT, yaxis: { title: "% of target", rangemode: "tozero" },
    shapes: [{ type: "line", xref: "paper", x0: 0, x1: 1, y0: 100, y1: 100, line: { color: "#d62728", dash: "dash" } }],
    annotations: [{ xref: "paper", x: 1, y: 100, text: "target", showarrow: false, yanchor: "bottom", xanchor: "right",
      font: { color: "#d62728" } }] }, CONFIG);

  const monthly = byBreakdown(figures, "departures", "month_market");
  const months = [];
  for (let m = 1; m <= 12; m++) months.push(`${report.period.from.slice(0, 4)}-${String(m).padStart(2, "0")}`);
  const markets = [...new Set(Object.keys(monthly).map((k) => k.split("/")[1]))].sort();
  Plotly.newPlot("monthly", markets.map((market) => ({
    type: "bar", name: MARKETS[market] || market, x: months, y: months.map((m) => monthly[`${m}/${market}`] || 0),
  })), { ...LAYOUT, barmode: "stack", margin: { ...LAYOUT.margin, b: 40 }, yaxis: { title: "departures", dtick: 1 } }, CONFIG);

  const households = byBreakdown(figures, "departures", "household");
  const kinds = Object.keys(HOUSEHOLDS).filter((k) => households[k] > 0);
  Plotly.newPlot("households", [{
    type: "pie", labels: kinds.map((k) => HOUSEHOLDS[k]), values: kinds.map((k) => households[k]),
    hole: 0.4, sort: false, textinfo: "label+percent",
  }], { ...LAYOUT, margin: { l: 12, r: 12, t: 8, b: 8 }, showlegend: false,
    annotations: [{ text: String(total(figures, "departures")), showarrow: false, font: { size: 18 } }] }, CONFIG);

  const abroad = byBreakdown(figures, "abroad", "commune");
  const byCommuneMarket = byBreakdown(figures, "abroad", "commune_market");
  const rows = Object.keys(abroad).sort((a, b) => abroad[b] - abroad[a] || label(a).localeCompare(label(b)));
  const body = document.querySelector("#abroad tbody");
  body.replaceChildren(...rows.map((code) => {
    const tr = document.createElement("tr");
    tr.dataset.commune = code;
    const markets = Object.entries(byCommuneMarket).filter(([k]) => k.startsWith(code + "/"))
      .map(([k, n]) => `${MARKETS[k.split("/")[1]] || k.split("/")[1]} ${n}`).sort().join(", ");
    const cells = [label(code), code, abroad[code], markets];
    cells.forEach((text, i) => {
      const td = document.createElement("td");
      td.textContent = String(text);
      if (i === 2) { td.className = "n"; td.dataset.abroad = code; }
      tr.appendChild(td);
    });
    return tr;
  }));
  const byMarket = byBreakdown(figures, "abroad", "market");
  const note = document.createElement("tr");
  note.innerHTML = "<td colspan=4 class=muted></td>";
  note.firstChild.textContent = "By market: " + Object.keys(byMarket).sort()
    .map((m) => `${MARKETS[m] || m} ${byMarket[m]}`).join(", ");
  body.appendChild(note);
}

function token() {
  // A bearer token handed over in the address's fragment (never sent to any server), kept for
  // the tab's session so reloading keeps working.
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get("token")) {
    sessionStorage.setItem("homeward-token", fragment.get("token"));
    history.replaceState(null, "", location.pathname + location.search);
  }
  return sessionStorage.getItem("homeward-token");
}

async function load() {
  const { province, year } = choice();
  const form = document.getElementById("choose");
  form.province.value = province;
  form.year.value = year;
  document.getElementById("year").textContent = year;
  const status = document.getElementById("status");
  const url = `/provinces/${encodeURIComponent(province)}/figures?from=${year}-01-01&to=${year}-12-31`;
  try {
    const headers = { Accept: "application/json" };
    const bearer = token();
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    const response = await fetch(url, { headers, credentials: "same-origin" });
    if (response.status === 401) throw new Error("sign in: open this page with #token=<bearer token>");
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    show(await response.json());
    status.textContent = "";
    status.dataset.state = "ready";
  } catch (error) {
    status.textContent = "Could not load the figures: " + error.message;
    status.dataset.state = "failed";
  }
}

load();
