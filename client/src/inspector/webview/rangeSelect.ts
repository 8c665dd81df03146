// Selecting a time range on a chart: drag across it, or click one end and shift-click the other.
// A pointer handler over uPlot's overlay maps x to time; the range is drawn with uPlot's select band.
import type uPlot from 'uplot';

/** A time range [t0, t1], ms since epoch, t0 <= t1. */
export type TimeRange = [number, number];

/** A press that moves less than this is a click (an end for shift-click), not a drag. */
const CLICK_PX = 3;

export function attachRangeSelect(plot: uPlot, selected: (range: TimeRange) => void): void {
  const over = plot.over;
  const xOf = (e: MouseEvent) => Math.min(Math.max(e.clientX - over.getBoundingClientRect().left, 0), over.clientWidth);
  const timeAt = (x: number) => plot.posToVal(x, 'x') * 1000;
  const band = (a: number, b: number) => plot.setSelect({ left: Math.min(a, b), width: Math.abs(a - b), top: 0, height: over.clientHeight }, false);
  /** The time of the last plain click: a shift-click selects from it. */
  let anchor: number | null = null;

  over.addEventListener('mousedown', (down) => {
    if (down.button !== 0) return;
    const x0 = xOf(down);
    const move = (e: MouseEvent) => band(x0, xOf(e));
    const up = (e: MouseEvent) => {
      document.removeEventListener('mousemove', move);
      document.removeEventListener('mouseup', up);
      const x1 = xOf(e);
      if (Math.abs(x1 - x0) >= CLICK_PX) {
        anchor = null;
        return selected(ordered(timeAt(x0), timeAt(x1)));
      }
      if (e.shiftKey && anchor !== null) {
        const range = ordered(anchor, timeAt(x1));
        anchor = null;
        return selected(range);
      }
      anchor = timeAt(x1);
    };
    document.addEventListener('mousemove', move);
    document.addEventListener('mouseup', up);
  });
}

function ordered(a: number, b: number): TimeRange {
  return a <= b ? [a, b] : [b, a];
}

/** Draws `range` as the chart's select band (hidden for null), at the axis as it is now. */
export function showRange(plot: uPlot, range: TimeRange | null): void {
  if (!range) return plot.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
  const left = plot.valToPos(range[0] / 1000, 'x');
  const right = plot.valToPos(range[1] / 1000, 'x');
  const width = plot.over.clientWidth;
  const a = Math.min(Math.max(left, 0), width);
  const b = Math.min(Math.max(right, 0), width);
  plot.setSelect({ left: a, width: b - a, top: 0, height: plot.over.clientHeight }, false);
}
