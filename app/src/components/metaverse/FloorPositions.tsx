"use client";
import { useFrame, type ThreeEvent } from "@react-three/fiber";
import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import {
  BoxGeometry,
  CanvasTexture,
  Color,
  InstancedBufferAttribute,
  Matrix4,
  MeshBasicMaterial,
  MeshLambertMaterial,
  PlaneGeometry,
  Quaternion,
  SRGBColorSpace,
  Vector3,
  type Group,
  type InstancedMesh,
  type Mesh,
  type Ray,
} from "three";

import type { PositionKind } from "../../lib/floorPositions.ts";

export type Vec3 = [number, number, number];

/** One of the visitor's own positions (a wallet balance, LP, farm deposit, stake or vault share), as an object. */
export interface FloorPosition {
  id: string;
  /** Its colour (a wallet balance's when absent). */
  kind?: PositionKind;
  label: string;
  /** 0 … 1: its share of the visitor's largest position (the object's size). */
  weight: number;
  /**
   * Its panel, shown while it is pointed at or held (and mirrored in the DOM by the page): what it
   * is, the amount, the value. The label alone when absent.
   */
  title?: string;
  lines?: readonly string[];
}

/** Where each position is (world metres), whether someone holds it, and which one's panel is open. */
export interface FloorPositionsState {
  places: Record<string, { place: Vec3; held: boolean }>;
  focused: string | undefined;
}

/** At most this many objects (the most valuable first: lib/floorPositions.ts). */
export const MAX_POSITIONS = 24;

const COLOURS: Record<PositionKind, Color> = {
  wallet: new Color("#fab005"),
  lp: new Color("#4dabf7"),
  farm: new Color("#69db7c"),
  stake: new Color("#da77f2"),
  vault: new Color("#ff8787"),
};
const HELD = new Color("#ffffff");

/** The cube's edge in metres, from its weight: 0.12 (nothing, or no price) … 0.4 (the largest). */
export function positionSize(weight: number): number {
  return 0.12 + 0.28 * Math.sqrt(Math.max(0, Math.min(1, weight)));
}

/**
 * Where position `i` of `n` waits until it is moved: a row at arm's reach in front of where the
 * visitor stands (the XR origin looks down −Z), 0.45 m apart, at hip height.
 */
export function restingPlace(i: number, n: number, origin: Vec3): Vec3 {
  return [origin[0] + (i - (n - 1) / 2) * 0.45, origin[1] + 0.9, origin[2] - 0.9];
}

/** A dropped object stays where it was dropped (world coordinates) while the page lives, by position id. */
const dropped = new Map<string, Vec3>();

/** Forgets where positions were dropped (tests; a new visitor on the same page). */
export function forgetDropped(): void {
  dropped.clear();
}

/**
 * Where a held object goes for a pointer event. A ray (the mouse's, a controller's or a hand's) keeps
 * the distance it grabbed at: the point that far along the current ray, plus the grab offset. A grab
 * sphere (a controller's squeeze, a hand's pinch, close by) reports the grabbed point itself, which
 * follows the hand. Pointer capture keeps the events coming while the ray leaves the object.
 */
export function heldPlace(
  kind: "ray" | "sphere",
  ray: Pick<Ray, "origin" | "direction">,
  point: Vector3,
  distance: number,
  offset: Vector3,
  size: number,
): Vec3 {
  const at =
    kind === "sphere"
      ? point.clone()
      : new Vector3().copy(ray.direction).normalize().multiplyScalar(distance).add(ray.origin);
  at.add(offset);
  // never into the floor
  return [at.x, Math.max(size / 2, at.y), at.z];
}

/** The capture methods both event systems give `e.target`: r3f's (the mouse, touch) and @pmndrs/pointer-events' (XR). */
interface CaptureTarget {
  setPointerCapture(pointerId: number): void;
  releasePointerCapture(pointerId: number): void;
  hasPointerCapture(pointerId: number): boolean;
}

type FloorPointerEvent = ThreeEvent<PointerEvent>;

/** "sphere" for XR grab and touch pointers (their intersection's details say so), else a ray. */
function pointerKind(e: FloorPointerEvent): "ray" | "sphere" {
  const details = (e as unknown as { details?: { type?: string } }).details;
  return details?.type === "sphere" ? "sphere" : "ray";
}

const reducedMotionQuery = "(prefers-reduced-motion: reduce)";
function useReducedMotion(): boolean {
  return useSyncExternalStore(
    (notify) => {
      const mq = window.matchMedia(reducedMotionQuery);
      mq.addEventListener("change", notify);
      return () => mq.removeEventListener("change", notify);
    },
    () => window.matchMedia(reducedMotionQuery).matches,
    () => true,
  );
}

const PANEL_W = 512;
const PANEL_H = 256;

