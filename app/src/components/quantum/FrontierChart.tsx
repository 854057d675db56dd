"use client";
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The efficient frontier (volatility → expected return) and the chosen portfolio on it. */
export function FrontierChart({
  frontier,
  chosen,
  label,
  frontierName,
  chosenName,
}: {
  frontier: { expected_return: number; volatility: number }[];
  chosen: { expected_return: number; volatility: number };
  label: string;
  frontierName: string;
  chosenName: string;
}) {
  const points = frontier.map((p) => ({ x: p.volatility, y: p.expected_return }));
  return (
    <figure className="chart" aria-label={label} data-testid="frontier-chart">
      <ResponsiveContainer width="100%" height={280}>
        <ScatterChart margin={{ top: 10, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid strokeOpacity={0.2} />
          <XAxis type="number" dataKey="x" name="σ" tickFormatter={pct} domain={["auto", "auto"]} />
          <YAxis type="number" dataKey="y" name="μ" tickFormatter={pct} domain={["auto", "auto"]} width={56} />
          <Tooltip formatter={(v) => (typeof v === "number" ? pct(v) : String(v))} />
          <Scatter name={frontierName} data={points} fill="#5bc0be" line shape="circle" isAnimationActive={false} />
          <Scatter
            name={chosenName}
            data={[{ x: chosen.volatility, y: chosen.expected_return }]}
            fill="#ef233c"
            shape="diamond"
            isAnimationActive={false}
          />
        </ScatterChart>
      </ResponsiveContainer>
      <figcaption className="small muted">{label}</figcaption>
    </figure>
  );
}
