// The trading floor's frame-time benchmark page (scripts/bench/xr.ts bundles it with esbuild and
// serves it on 127.0.0.1): the real FloorScene with `n` synthetic instruments (pools with TVL and
// change, a few feeds), one selected pool with its candles, depth and panel, and `avatars` others
// moving in circles with poses arriving at 20 Hz. Not part of the app's routes.
import { createRoot } from "react-dom/client";
import type { WebGLRenderer } from "three";

import FloorScene, { type FloorQuality } from "../components/metaverse/FloorScene.tsx";
import type { Instrument } from "../lib/floor.ts";
import { candleBoxes } from "../lib/metaverse.ts";
import { PoseBuffer } from "../lib/poses.ts";

interface BenchState {
  drawCalls: number;
  triangles: number;
  geometries: number;
  /** Per frame: ms in the page's requestAnimationFrame callbacks (react-three-fiber's loop: JS). */
  js: number[];
  /** Per frame: ms in three's renderer.render (JS issuing WebGL calls; with sync, plus the wait). */
  render: number[];
}

declare global {
  interface Window {
    __floorBench: BenchState;
  }
}

const params = new URLSearchParams(window.location.search);
const n = Number(params.get("n") ?? "1000");
const avatarCount = Number(params.get("avatars") ?? "0");
/**
 * sync=1: after each render, read one pixel back, so the frame waits until the GPU process (here
 * SwiftShader, the software rasteriser) has drawn it: frame time then includes the raster, and no
 * backlog of unrasterised frames builds up.
 */
const sync = params.get("sync") === "1";
// One setting at a time over the detected quality (scripts/bench/xr.ts's PEPER_XR_BENCH_QUALITY):
// aa=0|1, dpr=<number>, mat=standard|lambert.
const quality: Partial<FloorQuality> = {};
if (params.has("aa")) quality.antialias = params.get("aa") === "1";
if (params.has("dpr")) quality.dpr = Number(params.get("dpr"));
const mat = params.get("mat");
if (mat === "standard" || mat === "lambert") quality.material = mat;

const samples: Pick<BenchState, "js" | "render"> = { js: [], render: [] };
// Time every requestAnimationFrame callback (the floor's loop), summed per frame.
const nativeRaf = window.requestAnimationFrame.bind(window);
let frameStamp = -1;
window.requestAnimationFrame = (callback) =>
  nativeRaf((t) => {
    const start = performance.now();
    callback(t);
    const spent = performance.now() - start;
    if (t === frameStamp && samples.js.length > 0) samples.js[samples.js.length - 1]! += spent;
    else {
      frameStamp = t;
      samples.js.push(spent);
      if (samples.js.length > 4000) samples.js.splice(0, 2000);
    }
  });
const pixel = new Uint8Array(4);
const timed = new WeakSet<WebGLRenderer>();
function timeRender(gl: WebGLRenderer) {
  if (timed.has(gl)) return;
  timed.add(gl);
  const render = gl.render.bind(gl);
  gl.render = (scene, camera) => {
    const start = performance.now();
    render(scene, camera);
    if (sync) {
      const ctx = gl.getContext();
      ctx.readPixels(0, 0, 1, 1, ctx.RGBA, ctx.UNSIGNED_BYTE, pixel);
    }
    samples.render.push(performance.now() - start);
    if (samples.render.length > 4000) samples.render.splice(0, 2000);
  };
}

// A fixed pseudo-random sequence, so every run draws the same floor.
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

const instruments: Instrument[] = Array.from({ length: n }, (_, i) => ({
  id: `i${i}`,
  label: `T${i}/USDC`,
  kind: i % 50 === 49 ? "feed" : "pool",
  tvlUsd: 10 ** (2 + random() * 7),
  change: (random() - 0.5) * 0.2,
}));
let price = 1;
const candles = candleBoxes(
  Array.from({ length: 32 }, (_, i) => {
    const open = price;
    price *= 1 + (random() - 0.5) * 0.05;
    return {
      time: i * 3600,
      open,
      close: price,
      high: Math.max(open, price) * 1.01,
      low: Math.min(open, price) * 0.99,
    };
  }),
);
const avatars = Array.from({ length: avatarCount }, (_, i) => ({
  id: `a${i}`,
  name: `Trader ${i + 1}`,
  poses: new PoseBuffer(),
}));
// Poses arrive at 20 Hz, as the room sends them: each avatar walks a circle.
setInterval(() => {
  const now = performance.now();
  avatars.forEach((a, i) => {
    const t = now / 1000 + i;
    const x = Math.cos(t * 0.5) * (3 + i * 0.3);
    const z = Math.sin(t * 0.5) * (3 + i * 0.3) + 8;
    const yaw = -t * 0.5;
    const q: [number, number, number, number] = [0, Math.sin(yaw / 2), 0, Math.cos(yaw / 2)];
    a.poses.push(
      {
        head: { p: [x, 1.65, z], q },
        left: { p: [x - 0.25, 1.1 + Math.sin(t * 3) * 0.1, z], q },
        right: { p: [x + 0.25, 1.1 - Math.sin(t * 3) * 0.1, z], q },
      },
      now,
    );
  });
}, 50);

window.__floorBench = { drawCalls: 0, triangles: 0, geometries: 0, ...samples };

createRoot(document.getElementById("root")!).render(
  <div style={{ width: "100vw", height: "100vh" }}>
    <FloorScene
      instruments={instruments}
      selected="i0"
      onSelect={() => {}}
      candles={candles}
      depth={[
        { bps: 100, sell0: 0.01, sell1: 0.01 },
        { bps: 200, sell0: 0.02, sell1: 0.02 },
        { bps: 500, sell0: 0.05, sell1: 0.05 },
      ]}
      panel={{
        title: "T0/USDC",
        lines: ["TVL $1.2M", "±1 %: sell 4,950 T0"],
        action: { label: "Swap", disabled: false, onPress: () => {} },
      }}
      positions={[
        { id: "p1", label: "PEPER", weight: 1 },
        { id: "p2", label: "USDC", weight: 0.4 },
      ]}
      avatars={avatars}
      spin={false}
      quality={quality}
      labels={{
        enterVr: "Enter in VR",
        enterAr: "Enter in AR",
        exit: "Leave",
        noXr: "",
        controls: "",
        xrFailed: (f) => f.detail,
        dismiss: "Dismiss",
      }}
      onFrame={(gl) => {
        timeRender(gl);
        window.__floorBench = {
          drawCalls: gl.info.render.calls,
          triangles: gl.info.render.triangles,
          geometries: gl.info.memory.geometries,
          ...samples,
        };
      }}
    />
  </div>,
);
