// Frame time of the WebXR trading floor (issue 19): the real FloorScene (app/src/bench/floorBench.tsx,
// bundled here with esbuild and served on 127.0.0.1) in headless Chromium with the SwiftShader
// software renderer and no frame-rate cap, so requestAnimationFrame runs as fast as a frame can be
// made. Chromium picks its own configuration on this GPU-less machine (chrome://gpu: WebGL on
// SwiftShader, "Compositing: Software only"), as it does for a visitor without a GPU; the
// renderer string is printed with the table. `--use-angle=swiftshader` (PEPER_XR_BENCH_ANGLE=swiftshader,
// the earlier tables) also puts Chromium's compositor and page raster on SwiftShader, in the GPU
// process the WebGL frames wait for: an empty canvas then costs ~15 ms a frame at 1280×720. After a warm-up, the deltas of FRAMES consecutive frames give the median and the p95; each
// configuration runs RUNS times in a fresh browser and the table reports the median of the runs (as
// three.js's own performance gate does), with renderer.info's draw calls and triangles.
//
// Each configuration is measured twice: "raster" frames read a pixel back after rendering, so each
// frame waits for SwiftShader to draw it (the frame's whole cost: JS + raster; the figure that
// decides 90 Hz), and "main thread" frames do not (JS only: the GPU process rasterises behind).
// Per frame the page also times its requestAnimationFrame callbacks (JS) and three's render call.
// A page that stops producing frames for STALL_MS is reported as a failed run, not waited on.
//
//   npm run bench -- xr            (PEPER_CHROMIUM overrides /usr/bin/chromium;
//                                   PEPER_XR_BENCH_RUNS runs per row, 3 by default;
//                                   PEPER_XR_BENCH_ROWS=raster:1000:0,main:100:0 only those rows,
//                                   as mode:instruments:avatars; PEPER_XR_BENCH_QUALITY=aa=1&dpr=1&mat=standard
//                                   overrides the floor's detected render quality, one setting at a time;
//                                   PEPER_XR_BENCH_PAGE=scene=empty (gl|empty|box|plane|full) or
//                                   panel=0&detail=0&positions=0: more page parameters, the floor of the
//                                   method; PEPER_XR_BENCH_VIEWPORT=640x360; PEPER_XR_BENCH_ANGLE=swiftshader
//                                   adds --use-angle=swiftshader (default: no --use-angle, Chromium picks);
//                                   PEPER_XR_BENCH_FRAMES frames measured, 600 by default;
//                                   PEPER_XR_BENCH_FLAGS="--disable-gpu-compositing" more Chromium switches;
//                                   PEPER_XR_BENCH_MAIN_SYNC read-back period of main-thread rows, 32; 0 never)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { build } from "esbuild";
import { chromium, type Browser } from "playwright-core";

import { ROOT } from "../lib/runtime.ts";

const CHROMIUM = process.env.PEPER_CHROMIUM ?? "/usr/bin/chromium";
const WARMUP = 120;
const FRAMES = Number(process.env.PEPER_XR_BENCH_FRAMES ?? "600");
const RUNS = Number(process.env.PEPER_XR_BENCH_RUNS ?? "3");
const CONFIGS = [
  { n: 100, avatars: 0 },
  { n: 1_000, avatars: 0 },
  { n: 5_000, avatars: 0 },
  { n: 1_000, avatars: 10 },
];
const ROWS = process.env.PEPER_XR_BENCH_ROWS?.split(",").map((r) => r.trim());
/** One way of running the bench page: its parameters, Chromium's switches and the window size. */
interface Variant {
  label: string;
  /** Query parameters for the page (quality overrides aa/dpr/mat, scene=…, panel=0 …). */
  page: string;
  /** --use-angle=<angle>, or "default": no --use-angle (Chromium picks; the default). */
  angle: string;
  /** More Chromium switches. */
  flags: string[];
  viewport: [number, number];
}
const BASE: Variant = {
  label: "",
  page: [process.env.PEPER_XR_BENCH_QUALITY, process.env.PEPER_XR_BENCH_PAGE].filter(Boolean).join("&"),
  angle: process.env.PEPER_XR_BENCH_ANGLE ?? "default",
  flags: (process.env.PEPER_XR_BENCH_FLAGS ?? "").split(" ").filter(Boolean),
  viewport: (process.env.PEPER_XR_BENCH_VIEWPORT ?? "1280x720").split("x").map(Number) as [number, number],
};
/**
 * PEPER_XR_BENCH_VARIANTS: a JSON list of variants measured one after the other in this one run
 * (each field optional, over the settings above), e.g.
 * [{"label":"empty canvas","page":"scene=empty"},{"label":"Chromium's choice","angle":"default"}].
 */
const VARIANTS: Variant[] = process.env.PEPER_XR_BENCH_VARIANTS
  ? (
      JSON.parse(process.env.PEPER_XR_BENCH_VARIANTS) as (Partial<Omit<Variant, "viewport">> & { viewport?: string })[]
    ).map((v, i) => ({
      ...BASE,
      ...v,
      label: v.label ?? `variant ${i + 1}`,
      viewport: v.viewport ? (v.viewport.split("x").map(Number) as [number, number]) : BASE.viewport,
    }))
  : [BASE];
