// The provincial manager's dashboard: the year's figures and aftercare's counts, in Vietnamese
// (the default) or English. Every word the page shows comes from STRINGS, one table per language.
"use strict";

const STRINGS = {
  vi: {
    page_title: "Homeward · báo cáo tỉnh",
    title: "Đưa người lao động đi làm việc ở nước ngoài",
    languages: "Ngôn ngữ",
    province: "Tỉnh",
    year: "Năm",
    show: "Xem",
    as_of: "số liệu đến {0}",
    departures: "người xuất cảnh",
    achievement_pct: "% kế hoạch năm",
    abroad: "người đang ở nước ngoài cuối năm",
    registrations: "người đăng ký",
    trained: "người đào tạo xong",
    loans_granted: "khoản vay được duyệt",
    communes_without_worker_abroad: "xã chưa có người ở nước ngoài",
    aftercare_heading: "Sau xuất cảnh: cần quan tâm ngay",
    without_contact: "người ở nước ngoài mất liên lạc quá {days} ngày",
    contracts_ending: "hợp đồng hết hạn trong {days} ngày tới hoặc đã hết hạn",
    incidents_past_sla: "vụ việc chưa giải quyết đã quá hạn xử lý",
    returns_without_plan: "người về nước chưa có kế hoạch tái hòa nhập",
    aftercare_unavailable: "Chưa lấy được số liệu sau xuất cảnh.",
    achievement_chart: "Tỷ lệ hoàn thành kế hoạch theo xã",
    monthly_chart: "Người xuất cảnh theo tháng và thị trường",
    households_chart: "Người xuất cảnh theo hoàn cảnh hộ",
    abroad_table: "Người đang ở nước ngoài theo xã",
    commune: "Xã, phường",
    code: "Mã",
    abroad_column: "Ở nước ngoài",
    markets: "Thị trường",
    by_market: "Theo thị trường: ",
    percent_of_target: "% kế hoạch",
    target_line: "kế hoạch",
    achievement_hover: "%{x}: %{y}% (%{customdata[0]} / %{customdata[1]} người)",
    departures_axis: "người xuất cảnh",
    loading: "Đang tải…",
    failed: "Không tải được số liệu: {0}",
    sign_in: "cần đăng nhập: mở trang với #token=<mã truy cập>",
    markets_names: { JP: "Nhật Bản", KR: "Hàn Quốc", TW: "Đài Loan", DE: "Đức", SA: "A-rập Xê-út",
      AE: "UAE", QA: "Qatar", BG: "Bun-ga-ri", GR: "Hy Lạp", SG: "Xin-ga-po" },
    households_names: { poor: "Hộ nghèo", near_poor: "Hộ cận nghèo",
      newly_escaped_poverty: "Hộ mới thoát nghèo", other: "Hộ khác" },
    number_locale: "vi-VN",
  },
  en: {
    page_title: "Homeward · province report",
    title: "Overseas work programme",
    languages: "Language",
    province: "Province",
    year: "Year",
    show: "Show",
    as_of: "as of {0}",
    departures: "departures",
    achievement_pct: "% of the year's target",
    abroad: "abroad at year end",
    registrations: "registered",
    trained: "trained",
    loans_granted: "loans granted",
    communes_without_worker_abroad: "communes with no worker abroad",
    aftercare_heading: "Aftercare: needs attention now",
    without_contact: "workers abroad without contact for over {days} days",
    contracts_ending: "contracts ending within {days} days, or ended",
    incidents_past_sla: "open incidents past their deadline",
    returns_without_plan: "returned workers without a reintegration plan",
    aftercare_unavailable: "Aftercare's figures are not available.",
    achievement_chart: "Achievement against target, by commune",
    monthly_chart: "Departures per month, by market",
    households_chart: "Departures by household category",
    abroad_table: "Workers abroad now, by commune",
    commune: "Commune",
    code: "Code",
    abroad_column: "Abroad",
    markets: "Markets",
    by_market: "By market: ",
    percent_of_target: "% of target",
    target_line: "target",
    achievement_hover: "%{x}: %{y}% (%{customdata[0]} of %{customdata[1]})",
    departures_axis: "departures",
    loading: "Loading…",
    failed: "Could not load the figures: {0}",
    sign_in: "sign in: open this page with #token=<bearer token>",
    markets_names: { JP: "Japan", KR: "Korea", TW: "Taiwan", DE: "Germany", SA: "Saudi Arabia",
      AE: "UAE", QA: "Qatar", BG: "Bulgaria", GR: "Greece", SG: "Singapore" },
    households_names: { poor: "Poor", near_poor: "Near-poor",
      newly_escaped_poverty: "Newly escaped poverty", other: "Other" },
    number_locale: "en-GB",
  },
};
const BASE_LAYOUT = { margin: { l: 48, r: 12, t: 8, b: 90 }, font: { size: 11 }, paper_bgcolor: "#fff",
  plot_bgcolor: "#fff", legend: { orientation: "h", y: 1.12 } };
