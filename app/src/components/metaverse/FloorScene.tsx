"use client";
import { Canvas, useFrame, useThree, type ThreeEvent } from "@react-three/fiber";
import { createXRStore, XR, XROrigin, type XRStore } from "@react-three/xr";
import {
  createContext,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import {
  BoxGeometry,
  BufferAttribute,
  BufferGeometry,
  CanvasTexture,
  Color,
  InstancedBufferAttribute,
  Matrix3,
  Matrix4,
  Mesh,
  MeshBasicMaterial,
  MeshLambertMaterial,
  MeshStandardMaterial,
  Quaternion,
  SphereGeometry,
  SRGBColorSpace,
  Vector3,
  type Camera,
  type Group,
  type InstancedMesh,
  type Intersection,
  type Raycaster,
  type WebGLRenderer,
} from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";

import {
  layoutTowers,
  teleportOrigin,
  xrFailure,
  type Instrument,
  type TowerLayout,
  type TowerSlot,
  type XrFailure,
} from "../../lib/floor.ts";
import type { CandleBox } from "../../lib/metaverse.ts";
import type { Pose, PoseBuffer, Transform } from "../../lib/poses.ts";
import { FloorPositions, type FloorPosition, type FloorPositionsState } from "./FloorPositions.tsx";

/**
 * How hard the canvas works. A GPU gets 4× MSAA, up to 2 device pixels per CSS pixel and physically
 * based lighting; a software renderer (SwiftShader, llvmpipe: headless browsers, machines without a
 * GPU driver), which spends nearly all of a frame rasterising, gets no MSAA, 0.35 of the resolution
 * and no per-pixel lighting: "basic", unlit colours with the Lambert shade of the scene's lights baked
 * into the vertices (the same picture for the flat-faced boxes and the floor; the avatars' heads are
 * shaded per vertex) — measured in BENCHMARKS.md, "Trading floor (WebXR)". In an XR
 * session the headset's framebuffer (its own scale) is drawn instead of the canvas, so `dpr` and
 * `antialias` only shape the page's view; the material applies to both.
 *
 * `boxes`: how the towers and the selected pool's candles and depth bars are drawn — "instanced"
 * (one InstancedMesh: a GPU draws its instances in parallel) or "merged" (one mesh whose vertices
 * hold every box, rebuilt when the boxes change). Both are one draw call; a software rasteriser
 * sets up every instance of an instanced draw as a draw of its own (SwiftShader: 1,000 instanced
 * towers cost ~37 ms a frame, the same boxes merged a few), so it gets "merged".
 */
export interface FloorQuality {
  antialias: boolean;
  dpr: number | [number, number];
  /** "basic": unlit, with the lights' diffuse (Lambert) shade baked into the vertex colours. */
  material: "standard" | "lambert" | "basic";
  /** "merged" towers also leave out their bottom faces (they stand on the floor: never seen). */
  boxes: "instanced" | "merged";
  /**
   * "plane" (the default): the floor is a drawn plane. "background": the floor plane is only hit by
   * rays (teleport, deselect), never drawn; the clear colour is the floor's colour as "basic" draws
   * it, and the floor's edge is four lines (no pixels of a plane to fill).
   */
  floor?: "plane" | "background";
  /**
   * "sprites" (the default): one sprite, one draw call, per label. "atlas": every tower label in one
   * mesh (one texture holding them all, quads turned to the camera each frame), one draw call.
   */
  labels?: "sprites" | "atlas";
  /**
   * "static" (the default): merged towers drawn from mergeBoxes' index (every face, layout order).
   * "view": from an index rewritten whenever the eye has moved 0.25 m (viewIndex): nearest towers
   * first, without the faces turned away from the eye (the back-face test would drop them, after a
   * software rasteriser had set them up: ~40 % of the towers' triangles). Same picture, same picking.
   */
  towerIndex?: "static" | "view";
}
export const GPU_QUALITY: FloorQuality = { antialias: true, dpr: [1, 2], material: "standard", boxes: "instanced" };
export const SOFTWARE_QUALITY: FloorQuality = {
  antialias: false,
  dpr: 0.35,
  material: "basic",
  boxes: "merged",
  floor: "background",
  labels: "atlas",
  towerIndex: "view",
};

/** Whether a WebGL renderer string names a software rasteriser. */
export function isSoftwareRenderer(renderer: string): boolean {
  return /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render driver/i.test(renderer);
}

/** The unmasked WebGL renderer string, from a throwaway context (released at once); "" if none. */
export function probeRenderer(): string {
  try {
    const canvas = document.createElement("canvas");
    const gl = canvas.getContext("webgl2") ?? canvas.getContext("webgl");
    if (!gl) return "";
    const info = gl.getExtension("WEBGL_debug_renderer_info");
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? "");
    gl.getExtension("WEBGL_lose_context")?.loseContext();
    return renderer;
  } catch {
    return "";
  }
}

const QualityContext = createContext<FloorQuality>(GPU_QUALITY);

/** The scene's lights: an ambient light and one directional light (from SUN_POSITION towards 0). */
const AMBIENT = 0.6;
const SUN = 1.1;
const SUN_POSITION: [number, number, number] = [6, 12, -4];
const SUN_DIRECTION = new Vector3(...SUN_POSITION).normalize();

/** What Lambert lighting makes of a white surface with normal (x, y, z) under the scene's lights. */
export function diffuseShade(x: number, y: number, z: number): number {
  const dot = Math.max(0, x * SUN_DIRECTION.x + y * SUN_DIRECTION.y + z * SUN_DIRECTION.z);
  return (AMBIENT + SUN * dot) / Math.PI;
}

/** Bakes diffuseShade into a geometry's vertex colours (for the unlit "basic" material). */
function bakeShade<G extends BufferGeometry>(geometry: G): G {
  const normal = geometry.getAttribute("normal");
  const color = new Float32Array(normal.count * 3);
  for (let k = 0; k < normal.count; k++)
    color.fill(diffuseShade(normal.getX(k), normal.getY(k), normal.getZ(k)), k * 3, k * 3 + 3);
  geometry.setAttribute("color", new BufferAttribute(color, 3));
  return geometry;
}

/** A lit material of the scene's kind (Standard on a GPU, Lambert on a software renderer). */
function useLitMaterial(params?: { color?: string; roughness?: number; metalness?: number; vertexColors?: boolean }) {
  const kind = useContext(QualityContext).material;
  const { color, roughness, metalness, vertexColors } = params ?? {};
  return useMemo(
    () =>
      kind === "basic"
        ? new MeshBasicMaterial({
            ...(color === undefined ? {} : { color }),
            vertexColors: true,
          })
        : kind === "lambert"
          ? new MeshLambertMaterial({
              ...(color === undefined ? {} : { color }),
              ...(vertexColors === undefined ? {} : { vertexColors }),
            })
          : new MeshStandardMaterial({
              ...(color === undefined ? {} : { color }),
              ...(roughness === undefined ? {} : { roughness }),
              ...(metalness === undefined ? {} : { metalness }),
              ...(vertexColors === undefined ? {} : { vertexColors }),
            }),
    [kind, color, roughness, metalness, vertexColors],
  );
}

