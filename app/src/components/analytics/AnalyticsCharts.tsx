"use client";
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

import type { ReactElement } from "react";

import type { DayPoint, ParticipationPoint } from "../../lib/analytics.ts";

const GRID = { strokeOpacity: 0.2 };
const AXIS = { stroke: "#a3aab6", fontSize: 12 };
const TOOLTIP = {
  contentStyle: { background: "#1d2027", border: "1px solid #343946" },
  labelStyle: { color: "#e9ecf1" },
};

/** The tooltip of a day series: the day as a date, values in the chosen currency. */
const dayTooltip = (format: ChartFormat) => ({
  ...TOOLTIP,
  labelFormatter: (d: unknown) => format.date(Number(d)),
  formatter: (v: unknown) => format.value(Number(v)),
});

/** A chart in a labelled figure with its caption, as wide as its column and 280 px high. */
function ChartFigure({ label, testId, children }: { label: string; testId: string; children: ReactElement }) {
  return (
    <figure className="chart analytics-chart" aria-label={label} data-testid={testId}>
      <ResponsiveContainer width="100%" height={280}>
        {children}
      </ResponsiveContainer>
      <figcaption className="small muted">{label}</figcaption>
    </figure>
  );
}

export interface ChartFormat {
  /** A value for a tooltip ("$1,234.56"). */
  value: (x: number) => string;
  /** A value for an axis tick ("1.2K"). */
  tick: (x: number) => string;
  /** A day (unix seconds) as a date. */
  date: (seconds: number) => string;
}

/** TVL (area) over the days the subgraph recorded. */
export function TvlChart({
  series,
  label,
  name,
  format,
}: {
  series: DayPoint[];
  label: string;
  name: string;
  format: ChartFormat;
}) {
  return (
    <ChartFigure label={label} testId="chart-tvl">
      <AreaChart data={series} margin={{ top: 10, right: 12, bottom: 4, left: 4 }}>
        <CartesianGrid {...GRID} />
        <XAxis dataKey="date" tickFormatter={format.date} {...AXIS} minTickGap={24} />
        <YAxis tickFormatter={format.tick} width={64} {...AXIS} />
        <Tooltip {...dayTooltip(format)} />
        <Area
          type="linear"
          dataKey="tvl"
          name={name}
          stroke="#ff8a3d"
          fill="#e8590c"
          fillOpacity={0.25}
          dot={series.length < 3}
          isAnimationActive={false}
        />
      </AreaChart>
    </ChartFigure>
  );
}

/** Daily volume and fees (bars). */
export function VolumeChart({
  series,
  label,
  names,
  format,
  testId = "chart-volume",
}: {
  series: DayPoint[];
  label: string;
  names: { volume: string; fees: string };
  format: ChartFormat;
  testId?: string;
}) {
  return (
    <ChartFigure label={label} testId={testId}>
      <BarChart data={series} margin={{ top: 10, right: 12, bottom: 4, left: 4 }}>
        <CartesianGrid {...GRID} />
        <XAxis dataKey="date" tickFormatter={format.date} {...AXIS} minTickGap={24} />
        <YAxis yAxisId="volume" tickFormatter={format.tick} width={64} {...AXIS} />
        <YAxis yAxisId="fees" orientation="right" tickFormatter={format.tick} width={56} {...AXIS} />
        <Tooltip {...dayTooltip(format)} />
        <Legend />
        <Bar yAxisId="volume" dataKey="volume" name={names.volume} fill="#5bc0be" isAnimationActive={false} />
        <Bar yAxisId="fees" dataKey="fees" name={names.fees} fill="#fab005" isAnimationActive={false} />
      </BarChart>
    </ChartFigure>
  );
}

/** One pair: reserves (area) and daily volume (bars). */
export function PairChart({
  series,
  label,
  names,
  format,
}: {
  series: DayPoint[];
  label: string;
  names: { tvl: string; volume: string };
  format: ChartFormat;
}) {
  return (
    <ChartFigure label={label} testId="chart-pair">
      <ComposedChart data={series} margin={{ top: 10, right: 12, bottom: 4, left: 4 }}>
        <CartesianGrid {...GRID} />
        <XAxis dataKey="date" tickFormatter={format.date} {...AXIS} minTickGap={24} />
        <YAxis yAxisId="tvl" tickFormatter={format.tick} width={64} {...AXIS} />
        <YAxis yAxisId="volume" orientation="right" tickFormatter={format.tick} width={56} {...AXIS} />
        <Tooltip {...dayTooltip(format)} />
        <Legend />
        <Bar yAxisId="volume" dataKey="volume" name={names.volume} fill="#5bc0be" isAnimationActive={false} />
        <Area
          yAxisId="tvl"
          type="linear"
          dataKey="tvl"
          name={names.tvl}
          stroke="#ff8a3d"
          fill="#e8590c"
          fillOpacity={0.2}
          dot={series.length < 3}
          isAnimationActive={false}
        />
      </ComposedChart>
    </ChartFigure>
  );
}

/** Votes per proposal (stacked for / against / abstain, PEPER) and (for + abstain) against the quorum (%). */
export function ParticipationChart({
  points,
  label,
  names,
  votes,
  percent,
}: {
  points: ParticipationPoint[];
  label: string;
  names: { for: string; against: string; abstain: string; quorum: string; quorumLine: string };
  votes: (x: number) => string;
  percent: (x: number) => string;
}) {
  const data = points.map((p) => ({ ...p, name: `PIP-${p.index}` }));
  return (
    <ChartFigure label={label} testId="chart-governance">
      <ComposedChart data={data} margin={{ top: 10, right: 12, bottom: 4, left: 4 }}>
        <CartesianGrid {...GRID} />
        <XAxis dataKey="name" {...AXIS} />
        <YAxis yAxisId="votes" tickFormatter={votes} width={64} {...AXIS} />
        <YAxis yAxisId="pct" orientation="right" tickFormatter={percent} width={56} {...AXIS} />
        <Tooltip {...TOOLTIP} formatter={(v, key) => (key === names.quorum ? percent(Number(v)) : votes(Number(v)))} />
        <Legend />
        <Bar yAxisId="votes" stackId="v" dataKey="for" name={names.for} fill="#40c057" isAnimationActive={false} />
        <Bar
          yAxisId="votes"
          stackId="v"
          dataKey="against"
          name={names.against}
          fill="#ff6b6b"
          isAnimationActive={false}
        />
        <Bar
          yAxisId="votes"
          stackId="v"
          dataKey="abstain"
          name={names.abstain}
          fill="#a3aab6"
          isAnimationActive={false}
        />
        <Line
          yAxisId="pct"
          type="linear"
          dataKey="quorumPercent"
          name={names.quorum}
          stroke="#ff8a3d"
          dot
          connectNulls
          isAnimationActive={false}
        />
        <ReferenceLine
          yAxisId="pct"
          y={100}
          stroke="#fab005"
          strokeDasharray="4 4"
          label={{ value: names.quorumLine, position: "insideTopLeft", fill: "#fab005", fontSize: 12 }}
        />
      </ComposedChart>
    </ChartFigure>
  );
}
