// Timing helpers for the speed benchmarks: warm up, then time many runs and report percentiles.
import { performance } from "node:perf_hooks";

export interface Timing {
  readonly runs: number;
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  readonly min: number;
}

/** Times `fn` `runs` times after `warmup` untimed calls; milliseconds. */
export function time(fn: () => unknown, runs: number, warmup = Math.min(runs, 20)): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const samples = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples[i] = performance.now() - start;
  }
  return summarise(samples);
}

/** Like `time` for async functions. */
export async function timeAsync(
  fn: () => Promise<unknown>,
  runs: number,
  warmup = Math.min(runs, 20),
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples[i] = performance.now() - start;
  }
  return summarise(samples);
}

function summarise(samples: Float64Array): Timing {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  let sum = 0;
  for (const s of sorted) sum += s;
  return { runs: sorted.length, p50: at(0.5), p99: at(0.99), mean: sum / sorted.length, min: sorted[0]! };
}

/** Prints a markdown table. */
export function table(title: string, header: readonly string[], rows: readonly (readonly (string | number)[])[]): void {
  console.log(`\n${title}\n`);
  console.log(`| ${header.join(" | ")} |`);
  console.log(`|${header.map(() => "---").join("|")}|`);
  for (const row of rows) console.log(`| ${row.map((c) => (typeof c === "number" ? fmt(c) : c)).join(" | ")} |`);
}

function fmt(x: number): string {
  if (Number.isInteger(x)) return x.toLocaleString("en-US");
  if (Math.abs(x) >= 100) return x.toFixed(0);
  if (Math.abs(x) >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}