/** Triangles of one box (BoxGeometry 1×1×1): a merged mesh's face `f` belongs to box ⌊f / 12⌋. */
export const BOX_TRIANGLES = 12;
/** Triangles of one box without its bottom face (merged towers): face `f` is box ⌊f / 10⌋'s. */
export const BOX_TRIANGLES_NO_BOTTOM = 10;

/**
 * `count` unit boxes, each moved by its column-major 4×4 matrix and coloured (linear RGB, 3 floats
 * per box), in one geometry: positions, normals, per-vertex colours and an index. Without
 * `bottoms`, each box's -y face is left out (20 vertices and 10 triangles a box instead of 24 and
 * 12); `geometry.userData.trianglesPerBox` says which.
 */
export function mergeBoxes(
  matrices: Float32Array,
  colours: Float32Array,
  count: number,
  /** Bake diffuseShade into the colours (for the unlit "basic" material). */
  shaded = false,
  /** Keep the boxes' bottom (-y) faces; towers standing on the floor never show them. */
  bottoms = true,
): BufferGeometry {
  const box = new BoxGeometry(1, 1, 1);
  let bp = box.getAttribute("position").array as Float32Array;
  let bn = box.getAttribute("normal").array as Float32Array;
  let bi: ArrayLike<number> = box.getIndex()!.array;
  if (!bottoms) {
    // BoxGeometry's groups: +x, -x, +y, -y, +z, -z, 4 vertices and 6 indices each; drop -y's.
    const group = box.groups[3]!;
    const first = Math.min(...Array.from(bi).slice(group.start, group.start + group.count));
    const keep = (a: Float32Array) => Float32Array.from([...a.subarray(0, first * 3), ...a.subarray((first + 4) * 3)]);
    bp = keep(bp);
    bn = keep(bn);
    bi = Array.from(bi)
      .filter((_, k) => k < group.start || k >= group.start + group.count)
      .map((i) => (i >= first + 4 ? i - 4 : i));
  }
  box.dispose();
  const verts = bp.length / 3;
  const position = new Float32Array(count * verts * 3);
  const normal = new Float32Array(count * verts * 3);
  const color = new Float32Array(count * verts * 3);
  const index = new Uint32Array(count * bi.length);
  const m = new Matrix4();
  const nm = new Matrix3();
  const v = new Vector3();
  for (let b = 0; b < count; b++) {
    m.fromArray(matrices, b * 16);
    nm.getNormalMatrix(m);
    const base = b * verts;
    for (let k = 0; k < verts; k++) {
      const o = (base + k) * 3;
      v.fromArray(bp, k * 3)
        .applyMatrix4(m)
        .toArray(position, o);
      v.fromArray(bn, k * 3)
        .applyMatrix3(nm)
        .normalize()
        .toArray(normal, o);
      const shade = shaded ? diffuseShade(v.x, v.y, v.z) : 1;
      color[o] = colours[b * 3]! * shade;
      color[o + 1] = colours[b * 3 + 1]! * shade;
      color[o + 2] = colours[b * 3 + 2]! * shade;
    }
    for (let k = 0; k < bi.length; k++) index[b * bi.length + k] = base + bi[k]!;
  }
  const geometry = new BufferGeometry();
  geometry.setAttribute("position", new BufferAttribute(position, 3));
  geometry.setAttribute("normal", new BufferAttribute(normal, 3));
  geometry.setAttribute("color", new BufferAttribute(color, 3));
  geometry.setIndex(new BufferAttribute(index, 1));
  geometry.computeBoundingBox();
  geometry.computeBoundingSphere();
  geometry.userData.trianglesPerBox = bi.length / 3;
  return geometry;
}

/**
 * Rewrites a merged geometry's (mergeBoxes) index for a viewer at `eye`: boxes nearest first (by
 * their centres), so the depth test rejects the hidden parts of the ones behind before they are
 * shaded, and without the faces turned away from the eye by more than `margin` (m) — faces the
 * back-face test would drop anyway, after a software rasteriser had set them up. The margin keeps
 * every face that can turn towards an eye within `margin` of this one (the other eye in a headset,
 * the head moving until the next rewrite). Only the first `returned` indices are drawn
 * (`geometry.drawRange`); the index as mergeBoxes made it (box b's faces in slot b, every face) is
 * kept as `geometry.userData.pickIndex`, and rays are cast against it (mergedRaycast), so picking
 * never depends on the view.
 */
export function viewIndex(geometry: BufferGeometry, eye: Vector3, margin: number): number {
  const perBox = geometry.userData.trianglesPerBox as number;
  const index = geometry.getIndex()!;
  const span = perBox * 3;
  const faces = perBox / 2;
  const data = geometry.userData as {
    pickIndex?: BufferAttribute;
    faces?: Float32Array;
    centres?: Float32Array;
    order?: Uint32Array;
    distance?: Float32Array;
  };
  data.pickIndex ??= new BufferAttribute(Uint32Array.from(index.array as ArrayLike<number>), 1);
  const source = data.pickIndex.array as Uint32Array;
  const count = source.length / span;
  const position = geometry.getAttribute("position");
  const normal = geometry.getAttribute("normal");
  // each face (two triangles, six indices in a row): its outward normal n and n · (a corner)
  const planes = (data.faces ??= (() => {
    const out = new Float32Array(count * faces * 4);
    for (let f = 0; f < count * faces; f++) {
      const v = source[f * 6]!;
      const nx = normal.getX(v);
      const ny = normal.getY(v);
      const nz = normal.getZ(v);
      out.set([nx, ny, nz, nx * position.getX(v) + ny * position.getY(v) + nz * position.getZ(v)], f * 4);
    }
    return out;
  })());
  const centres = (data.centres ??= (() => {
    const out = new Float32Array(count * 3);
    const verts = position.count / count;
    for (let k = 0; k < position.count; k++) {
      const o = Math.floor(k / verts) * 3;
      out[o] = out[o]! + position.getX(k) / verts;
      out[o + 1] = out[o + 1]! + position.getY(k) / verts;
      out[o + 2] = out[o + 2]! + position.getZ(k) / verts;
    }
    return out;
  })());
  const order = (data.order ??= Uint32Array.from({ length: count }, (_, b) => b));
  const distance = (data.distance ??= new Float32Array(count));
  for (let b = 0; b < count; b++)
    distance[b] =
      (centres[b * 3]! - eye.x) ** 2 + (centres[b * 3 + 1]! - eye.y) ** 2 + (centres[b * 3 + 2]! - eye.z) ** 2;
  order.sort((a, b) => distance[a]! - distance[b]!);
  const target = index.array as Uint32Array;
  let written = 0;
  for (let slot = 0; slot < count; slot++) {
    const box = order[slot]!;
    for (let f = 0; f < faces; f++) {
      const p = (box * faces + f) * 4;
      if (planes[p]! * eye.x + planes[p + 1]! * eye.y + planes[p + 2]! * eye.z - planes[p + 3]! < -margin) continue;
      const from = box * span + f * 6;
      target.set(source.subarray(from, from + 6), written);
      written += 6;
    }
  }
  geometry.setDrawRange(0, written);
  index.clearUpdateRanges();
  index.addUpdateRange(0, written);
  index.needsUpdate = true;
  return written;
}

