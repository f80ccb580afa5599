// Server-rendered charts with Apache ECharts (SVG renderer, SSR mode): the loader renders an SVG string,
// the page inlines it. No chart script runs in the browser, so the strict CSP stays as it is and the
// charts show without JavaScript. Each chart comes with its data, which the page also shows as a table
// (the accessible fallback).
import * as echarts from "echarts";

export interface ChartDatum {
  label: string;
  value: number;
  /** A colour of its own (e.g. the vetting status colours); otherwise the palette's. */
  color?: string;
}

export interface ChartSeries {
  name: string;
  values: number[];
  /** Per-value colours (null = the series colour). */
  colors?: (string | null)[];
}

const FONT = '"Noto Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Zen Hei", system-ui, sans-serif';
/** Brand red first, then colours that stay distinguishable (and dark enough on white). */
export const PALETTE = ["#a51a1a", "#1d4ed8", "#0f766e", "#b45309", "#6d28d9", "#475569", "#be185d", "#15803d", "#0369a1"];

function render(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: FONT, color: "#334155", fontSize: 12 },
      ...option,
    });
    // The SVG gets its size from the page (viewBox keeps the aspect ratio).
    return chart
      .renderToSVGString()
      .replace(/^<svg width="\d+" height="\d+"/, '<svg preserveAspectRatio="xMidYMid meet" aria-hidden="true" focusable="false"');
  } finally {
    chart.dispose();
  }
}

const grid = { left: 8, right: 16, top: 28, bottom: 8, containLabel: true };

/** Vertical bars, one per category (labels wrap/rotate when they are many). */
export function barChart(data: ChartDatum[], opts: { width?: number; height?: number; seriesName: string; horizontal?: boolean }): string {
  const width = opts.width ?? 560;
  const height = opts.height ?? 300;
  const labels = data.map((d) => d.label);
  const values = data.map((d) => d.value);
  const category = {
    type: "category",
    data: labels,
    axisTick: { alignWithLabel: true },
    axisLabel: { interval: 0, rotate: !opts.horizontal && labels.length > 6 ? 30 : 0, color: "#334155" },
  };
  const value = { type: "value", minInterval: 1, splitLine: { lineStyle: { color: "#e2e8f0" } }, axisLabel: { color: "#475569" } };
  return render(
    {
      grid,
      xAxis: opts.horizontal ? value : category,
      yAxis: opts.horizontal ? { ...category, inverse: true } : value,
      series: [
        {
          type: "bar",
          name: opts.seriesName,
          data: values,
          barMaxWidth: 36,
          itemStyle: { color: PALETTE[0], borderRadius: opts.horizontal ? [0, 3, 3, 0] : [3, 3, 0, 0] },
          label: { show: true, position: opts.horizontal ? "right" : "top", color: "#0f172a", fontWeight: "bold" },
        },
      ],
    },
    width,
    height,
  );
}

/** Stacked vertical bars (e.g. valid + expired grades). */
export function stackedBarChart(labels: string[], series: ChartSeries[], opts: { width?: number; height?: number } = {}): string {
  return render(
    {
      grid: { ...grid, top: 36 },
      legend: { top: 0, right: 0, textStyle: { color: "#334155" } },
      xAxis: { type: "category", data: labels, axisLabel: { interval: 0, color: "#334155" } },
      yAxis: { type: "value", minInterval: 1, splitLine: { lineStyle: { color: "#e2e8f0" } }, axisLabel: { color: "#475569" } },
      series: series.map((s, i) => ({
        type: "bar",
        name: s.name,
        stack: "total",
        data: s.values.map((v, j) => (s.colors?.[j] ? { value: v, itemStyle: { color: s.colors[j] } } : v)),
        barMaxWidth: 40,
        itemStyle: { color: i === 0 ? PALETTE[0] : "#f59e0b" },
        label: { show: true, color: i === 0 ? "#ffffff" : "#0f172a", formatter: (p: { value: number }) => (p.value ? String(p.value) : "") },
      })),
    },
    opts.width ?? 560,
    opts.height ?? 300,
  );
}

/** A donut with a legend below. Slices with 0 are kept in the legend but draw nothing. */
export function donutChart(data: ChartDatum[], opts: { width?: number; height?: number; seriesName: string }): string {
  return render(
    {
      legend: { bottom: 0, left: "center", textStyle: { color: "#334155" } },
      series: [
        {
          type: "pie",
          name: opts.seriesName,
          radius: ["40%", "68%"],
          center: ["50%", "44%"],
          avoidLabelOverlap: true,
          label: { show: true, formatter: "{c}", color: "#0f172a", fontWeight: "bold" },
          labelLine: { length: 6, length2: 6 },
          data: data.map((d) => ({ name: d.label, value: d.value, ...(d.color ? { itemStyle: { color: d.color } } : {}) })),
        },
      ],
    },
    opts.width ?? 400,
    opts.height ?? 300,
  );
}

/** Monthly counts (bars) and the running total (line) on two axes. */
export function growthChart(
  months: string[],
  counts: number[],
  cumulative: number[],
  opts: { width?: number; height?: number; countName: string; cumulativeName: string },
): string {
  return render(
    {
      grid: { ...grid, top: 40 },
      legend: { top: 0, right: 0, textStyle: { color: "#334155" } },
      xAxis: { type: "category", data: months, axisLabel: { color: "#334155" } },
      yAxis: [
        { type: "value", minInterval: 1, splitLine: { lineStyle: { color: "#e2e8f0" } }, axisLabel: { color: "#475569" } },
        { type: "value", minInterval: 1, splitLine: { show: false }, axisLabel: { color: "#475569" } },
      ],
      series: [
        { type: "bar", name: opts.countName, data: counts, itemStyle: { color: "#94a3b8" }, barMaxWidth: 18 },
        {
          type: "line",
          name: opts.cumulativeName,
          yAxisIndex: 1,
          data: cumulative,
          smooth: false,
          symbolSize: 5,
          lineStyle: { width: 3, color: PALETTE[0] },
          itemStyle: { color: PALETTE[0] },
        },
      ],
    },
    opts.width ?? 1000,
    opts.height ?? 320,
  );
}
