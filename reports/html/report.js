// The charts of report.html, drawn with Chart.js from the JSON the page embeds
// (reports/html/report_data.cpp writes it). Text from the data only ever goes
// into the page through textContent or onto a canvas, never as markup.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("creditsim-data").textContent);
  const main = document.getElementById("charts");

  // Drawn at once, without animation: a printout, a screenshot or the browser test
  // sees the finished chart.
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;

  const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                   "#bcbd22", "#17becf"];
  const color = (i) => palette[i % palette.length];
  const alpha = (hex, a) => {
    const n = parseInt(hex.slice(1), 16);
    return "rgba(" + ((n >> 16) & 255) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + a + ")";
  };

  // Metrics whose values are amounts (the others are counts or rates).
  const moneyMetrics = new Set(["demand", "granted", "credit_used", "lapsed", "expired", "forfeited_value",
                                "breakage", "payg_billed", "payg_overage", "payg_ineligible", "payg_other",
                                "unserved"]);
  const numberFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
  const moneyFormat = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const formatValue = (metric, v) =>
    v === null || v === undefined || Number.isNaN(v) ? "" :
      moneyMetrics.has(metric) ? moneyFormat.format(v) + " " + data.currency : numberFormat.format(v);

  // ---- data access --------------------------------------------------------

  /// The embedded table as objects keyed by column name; null when it is absent.
  function rowsOf(name) {
    const table = data.tables[name];
    if (!table) return null;
    return table.rows.map((row) => {
      const record = {};
      table.columns.forEach((column, c) => { record[column] = row[c]; });
      return record;
    });
  }
  /// A cell as a number; null for an empty or non-numeric cell ("", "never").
  const num = (v) => (typeof v === "number" ? v : v === "" || v === null || v === undefined ||
                      Number.isNaN(Number(v)) ? null : Number(v));
  const unique = (values) => [...new Set(values)];
  const sum = (values) => values.reduce((a, b) => a + b, 0);
  const dayNumber = (iso) => Date.parse(iso + "T00:00:00Z") / 86400000;
  const isoDay = (n) => new Date(Math.round(n) * 86400000).toISOString().slice(0, 10);

  // ---- page building --------------------------------------------------------

  function element(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function section(title) {
    const s = element("section");
    s.appendChild(element("h2", "", title));
    main.appendChild(s);
    return s;
  }
  /// A figure with a caption, an optional note and a chart; returns the Chart.
  function chart(parent, title, config, options) {
    const figure = element("figure", "chart");
    figure.appendChild(element("figcaption", "", title));
    if (options && options.note) figure.appendChild(element("p", "note", options.note));
    const box = element("div", "canvas-box");
    if (options && options.height) box.style.height = options.height + "px";
    const canvas = element("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", title);
    box.appendChild(canvas);
    figure.appendChild(box);
    if (options && options.before) figure.insertBefore(options.before, box);
    parent.appendChild(figure);
    return new Chart(canvas, config);
  }
  /// A <select> calling onChange(value) on a change.
  function picker(label, values, initial, onChange) {
    const wrapper = element("label", "picker", label + " ");
    const select = element("select");
    values.forEach((v) => {
      const option = element("option", "", v);
      option.value = v;
      if (v === initial) option.selected = true;
      select.appendChild(option);
    });
    select.addEventListener("change", () => onChange(select.value));
    wrapper.appendChild(select);
    return wrapper;
  }
  function table(parent, columns, rows) {
    const t = element("table", "data");
    const head = t.createTHead().insertRow();
    columns.forEach((c) => head.appendChild(element("th", "", c)));
    const body = t.createTBody();
    rows.forEach((row) => {
      const tr = body.insertRow();
      row.forEach((cell) => {
        const td = tr.insertCell();
        td.textContent = cell === null || cell === undefined ? "" : String(cell);
        if (typeof cell === "number") td.className = "number";
      });
    });
    parent.appendChild(t);
  }
  const valueAxis = (metric, extra) => Object.assign({
    ticks: { callback: (v) => (moneyMetrics.has(metric) ? numberFormat.format(v) : numberFormat.format(v)) },
    title: { display: true, text: moneyMetrics.has(metric) ? data.currency : metric }
  }, extra || {});
  const lineSet = (label, values, i, extra) => Object.assign({
    label: label, data: values, borderColor: color(i), backgroundColor: color(i), pointRadius: 0, borderWidth: 2,
    spanGaps: false
  }, extra || {});
  /// Two datasets drawing the band lo..hi (the upper fills down to the lower).
  const band = (label, lo, hi, i) => [
    { label: label + " low", data: lo, borderWidth: 0, pointRadius: 0, fill: false, borderColor: "transparent" },
    { label: label, data: hi, borderWidth: 0, pointRadius: 0, fill: "-1", borderColor: "transparent",
      backgroundColor: alpha(color(i), 0.2) }
  ];
  // Band edges carry " low" in their label: the legend keeps the band, not its lower edge.
  const legendWithoutBandEdges = { labels: { filter: (item) => !item.text.endsWith(" low") } };

  // A line chart of one metric at a time (bands and lines from dataOf(metric)),
  // with a picker above it that redraws it for another metric.
  function metricChart(parent, title, metrics, initial, dataOf, extra) {
    let shown = null;
    const pick = picker("metric", metrics, initial, (metric) => {
      shown.data = dataOf(metric);
      shown.options.scales.y = valueAxis(metric);
      shown.update();
    });
    shown = chart(parent, title, {
      type: "line", data: dataOf(initial),
      options: { interaction: { mode: "index", intersect: false }, scales: { y: valueAxis(initial) },
                 plugins: { legend: legendWithoutBandEdges } }
    }, Object.assign({ before: pick }, extra));
    return shown;
  }

  // ---- run ----------------------------------------------------------------

  function runReport() {
    const summary = rowsOf("summary");
    const months = unique(summary.map((r) => r.month));
    const replications = unique(summary.map((r) => r.replication)).length;
    const byMonth = new Map(months.map((m) => [m, []]));
    summary.forEach((r) => byMonth.get(r.month).push(r));
    const mean = (column) => months.map((m) => sum(byMonth.get(m).map((r) => num(r[column]) || 0)) / replications);
    const per = replications > 1 ? " (mean of " + replications + " replications)" : "";

    const money = section("Money by month");
    const flows = [["credit_used", "credit used"], ["payg_overage", "PAYG overage"],
                   ["payg_ineligible", "PAYG ineligible"], ["payg_other", "PAYG other"], ["unserved", "unserved"]];
    chart(money, "Where demand went" + per, {
      type: "line",
      data: { labels: months, datasets: flows.map(([column, label], i) =>
        lineSet(label, mean(column), i, { fill: i === 0 ? "origin" : "-1", backgroundColor: alpha(color(i), 0.55),
                                          borderWidth: 1, stack: "flows" }))
        .concat([lineSet("demand", mean("demand"), 7, { borderDash: [6, 4], stack: "demand", fill: false })]) },
      options: { interaction: { mode: "index", intersect: false },
                 scales: { y: valueAxis("demand", { stacked: true }) },
                 plugins: { tooltip: { callbacks: { label: (c) => c.dataset.label + ": " + formatValue("demand", c.parsed.y) } } } }
    }, { note: "Stacked: the areas add up to the month's demand (dashed)." });

    const creditColumns = [["granted", "granted"], ["credit_used", "used"], ["lapsed", "lapsed"], ["expired", "expired"]];
    chart(money, "Credit granted, used, lapsed and expired per month" + per, {
      type: "bar",
      data: { labels: months, datasets: creditColumns.map(([column, label], i) => ({
        label: label, data: mean(column), backgroundColor: color(i) })) },
      options: { scales: { y: valueAxis("granted") } }
    });

    const quantiles = rowsOf("quantiles");
    if (quantiles) {
      const metrics = unique(quantiles.map((r) => r.metric));
      const fanData = (metric) => {
        const rows = quantiles.filter((r) => r.metric === metric);
        return { labels: rows.map((r) => r.month), datasets:
          band("p05–p95", rows.map((r) => num(r.p05)), rows.map((r) => num(r.p95)), 0)
            .concat([lineSet("mean", rows.map((r) => num(r.mean)), 0)]) };
      };
      const initial = metrics.includes("credit_used") ? "credit_used" : metrics[0];
      metricChart(money, "Across " + replications + " replications: the mean and the p05–p95 fan",
                  metrics, initial, fanData, {});
    }

    const rejections = section("Rejections and credits");
    const reasons = summary.length ? Object.keys(summary[0]).filter((c) => c.startsWith("rejected_")) : [];
    chart(rejections, "Rejected assignments by reason, per month" + per, {
      type: "bar",
      data: { labels: months, datasets: reasons.map((column, i) => ({
        label: column.slice("rejected_".length).replace(/_/g, " "), data: mean(column), backgroundColor: color(i) })) },
      options: { scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: "rejections" } } } }
    });

    // The balance still on credits at each month's end: every grant is used, lapses,
    // expires or stays.
    const granted = mean("granted"), used = mean("credit_used"), lapsed = mean("lapsed"), expired = mean("expired");
    let balance = 0;
    const outstanding = months.map((m, k) => (balance += granted[k] - used[k] - lapsed[k] - expired[k]));
    let cumulativeGranted = 0, cumulativeUsed = 0;
    chart(rejections, "Credit burn-down: balance outstanding and cumulative use" + per, {
      type: "line",
      data: { labels: months, datasets: [
        lineSet("balance outstanding", outstanding, 0, { fill: "origin", backgroundColor: alpha(color(0), 0.2) }),
        lineSet("granted so far", granted.map((g) => (cumulativeGranted += g)), 2, { borderDash: [4, 3] }),
        lineSet("used so far", used.map((u) => (cumulativeUsed += u)), 1)] },
      options: { interaction: { mode: "index", intersect: false }, scales: { y: valueAxis("granted") } }
    });

    const periodEnds = rowsOf("period_ends");
    if (periodEnds) {
      chart(rejections, "Credit periods ending each month: used up or with credit left" + per, {
        type: "bar",
        data: { labels: periodEnds.map((r) => r.month), datasets: [
          { label: "used up (exhausted)", data: periodEnds.map((r) => num(r.used_up)), backgroundColor: color(2) },
          { label: "some lapsed", data: periodEnds.map((r) => num(r.lapsed)), backgroundColor: color(1) },
          { label: "some expired", data: periodEnds.map((r) => num(r.expired)), backgroundColor: color(3) }] },
        options: { scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: "credit periods" } } } }
      }, { note: "From ledger.csv: a period is used up when it closes with nothing left and nothing lapsed or expired." });
    } else {
      rejections.appendChild(element("p", "note", "Credit periods used up per month need ledger.csv " +
                                     "(output.ledger = true); this folder has none."));
    }
  }

  // ---- compare ------------------------------------------------------------

  function compareReport() {
    const rows = rowsOf("compare");
    const scenarios = unique(rows.map((r) => r.scenario));
    const base = scenarios[0];
    const others = scenarios.slice(1);
    const metrics = unique(rows.map((r) => r.metric));
    const months = unique(rows.filter((r) => r.period !== "all").map((r) => r.period));
    const find = (scenario, metric, period) =>
      rows.find((r) => r.scenario === scenario && r.metric === metric && r.period === period);

    const monthly = section("Paired difference against " + base + ", by month");
    const deltaData = (metric) => ({ labels: months, datasets: others.flatMap((s, i) => {
      const cells = months.map((m) => find(s, metric, m) || {});
      return band(s + " 95% interval", cells.map((c) => num(c.ci_low)), cells.map((c) => num(c.ci_high)), i)
        .concat([lineSet(s + " delta", cells.map((c) => num(c.delta)), i)]);
    }) });
    const initial = metrics.includes("breakage") ? "breakage" : metrics[0];
    metricChart(monthly, "Scenario minus " + base + ": mean difference and its 95% interval", metrics, initial,
                deltaData, { note: "Common random numbers: each replication of a scenario is paired with the base's." });

    // Whole-run deltas relative to the base mean, so that every metric fits one axis.
    const forest = [];
    others.forEach((s) => metrics.forEach((metric) => {
      const row = find(s, metric, "all"), baseRow = find(base, metric, "all");
      const baseMean = baseRow ? num(baseRow.mean) : null;
      if (!row || !baseMean) return;
      const lo = num(row.ci_low), hi = num(row.ci_high);
      forest.push({ label: others.length > 1 ? metric + " · " + s : metric, rel: 100 * num(row.delta) / baseMean,
                    interval: lo === null ? null : [100 * lo / baseMean, 100 * hi / baseMean].sort((a, b) => a - b) });
    }));
    const whole = section("Whole run: every metric against " + base);
    chart(whole, "Forest plot: relative change in % of the base mean, with the 95% interval", {
      type: "bar",
      data: { labels: forest.map((f) => f.label), datasets: [
        { type: "bar", label: "95% interval", data: forest.map((f) => f.interval), backgroundColor: alpha(color(0), 0.35),
          barPercentage: 0.5 },
        { type: "line", label: "relative change", data: forest.map((f) => f.rel), showLine: false, pointRadius: 4,
          pointStyle: "rectRot", borderColor: color(3), backgroundColor: color(3) }] },
      options: { indexAxis: "y", scales: { x: { title: { display: true, text: "% of the base mean" } } } }
    }, { height: 80 + 20 * forest.length,
         note: "Metrics whose base mean is 0 have no relative change and are left out; compare.csv has them." });
  }

  // ---- sweep and sensitivity ------------------------------------------------

  // Light to dark blue: a colour per value between the smallest and largest shown.
  function heatColor(t) {
    const stops = [[247, 251, 255], [107, 174, 214], [8, 48, 107]];
    const x = Math.max(0, Math.min(1, t)) * (stops.length - 1);
    const k = Math.min(stops.length - 2, Math.floor(x)), f = x - k;
    const c = stops[k].map((v, i) => Math.round(v + f * (stops[k + 1][i] - v)));
    return { fill: "rgb(" + c.join(",") + ")", text: x > 1.1 ? "#fff" : "#1d2330" };
  }
  // Writes each heat-map cell's value on it.
  const cellLabels = {
    id: "cellLabels",
    afterDatasetsDraw(c) {
      const ctx = c.ctx;
      ctx.save();
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.font = "12px " + Chart.defaults.font.family;
      c.data.datasets.forEach((dataset, i) => {
        if (!dataset.cellText) return;
        c.getDatasetMeta(i).data.forEach((bar, j) => {
          ctx.fillStyle = dataset.cellTextColor[j];
          ctx.fillText(dataset.cellText[j], bar.x, (bar.y + bar.base) / 2);
        });
      });
      ctx.restore();
    }
  };
  /// A heat map of cells[y][x] (numbers) as stacked unit bars, one colour per cell.
  function heatMap(parent, title, metric, xKey, xValues, yKey, yValues, cells, range) {
    const [low, high] = range;
    const datasets = yValues.map((yValue, yi) => {
      const colors = xValues.map((x, xi) => heatColor(high > low ? (cells[yi][xi] - low) / (high - low) : 0.5));
      return { label: yKey + " = " + yValue, data: xValues.map(() => 1), backgroundColor: colors.map((c) => c.fill),
               borderColor: "#fff", borderWidth: 1, barPercentage: 1, categoryPercentage: 1,
               cellText: xValues.map((x, xi) => formatValue(metric, cells[yi][xi]).replace(" " + data.currency, "")),
               cellTextColor: colors.map((c) => c.text), values: cells[yi] };
    });
    chart(parent, title, {
      type: "bar", data: { labels: xValues, datasets: datasets }, plugins: [cellLabels],
      options: {
        plugins: { legend: { display: false }, tooltip: { callbacks: {
          label: (c) => c.dataset.label + ", " + xKey + " = " + c.label + ": " + formatValue(metric, c.dataset.values[c.dataIndex]) } } },
        scales: {
          x: { stacked: true, title: { display: true, text: xKey }, grid: { display: false } },
          y: { stacked: true, min: 0, max: yValues.length, grid: { display: false }, title: { display: true, text: yKey },
               afterBuildTicks: (axis) => { axis.ticks = yValues.map((v, i) => ({ value: i + 0.5 })); },
               ticks: { callback: (v) => yValues[Math.floor(v)] } } }
      }
    }, { height: Math.max(220, 60 + 44 * yValues.length) });
  }

  function sweepReport() {
    const table = data.tables.sweep;
    const metricColumn = table.columns.indexOf("metric");
    const keys = table.columns.slice(1, metricColumn);
    const rows = rowsOf("sweep");
    const metrics = unique(rows.map((r) => r.metric));
    const valuesOf = (key) => unique(rows.map((r) => String(r[key])));
    const s = section("Sweep over " + keys.join(", "));
    const area = element("div");
    const initial = metrics.includes("breakage") ? "breakage" : metrics[0];

    function draw(metric) {
      Object.values(Chart.instances).forEach((c) => { if (area.contains(c.canvas)) c.destroy(); });
      area.textContent = "";
      const chosen = rows.filter((r) => r.metric === metric);
      if (keys.length === 1) {
        const xs = valuesOf(keys[0]);
        const at = (x, column) => num((chosen.find((r) => String(r[keys[0]]) === x) || {})[column]);
        chart(area, metric + " by " + keys[0] + ": mean and p05–p95", {
          type: "line", data: { labels: xs, datasets: band("p05–p95", xs.map((x) => at(x, "p05")), xs.map((x) => at(x, "p95")), 0)
            .concat([lineSet("mean", xs.map((x) => at(x, "mean")), 0, { pointRadius: 4 })]) },
          options: { scales: { x: { title: { display: true, text: keys[0] } }, y: valueAxis(metric) },
                     plugins: { legend: legendWithoutBandEdges } }
        });
        return;
      }
      // Two keys make one map; every further key a small multiple per combination of its values.
      const [xKey, yKey] = keys, rest = keys.slice(2);
      const xs = valuesOf(xKey), ys = valuesOf(yKey);
      const means = chosen.map((r) => num(r.mean)).filter((v) => v !== null);
      const range = [Math.min(...means), Math.max(...means)];
      const groups = unique(chosen.map((r) => rest.map((k) => k + " = " + r[k]).join(", ")));
      const grid = element("div", rest.length ? "grid" : "");
      area.appendChild(grid);
      groups.forEach((group) => {
        const inGroup = chosen.filter((r) => rest.map((k) => k + " = " + r[k]).join(", ") === group);
        const cells = ys.map((y) => xs.map((x) => num((inGroup.find((r) => String(r[xKey]) === x &&
                                                                        String(r[yKey]) === y) || {}).mean)));
        heatMap(grid, metric + " (mean)" + (group ? " at " + group : ""), metric, xKey, xs, yKey, ys, cells, range);
      });
      area.appendChild(element("p", "note", "Colour from " + formatValue(metric, range[0]) + " (light) to " +
                               formatValue(metric, range[1]) + " (dark); sweep.csv has p05 and p95 too."));
    }
    s.appendChild(picker("metric", metrics, initial, draw));
    s.appendChild(area);
    draw(initial);
  }

  function sensitivityReport() {
    const rows = rowsOf("sensitivity");
    const metric = rows.length ? rows[0].metric : "";
    const s = section("Sensitivity of " + metric);
    chart(s, "Tornado: " + metric + " at each key's low and high value (widest swing first)", {
      type: "bar",
      data: { labels: rows.map((r) => r.key + " (" + r.lo + " → " + r.hi + ")"), datasets: [
        { type: "bar", label: "range", data: rows.map((r) => [num(r.mean_lo), num(r.mean_hi)].sort((a, b) => a - b)),
          backgroundColor: alpha(color(0), 0.45), barPercentage: 0.6 },
        { type: "line", label: "at low value", data: rows.map((r) => num(r.mean_lo)), showLine: false, pointRadius: 5,
          borderColor: color(1), backgroundColor: color(1) },
        { type: "line", label: "at high value", data: rows.map((r) => num(r.mean_hi)), showLine: false, pointRadius: 5,
          pointStyle: "rectRot", borderColor: color(3), backgroundColor: color(3) }] },
      // Not from zero: the swings are what matters, and they are small beside the level.
      options: { indexAxis: "y", scales: { x: valueAxis(metric, { beginAtZero: false }) } }
    }, { height: 100 + 40 * rows.length, note: "Every other key at the base scenario's value." });
  }

  // ---- forecast and backtest ------------------------------------------------

  function forecastReport() {
    const rows = rowsOf("forecast");
    const metrics = unique(rows.map((r) => r.metric));
    const s = section("Actual months, then the forecast's p10–p90 fan");
    const grid = element("div", "grid");
    s.appendChild(grid);
    metrics.forEach((metric, i) => {
      const series = rows.filter((r) => r.metric === metric);
      const lastActual = series.map((r) => r.kind).lastIndexOf("actual");
      // The fan starts at the last actual month so that the two parts join.
      const fan = (column) => series.map((r, k) => (k === lastActual ? num(r.mean) : r.kind === "forecast" ? num(r[column]) : null));
      chart(grid, metric, {
        type: "line",
        data: { labels: series.map((r) => r.month), datasets: [
          lineSet("actual", series.map((r) => (r.kind === "actual" ? num(r.mean) : null)), 7, { pointRadius: 2 })]
          .concat(band("p10–p90", fan("p10"), fan("p90"), 0))
          .concat([lineSet("p50", fan("p50"), 0, { borderDash: [5, 3] })]) },
        options: { interaction: { mode: "index", intersect: false }, scales: { y: valueAxis(metric) },
                   plugins: { legend: legendWithoutBandEdges } }
      });
    });

    const byMonth = rowsOf("run_out_months");
    const earliest = rowsOf("run_out_earliest");
    if (!byMonth) return;
    const runOut = section("When open credits run out");
    chart(runOut, "Credit periods by the month of their median run-out day", {
      type: "bar",
      data: { labels: byMonth.map((r) => r.month), datasets: [
        { label: "credit periods", data: byMonth.map((r) => num(r.credit_periods)), backgroundColor: color(3) }] },
      options: { scales: { y: { title: { display: true, text: "credit periods" } } } }
    }, { note: "Only periods that run out in at least half of the futures; credits_forecast.csv has every period." });
    if (!earliest || earliest.length === 0) return;
    // p90 "never": in more than 10% of the futures the period keeps a balance to its end.
    const day = (r, column) => {
      const d = dayNumber(r[column]);
      return Number.isFinite(d) ? d : dayNumber(r.period_end);
    };
    chart(runOut, "The " + earliest.length + " earliest run-outs: p10–p90 of the day, and the median", {
      type: "bar",
      data: { labels: earliest.map((r) => r.credit_id + " (" + r.period_start + ")"), datasets: [
        { type: "bar", label: "p10–p90 (to the period's end when p90 is never)",
          // A day is a day long: the bar ends at the end of the p90 day, so p10 = p90 still shows.
          data: earliest.map((r) => [day(r, "exhausted_p10"), day(r, "exhausted_p90") + 1]),
          backgroundColor: alpha(color(3), 0.35), barPercentage: 0.6 },
        { type: "line", label: "median run-out day", data: earliest.map((r) => dayNumber(r.exhausted_p50)), showLine: false,
          pointRadius: 4, borderColor: color(3), backgroundColor: color(3) }] },
      options: { indexAxis: "y",
                 scales: { x: { beginAtZero: false, ticks: { callback: (v) => isoDay(v) } } },
                 plugins: { tooltip: { callbacks: { label: (c) => {
                   const r = earliest[c.dataIndex];
                   return "p10 " + r.exhausted_p10 + ", p50 " + r.exhausted_p50 + ", p90 " + r.exhausted_p90 +
                          "; runs out in " + Math.round(100 * num(r.exhausted_share)) + "% of futures"; } } } } }
    }, { height: 80 + 18 * earliest.length });
  }

  function backtestReport() {
    const months = rowsOf("months");
    const metrics = unique(months.map((r) => r.metric));
    const s = section("Held-out months: actual against the forecast");
    const grid = element("div", "grid");
    s.appendChild(grid);
    metrics.forEach((metric) => {
      const series = months.filter((r) => r.metric === metric);
      chart(grid, metric, {
        type: "line",
        data: { labels: series.map((r) => r.month), datasets:
          band("p10–p90", series.map((r) => num(r.p10)), series.map((r) => num(r.p90)), 0)
            .concat([lineSet("forecast mean", series.map((r) => num(r.mean)), 0),
                     lineSet("actual", series.map((r) => num(r.actual)), 7, { pointRadius: 4 }),
                     lineSet("naive", series.map((r) => num(r.naive)), 1, { borderDash: [4, 3], borderWidth: 1 })]) },
        options: { interaction: { mode: "index", intersect: false }, scales: { y: valueAxis(metric) },
                   plugins: { legend: legendWithoutBandEdges } }
      });
    });
    const scores = data.tables.scores;
    const t = section("Scores (MAE in " + data.currency + ")");
    // MAE columns are amounts: two decimals, as in backtest.csv (JSON drops trailing zeros).
    table(t, scores.columns, scores.rows.map((row) => row.map((cell, c) =>
      (scores.columns[c].startsWith("mae") && typeof cell === "number" ? moneyFormat.format(cell) : cell))));
  }

  const reports = { run: runReport, compare: compareReport, sweep: sweepReport, sensitivity: sensitivityReport,
                    forecast: forecastReport, backtest: backtestReport };
  reports[data.kind]();
})();