/** The box a merged geometry's face belongs to, as rays report it (mergedRaycast: every face, box order). */
export function boxOfFace(geometry: BufferGeometry, faceIndex: number): number {
  return Math.floor(faceIndex / (geometry.userData.trianglesPerBox as number));
}

/**
 * Mesh.raycast against a merged geometry's full index (userData.pickIndex, once viewIndex has
 * rewritten the drawn one): faces left out of the view still stop rays (a controller is not where
 * the eyes are), and face f is box ⌊f / trianglesPerBox⌋'s.
 */
export function mergedRaycast(this: Mesh, raycaster: Raycaster, intersects: Intersection[]): void {
  const geometry = this.geometry;
  const full = geometry.userData.pickIndex as BufferAttribute | undefined;
  if (!full) {
    Mesh.prototype.raycast.call(this, raycaster, intersects);
    return;
  }
  const drawn = geometry.index;
  const { start, count } = geometry.drawRange;
  geometry.index = full;
  geometry.setDrawRange(0, Infinity);
  try {
    Mesh.prototype.raycast.call(this, raycaster, intersects);
  } finally {
    geometry.index = drawn;
    geometry.setDrawRange(start, count);
  }
}

/** Rewrite the towers' view index when the eye has moved this far (m) since the last one. */
const VIEW_MOVE = 0.25;
/**
 * Faces turned away from the eye by up to this much (m) are kept: VIEW_MOVE, the other eye in a
 * headset (three's XR camera is the left eye; the right one is an eye distance, ~0.064 m, away), and
 * slack. The eye is this frame's: the desktop controls move the camera before (priority -1), and in
 * XR three sets the pose before the frame callbacks.
 */
const VIEW_MARGIN = 0.5;

/** Boxes as one merged mesh (one draw call, no instancing), for a software rasteriser. */
function MergedBoxes({
  matrices,
  colours,
  count,
  material,
  bottoms = true,
  view = false,
  onClick,
}: {
  matrices: Float32Array;
  colours: Float32Array;
  count: number;
  material: MeshBasicMaterial | MeshLambertMaterial | MeshStandardMaterial;
  /** Draw the boxes' bottom faces (false for towers standing on the floor). */
  bottoms?: boolean;
  /** Draw from a view index (viewIndex: nearest boxes first, faces turned away left out). */
  view?: boolean;
  /** With the index of the box that was hit. */
  onClick?: (box: number, e: ThreeEvent<MouseEvent>) => void;
}) {
  const shaded = material instanceof MeshBasicMaterial;
  const geometry = useMemo(
    () => mergeBoxes(matrices, colours, count, shaded, bottoms),
    [matrices, colours, count, shaded, bottoms],
  );
  useEffect(() => () => geometry.dispose(), [geometry]);
  // the geometry and the eye of the last view index (a new geometry gets one at once)
  const viewed = useRef<{ geometry?: BufferGeometry; eye: Vector3 }>({ eye: new Vector3() });
  useFrame((state) => {
    const last = viewed.current;
    if (!view) {
      // switched off: back to mergeBoxes' index (every face, box order)
      const full = geometry.userData.pickIndex as BufferAttribute | undefined;
      if (last.geometry === geometry && full) {
        geometry.getIndex()!.copy(full).needsUpdate = true;
        geometry.setDrawRange(0, Infinity);
        last.geometry = undefined;
      }
      return;
    }
    const eye = state.camera.getWorldPosition(scratchA);
    if (last.geometry === geometry && eye.distanceToSquared(last.eye) < VIEW_MOVE ** 2) return;
    viewIndex(geometry, eye, VIEW_MARGIN);
    last.geometry = geometry;
    last.eye.copy(eye);
  });
  return (
    <mesh
      geometry={geometry}
      material={material}
      raycast={mergedRaycast}
      onClick={
        onClick &&
        ((e: ThreeEvent<MouseEvent>) => {
          if (typeof e.faceIndex === "number") onClick(boxOfFace(geometry, e.faceIndex), e);
        })
      }
    />
  );
}

/** The app path the controller and hand models come from (app/src/app/xr-assets), never a CDN. */
export const XR_ASSET_PATH = "/xr-assets/";

export interface FloorPanel {
  title: string;
  lines: string[];
  /** The panel's button (the swap): pressed with a controller's select, a hand's pinch or a click. */
  action?: { label: string; disabled: boolean; onPress: () => void };
}

export interface FloorAvatar {
  id: string;
  name: string;
  poses: PoseBuffer;
}

export type { FloorPosition, FloorPositionsState } from "./FloorPositions.tsx";

/** Bars of the selected pool's depth: the share of its reserves tradable within each band. */
export interface FloorDepth {
  bps: number;
  /** 0 … 1 of the pool's token0 (selling token0) and token1 (selling token1). */
  sell0: number;
  sell1: number;
}

export interface FloorSceneLabels {
  enterVr: string;
  enterAr: string;
  exit: string;
  noXr: string;
  controls: string;
  /** What went wrong entering VR or AR, and what to do (a rejected requestSession). */
  xrFailed: (failure: XrFailure, mode: "VR" | "AR") => string;
  dismiss: string;
}

export interface FloorSceneProps {
  instruments: readonly Instrument[];
  selected: string | undefined;
  onSelect: (id: string | undefined) => void;
  /** The selected pool's candles and depth, drawn above its tower. */
  candles: readonly CandleBox[];
  depth: readonly FloorDepth[];
  panel: FloorPanel | undefined;
  /** The visitor's positions, objects to pick up (FloorPositions.tsx). */
  positions: readonly FloorPosition[];
  /** Where the position objects are, which are held, whose panel is open (for the DOM mirror). */
  onPositions?: (state: FloorPositionsState) => void;
  avatars: readonly FloorAvatar[];
  /** The visitor's own pose, every frame (the caller throttles what it sends). */
  onPose?: (pose: Pose) => void;
  /** Slowly turn the view (off for reduced motion, when paused, and always in XR). */
  spin: boolean;
  labels: FloorSceneLabels;
  /** Called with the renderer every frame (the benchmark reads renderer.info). */
  onFrame?: (gl: WebGLRenderer) => void;
  /** Overrides the detected quality (the bench toggles one setting at a time). */
  quality?: Partial<FloorQuality>;
}

const FLOOR = "#1b1e25";
/** The floor's colour lit from above, for the unlit "basic" material. */
const FLOOR_BASIC = new Color(FLOOR).multiplyScalar(diffuseShade(0, 1, 0));
const SKY = "#101217";
/** FLOOR_BASIC as it reaches the screen through the renderer's tone mapping (read back: 3, 4, 7). */
const FLOOR_SEEN = "#030407";
const FLOOR_EDGE = "#2b303b";
const HIGHLIGHT = new Color("#fab005");
const UP = new Color("#2f9e44");
const DOWN = new Color("#e03131");
/** Labels drawn above towers at once (the largest, and the selected): draw calls stay flat. */
const MAX_LABELS = 8;
const MAX_AVATARS = 64;

