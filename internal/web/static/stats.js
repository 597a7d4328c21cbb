// tiaojie statistics: draws each chart of /staff/stats with ECharts
// (served from the binary) from its element's data-chart attribute, which
// the server writes beside the table holding the same figures. No inline
// script: the Content-Security-Policy forbids it.
(function () {
  "use strict";

  function option(spec) {
    var series = spec.series.map(function (s) {
      return { name: s.name, type: spec.kind === "pie" ? "pie" : spec.kind, data: s.data };
    });
    if (spec.kind === "pie") {
      series[0].data = spec.labels.map(function (l, i) { return { name: l, value: spec.series[0].data[i] }; });
      series[0].radius = ["35%", "65%"];
      return { animation: false, tooltip: { trigger: "item" }, legend: { bottom: 0, type: "scroll" }, series: series };
    }
    return {
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: "category", data: spec.labels, axisLabel: { interval: 0, rotate: spec.labels.length > 6 ? 40 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: series
    };
  }

  function draw() {
    if (!window.echarts) { return; }
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var spec;
      try { spec = JSON.parse(el.getAttribute("data-chart")); } catch (e) { return; }
      if (!spec || !spec.labels || spec.labels.length === 0) { el.hidden = true; return; }
      var c = window.echarts.init(el, null, { renderer: "canvas" });
      c.setOption(option(spec));
      charts.push(c);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (c) { c.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
