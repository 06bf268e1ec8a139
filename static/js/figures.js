// Draws each chart of a figures page with ECharts from the JSON beside it (the same figures
// as the table next to it, which is what screen readers and printouts read), and sends the
// year and center choices without a click on "Show". Without script the tables remain.
(function () {
  "use strict";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  if (!window.echarts) return;
  var brand = getComputedStyle(document.documentElement).getPropertyValue("--brand").trim();
  var palette = [brand || "#1d6fa5", "#9aa5b1", "#e07b39", "#3f9b6b", "#8e5ea2", "#c9a227"];
  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (box) {
    var source = document.getElementById(box.dataset.chart);
    if (!source) return;
    var data = JSON.parse(source.textContent);
    if (data.kind === "hbar") {
      // One row per center, names readable on the left, however many centers there are.
      box.style.height = Math.max(240, 30 * data.categories.length + 60) + "px";
    }
    var chart = window.echarts.init(box, null, { renderer: "canvas" });
    var option = { color: palette, tooltip: { trigger: data.kind === "pie" ? "item" : "axis" }, animation: false };
    if (data.kind === "pie") {
      option.series = [{
        type: "pie",
        radius: ["35%", "65%"],
        data: data.categories.map(function (name, i) {
          return { name: name, value: data.series[0].data[i] };
        }),
        label: { formatter: "{b}\n{c}" },
      }];
    } else {
      option.legend = { top: 0, data: data.series.map(function (s) { return s.name; }) };
      option.grid = { left: 8, right: 16, top: 36, bottom: 8, containLabel: true };
      var categories = { type: "category", data: data.categories, axisLabel: { hideOverlap: true } };
      var values = { type: "value", minInterval: 1 };
      if (data.kind === "hbar") {
        categories.inverse = true;
        categories.axisLabel = { interval: 0, width: 220, overflow: "truncate" };
        option.xAxis = values;
        option.yAxis = categories;
      } else {
        option.xAxis = categories;
        option.yAxis = values;
      }
      option.series = data.series.map(function (s, i) {
        return {
          name: s.name,
          type: data.kind === "hbar" ? "bar" : data.kind,
          data: s.data,
          smooth: false,
          lineStyle: i > 0 ? { type: "dashed" } : undefined,
        };
      });
    }
    var drawable = data.series.some(function (s) {
      return s.data.some(function (v) { return v !== null && v !== 0; });
    });
    if (!drawable) {
      option.title = {
        text: data.empty,
        left: "center",
        top: "middle",
        textStyle: { fontSize: 14, fontWeight: "normal", color: "#6b7785", width: 300, overflow: "break" },
      };
      if (data.kind === "pie") option.series = [];
    }
    chart.setOption(option);
    box.dataset.rendered = "true";
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