function subscribeStore(store: XRStore) {
  return (notify: () => void) => store.subscribe(notify);
}

/** Whether the browser offers a WebXR session mode (false on the server and while asking). */
function useSessionSupported(mode: XRSessionMode): boolean {
  const [ok, setOk] = useState(false);
  useEffect(() => {
    let live = true;
    const xr = typeof navigator === "undefined" ? undefined : navigator.xr;
    if (!xr) return;
    xr.isSessionSupported(mode).then(
      (yes) => live && setOk(yes),
      () => live && setOk(false),
    );
    return () => {
      live = false;
    };
  }, [mode]);
  return ok;
}

/** Inside <XR>: its effect runs after <XR> rendered, i.e. after the store has three's WebXRManager. */
function XrConnected({ onConnected }: { onConnected: (connected: boolean) => void }) {
  useEffect(() => {
    onConnected(true);
    return () => onConnected(false);
  }, [onConnected]);
  return null;
}

/** A label's canvas cell (px) and its size on the floor (m); the drawn plate is LABEL_PLATE inside it. */
const LABEL_PX: [number, number] = [256, 64];
const LABEL_SIZE: [number, number] = [1.6, 0.4];
const LABEL_PLATE: [number, number, number, number] = [4, 8, 248, 48];

/** One label's plate and text on `ctx`, its cell's top edge at `top`. */
function drawLabel(ctx: CanvasRenderingContext2D, text: string, active: boolean, top: number) {
  ctx.fillStyle = active ? "rgba(250, 176, 5, 0.92)" : "rgba(16, 18, 23, 0.78)";
  ctx.beginPath();
  ctx.roundRect(LABEL_PLATE[0], top + LABEL_PLATE[1], LABEL_PLATE[2], LABEL_PLATE[3], 10);
  ctx.fill();
  ctx.fillStyle = active ? "#101217" : "#e9ecf1";
  ctx.font = "600 28px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillText(text, LABEL_PX[0] / 2, top + 33, 236);
}

function labelTexture(text: string, active: boolean): CanvasTexture {
  const canvas = document.createElement("canvas");
  canvas.width = LABEL_PX[0];
  canvas.height = LABEL_PX[1];
  drawLabel(canvas.getContext("2d")!, text, active, 0);
  const t = new CanvasTexture(canvas);
  t.colorSpace = SRGBColorSpace;
  return t;
}

function Label({ text, position, active }: { text: string; position: [number, number, number]; active: boolean }) {
  const texture = useMemo(() => labelTexture(text, active), [text, active]);
  useEffect(() => () => texture.dispose(), [texture]);
  return (
    <sprite position={position} scale={[1.6, 0.4, 1]}>
      <spriteMaterial map={texture} transparent depthWrite={false} />
    </sprite>
  );
}

/** The floor's edge as four lines (with `floor: "background"`, where no plane is drawn). */
function FloorEdge({ half }: { half: number }) {
  const geometry = useMemo(() => {
    const g = new BufferGeometry();
    const c = [-half, half];
    const corners = [c[0]!, c[0]!, c[1]!, c[0]!, c[1]!, c[1]!, c[0]!, c[1]!];
    const p = new Float32Array(12);
    for (let k = 0; k < 4; k++) p.set([corners[k * 2]!, 0, corners[k * 2 + 1]!], k * 3);
    g.setAttribute("position", new BufferAttribute(p, 3));
    return g;
  }, [half]);
  useEffect(() => () => geometry.dispose(), [geometry]);
  return (
    <lineLoop geometry={geometry}>
      <lineBasicMaterial color={FLOOR_EDGE} />
    </lineLoop>
  );
}

interface LabelItem {
  key: string;
  text: string;
  position: [number, number, number];
  active: boolean;
}

/** A label quad's corners as signs of its half width and half height, counter-clockwise. */
const QUAD_CORNERS = [
  [-1, -1],
  [1, -1],
  [1, 1],
  [-1, 1],
] as const;

/**
 * Labels as one mesh (one draw call however many): their plates in one texture (a cell each), one
 * quad per label turned to the camera every frame like a sprite and sorted farthest first (they
 * blend); each quad covers only its plate, not the cell's transparent margin.
 */