const CONFIG = { displayModeBar: false, responsive: true };

function choice() {
  const params = new URLSearchParams(location.search);
  const lang = params.get("lang") || localStorage.getItem("homeward-lang") || "vi";
  return {
    province: params.get("province") || "14",
    year: params.get("year") || String(new Date().getFullYear()),
    lang: lang in STRINGS ? lang : "vi",
  };
}

const LANG = choice().lang;
const T = STRINGS[LANG];
// Plotly's decimal and thousands separators follow the language ("57,1%" in Vietnamese).
const LAYOUT = { ...BASE_LAYOUT, separators: LANG === "vi" ? ",." : ".," };

function say(key, values = {}) {
  return T[key].replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

function number(value, decimals = 0) {
  return new Intl.NumberFormat(T.number_locale, {
    minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
}

function translatePage(aftercare = {}) {
  document.documentElement.lang = LANG;
  for (const el of document.querySelectorAll("[data-i18n]")) {
    el.textContent = say(el.dataset.i18n, {
      days: el.dataset.i18n === "without_contact" ? aftercare.no_contact_days ?? "…"
        : aftercare.contract_end_window_days ?? "…",
    });
  }
  document.getElementById("languages").setAttribute("aria-label", T.languages);
  for (const button of document.querySelectorAll("#languages button")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === LANG));
  }
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

function market(code) {
  return T.markets_names[code] || code;
}

function show(report) {
  const figures = report.figures;
  const names = report.commune_names || {};
  const label = (code) => names[code] || code;
  document.getElementById("province-name").textContent = report.province_name;
  const asOf = new Date(report.as_of).toLocaleString(T.number_locale, { dateStyle: "short", timeStyle: "short" });
  document.getElementById("as-of").textContent = say("as_of", { 0: asOf });
  for (const el of document.querySelectorAll("[data-figure]")) {
    const value = total(figures, el.dataset.figure);
    const percent = el.dataset.figure.endsWith("_pct") && typeof value === "number";
    el.textContent = value === null ? "–" : typeof value === "number" ? number(value, percent ? 1 : 0)
      : String(value);
  }

  const achievement = byBreakdown(figures, "achievement_pct", "commune");
  const targets = byBreakdown(figures, "target", "commune");
  const done = byBreakdown(figures, "departures_to_date", "commune");
  const communes = Object.keys(achievement).sort((a, b) => achievement[b] - achievement[a] || a.localeCompare(b));
  Plotly.newPlot("achievement", [{
    type: "bar", x: communes.map(label), y: communes.map((c) => achievement[c]),
    customdata: communes.map((c) => [done[c], targets[c]]), marker: { color: "#1f77b4" },
    hovertemplate: T.achievement_hover + "<extra></extra>", name: "achievement",
  }], { ...LAYOUT,
    yaxis: { title: T.percent_of_target, rangemode: "tozero" },
    shapes: [{ type: "line", xref: "paper", x0: 0, x1: 1, y0: 100, y1: 100, line: { color: "#d62728", dash: "dash" } }],
    annotations: [{ xref: "paper", x: 1, y: 100, text: T.target_line, showarrow: false, yanchor: "bottom", xanchor: "right",
      font: { color: "#d62728" } }] }, CONFIG);

  const monthly = byBreakdown(figures, "departures", "month_market");
  const months = [];
  for (let m = 1; m <= 12; m++) months.push(`${report.period.from.slice(0, 4)}-${String(m).padStart(2, "0")}`);
  const markets = [...new Set(Object.keys(monthly).map((k) => k.split("/")[1]))].sort();
  Plotly.newPlot("monthly", markets.map((code) => ({
    type: "bar", name: market(code), x: months, y: months.map((m) => monthly[`${m}/${code}`] || 0),
    meta: code,
  })), { ...LAYOUT, barmode: "stack", margin: { ...LAYOUT.margin, b: 40 },
    xaxis: { type: "category" },  // "2025-07", not a date axis with English month names
    yaxis: { title: T.departures_axis, dtick: 1 } }, CONFIG);

  const households = byBreakdown(figures, "departures", "household");
  const kinds = Object.keys(T.households_names).filter((k) => households[k] > 0);
  Plotly.newPlot("households", [{
    type: "pie", labels: kinds.map((k) => T.households_names[k]), values: kinds.map((k) => households[k]),
    meta: kinds, hole: 0.4, sort: false, textinfo: "label+percent",
  }], { ...LAYOUT, margin: { l: 12, r: 12, t: 8, b: 8 }, showlegend: false,
    annotations: [{ text: String(total(figures, "departures")), showarrow: false, font: { size: 18 } }] }, CONFIG);

  const abroad = byBreakdown(figures, "abroad", "commune");
  const byCommuneMarket = byBreakdown(figures, "abroad", "commune_market");
  const rows = Object.keys(abroad).sort((a, b) => abroad[b] - abroad[a] || label(a).localeCompare(label(b), LANG));
  const body = document.querySelector("#abroad tbody");
  body.replaceChildren(...rows.map((code) => {
    const tr = document.createElement("tr");
    tr.dataset.commune = code;
    const markets = Object.entries(byCommuneMarket).filter(([k]) => k.startsWith(code + "/"))
      .map(([k, n]) => `${market(k.split("/")[1])} ${n}`).sort().join(", ");
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
  note.firstChild.textContent = T.by_market + Object.keys(byMarket).sort()
    .map((m) => `${market(m)} ${byMarket[m]}`).join(", ");
  body.appendChild(note);
}

function showAftercare(counts) {
  const section = document.getElementById("aftercare");
  translatePage(counts);
  for (const el of document.querySelectorAll("[data-aftercare]")) {
    const value = counts[el.dataset.aftercare];
    el.textContent = typeof value === "number" ? number(value) : "–";
  }
  const status = document.getElementById("aftercare-status");
  status.textContent = counts.unavailable ? T.aftercare_unavailable : "";
  section.dataset.state = counts.unavailable ? "unavailable" : "ready";
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

async function fetchJson(url) {
  const headers = { Accept: "application/json" };
  const bearer = token();
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  const response = await fetch(url, { headers, credentials: "same-origin" });
  if (response.status === 401) throw new Error(T.sign_in);
  if (!response.ok) throw new Error(`${response.status}`);
  return response.json();
}

async function chooseProvince(form, chosen) {
  // Provinces by name, in Vietnamese alphabetical order; the address keeps the code.
  let provinces = {};
  try {
    provinces = await (await fetch("dashboard/assets/provinces.json")).json();
  } catch (error) {
    provinces = {};
  }
  if (!(chosen in provinces)) provinces[chosen] = chosen;
  const options = Object.entries(provinces).sort(([, a], [, b]) => a.localeCompare(b, "vi"))
    .map(([code, name]) => new Option(name, code, false, code === chosen));
  form.province.replaceChildren(...options);
}

function switchLanguage(lang) {
  localStorage.setItem("homeward-lang", lang);
  const params = new URLSearchParams(location.search);
  params.set("lang", lang);
  location.search = params.toString();
}

async function load() {
  const { province, year } = choice();
  translatePage();
  for (const button of document.querySelectorAll("#languages button")) {
    button.addEventListener("click", () => switchLanguage(button.dataset.lang));
  }
  const form = document.getElementById("choose");
  const lang = document.createElement("input");
  Object.assign(lang, { type: "hidden", name: "lang", value: LANG });
  form.appendChild(lang);
  form.year.value = year;
  document.getElementById("year").textContent = year;
  const status = document.getElementById("status");
  status.textContent = T.loading;
  const place = encodeURIComponent(province);
  const aftercare = fetchJson(`provinces/${place}/aftercare`)
    .then(showAftercare, () => showAftercare({ unavailable: "failed" }));
  try {
    await chooseProvince(form, province);
    show(await fetchJson(`provinces/${place}/figures?from=${year}-01-01&to=${year}-12-31`));
    await aftercare;
    status.textContent = "";
    status.dataset.state = "ready";
  } catch (error) {
    status.textContent = say("failed", { 0: error.message });
    status.dataset.state = "failed";
  }
}

load();
