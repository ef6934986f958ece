// The ECharts bundle the site serves as static/vendor/echarts.js (built by `make assets`):
// only the chart types and components the dashboards use, drawn as SVG, so the file stays
// small and nothing needs a canvas. static/js/charts.js reads window.echarts.
import * as echarts from "echarts/core";
import { BarChart, HeatmapChart, LineChart } from "echarts/charts";
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
} from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);

window.echarts = echarts;