function LabelAtlas({ items }: { items: readonly LabelItem[] }) {
  const n = items.length;
  const textKey = items.map((i) => `${i.active ? 1 : 0}${i.text}`).join("\u0000");
  const texture = useMemo(() => {
    const canvas = document.createElement("canvas");
    canvas.width = LABEL_PX[0];
    canvas.height = LABEL_PX[1] * Math.max(1, n);
    const ctx = canvas.getContext("2d")!;
    items.forEach((item, i) => drawLabel(ctx, item.text, item.active, i * LABEL_PX[1]));
    const t = new CanvasTexture(canvas);
    t.colorSpace = SRGBColorSpace;
    return t;
    // the texture follows the labels' texts, not their positions
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [textKey, n]);
  const geometry = useMemo(() => {
    const g = new BufferGeometry();
    g.setAttribute("position", new BufferAttribute(new Float32Array(n * 12), 3));
    g.setAttribute("uv", new BufferAttribute(new Float32Array(n * 8), 2));
    const index: number[] = [];
    for (let i = 0; i < n; i++) index.push(i * 4, i * 4 + 1, i * 4 + 2, i * 4, i * 4 + 2, i * 4 + 3);
    g.setIndex(index);
    return g;
  }, [n]);
  const material = useMemo(
    () => new MeshBasicMaterial({ map: texture, transparent: true, depthWrite: false }),
    [texture],
  );
  useEffect(() => () => texture.dispose(), [texture]);
  useEffect(() => () => geometry.dispose(), [geometry]);
  useEffect(() => () => material.dispose(), [material]);
  const order = useMemo(() => items.map((_, i) => i), [items]);
  const distance = useMemo(() => new Float32Array(n), [n]);
  useFrame((state) => {
    if (n === 0) return;
    const camera = state.camera;
    const eye = camera.getWorldPosition(scratchA);
    const e = camera.matrixWorld.elements;
    // the camera's right and up axes, as a sprite's corners use them
    const rx = e[0]!,
      ry = e[1]!,
      rz = e[2]!;
    const ux = e[4]!,
      uy = e[5]!,
      uz = e[6]!;
    items.forEach((item, i) => {
      const [x, y, z] = item.position;
      distance[i] = (x - eye.x) ** 2 + (y - eye.y) ** 2 + (z - eye.z) ** 2;
    });
    order.sort((a, b) => distance[b]! - distance[a]!);
    const [cw, ch] = LABEL_PX;
    const [px, py, pw, ph] = LABEL_PLATE;
    const hw = (pw / cw) * LABEL_SIZE[0] * 0.5;
    const hh = (ph / ch) * LABEL_SIZE[1] * 0.5;
    // the plate's centre relative to the cell's centre, in metres (the plate sits a little high)
    const oy = (0.5 - (py + ph / 2) / ch) * LABEL_SIZE[1];
    const ox = ((px + pw / 2) / cw - 0.5) * LABEL_SIZE[0];
    const position = geometry.getAttribute("position") as BufferAttribute;
    const uv = geometry.getAttribute("uv") as BufferAttribute;
    const p = position.array as Float32Array;
    const t = uv.array as Float32Array;
    const u0 = px / cw;
    const u1 = (px + pw) / cw;
    order.forEach((item, q) => {
      const [x, y, z] = items[item]!.position;
      const cx = x + rx * ox + ux * oy;
      const cy = y + ry * ox + uy * oy;
      const cz = z + rz * ox + uz * oy;
      // corners: bottom-left, bottom-right, top-right, top-left (counter-clockwise, facing the camera)
      QUAD_CORNERS.forEach(([sa, sb], k) => {
        const a = sa * hw;
        const b = sb * hh;
        const o = (q * 4 + k) * 3;
        p[o] = cx + rx * a + ux * b;
        p[o + 1] = cy + ry * a + uy * b;
        p[o + 2] = cz + rz * a + uz * b;
      });
      // the cell's rows from the top of the canvas; texture v runs bottom (0) to top (1)
      const top = 1 - (item * ch + py) / (ch * n);
      const bottom = 1 - (item * ch + py + ph) / (ch * n);
      t.set([u0, bottom, u1, bottom, u1, top, u0, top], q * 8);
    });
    position.needsUpdate = true;
    uv.needsUpdate = true;
  });
  if (n === 0) return null;
  return <mesh name="labels" geometry={geometry} material={material} frustumCulled={false} renderOrder={1} />;
}

/** Every instrument in one InstancedMesh: one draw call, whatever their number. */
function Towers({ layout, onSelect }: { layout: TowerLayout; onSelect: (id: string) => void }) {
  const count = layout.slots.length;
  // Capacity grows in powers of two, so a new pool does not rebuild the mesh every time.
  const capacity = Math.max(16, 2 ** Math.ceil(Math.log2(Math.max(1, count))));
  const ref = useRef<InstancedMesh>(null);
  const { boxes: boxMode, material: kind, towerIndex } = useContext(QualityContext);
  const merged = boxMode === "merged";
  const geometry = useMemo(
    () => (kind === "basic" ? bakeShade(new BoxGeometry(1, 1, 1)) : new BoxGeometry(1, 1, 1)),
    [kind],
  );
  const material = useLitMaterial({ roughness: 0.6, metalness: 0.1, vertexColors: merged ? true : undefined });
  useEffect(
    () => () => {
      geometry.dispose();
      material.dispose();
    },
    [geometry, material],
  );
  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    mesh.count = count;
    (mesh.instanceMatrix.array as Float32Array).set(layout.matrices);
    mesh.instanceMatrix.needsUpdate = true;
    const colours = new Float32Array(capacity * 3);
    colours.set(layout.colours);
    mesh.instanceColor = new InstancedBufferAttribute(colours, 3);
    mesh.computeBoundingBox();
    mesh.computeBoundingSphere();
  }, [layout, count, capacity]);
  if (merged)
    return (
      <MergedBoxes
        matrices={layout.matrices}
        colours={layout.colours}
        count={count}
        material={material}
        bottoms={false}
        view={towerIndex === "view"}
        onClick={(box, e) => {
          e.stopPropagation();
          const slot = layout.slots[box];
          if (slot) onSelect(slot.id);
        }}
      />
    );
  return (
    <instancedMesh
      key={capacity}
      ref={ref}
      args={[geometry, material, capacity]}
      frustumCulled={false}
      onClick={(e: ThreeEvent<MouseEvent>) => {
        e.stopPropagation();
        const slot = e.instanceId === undefined ? undefined : layout.slots[e.instanceId];
        if (slot) onSelect(slot.id);
      }}
    />
  );
}

/** A few boxes in one InstancedMesh, from (centre, size, colour) triples. */
function Boxes({
  boxes,
}: {
  boxes: readonly { p: [number, number, number]; s: [number, number, number]; c: Color }[];
}) {
  const ref = useRef<InstancedMesh>(null);
  const capacity = Math.max(8, 2 ** Math.ceil(Math.log2(Math.max(1, boxes.length))));
  const { boxes: boxMode, material: kind } = useContext(QualityContext);
  const merged = boxMode === "merged";
  const geometry = useMemo(
    () => (kind === "basic" ? bakeShade(new BoxGeometry(1, 1, 1)) : new BoxGeometry(1, 1, 1)),
    [kind],
  );
  const material = useLitMaterial({ vertexColors: merged ? true : undefined });
  const packed = useMemo(() => {
    if (!merged) return undefined;
    const matrices = new Float32Array(boxes.length * 16);
    const colours = new Float32Array(boxes.length * 3);
    const m = new Matrix4();
    boxes.forEach((b, i) => {
      m.makeScale(...b.s).setPosition(...b.p);
      m.toArray(matrices, i * 16);
      colours[i * 3] = b.c.r;
      colours[i * 3 + 1] = b.c.g;
      colours[i * 3 + 2] = b.c.b;
    });
    return { matrices, colours };
  }, [boxes, merged]);
  useEffect(
    () => () => {
      geometry.dispose();
      material.dispose();
    },
    [geometry, material],
  );
  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    const m = new Matrix4();
    boxes.forEach((b, i) => {
      m.makeScale(...b.s).setPosition(...b.p);
      mesh.setMatrixAt(i, m);
      mesh.setColorAt(i, b.c);
    });
    mesh.count = boxes.length;
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
  }, [boxes]);
  if (packed)
    return <MergedBoxes matrices={packed.matrices} colours={packed.colours} count={boxes.length} material={material} />;
  return <instancedMesh key={capacity} ref={ref} args={[geometry, material, capacity]} frustumCulled={false} />;
}

/** The selected pool's candles (bodies and wicks) and depth bars, floating above its tower. */
function Detail({ candles, depth }: { candles: readonly CandleBox[]; depth: readonly FloorDepth[] }) {
  const boxes = useMemo(() => {
    const scale = 0.3;
    const out: { p: [number, number, number]; s: [number, number, number]; c: Color }[] = [];
    const width = candles.length * 0.14;
    candles.forEach((c, i) => {
      const x = i * 0.14 - width / 2;
      const colour = c.up ? UP : DOWN;
      out.push({ p: [x, c.bodyY * scale, 0], s: [0.1, c.bodyHeight * scale, 0.1], c: colour });
      out.push({ p: [x, c.wickY * scale, 0], s: [0.02, c.wickHeight * scale, 0.02], c: colour });
    });
    // depth: token0 sold (price down) to the left, token1 sold to the right; one bar per band
    depth.forEach((d, i) => {
      const h0 = Math.max(0.02, d.sell0 * 2);
      const h1 = Math.max(0.02, d.sell1 * 2);
      out.push({ p: [-width / 2 - 0.4 - i * 0.18, h0 / 2, 0], s: [0.14, h0, 0.14], c: DOWN });
      out.push({ p: [width / 2 + 0.4 + i * 0.18, h1 / 2, 0], s: [0.14, h1, 0.14], c: UP });
    });
    return out;
  }, [candles, depth]);
  return <Boxes boxes={boxes} />;
}

