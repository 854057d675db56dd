"use client";
import type { UTCTimestamp } from "lightweight-charts";
import { useEffect, useRef } from "react";

import type { Candle } from "../../lib/candles.ts";

/**
 * Candles drawn by lightweight-charts (loaded when the chart mounts, so it is not in the page's
 * first-load JavaScript). The table under it is the same data for screen readers.
 */
export function CandleChart({ candles, label }: { candles: Candle[]; label: string }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let remove: (() => void) | undefined;
    void import("lightweight-charts").then(({ createChart, CandlestickSeries, ColorType }) => {
      if (disposed || !container.current) return;
      const chart = createChart(container.current, {
        autoSize: true,
        layout: { background: { type: ColorType.Solid, color: "transparent" }, textColor: "#c9ced6" },
        grid: { vertLines: { color: "#262a33" }, horzLines: { color: "#262a33" } },
        timeScale: { timeVisible: true, secondsVisible: false },
        rightPriceScale: { borderColor: "#3a3f4b" },
      });
      const series = chart.addSeries(CandlestickSeries, {
        upColor: "#2f9e44",
        downColor: "#e03131",
        wickUpColor: "#2f9e44",
        wickDownColor: "#e03131",
        borderVisible: false,
        priceFormat: { type: "price", precision: 6, minMove: 0.000001 },
      });
      series.setData(
        candles.map((c) => ({
          time: c.time as UTCTimestamp,
          open: c.open,
          high: c.high,
          low: c.low,
          close: c.close,
        })),
      );
      chart.timeScale().fitContent();
      remove = () => chart.remove();
    });
    return () => {
      disposed = true;
      remove?.();
    };
  }, [candles]);
  return <div ref={container} className="chart" role="img" aria-label={label} data-testid="candle-chart" />;
}
