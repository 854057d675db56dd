// The trading floor's frame-time benchmark page (scripts/bench/xr.ts bundles it with esbuild and
// serves it on 127.0.0.1): the real FloorScene with `n` synthetic instruments (pools with TVL and
// change, a few feeds), one selected pool with its candles, depth and panel, and `avatars` others
// moving in circles with poses arriving at 20 Hz. Not part of the app's routes.
//
// `scene=` measures the floor of the method instead (the harness with less and less drawn, same
// canvas size, quality and read-back): `gl` a bare WebGL canvas cleared each frame (no three.js, no
// React), `empty` a react-three-fiber canvas with only the background, `box` one lit box, `plane`
// the floor plane only; `full` (the default) is FloorScene. On the full scene `panel=0`, `detail=0`
// and `positions=0` leave those parts out.
import { Canvas, useFrame, useThree } from "@react-three/fiber";
import { useEffect } from "react";
import { createRoot } from "react-dom/client";
import {
  Vector3,
  type Camera,
  type InstancedMesh,
  type Mesh,
  type MeshBasicMaterial,
  type Object3D,
  type Sprite,
  type WebGLRenderer,
} from "three";

import FloorScene, {
  GPU_QUALITY,
  isSoftwareRenderer,
  probeRenderer,
  SOFTWARE_QUALITY,
  type FloorQuality,
} from "../components/metaverse/FloorScene.tsx";
import type { Instrument } from "../lib/floor.ts";
import { candleBoxes } from "../lib/metaverse.ts";
import { PoseBuffer } from "../lib/poses.ts";