const PANEL_W = 1024;
const PANEL_H = 600;
/** The button's rectangle on the panel's canvas (x, y, w, h), also its hit area. */
const BUTTON: [number, number, number, number] = [48, 470, 928, 100];

function panelTexture(panel: FloorPanel): CanvasTexture {
  const canvas = document.createElement("canvas");
  canvas.width = PANEL_W;
  canvas.height = PANEL_H;
  const ctx = canvas.getContext("2d")!;
  ctx.fillStyle = "rgba(16, 18, 23, 0.94)";
  ctx.beginPath();
  ctx.roundRect(0, 0, PANEL_W, PANEL_H, 28);
  ctx.fill();
  ctx.fillStyle = "#fab005";
  ctx.font = "700 56px system-ui, sans-serif";
  ctx.fillText(panel.title, 48, 88, PANEL_W - 96);
  ctx.fillStyle = "#e9ecf1";
  ctx.font = "500 40px system-ui, sans-serif";
  panel.lines.slice(0, 6).forEach((line, i) => ctx.fillText(line, 48, 160 + i * 52, PANEL_W - 96));
  if (panel.action) {
    ctx.fillStyle = panel.action.disabled ? "#495057" : "#2f9e44";
    ctx.beginPath();
    ctx.roundRect(...BUTTON, 20);
    ctx.fill();
    ctx.fillStyle = "#ffffff";
    ctx.font = "700 46px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.fillText(panel.action.label, PANEL_W / 2, BUTTON[1] + 66, BUTTON[2] - 40);
  }
  const t = new CanvasTexture(canvas);
  t.colorSpace = SRGBColorSpace;
  return t;
}

/** The 3D panel (readable in a headset: 1.6 m wide, turned to the viewer); its text is also in the DOM. */
function Panel({ panel, position }: { panel: FloorPanel; position: [number, number, number] }) {
  const texture = useMemo(() => panelTexture(panel), [panel]);
  useEffect(() => () => texture.dispose(), [texture]);
  const group = useRef<Group>(null);
  useFrame((state) => {
    const g = group.current;
    if (!g) return;
    const target = state.camera.getWorldPosition(scratchA);
    target.y = g.position.y;
    g.lookAt(target);
  });
  const width = 1.6;
  const height = (width * PANEL_H) / PANEL_W;
  const [bx, by, bw, bh] = BUTTON;
  return (
    <group ref={group} position={position}>
      <mesh>
        <planeGeometry args={[width, height]} />
        <meshBasicMaterial map={texture} transparent toneMapped={false} />
      </mesh>
      {panel.action ? (
        <mesh
          name="floor-panel-button"
          position={[((bx + bw / 2) / PANEL_W - 0.5) * width, (0.5 - (by + bh / 2) / PANEL_H) * height, 0.005]}
          onClick={(e: ThreeEvent<MouseEvent>) => {
            e.stopPropagation();
            if (!panel.action!.disabled) panel.action!.onPress();
          }}
        >
          <planeGeometry args={[(bw / PANEL_W) * width, (bh / PANEL_H) * height]} />
          <meshBasicMaterial transparent opacity={0} depthWrite={false} />
        </mesh>
      ) : null}
    </group>
  );
}

/** The others: a head and two hands each (instanced), drawn 100 ms behind their last poses. */
function Avatars({ avatars }: { avatars: readonly FloorAvatar[] }) {
  const heads = useRef<InstancedMesh>(null);
  const hands = useRef<InstancedMesh>(null);
  const kind = useContext(QualityContext).material;
  const headGeometry = useMemo(() => {
    const g = new SphereGeometry(0.14, 16, 12);
    return kind === "basic" ? bakeShade(g) : g;
  }, [kind]);
  const handGeometry = useMemo(() => {
    const g = new BoxGeometry(0.08, 0.04, 0.14);
    return kind === "basic" ? bakeShade(g) : g;
  }, [kind]);
  const material = useLitMaterial({ color: "#74c0fc" });
  useEffect(
    () => () => {
      headGeometry.dispose();
      handGeometry.dispose();
      material.dispose();
    },
    [headGeometry, handGeometry, material],
  );
  const m = useMemo(() => new Matrix4(), []);
  const q = useMemo(() => new Quaternion(), []);
  const v = useMemo(() => new Vector3(), []);
  const one = useMemo(() => new Vector3(1, 1, 1), []);
  const names = useRef<(Group | null)[]>([]);
  useFrame(() => {
    const h = heads.current;
    const k = hands.current;
    if (!h || !k) return;
    const now = performance.now();
    let handCount = 0;
    const set = (mesh: InstancedMesh, i: number, t: Transform) => {
      m.compose(v.set(...t.p), q.set(...t.q), one);
      mesh.setMatrixAt(i, m);
    };
    avatars.slice(0, MAX_AVATARS).forEach((a, i) => {
      const pose = a.poses.sample(now);
      if (!pose) return;
      set(h, i, pose.head);
      for (const hand of [pose.left, pose.right]) if (hand) set(k, handCount++, hand);
      const label = names.current[i];
      if (label) label.position.set(pose.head.p[0], pose.head.p[1] + 0.35, pose.head.p[2]);
    });
    h.count = Math.min(avatars.length, MAX_AVATARS);
    k.count = handCount;
    h.instanceMatrix.needsUpdate = true;
    k.instanceMatrix.needsUpdate = true;
  });
  return (
    <>
      <instancedMesh ref={heads} args={[headGeometry, material, MAX_AVATARS]} frustumCulled={false} />
      <instancedMesh ref={hands} args={[handGeometry, material, MAX_AVATARS * 2]} frustumCulled={false} />
      {avatars.slice(0, MAX_AVATARS).map((a, i) => (
        <group
          key={a.id}
          ref={(g) => {
            names.current[i] = g;
          }}
        >
          <Label text={a.name} position={[0, 0, 0]} active={false} />
        </group>
      ))}
    </>
  );
}

// Scratch vectors for the per-frame work (never read across frames).
const scratchA = new Vector3();
const scratchB = new Vector3();
const scratchC = new Vector3();
const scratchQ = new Quaternion();