const describe = (v: Variant) =>
  [
    v.angle === "default" ? "no --use-angle" : `--use-angle=${v.angle}`,
    ...v.flags,
    `${v.viewport[0]}×${v.viewport[1]}`,
    ...(v.page ? [`page ${v.page}`] : []),
  ].join(", ");
/**
 * Main-thread rows read a pixel back every MAIN_SYNC_EVERY frames: at most that many frames are in
 * flight, so the GPU process cannot fall unboundedly behind (uncapped, it did at 5,000 instruments
 * until Chromium stopped issuing frames), and the other frames do not wait for their raster. 32:
 * the waiting frames are 1 in 32 (3 %), so the p95 is still the main thread's, not the raster's.
 */
const MAIN_SYNC_EVERY = Number(process.env.PEPER_XR_BENCH_MAIN_SYNC ?? "32");
const wanted = (sync: boolean, n: number, avatars: number) =>
  !ROWS || ROWS.includes(`${sync ? "raster" : "main"}:${n}:${avatars}`);
/** 90 Hz. */
const BUDGET_MS = 1000 / 90;
/** No frame for this long: the page is stuck (a GPU process that stopped answering). */
const STALL_MS = 15_000;

const out = mkdtempSync(join(tmpdir(), "peper-xr-bench-"));
const started = performance.now();
await build({
  entryPoints: [join(ROOT, "app/src/bench/floorBench.tsx")],
  bundle: true,
  minify: true,
  format: "esm",
  jsx: "automatic",
  target: "es2022",
  define: { "process.env.NODE_ENV": '"production"' },
  outfile: join(out, "bench.js"),
  logLevel: "error",
});
console.log(`bundled the floor with esbuild in ${((performance.now() - started) / 1000).toFixed(1)} s`);
writeFileSync(
  join(out, "index.html"),
  `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;background:#101217}.scene{width:100vw;height:100vh}.button-row,.small{display:none}</style></head><body><div id="root"></div><script type="module" src="/bench.js"></script></body></html>`,
);
const files: Record<string, [string, string]> = {
  "/": ["index.html", "text/html"],
  "/bench.js": ["bench.js", "text/javascript"],
};
const server = createServer((req, res) => {
  const file = files[(req.url ?? "/").split("?")[0]!];
  if (!file) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "content-type": file[1] }).end(readFileSync(join(out, file[0])));
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const port = (server.address() as { port: number }).port;

const launch = (v: Variant) =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      ...(v.angle === "default" ? [] : [`--use-angle=${v.angle}`]),
      "--enable-unsafe-swiftshader",
      // no vsync cap: rAF runs as fast as frames are made, so deltas measure the frame's cost
      "--disable-gpu-vsync",
      "--disable-frame-rate-limit",
      ...v.flags,
    ],
  });
interface BenchInfo {
  renderer: string;
  drawCalls: number;
  triangles: number;
  js: number[];
  render: number[];
  readback: number[];
}

