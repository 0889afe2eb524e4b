/* The figures home page's charts, drawn with ECharts from the JSON the page carries (#figures-data): every label
   comes already in the reader's language, so nothing here formats a figure. The tables under the charts hold the
   same numbers for readers without JS. No inline code: the portal's CSP allows scripts from itself only, and the
   tooltips are drawn on the canvas (richText) because HTML tooltips carry inline styles the CSP refuses. */
(function () {
  "use strict";

  var BLUE = "#1d4f91";
  var RED = "#c8161d";

  function tooltip(trigger) {
    return { trigger: trigger, renderMode: "richText" };
  }

  function barOption(spec) {
    return {
      animation: false,
      grid: { left: 40, right: 16, top: 16, bottom: 28 },
      tooltip: tooltip("axis"),
      xAxis: { type: "category", data: spec.labels, axisTick: { alignWithLabel: true } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", name: spec.name, data: spec.values, color: BLUE, barMaxWidth: 48,
                 label: { show: true, position: "top" } }]
    };
  }

  function trendOption(spec) {
    return {
      animation: false,
      grid: { left: 48, right: 56, top: 36, bottom: 28 },
      tooltip: tooltip("axis"),
      legend: { data: [spec.petitions.name, spec.timely.name], top: 0 },
      xAxis: { type: "category", data: spec.labels },
      yAxis: [
        { type: "value", name: spec.petitions.name, minInterval: 1 },
        { type: "value", name: spec.timely.name, min: 0, max: 100, axisLabel: { formatter: "{value}%" },
          splitLine: { show: false } }
      ],
      series: [
        { type: "line", name: spec.petitions.name, data: spec.petitions.values, color: BLUE, yAxisIndex: 0 },
        // A month with nothing due has no rate: a gap in the line, never a fall to 0.
        { type: "line", name: spec.timely.name, data: spec.timely.values, color: RED, yAxisIndex: 1,
          connectNulls: false }
      ]
    };
  }

  var OPTIONS = { bar: barOption, trend: trendOption };

  function draw() {
    var source = document.getElementById("figures-data");
    if (!source || !window.echarts) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (box) {
      var spec = data[box.getAttribute("data-chart")];
      if (!spec || !OPTIONS[spec.kind]) {
        return;
      }
      var chart = window.echarts.init(box, null, { renderer: "canvas" });
      chart.setOption(OPTIONS[spec.kind](spec));
      box.setAttribute("data-drawn", "true");
      charts.push(chart);
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
