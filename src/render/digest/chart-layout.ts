import type { ChartSeries } from '../../digest/types.ts';

// Where every bar segment, label and legend entry goes: computed apart from drawing so that tests
// can check the PNG's pixels at the places the layout promises.

export interface ChartSize {
  width: number;
  height: number;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface BarSegment extends Rect {
  bucket: number;
  cause: number;
  count: number;
  color: string;
}

export interface ChartLayout {
  plot: Rect;
  maxValue: number;
  ticks: number[];
  segments: BarSegment[];
  legend: { x: number; y: number; color: string; label: string }[];
  xLabels: { x: number; text: string }[];
  /** The y-axis title, drawn rotated, centred on the plot's height left of the tick numbers. */
  yTitle: { x: number; y: number; text: string };
}

/** Distinct under common colour blindness (Okabe-Ito); `other` is grey. */
export const CHART_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#F0E442'] as const;
export const OTHER_COLOR = '#999999';
export const BACKGROUND = '#FFFFFF';
export const LEGEND_ROW = 18;
const MARGIN = { left: 60, right: 16, top: 34, axis: 22 };
export const Y_TITLE = 'failed runs';

export function causeColor(series: ChartSeries, index: number): string {
  if (series.causes[index]?.fingerprint === 'other') return OTHER_COLOR;
  return CHART_COLORS[index % CHART_COLORS.length] ?? OTHER_COLOR;
}

export function layoutChart(series: ChartSeries, size: ChartSize): ChartLayout {
  const legendHeight = series.causes.length * LEGEND_ROW + 8;
  const plot = {
    x: MARGIN.left,
    y: MARGIN.top,
    w: size.width - MARGIN.left - MARGIN.right,
    h: Math.max(40, size.height - MARGIN.top - MARGIN.axis - legendHeight),
  };
  const totals = series.counts.map((row) => row.reduce((a, b) => a + b, 0));
  const { maxValue, ticks } = niceScale(Math.max(1, ...totals));
  const slot = plot.w / Math.max(1, series.buckets.length);
  const barW = Math.max(2, Math.floor(slot * 0.7));
  const segments: BarSegment[] = [];
  series.counts.forEach((row, bucket) => {
    let base = plot.y + plot.h;
    row.forEach((count, cause) => {
      if (count <= 0) return;
      const h = (count / maxValue) * plot.h;
      const x = Math.round(plot.x + bucket * slot + (slot - barW) / 2);
      segments.push({ x, y: base - h, w: barW, h, bucket, cause, count, color: causeColor(series, cause) });
      base -= h;
    });
  });
  const legendTop = plot.y + plot.h + MARGIN.axis + 4;
  const legend = series.causes.map((c, i) => ({
    x: plot.x,
    y: legendTop + i * LEGEND_ROW,
    color: causeColor(series, i),
    label: c.label,
  }));
  const yTitle = { x: 14, y: plot.y + plot.h / 2, text: Y_TITLE };
  return { plot, maxValue, ticks, segments, legend, xLabels: xLabels(series, plot, slot), yTitle };
}

function niceScale(max: number): { maxValue: number; ticks: number[] } {
  const step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000].find((s) => max / s <= 5) ?? Math.ceil(max / 5);
  const maxValue = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= maxValue; v += step) ticks.push(v);
  return { maxValue, ticks };
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function xLabels(series: ChartSeries, plot: Rect, slot: number): { x: number; text: string }[] {
  const every =
    series.bucketUnit === 'hour' ? Math.ceil(series.buckets.length / 8) : Math.ceil(series.buckets.length / 14);
  const hour = new Intl.DateTimeFormat('en-GB', { timeZone: series.timeZone, hour: '2-digit', hourCycle: 'h23' });
  return series.buckets.flatMap((bucket, i) => {
    if (i % every !== 0) return [];
    const text = series.bucketUnit === 'day' ? dayLabel(bucket) : `${hour.format(Date.parse(bucket))}:00`;
    return [{ x: plot.x + i * slot + slot / 2, text }];
  });
}

/** `2025-02-14` → `Fri 14`: the bucket is already the local calendar day. */
function dayLabel(day: string): string {
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()}`;
}
