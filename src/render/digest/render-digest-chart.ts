import { createCanvas } from '@napi-rs/canvas';
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { ChartSeries } from '../../digest/types.ts';
import { BACKGROUND, layoutChart, LEGEND_ROW } from './chart-layout.ts';
import type { ChartLayout, ChartSize } from './chart-layout.ts';

// Failures per day stacked by cause, drawn server-side to a PNG for the digest upload. No I/O: the
// image is returned as bytes. DejaVu Sans is the font; any sans-serif stands in where it is missing.

export interface DigestChart {
  png: Buffer;
  width: number;
  height: number;
  /** Screen-reader text for the upload. */
  altText: string;
}

export interface ChartOptions extends Partial<ChartSize> {
  title?: string;
}

const FONT = '"DejaVu Sans", sans-serif';
const INK = '#1D1C1D';
const GRID = '#E8E8E8';
const MUTED = '#616061';

export async function renderDigestChart(series: ChartSeries, opts: ChartOptions = {}): Promise<DigestChart> {
  const size = { width: opts.width ?? 800, height: opts.height ?? 420 };
  const layout = layoutChart(series, size);
  const canvas = createCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, size.width, size.height);
  ctx.fillStyle = INK;
  ctx.font = `bold 14px ${FONT}`;
  ctx.textBaseline = 'top';
  ctx.fillText(
    opts.title ??
      `Failures per ${series.bucketUnit}${series.timeZone === 'UTC' ? '' : ` (${series.timeZone})`}, by cause`,
    layout.plot.x,
    10,
    size.width - layout.plot.x - 16,
  );
  drawAxes(ctx, layout);
  drawYTitle(ctx, layout);
  for (const s of layout.segments) {
    ctx.fillStyle = s.color;
    ctx.fillRect(s.x, s.y, s.w, s.h);
  }
  drawLegend(ctx, layout, size.width);
  const total = series.counts.flat().reduce((a, b) => a + b, 0);
  return {
    png: await canvas.encode('png'),
    width: size.width,
    height: size.height,
    altText: `Bar chart: ${total} failures over ${series.buckets.length} ${series.bucketUnit}s, stacked by ${series.causes.length} causes.`,
  };
}

function drawAxes(ctx: SKRSContext2D, layout: ChartLayout): void {
  const { plot } = layout;
  ctx.font = `11px ${FONT}`;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  ctx.lineWidth = 1;
  for (const tick of layout.ticks) {
    const y = Math.round(plot.y + plot.h - (tick / layout.maxValue) * plot.h) + 0.5;
    ctx.strokeStyle = tick === 0 ? MUTED : GRID;
    ctx.beginPath();
    ctx.moveTo(plot.x, y);
    ctx.lineTo(plot.x + plot.w, y);
    ctx.stroke();
    ctx.fillStyle = MUTED;
    ctx.fillText(String(tick), plot.x - 6, y);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const label of layout.xLabels) ctx.fillText(label.text, label.x, plot.y + plot.h + 6);
  ctx.textAlign = 'left';
}

function drawYTitle(ctx: SKRSContext2D, layout: ChartLayout): void {
  ctx.save();
  ctx.font = `12px ${FONT}`;
  ctx.fillStyle = MUTED;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.translate(layout.yTitle.x, layout.yTitle.y);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(layout.yTitle.text, 0, 0);
  ctx.restore();
}

function drawLegend(ctx: SKRSContext2D, layout: ChartLayout, width: number): void {
  ctx.font = `12px ${FONT}`;
  ctx.textBaseline = 'middle';
  const box = LEGEND_ROW - 6;
  for (const entry of layout.legend) {
    ctx.fillStyle = entry.color;
    ctx.fillRect(entry.x, entry.y, box, box);
    ctx.fillStyle = INK;
    ctx.fillText(fitText(ctx, entry.label, width - entry.x - box - 24), entry.x + box + 8, entry.y + box / 2);
  }
}

/** Cut with an ellipsis to fit `max` pixels. */
function fitText(ctx: SKRSContext2D, text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  if (ctx.measureText(flat).width <= max) return flat;
  let lo = 0;
  let hi = flat.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ctx.measureText(`${flat.slice(0, mid)}\u2026`).width <= max) lo = mid;
    else hi = mid - 1;
  }
  return `${flat.slice(0, lo)}\u2026`;
}