interface BenchState {
  /** The unmasked WebGL renderer string (what Chromium actually rasterises with). */
  renderer: string;
  drawCalls: number;
  triangles: number;
  geometries: number;
  /** Per frame: ms in the page's requestAnimationFrame callbacks (react-three-fiber's loop: JS). */
  js: number[];
  /** Per frame: ms in three's renderer.render (JS issuing WebGL calls). */
  render: number[];
  /** Per read-back frame: ms in readPixels (the wait for the GPU process to draw the frame). */
  readback: number[];
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
 * backlog of unrasterised frames builds up. sync=N (N > 1): read back every Nth frame only, so at
 * most N frames are ever in flight (the main-thread rows: no unbounded backlog, no stall).
 * sync=0: never.
 */
const syncEvery = Math.max(0, Math.floor(Number(params.get("sync") ?? "0")));
const scene = params.get("scene") ?? "full";
const without = (part: string) => params.get(part) === "0";
// One setting at a time over the detected quality (scripts/bench/xr.ts's PEPER_XR_BENCH_QUALITY):
// aa=0|1, dpr=<number>, mat=standard|lambert|basic, boxes=instanced|merged, towers=static|view.
// spin=1: the camera orbits the floor as the page's does (OrbitControls' autoRotate), so a moving
// view is measured too (towers=view rewrites its index whenever the eye has moved 0.25 m).
const quality: Partial<FloorQuality> = {};
if (params.has("aa")) quality.antialias = params.get("aa") === "1";
if (params.has("dpr")) quality.dpr = Number(params.get("dpr"));
const mat = params.get("mat");
if (mat === "standard" || mat === "lambert" || mat === "basic") quality.material = mat;
const boxes = params.get("boxes");
if (boxes === "instanced" || boxes === "merged") quality.boxes = boxes;
const towerIndex = params.get("towers");
if (towerIndex === "static" || towerIndex === "view") quality.towerIndex = towerIndex;

const samples: Pick<BenchState, "js" | "render" | "readback"> = { js: [], render: [], readback: [] };
const trim = (xs: number[]) => {
  if (xs.length > 4000) xs.splice(0, 2000);
};
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
let frames = 0;
/** After a frame's draw calls: read one pixel back on every `syncEvery`th frame, timed. */
function readBack(ctx: WebGLRenderingContext | WebGL2RenderingContext) {
  frames++;
  if (syncEvery === 0 || frames % syncEvery !== 0) return;
  const start = performance.now();
  ctx.readPixels(0, 0, 1, 1, ctx.RGBA, ctx.UNSIGNED_BYTE, pixel);
  samples.readback.push(performance.now() - start);
  trim(samples.readback);
}
/**
 * Profiling switches on the full scene, applied to what FloorScene mounted (the bench only):
 * `hide=labels,towers,floor,panel,boxes` leaves those objects out of the render; `order=near|far`
 * re-sorts the towers' instances nearest-first or farthest-first from the camera (overdraw).
 */
const hide = new Set((params.get("hide") ?? "").split(",").filter(Boolean));
const order = params.get("order");
let sorted = false;
function kindOf(o: Object3D): string | undefined {
  if (o.name === "floor") return "floor";
  // labels: sprites, or one mesh of them all (labels=atlas)
  if ((o as Sprite).isSprite || o.name === "labels") return "labels";
  if ((o as InstancedMesh).isInstancedMesh) return (o as InstancedMesh).count === n ? "towers" : "boxes";
  // merged boxes (boxes=merged): mergeBoxes says how many triangles a box has (12, or 10 without bottoms)
  const geometry = (o as Mesh).isMesh ? (o as Mesh).geometry : undefined;
  const perBox = geometry?.userData.trianglesPerBox as number | undefined;
  if (geometry && perBox !== undefined) return geometry.getIndex()?.count === n * perBox * 3 ? "towers" : "boxes";
  const material = (o as Mesh).material as MeshBasicMaterial | undefined;
  if ((o as Mesh).isMesh && material?.isMeshBasicMaterial && material.transparent) return "panel";
  return undefined;
}
function sortTowers(mesh: InstancedMesh, camera: Camera) {
  const eye = camera.getWorldPosition(new Vector3());
  const m = mesh.instanceMatrix.array as Float32Array;
  const colours = mesh.instanceColor?.array as Float32Array | undefined;
  const ids = Array.from({ length: mesh.count }, (_, i) => i);
  const d = ids.map((i) => (m[i * 16 + 12]! - eye.x) ** 2 + (m[i * 16 + 14]! - eye.z) ** 2);
  ids.sort((a, b) => (order === "near" ? d[a]! - d[b]! : d[b]! - d[a]!));
  const m2 = m.slice();
  const c2 = colours?.slice();
  ids.forEach((from, to) => {
    m.set(m2.subarray(from * 16, from * 16 + 16), to * 16);
    if (colours && c2) colours.set(c2.subarray(from * 3, from * 3 + 3), to * 3);
  });
  mesh.instanceMatrix.needsUpdate = true;
  if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
}
const timed = new WeakSet<WebGLRenderer>();
function timeRender(gl: WebGLRenderer) {
  if (timed.has(gl)) return;
  timed.add(gl);
  const render = gl.render.bind(gl);
  gl.render = (scene, camera) => {
    if (hide.size > 0 || order)
      scene.traverse((o) => {
        const kind = kindOf(o);
        if (kind && hide.has(kind)) o.visible = false;
        if (kind === "towers" && order && !sorted) {
          sortTowers(o as InstancedMesh, camera);
          sorted = true;
        }
      });
    const start = performance.now();
    render(scene, camera);
    samples.render.push(performance.now() - start);
    trim(samples.render);
    readBack(gl.getContext());
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

const renderer = probeRenderer();
window.__floorBench = { renderer, drawCalls: 0, triangles: 0, geometries: 0, ...samples };
const report = (gl: WebGLRenderer) => {
  timeRender(gl);
  window.__floorBench = {
    renderer,
    drawCalls: gl.info.render.calls,
    triangles: gl.info.render.triangles,
    geometries: gl.info.memory.geometries,
    ...samples,
  };
};
/** The floor's quality as FloorScene picks it (detected, then the page's overrides). */
const floorQuality: FloorQuality = {
  ...(isSoftwareRenderer(renderer) ? SOFTWARE_QUALITY : GPU_QUALITY),
  ...quality,
};
const qualityAttr = `${floorQuality.material},aa=${floorQuality.antialias ? 1 : 0},dpr=${String(floorQuality.dpr)}`;

function Report() {
  const gl = useThree((s) => s.gl);
  useFrame(() => report(gl));
  return null;
}

/** The floor of the method with three.js: the same canvas (size, dpr, MSAA), less and less drawn. */
function Minimal({ what }: { what: "empty" | "box" | "plane" }) {
  return (
    <div className="scene" data-quality={qualityAttr} style={{ width: "100vw", height: "100vh" }}>
      <Canvas
        camera={{ position: [8, 6, 14], fov: 50 }}
        dpr={floorQuality.dpr}
        gl={{ antialias: floorQuality.antialias }}
      >
        <color attach="background" args={["#101217"]} />
        <ambientLight intensity={0.6} />
        <directionalLight position={[6, 12, -4]} intensity={1.1} />
        {what === "box" ? (
          <mesh position={[0, 1, 0]}>
            <boxGeometry args={[2, 2, 2]} />
            {floorQuality.material === "lambert" ? (
              <meshLambertMaterial color="#2f9e44" />
            ) : (
              <meshStandardMaterial color="#2f9e44" />
            )}
          </mesh>
        ) : null}
        {what === "plane" ? (
          <mesh rotation={[-Math.PI / 2, 0, 0]}>
            <planeGeometry args={[60, 60]} />
            {floorQuality.material === "lambert" ? (
              <meshLambertMaterial color="#1b1e25" />
            ) : (
              <meshStandardMaterial color="#1b1e25" />
            )}
          </mesh>
        ) : null}
        <Report />
      </Canvas>
    </div>
  );
}

/** The floor of the method without three.js or React: a WebGL canvas cleared every frame. */
function BareGl() {
  useEffect(() => {
    const canvas = document.querySelector<HTMLCanvasElement>("canvas.bare")!;
    const dpr =
      typeof floorQuality.dpr === "number" ? floorQuality.dpr : Math.min(floorQuality.dpr[1], window.devicePixelRatio);
    canvas.width = Math.round(window.innerWidth * dpr);
    canvas.height = Math.round(window.innerHeight * dpr);
    const ctx = canvas.getContext("webgl2", { antialias: floorQuality.antialias })!;
    let live = true;
    const frame = () => {
      if (!live) return;
      const start = performance.now();
      ctx.clearColor(0.06, 0.07, 0.09, 1);
      ctx.clear(ctx.COLOR_BUFFER_BIT | ctx.DEPTH_BUFFER_BIT);
      samples.render.push(performance.now() - start);
      trim(samples.render);
      readBack(ctx);
      window.__floorBench = { renderer, drawCalls: 0, triangles: 0, geometries: 0, ...samples };
      window.requestAnimationFrame(frame);
    };
    window.requestAnimationFrame(frame);
    return () => {
      live = false;
    };
  }, []);
  return (
    <div className="scene" data-quality={qualityAttr}>
      <canvas className="bare" style={{ width: "100vw", height: "100vh", display: "block" }} />
    </div>
  );
}

const page =
  scene === "gl" ? (
    <BareGl />
  ) : scene === "empty" || scene === "box" || scene === "plane" ? (
    <Minimal what={scene} />
  ) : (
    <FullFloor />
  );
createRoot(document.getElementById("root")!).render(page);

function FullFloor() {
  return (
    <div style={{ width: "100vw", height: "100vh" }}>
      <FloorScene
        instruments={instruments}
        selected="i0"
        onSelect={() => {}}
        candles={without("detail") ? [] : candles}
        depth={
          without("detail")
            ? []
            : [
                { bps: 100, sell0: 0.01, sell1: 0.01 },
                { bps: 200, sell0: 0.02, sell1: 0.02 },
                { bps: 500, sell0: 0.05, sell1: 0.05 },
              ]
        }
        panel={
          without("panel")
            ? undefined
            : {
                title: "T0/USDC",
                lines: ["TVL $1.2M", "±1 %: sell 4,950 T0"],
                action: { label: "Swap", disabled: false, onPress: () => {} },
              }
        }
        positions={
          without("positions")
            ? []
            : [
                { id: "p1", label: "PEPER", weight: 1 },
                { id: "p2", label: "USDC", weight: 0.4 },
              ]
        }
        avatars={avatars}
        spin={params.get("spin") === "1"}
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
        onFrame={report}
      />
    </div>
  );
}