/** Desktop and phone: orbit (mouse, touch) and WASD/arrow keys on the focused view; off in XR. */
function DesktopControls({ spin, inXr, extent }: { spin: boolean; inXr: boolean; extent: number }) {
  const camera = useThree((s) => s.camera);
  const gl = useThree((s) => s.gl);
  const controls = useRef<OrbitControls | undefined>(undefined);
  useEffect(() => {
    const c = new OrbitControls(camera, gl.domElement);
    c.target.set(0, 1.5, 0);
    c.enableDamping = true;
    c.maxPolarAngle = Math.PI / 2 - 0.05;
    c.maxDistance = Math.max(40, extent * 3);
    c.update();
    controls.current = c;
    return () => {
      c.dispose();
      controls.current = undefined;
    };
  }, [camera, gl, extent]);
  const keys = useRef(new Set<string>());
  useEffect(() => {
    const el = gl.domElement;
    // Focusable, so the keys walk only when the visitor chose the view (Tab or a click).
    el.setAttribute("tabindex", "0");
    const down = (e: KeyboardEvent) => {
      const key = e.key.toLowerCase();
      if (!MOVE_KEYS.has(key)) return;
      e.preventDefault();
      keys.current.add(key);
    };
    const up = (e: KeyboardEvent) => keys.current.delete(e.key.toLowerCase());
    const blur = () => keys.current.clear();
    el.addEventListener("keydown", down);
    el.addEventListener("keyup", up);
    el.addEventListener("blur", blur);
    return () => {
      el.removeEventListener("keydown", down);
      el.removeEventListener("keyup", up);
      el.removeEventListener("blur", blur);
    };
  }, [gl]);
  useFrame((state, delta) => {
    const c = controls.current;
    if (!c) return;
    c.enabled = !inXr;
    if (inXr) return;
    c.autoRotate = spin;
    c.autoRotateSpeed = 0.6;
    const k = keys.current;
    if (k.size > 0) {
      const forward = state.camera.getWorldDirection(scratchA);
      forward.y = 0;
      forward.normalize();
      const right = scratchB.crossVectors(forward, state.camera.up).normalize();
      const move = scratchC.set(0, 0, 0);
      if (k.has("w") || k.has("arrowup")) move.add(forward);
      if (k.has("s") || k.has("arrowdown")) move.sub(forward);
      if (k.has("d") || k.has("arrowright")) move.add(right);
      if (k.has("a") || k.has("arrowleft")) move.sub(right);
      if (move.lengthSq() > 0) {
        move.normalize().multiplyScalar(6 * Math.min(delta, 0.1));
        state.camera.position.add(move);
        c.target.add(move);
      }
    }
    c.update(delta);
    // before every other frame callback (priority -1; 0 is the default, above 0 would take over the
    // render): the towers' view index and the labels read this frame's camera, not the last one's
  }, -1);
  return null;
}

const MOVE_KEYS = new Set(["w", "a", "s", "d", "arrowup", "arrowdown", "arrowleft", "arrowright"]);

/** Reports the visitor's head and hands every frame (the caller throttles what goes out). */
function PoseReporter({ store, onPose }: { store: XRStore; onPose: (pose: Pose) => void }) {
  useFrame((state) => {
    const of = (o: { getWorldPosition(v: Vector3): Vector3; getWorldQuaternion(q: Quaternion): Quaternion }) => {
      const p = o.getWorldPosition(scratchA);
      const q = o.getWorldQuaternion(scratchQ);
      return { p: [p.x, p.y, p.z], q: [q.x, q.y, q.z, q.w] } as Transform;
    };
    const head = of(state.camera);
    const pose: Pose = { head };
    for (const s of store.getState().inputSourceStates) {
      const hand = s.inputSource.handedness;
      const object = "object" in s ? s.object : undefined;
      if ((hand === "left" || hand === "right") && object) pose[hand] = of(object);
    }
    if (!pose.left && !pose.right) {
      // Without tracked hands (desktop, phone), the hands hang at the sides of the head.
      const side = (dx: number): Transform => {
        const local = scratchB
          .set(dx, -0.45, -0.25)
          .applyQuaternion(scratchQ.set(...head.q))
          .add(scratchC.set(...head.p));
        return { p: [local.x, local.y, local.z], q: head.q };
      };
      pose.left = side(-0.25);
      pose.right = side(0.25);
    }
    onPose(pose);
  });
  return null;
}

function FrameHook({ onFrame }: { onFrame: (gl: WebGLRenderer) => void }) {
  const gl = useThree((s) => s.gl);
  useFrame(() => onFrame(gl));
  return null;
}

type Vec3 = [number, number, number];

function Scene(
  props: FloorSceneProps & {
    store: XRStore;
    layout: TowerLayout;
    inXr: boolean;
    origin: Vec3;
    setOrigin: (origin: Vec3) => void;
  },
) {
  const { layout, selected, store, inXr, origin, setOrigin } = props;
  const chosen = layout.slots.find((s) => s.id === selected);
  const highlight = useRef<Mesh>(null);
  const { material: lit, floor: floorMode, labels: labelMode } = useContext(QualityContext);
  const camera = useThree((s) => s.camera);
  // the first MAX_LABELS towers' labels and the selected one's (highlighted), above their towers
  const labelItems = useMemo<LabelItem[]>(() => {
    const item = (s: TowerSlot, active: boolean): LabelItem => ({
      key: s.id,
      text: s.label,
      position: [s.x, s.height + 0.35, s.z],
      active,
    });
    const chosenSlot = layout.slots.find((s) => s.id === selected);
    return [
      ...layout.slots
        .slice(0, MAX_LABELS)
        .filter((s) => s.id !== selected)
        .map((s) => item(s, false)),
      ...(chosenSlot ? [item(chosenSlot, true)] : []),
    ];
  }, [layout, selected]);
  return (
    <>
      <color attach="background" args={[floorMode === "background" ? FLOOR_SEEN : SKY]} />
      <ambientLight intensity={AMBIENT} />
      <directionalLight position={SUN_POSITION} intensity={SUN} />
      <XROrigin position={origin} />
      {/* The floor: in XR a select on it (controller trigger, hand pinch) teleports there; on a
          desktop or phone a click on it clears the selection. Towers stand in front of it, so a
          ray at a tower selects the tower, never the floor behind. */}
      <mesh
        rotation={[-Math.PI / 2, 0, 0]}
        position={[0, -0.01, 0]}
        name="floor"
        onClick={(e: ThreeEvent<MouseEvent>) => {
          if (!inXr) {
            props.onSelect(undefined);
            return;
          }
          e.stopPropagation();
          const head = scratchA.setFromMatrixPosition(camera.matrix);
          setOrigin(teleportOrigin([e.point.x, e.point.z], [head.x, head.z]));
        }}
      >
        <planeGeometry args={[layout.extent * 2 + 12, layout.extent * 2 + 12]} />
        {floorMode === "background" ? (
          // hit by rays (three's raycast ignores material.visible), never drawn
          <meshBasicMaterial visible={false} />
        ) : lit === "basic" ? (
          <meshBasicMaterial color={FLOOR_BASIC} />
        ) : lit === "lambert" ? (
          <meshLambertMaterial color={FLOOR} />
        ) : (
          <meshStandardMaterial color={FLOOR} />
        )}
      </mesh>
      {floorMode === "background" ? <FloorEdge half={layout.extent + 6} /> : null}
      <Towers layout={layout} onSelect={props.onSelect} />
      {labelMode === "atlas" ? (
        <LabelAtlas items={labelItems} />
      ) : (
        labelItems.map((i) => <Label key={i.key} text={i.text} position={i.position} active={i.active} />)
      )}
      {chosen ? (
        <>
          <mesh ref={highlight} position={[chosen.x, chosen.height / 2, chosen.z]}>
            <boxGeometry args={[1.0, chosen.height + 0.1, 1.0]} />
            <meshBasicMaterial color={HIGHLIGHT} wireframe />
          </mesh>
          <group position={[chosen.x, chosen.height + 0.8, chosen.z]}>
            <Detail candles={props.candles} depth={props.depth} />
          </group>
          {props.panel ? (
            <Panel
              panel={props.panel}
              position={[chosen.x + 1.6, Math.max(1.4, Math.min(chosen.height, 2.2)), chosen.z + 0.8]}
            />
          ) : null}
        </>
      ) : null}
      <FloorPositions positions={props.positions} origin={origin} onChange={props.onPositions} />
      <Avatars avatars={props.avatars} />
      {props.onPose ? <PoseReporter store={store} onPose={props.onPose} /> : null}
      {props.onFrame ? <FrameHook onFrame={props.onFrame} /> : null}
      <DesktopControls spin={props.spin && !inXr} inXr={inXr} extent={layout.extent} />
    </>
  );
}

