// Draws every chart on the page: each `[data-chart]` element names, in data-chart-data, the id
// of a json_script element holding its ECharts option (built on the server from SQL
// aggregates). No inline script, so it runs under the site's CSP; SVG renderer, so there is
// no canvas and the text stays sharp when zoomed. The data table next to each chart is the
// accessible alternative: the chart itself is one image (role="img" with an aria-label).
(function () {
  "use strict";

  if (!window.echarts) {
    return; // The bundle did not load: the tables beside the charts still carry every number.
  }

  var FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';

  function readOption(el) {
    var source = document.getElementById(el.getAttribute("data-chart-data") || "");
    if (!source) {
      return null;
    }
    try {
      return JSON.parse(source.textContent);
    } catch (error) {
      return null;
    }
  }

  // Heatmap cells are [x, y, level, gaps]: the label shows the level and ▲ where some
  // competence in the area is below the post's target, so a gap is never told by colour alone.
  function heatmapLabels(option) {
    (option.series || []).forEach(function (series) {
      if (series.type !== "heatmap") {
        return;
      }
      series.label = series.label || {};
      series.label.show = true;
      series.label.formatter = function (params) {
        var value = params.value;
        if (value[2] === null || value[2] === undefined) {
          return "—";
        }
        return Number(value[2]).toFixed(1) + (value[3] > 0 ? " ▲" : "");
      };
    });
  }

  function tooltipText(option, names) {
    names = names || {};
    if (option.tooltip && option.tooltip.trigger === "item" && option.yAxis) {
      option.tooltip.formatter = function (params) {
        var value = params.value;
        var x = option.xAxis.data[value[0]];
        var y = option.yAxis.data[value[1]];
        var text = y + " · " + x + ": ";
        text += value[2] === null ? "—" : Number(value[2]).toFixed(1);
        if (value[4] !== undefined && value[4] !== null) {
          text += " / " + (names.target || "") + " " + Number(value[4]).toFixed(1);
        }
        if (value[3] > 0) {
          text += " ▲ " + (names.gap || "") + " " + value[3];
        }
        return text;
      };
    }
  }

  // A click on a bar or cell opens the page named in spec.links (by row index), e.g. the person.
  function drillDown(chart, links) {
    if (!links) {
      return;
    }
    chart.on("click", function (params) {
      var index = Array.isArray(params.value) ? params.value[1] : params.dataIndex;
      var url = links[index];
      if (url) {
        window.location.assign(url);
      }
    });
  }

  function draw(el) {
    var spec = readOption(el);
    if (!spec || !spec.option) {
      return null;
    }
    var option = spec.option;
    if (spec.height) {
      el.style.height = spec.height + "px"; // CSSOM, which the CSP allows (a style attribute it would not)
    }
    heatmapLabels(option);
    tooltipText(option, spec.names);
    // On a phone the area names would run into each other: slant them.
    if (el.clientWidth < 640 && option.xAxis && option.xAxis.type === "category" && option.visualMap) {
      option.xAxis.axisLabel = { interval: 0, rotate: 50, width: 110, overflow: "truncate" };
    }
    option.textStyle = { fontFamily: FONT };
    option.animation = false; // Reduced motion for everyone; the numbers matter, not the show.
    option.aria = { enabled: false }; // The container is the image; the table is the text.
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    drillDown(chart, spec.links);
    if (spec.links) {
      el.classList.add("chart--links");
    }
    el.setAttribute("data-chart-ready", "1");
    return chart;
  }

  function start() {
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var chart = draw(el);
      if (chart) {
        charts.push(chart);
      }
    });
    var pending = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(function () {
        charts.forEach(function (chart) {
          chart.resize();
        });
      }, 150);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