interface Run {
  median: number;
  p95: number;
  drawCalls: number;
  triangles: number;
  /** Medians over the measured frames: JS in rAF callbacks, and three's render call (ms). */
  js: number;
  render: number;
  /** Median ms in the read-back (the wait for the raster), over the frames that read back. */
  readback: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const median = (xs: number[]) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

let version = "";
let quality = "";
let rendererName = "";
const renderers = new Set<string>();

async function measure(v: Variant, n: number, avatars: number, sync: boolean): Promise<Run> {
  // A fresh browser per run: one run's GPU memory does not carry into the next.
  const browser = await launch(v);
  version = browser.version();
  try {
    return await measureIn(browser, v, n, avatars, sync);
  } finally {
    await browser.close();
  }
}

async function measureIn(browser: Browser, v: Variant, n: number, avatars: number, sync: boolean): Promise<Run> {
  const page = await browser.newPage({ viewport: { width: v.viewport[0], height: v.viewport[1] } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(
    `http://127.0.0.1:${port}/?n=${n}&avatars=${avatars}&sync=${sync ? 1 : MAIN_SYNC_EVERY}${v.page ? `&${v.page}` : ""}`,
  );
  await page.waitForSelector("canvas", { timeout: 60_000 });
  await new Promise((r) => setTimeout(r, 1000)); // the scene's first frames (shaders, textures)
  quality = (await page.locator("[data-quality]").getAttribute("data-quality")) ?? "";
  // The page's globals, typed here (this file is checked without the DOM's types).
  type PageGlobals = { requestAnimationFrame(cb: (t: number) => void): number; __floorBench: BenchInfo };
  type PageTimers = {
    setInterval(cb: () => void, ms: number): number;
    clearInterval(id: number): void;
    performance: { now(): number };
  };
  const result = await page.evaluate(
    ({ warmup, warmupMs, frames, stallMs }) =>
      new Promise<{ deltas: number[]; stalled: number | undefined }>((resolve) => {
        const g = globalThis as unknown as PageGlobals & PageTimers;
        const times: number[] = [];
        let warm = false;
        let last = g.performance.now();
        let done = false;
        const finish = (value: { deltas: number[]; stalled: number | undefined }) => {
          if (done) return;
          done = true;
          g.clearInterval(watchdog);
          resolve(value);
        };
        // a page that stops producing frames answers with what it has, marked stalled
        const watchdog = g.setInterval(() => {
          if (g.performance.now() - last > stallMs) finish({ deltas: [], stalled: times.length });
        }, 1000);
        const step = (t: number) => {
          last = g.performance.now();
          times.push(t);
          // warm-up: at least `warmup` frames and `warmupMs` (shaders, textures, the first uploads)
          if (!warm && times.length >= warmup && t - times[0]! >= warmupMs) {
            warm = true;
            times.length = 0;
            times.push(t);
          }
          if (!warm || times.length < frames + 1) g.requestAnimationFrame(step);
          else finish({ deltas: times.slice(1).map((v, i) => v - times[i]!), stalled: undefined });
        };
        g.requestAnimationFrame(step);
      }),
    { warmup: WARMUP, warmupMs: 0, frames: FRAMES, stallMs: STALL_MS },
  );
  if (result.stalled !== undefined) {
    throw new Error(`no frame for ${STALL_MS / 1000} s (after ${result.stalled} measured frames)`);
  }
  const info = await page.evaluate(() => (globalThis as unknown as PageGlobals).__floorBench);
  rendererName = info.renderer;
  renderers.add(info.renderer);
  await page.close();
  if (errors.length > 0) throw new Error(`the bench page failed: ${errors.join("; ")}`);
  const sorted = [...result.deltas].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    drawCalls: info.drawCalls,
    triangles: info.triangles,
    js: median(info.js.slice(-FRAMES)),
    render: median(info.render.slice(-FRAMES)),
    readback: info.readback.length > 0 ? median(info.readback.slice(-FRAMES)) : 0,
  };
}

const rows: string[] = [];
const row = (label: string, n: number, avatars: number, runs: Run[]) => {
  if (runs.length === 0)
    return `| ${label} | ${n.toLocaleString("en")} | ${avatars} | failed | failed | — | — | — | — | — | — | no |`;
  const p95 = median(runs.map((r) => r.p95));
  const mid = median(runs.map((r) => r.median));
  return [
    label,
    n.toLocaleString("en"),
    avatars,
    mid.toFixed(2),
    p95.toFixed(2),
    (1000 / mid).toFixed(0),
    median(runs.map((r) => r.js)).toFixed(2),
    median(runs.map((r) => r.render)).toFixed(2),
    median(runs.map((r) => r.readback)).toFixed(2),
    runs[0]!.drawCalls,
    runs[0]!.triangles.toLocaleString("en"),
    p95 <= BUDGET_MS ? "yes" : "no",
  ]
    .join(" | ")
    .replace(/^/, "| ")
    .concat(" |");
};
const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const loads: string[] = [`before: ${load()}`];
try {
  for (const v of VARIANTS) {
    if (VARIANTS.length > 1) rows.push(`| **${v.label}** (${describe(v)}) |`);
    for (const { n, avatars } of CONFIGS) {
      for (const sync of [true, false]) {
        if (!wanted(sync, n, avatars)) continue;
        const label = sync ? "raster" : "main thread";
        const runs: Run[] = [];
        for (let r = 0; r < RUNS; r++) {
          try {
            runs.push(await measure(v, n, avatars, sync));
          } catch (error) {
            // A page that dies or stalls (SwiftShader under memory pressure) is reported; the next run has a new browser.
            console.log(
              `${label} n=${n} avatars=${avatars} run ${r + 1} failed: ${(error as Error).message.split("\n")[0]}`,
            );
          }
        }
        const line = row(label, n, avatars, runs);
        console.log(
          line,
          ` ${v.label ? `${v.label}: ` : ""}quality ${quality}; renderer ${rendererName}; runs median: ${runs.map((r) => r.median.toFixed(2)).join(", ")}; runs p95: ${runs.map((r) => r.p95.toFixed(2)).join(", ")}; load ${load()}`,
        );
        rows.push(line);
      }
    }
    loads.push(`after ${v.label || "the rows"}: ${load()}`);
  }
} finally {
  server.close();
  rmSync(out, { recursive: true, force: true });
}
console.log(
  `\nFrame time, headless Chromium ${version} (${VARIANTS.length > 1 ? "variants below" : describe(BASE)}; renderer ${[...renderers].map((r) => `"${r}"`).join(", ")}), ${FRAMES} frames after ${WARMUP} of warm-up, median of ${RUNS} runs; render quality ${quality}; main-thread rows read back every ${MAIN_SYNC_EVERY} frames; load average ${loads.join(", ")}:\n`,
);
console.log(
  "| frames | instruments | avatars | median ms | p95 ms | median FPS | JS ms | render call ms | read-back ms | draw calls | triangles | p95 ≤ 11.1 ms |",
);
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |");
for (const line of rows) console.log(line);
