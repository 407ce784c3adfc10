import { createCanvas, loadImage } from '@napi-rs/canvas';
import { CHART_COLORS, layoutChart, renderDigestChart } from '../../../src/render/digest/index.ts';
import type { ChartSeries } from '../../../src/digest/index.ts';
import { weekDigest } from './week-digest.ts';

// The chart is checked as an image: a real PNG of the asked size whose pixels have the cause colours
// where the layout puts the bars, and the background where a day had no failures.

async function pixels(png: Buffer) {
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  return {
    width: img.width,
    height: img.height,
    at(x: number, y: number): string {
      const [r, g, b] = ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data;
      return `#${[r, g, b].map((v) => (v ?? 0).toString(16).padStart(2, '0')).join('')}`.toUpperCase();
    },
  };
}

function pngSize(png: Buffer): { width: number; height: number } {
  // IHDR is the first chunk: width and height are its first two big-endian words.
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('renderDigestChart', () => {
  it('renders a valid PNG of the requested size', async () => {
    const chart = await renderDigestChart(weekDigest().series, { width: 640, height: 360 });

    expect(chart.png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(chart.png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect(pngSize(chart.png)).toEqual({ width: 640, height: 360 });
    expect([chart.width, chart.height]).toEqual([640, 360]);
    // Wed 09:00 to Wed 09:00 touches eight calendar days.
    expect(chart.altText).toBe('Bar chart: 11 failures over 8 days, stacked by 5 causes.');
  });

  it('draws each bar segment in its cause colour, stacked to the day total', async () => {
    const series = weekDigest().series;
    const chart = await renderDigestChart(series);
    const layout = layoutChart(series, { width: chart.width, height: chart.height });
    const img = await pixels(chart.png);

    // One segment per non-zero cell, and one failure is one unit of height.
    expect(layout.segments).toHaveLength(series.counts.flat().filter((n) => n > 0).length);
    const unit = layout.plot.h / layout.maxValue;
    for (const s of layout.segments) {
      expect(s.h).toBeCloseTo(unit * s.count, 5);
      expect(img.at(s.x + s.w / 2, s.y + s.h / 2)).toBe(s.color);
    }
    // Thu 6th stacks empty-env under the flaky test; the capi failure at Fri 01:21 UTC is Friday's.
    const thu = layout.segments.filter((s) => s.bucket === 1).map((s) => [s.cause, s.color]);
    const fri = layout.segments.filter((s) => s.bucket === 2).map((s) => [s.cause, s.color]);
    expect(thu).toEqual([
      [0, CHART_COLORS[0]],
      [2, CHART_COLORS[2]],
    ]);
    expect(fri).toEqual([[1, CHART_COLORS[1]]]);
    expect(layout.xLabels.map((l) => l.text).slice(0, 3)).toEqual(['Wed 5', 'Thu 6', 'Fri 7']);
  });

  it('leaves the background where a day had no failures', async () => {
    const series = weekDigest().series;
    const chart = await renderDigestChart(series);
    const layout = layoutChart(series, { width: chart.width, height: chart.height });
    const img = await pixels(chart.png);
    const slot = layout.plot.w / series.buckets.length;

    // Wed 5th had none: the middle of its slot, halfway up the plot, is white; Fri 7th had one of two units.
    expect(layout.maxValue).toBe(2);
    expect(img.at(layout.plot.x + slot * 0.5, layout.plot.y + layout.plot.h * 0.55)).toBe('#FFFFFF');
    expect(img.at(layout.plot.x + slot * 2.5, layout.plot.y + layout.plot.h * 0.3)).toBe('#FFFFFF');
    expect(img.at(layout.plot.x + slot * 2.5, layout.plot.y + layout.plot.h * 0.8)).toBe(CHART_COLORS[1]);
  });

  it('draws the legend swatches in the stack colours', async () => {
    const series = weekDigest().series;
    const chart = await renderDigestChart(series);
    const layout = layoutChart(series, { width: chart.width, height: chart.height });
    const img = await pixels(chart.png);

    expect(layout.legend.map((l) => img.at(l.x + 4, l.y + 4))).toEqual(
      CHART_COLORS.slice(0, 5).map((c) => c.toUpperCase()),
    );
  });

  it('labels the y axis, left of the tick numbers', async () => {
    const series = weekDigest().series;
    const chart = await renderDigestChart(series);
    const layout = layoutChart(series, { width: chart.width, height: chart.height });
    const img = await pixels(chart.png);

    // The title runs vertically through (x, y): some pixels of that column are ink, not background.
    const column = Array.from({ length: 60 }, (_, i) => img.at(layout.yTitle.x, layout.yTitle.y - 30 + i));
    expect(layout.yTitle.text).toBe('failed runs');
    expect(column.filter((c) => c !== '#FFFFFF').length).toBeGreaterThan(5);
    expect(layout.yTitle.x).toBeLessThan(layout.plot.x - 20);
  });

  it('names the legend entries with the short cause names the message uses', () => {
    const d = weekDigest();

    const legend = layoutChart(d.series, { width: 800, height: 420 }).legend.map((l) => l.label);

    expect(legend).toEqual(d.causes.map((c) => c.name));
    expect(legend[0]).toBe(
      'NODE_BINARY_TAR_URL was empty; the job lost KUBE_GCE_ENABLE_IP_ALIASES and 3 more env vars',
    );
  });

  it('draws an empty period without bars rather than failing', async () => {
    const empty: ChartSeries = {
      buckets: ['2025-02-11'],
      timeZone: 'UTC',
      bucketUnit: 'day',
      causes: [],
      counts: [[]],
    };

    const chart = await renderDigestChart(empty, { width: 300, height: 200 });

    expect(pngSize(chart.png)).toEqual({ width: 300, height: 200 });
    expect(layoutChart(empty, { width: 300, height: 200 }).segments).toEqual([]);
  });
});