function panelTexture(title: string, lines: readonly string[]): CanvasTexture {
  const canvas = document.createElement("canvas");
  canvas.width = PANEL_W;
  canvas.height = PANEL_H;
  const ctx = canvas.getContext("2d")!;
  ctx.fillStyle = "rgba(16, 18, 23, 0.94)";
  ctx.beginPath();
  ctx.roundRect(0, 0, PANEL_W, PANEL_H, 18);
  ctx.fill();
  ctx.fillStyle = "#fab005";
  ctx.font = "700 34px system-ui, sans-serif";
  ctx.fillText(title, 24, 52, PANEL_W - 48);
  ctx.fillStyle = "#e9ecf1";
  ctx.font = "500 26px system-ui, sans-serif";
  lines.slice(0, 5).forEach((line, i) => ctx.fillText(line, 24, 98 + i * 36, PANEL_W - 48));
  const t = new CanvasTexture(canvas);
  t.colorSpace = SRGBColorSpace;
  return t;
}

interface Hold {
  id: string;
  kind: "ray" | "sphere";
  distance: number;
  offset: Vector3;
  size: number;
}

const scratchM = new Matrix4();
const scratchQ = new Quaternion();
const scratchV = new Vector3();
const scratchS = new Vector3();
const UP = new Vector3(0, 1, 0);
const NO_RAYCAST = () => {};

/**
 * The visitor's positions as objects (one InstancedMesh: one draw call): pointing at one (mouse,
 * controller or hand ray) opens its panel; pressing on it (mouse button, a controller's select or
 * squeeze, a hand's pinch) grabs it — it follows the pointer, with pointer capture — and releasing
 * drops it where it is, for as long as the page lives. Unmoved ones wait in a row in front of the
 * origin and come along when the visitor teleports. Idle objects turn slowly, unless the visitor
 * prefers reduced motion.
 */