function initialCamera(extent: number): { position: [number, number, number]; camera: Partial<Camera> } {
  const d = Math.max(10, extent * 1.4);
  return { position: [d * 0.35, Math.max(4, d * 0.45), d], camera: {} };
}

/**
 * The trading floor: every instrument as a tower (one instanced draw), the chosen pool's candles,
 * depth and trade panel, the visitor's positions and the others' avatars; enter it in VR or AR
 * (@react-three/xr, controllers and hands with pointer rays, teleport on the floor), or walk it on a
 * desktop (orbit + WASD) or phone (touch). Loaded on demand with next/dynamic.
 */
export default function FloorScene(props: FloorSceneProps) {
  const [store] = useState(() =>
    createXRStore({
      // Absolute: the loader resolves model paths against it. Served by the app, not a CDN.
      baseAssetPath: new URL(XR_ASSET_PATH, window.location.href).href,
      // Tests inject Meta's emulated runtime (iwer) themselves; never the built-in one here.
      emulate: false,
      offerSession: false,
      // A select held up to a second still clicks (the library's default is 300 ms, which a slow
      // frame, or a deliberate press in a headset, easily exceeds).
      // Teleport is a select on the floor with the same ray (Scene's floor): the library's separate
      // teleport arc competes with the ray (the nearer hit wins), so a select aimed at a tower often
      // landed on the floor behind it instead.
      controller: { teleportPointer: false, rayPointer: { clickThresholdMs: 1000 } },
      hand: { teleportPointer: false, rayPointer: { clickThresholdMs: 1000 } },
    }),
  );
  useEffect(() => () => store.destroy(), [store]);
  const [detected] = useState(() => {
    const renderer = probeRenderer();
    return { renderer, quality: isSoftwareRenderer(renderer) ? SOFTWARE_QUALITY : GPU_QUALITY };
  });
  const {
    antialias,
    dpr,
    material,
    boxes,
    floor,
    labels: labelMode,
    towerIndex,
  } = { ...detected.quality, ...props.quality };
  // One object while the settings stay (SOFTWARE_QUALITY's and GPU_QUALITY's dpr are constants).
  const quality = useMemo<FloorQuality>(
    () => ({ antialias, dpr, material, boxes, floor, labels: labelMode, towerIndex }),
    [antialias, dpr, material, boxes, floor, labelMode, towerIndex],
  );
  const mode = useSyncExternalStore(
    subscribeStore(store),
    () => store.getState().mode,
    () => null,
  );
  // The store can start a session only once <XR> has rendered inside the canvas (it hands the store
  // three's WebXRManager then); a press before that would fail with "not connected to three.js".
  const [xrReady, setXrReady] = useState(false);
  const vr = useSessionSupported("immersive-vr");
  const ar = useSessionSupported("immersive-ar");
  const layout = useMemo(() => layoutTowers(props.instruments), [props.instruments]);
  const [{ position }] = useState(() => initialCamera(layout.extent));
  // Where the XR origin stands (teleport moves it); shown as data-origin for tests and tools.
  const [origin, setOrigin] = useState<Vec3>(() => [0, 0, layout.extent + 3]);
  const inXr = mode !== null;
  const { labels } = props;
  // A rejected requestSession (no headset awake, not allowed, another session…) is shown, not swallowed.
  const [failed, setFailed] = useState<{ failure: XrFailure; mode: "VR" | "AR" }>();
  const enter = (which: "VR" | "AR") => {
    setFailed(undefined);
    (which === "VR" ? store.enterVR() : store.enterAR()).catch((error: unknown) =>
      setFailed({ failure: xrFailure(error), mode: which }),
    );
  };
  return (
    <div
      className="floor"
      data-floor=""
      data-testid="trading-floor"
      data-xr-mode={mode ?? "none"}
      data-towers={layout.slots.length}
      data-selected={props.selected ?? ""}
      data-origin={`${origin[0].toFixed(2)},${origin[2].toFixed(2)}`}
      data-quality={`${quality.material},aa=${quality.antialias ? 1 : 0},dpr=${String(quality.dpr)},boxes=${quality.boxes}${quality.floor ? `,floor=${quality.floor}` : ""}${quality.labels ? `,labels=${quality.labels}` : ""}${quality.towerIndex ? `,towers=${quality.towerIndex}` : ""}`}
    >
      <div className="button-row">
        <button type="button" data-testid="enter-vr" disabled={!vr || !xrReady || inXr} onClick={() => enter("VR")}>
          {labels.enterVr}
        </button>
        <button
          type="button"
          className="button-secondary"
          data-testid="enter-ar"
          disabled={!ar || !xrReady || inXr}
          onClick={() => enter("AR")}
        >
          {labels.enterAr}
        </button>
        {inXr ? (
          <button type="button" className="button-secondary" onClick={() => void store.getState().session?.end()}>
            {labels.exit}
          </button>
        ) : null}
        {!vr && !ar ? <span className="small muted">{labels.noXr}</span> : null}
      </div>
      {failed ? (
        <p className="field-error" role="alert" data-testid="xr-failed" data-kind={failed.failure.kind}>
          {labels.xrFailed(failed.failure, failed.mode)}{" "}
          <button type="button" className="link-button" onClick={() => setFailed(undefined)}>
            {labels.dismiss}
          </button>
        </p>
      ) : null}
      <p className="small muted">{labels.controls}</p>
      <div className="scene">
        <Canvas
          camera={{ position, fov: 50 }}
          dpr={quality.dpr}
          // a context attribute: fixed when the canvas is made (the detection runs before)
          gl={{ antialias: quality.antialias }}
          data-testid="market-canvas"
          // a picture of the table and the panel below, which is what keyboards and screen readers use
          aria-hidden="true"
        >
          <XR store={store}>
            <XrConnected onConnected={setXrReady} />
            <QualityContext.Provider value={quality}>
              <Scene {...props} store={store} layout={layout} inXr={inXr} origin={origin} setOrigin={setOrigin} />
            </QualityContext.Provider>
          </XR>
        </Canvas>
      </div>
    </div>
  );
}