export function FloorPositions({
  positions,
  origin,
  onChange,
}: {
  positions: readonly FloorPosition[];
  origin: Vec3;
  onChange?: ((state: FloorPositionsState) => void) | undefined;
}) {
  const shown = useMemo(() => positions.slice(0, MAX_POSITIONS), [positions]);
  const reducedMotion = useReducedMotion();
  const mesh = useRef<InstancedMesh>(null);
  const geometry = useMemo(() => new BoxGeometry(1, 1, 1), []);
  // unlit-independent of the scene's quality: Lambert is cheap on a software renderer and fine on a GPU
  const material = useMemo(() => new MeshLambertMaterial(), []);
  useEffect(
    () => () => {
      geometry.dispose();
      material.dispose();
    },
    [geometry, material],
  );

  // pointerId → what it holds; the live place of held objects (moved without a React render)
  const holds = useRef(new Map<number, Hold>());
  const live = useRef(new Map<string, Vec3>());
  const hovered = useRef(new Map<number, string>());
  const [held, setHeld] = useState<readonly string[]>([]);
  const [focused, setFocused] = useState<string>();
  // bumped on a drop, so the reported places are read again from `dropped`
  const [drops, setDrops] = useState(0);

  const placeOf = (id: string, i: number): Vec3 =>
    live.current.get(id) ?? dropped.get(id) ?? restingPlace(i, shown.length, origin);

  const refocus = () => {
    const holding = [...holds.current.values()].at(-1)?.id;
    const pointing = [...hovered.current.values()].at(-1);
    const next = holding ?? pointing;
    setFocused((prev) => (prev === next ? prev : next));
  };

  useLayoutEffect(() => {
    const m = mesh.current;
    if (!m) return;
    const colours = new Float32Array(MAX_POSITIONS * 3);
    shown.forEach((p, i) => (held.includes(p.id) ? HELD : COLOURS[p.kind ?? "wallet"]).toArray(colours, i * 3));
    m.instanceColor = new InstancedBufferAttribute(colours, 3);
    m.count = shown.length;
  }, [shown, held]);

  // the objects' matrices every frame: a held one follows its pointer, idle ones turn slowly
  const spinAngle = useRef(0);
  const panelGroup = useRef<Group>(null);
  useFrame((state, delta) => {
    const m = mesh.current;
    if (!m) return;
    if (!reducedMotion) spinAngle.current += Math.min(delta, 0.1) * 0.5;
    shown.forEach((p, i) => {
      const isHeld = live.current.has(p.id);
      const size = positionSize(p.weight) * (isHeld ? 1.15 : 1);
      scratchQ.setFromAxisAngle(UP, isHeld ? 0 : spinAngle.current + i);
      scratchM.compose(scratchV.set(...placeOf(p.id, i)), scratchQ, scratchS.set(size, size, size));
      m.setMatrixAt(i, scratchM);
    });
    m.instanceMatrix.needsUpdate = true;
    m.computeBoundingSphere();
    const panel = panelGroup.current;
    const i = focused === undefined ? -1 : shown.findIndex((p) => p.id === focused);
    if (panel && i >= 0) {
      const [x, y, z] = placeOf(focused!, i);
      panel.position.set(x, y + positionSize(shown[i]!.weight) / 2 + 0.28, z);
      // turned to the viewer, upright
      const eye = state.camera.getWorldPosition(scratchV);
      eye.y = panel.position.y;
      panel.lookAt(eye);
    }
  });

  const idOf = (e: FloorPointerEvent) => (e.instanceId === undefined ? undefined : shown[e.instanceId]?.id);

  const onPointerDown = (e: FloorPointerEvent) => {
    const id = idOf(e);
    // the primary button grabs (a controller's select and squeeze, a pinch and a touch are button 0 too);
    // the others stay the view's (pan)
    if (id === undefined || (e.button !== undefined && e.button !== 0)) return;
    e.stopPropagation();
    // one hand at a time per object: a second grab takes it over
    for (const [pointer, hold] of holds.current) if (hold.id === id) holds.current.delete(pointer);
    const i = shown.findIndex((p) => p.id === id);
    const size = positionSize(shown[i]!.weight);
    const kind = pointerKind(e);
    const start = new Vector3(...placeOf(id, i));
    // the offset from the grabbed point to the object's centre, kept while it is held
    const grabbedAt = heldPlace(kind, e.ray, e.point, e.distance, new Vector3(), 0);
    holds.current.set(e.pointerId, {
      id,
      kind,
      distance: e.distance,
      offset: start.sub(scratchV.set(...grabbedAt)),
      size,
    });
    live.current.set(id, placeOf(id, i));
    (e.target as unknown as CaptureTarget).setPointerCapture(e.pointerId);
    setHeld([...new Set([...holds.current.values()].map((h) => h.id))]);
    refocus();
  };

  const hover = (e: FloorPointerEvent) => {
    const id = idOf(e);
    if (id === undefined || hovered.current.get(e.pointerId) === id) return;
    hovered.current.set(e.pointerId, id);
    refocus();
  };

  const onPointerMove = (e: FloorPointerEvent) => {
    const hold = holds.current.get(e.pointerId);
    if (!hold) return hover(e);
    e.stopPropagation();
    // the page's orbit controls listen on the document: a drag of an object must not also turn the view
    if (e.nativeEvent instanceof Event) e.nativeEvent.stopPropagation();
    live.current.set(hold.id, heldPlace(hold.kind, e.ray, e.point, hold.distance, hold.offset, hold.size));
  };

  const release = (e: FloorPointerEvent) => {
    const hold = holds.current.get(e.pointerId);
    if (!hold) return;
    e.stopPropagation();
    holds.current.delete(e.pointerId);
    const place = live.current.get(hold.id);
    if (place) dropped.set(hold.id, place);
    live.current.delete(hold.id);
    const target = e.target as unknown as CaptureTarget;
    if (target.hasPointerCapture(e.pointerId)) target.releasePointerCapture(e.pointerId);
    setHeld([...new Set([...holds.current.values()].map((h) => h.id))]);
    setDrops((n) => n + 1);
    refocus();
  };

  const onPointerOut = (e: FloorPointerEvent) => {
    if (!hovered.current.delete(e.pointerId)) return;
    refocus();
  };

  // what the page mirrors in the DOM: where each object is, which are held, whose panel is open
  const reported = useRef("");
  useEffect(() => {
    const places: FloorPositionsState["places"] = {};
    shown.forEach((p, i) => {
      places[p.id] = { place: placeOf(p.id, i), held: held.includes(p.id) };
    });
    // only a change is reported (a new list of the same positions is not one)
    const key = JSON.stringify([places, focused]);
    if (key === reported.current) return;
    reported.current = key;
    onChange?.({ places, focused });
    // placeOf reads refs and `dropped`; drops says when those changed
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shown, held, focused, drops, origin[0], origin[1], origin[2], onChange]);

  const focusedPosition = shown.find((p) => p.id === focused);

  if (shown.length === 0) return null;
  return (
    <>
      <instancedMesh
        ref={mesh}
        name="floor-positions"
        args={[geometry, material, MAX_POSITIONS]}
        frustumCulled={false}
        onPointerDown={onPointerDown}
        onPointerOver={hover}
        onPointerMove={onPointerMove}
        onPointerUp={release}
        onPointerCancel={release}
        onPointerOut={onPointerOut}
        // a press on an object is a grab: the floor behind must not take it as a click (teleport)
        onClick={(e: ThreeEvent<MouseEvent>) => e.stopPropagation()}
      />
      {focusedPosition ? (
        <group ref={panelGroup}>
          <PositionPanel title={focusedPosition.title ?? focusedPosition.label} lines={focusedPosition.lines ?? []} />
        </group>
      ) : null}
    </>
  );
}

/** A position's panel in 3D: 0.8 m wide, readable at arm's reach; the page shows the same text in the DOM. */
function PositionPanel({ title, lines }: { title: string; lines: readonly string[] }) {
  const key = `${title}\n${lines.join("\n")}`;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const texture = useMemo(() => panelTexture(title, lines), [key]);
  const geometry = useMemo(() => new PlaneGeometry(0.8, (0.8 * PANEL_H) / PANEL_W), []);
  const material = useMemo(
    () => new MeshBasicMaterial({ map: texture, transparent: true, toneMapped: false, depthWrite: false }),
    [texture],
  );
  const ref = useRef<Mesh>(null);
  useEffect(
    () => () => {
      texture.dispose();
      material.dispose();
    },
    [texture, material],
  );
  useEffect(() => () => geometry.dispose(), [geometry]);
  return <mesh ref={ref} args={[geometry, material]} raycast={NO_RAYCAST} />;
}
