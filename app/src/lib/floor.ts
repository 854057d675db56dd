/**
 * The trading floor's towers: every instrument (pool or oracle feed) placed on a square grid and
 * packed into the flat arrays one InstancedMesh takes (a 4×4 matrix and an RGB colour each), so a
 * thousand towers cost one draw call. Pure: the scene only copies these arrays to the GPU.
 */
import { towerHeights } from "./metaverse.ts";

export interface Instrument {
  id: string;
  label: string;
  kind: "pool" | "feed";
  /** USD value locked (pools); feeds have none and stand at a fixed height. */
  tvlUsd: number | undefined;
  /** Relative change (0.05 = +5 %) over the recent window; undefined when unknown. */
  change: number | undefined;
}

export interface TowerSlot {
  id: string;
  label: string;
  kind: Instrument["kind"];
  x: number;
  z: number;
  height: number;
  change: number | undefined;
}

export interface TowerLayout {
  slots: TowerSlot[];
  /** Column-major 4×4 matrices, 16 floats per tower (translation + vertical scale of a unit box). */
  matrices: Float32Array;
  /** Linear RGB, 3 floats per tower. */
  colours: Float32Array;
  /** Half the side of the square the towers cover (world units). */
  extent: number;
}

export const TOWER_SPACING = 1.6;
export const TOWER_WIDTH = 0.8;
export const FEED_HEIGHT = 1.2;
/** |change| at which the colour is fully green or red. */
export const FULL_COLOUR_CHANGE = 0.1;

const GREY: readonly [number, number, number] = [0.26, 0.28, 0.31];
const GREEN: readonly [number, number, number] = [0.05, 0.62, 0.18];
const RED: readonly [number, number, number] = [0.74, 0.06, 0.06];
const FEED: readonly [number, number, number] = [0.13, 0.36, 0.82];

/** Colour of a change: grey at 0, greener up to +10 %, redder down to −10 %; feeds blue when unknown. */
export function changeColour(change: number | undefined, kind: Instrument["kind"] = "pool"): [number, number, number] {
  if (change === undefined || !Number.isFinite(change)) return [...(kind === "feed" ? FEED : GREY)];
  const t = Math.min(1, Math.abs(change) / FULL_COLOUR_CHANGE);
  const to = change >= 0 ? GREEN : RED;
  return [0, 1, 2].map((i) => GREY[i]! + (to[i]! - GREY[i]!) * t) as [number, number, number];
}

/**
 * The grid position of the i-th tower: rings around the centre (0, 1, −1, 2, −2, … per axis, in
 * a spiral), so the largest instruments, first in the list, stand where the visitor arrives.
 */
export function gridSlot(i: number): { col: number; row: number } {
  if (i === 0) return { col: 0, row: 0 };
  // ring r holds the cells with max(|col|, |row|) = r: 8r of them, after (2r−1)² inner cells.
  const r = Math.ceil((Math.sqrt(i + 1) - 1) / 2);
  const inner = (2 * r - 1) ** 2;
  const k = i - inner; // 0 … 8r−1 around the ring, starting at (r, −r+1)
  const side = Math.floor(k / (2 * r));
  const off = k % (2 * r);
  switch (side) {
    case 0:
      return { col: r, row: -r + 1 + off };
    case 1:
      return { col: r - 1 - off, row: r };
    case 2:
      return { col: -r, row: r - 1 - off };
    default:
      return { col: -r + 1 + off, row: -r };
  }
}

/** Pools by TVL (largest first), then feeds, laid out on the grid with their matrices and colours. */
export function layoutTowers(instruments: readonly Instrument[]): TowerLayout {
  const ranked = [...instruments].sort(
    (a, b) =>
      (a.kind === b.kind ? 0 : a.kind === "pool" ? -1 : 1) ||
      (b.tvlUsd ?? -1) - (a.tvlUsd ?? -1) ||
      a.label.localeCompare(b.label),
  );
  const poolHeights = towerHeights(ranked.map((m) => (m.kind === "pool" ? m.tvlUsd : undefined)));
  const matrices = new Float32Array(ranked.length * 16);
  const colours = new Float32Array(ranked.length * 3);
  let extent = TOWER_SPACING;
  const slots = ranked.map((m, i) => {
    const { col, row } = gridSlot(i);
    const height = m.kind === "feed" ? FEED_HEIGHT : poolHeights[i]!;
    const x = col * TOWER_SPACING;
    const z = row * TOWER_SPACING;
    extent = Math.max(extent, Math.abs(x) + TOWER_SPACING, Math.abs(z) + TOWER_SPACING);
    // A unit box scaled to (width, height, width), standing on the floor.
    matrices.set([TOWER_WIDTH, 0, 0, 0, 0, height, 0, 0, 0, 0, TOWER_WIDTH, 0, x, height / 2, z, 1], i * 16);
    colours.set(changeColour(m.change, m.kind), i * 3);
    return { id: m.id, label: m.label, kind: m.kind, x, z, height, change: m.change };
  });
  return { slots, matrices, colours, extent };
}

/**
 * Where the XR origin goes when the visitor teleports to `point` (x, z on the floor): the origin
 * moves so that the visitor's head, `head` (x, z) in the origin's own frame, stands over the point.
 */
export function teleportOrigin(
  point: readonly [number, number],
  head: readonly [number, number],
): [number, number, number] {
  return [point[0] - head[0], 0, point[1] - head[1]];
}

/** Why entering VR or AR failed, as far as the visitor can act on it. */
export type XrFailureKind = "notSupported" | "security" | "notAllowed" | "busy" | "other";

export interface XrFailure {
  kind: XrFailureKind;
  /** The browser's own words (for "other"; the kinds have translated advice). */
  detail: string;
}

/**
 * Classifies a rejected `navigator.xr.requestSession` (what `enterVR` / `enterAR` reject with) by the
 * DOMException's name, which WebXR defines: NotSupportedError (the mode or a required feature is not
 * offered: no headset connected, or it sleeps), SecurityError (not a secure context, or a frame's
 * permissions policy forbids it), NotAllowedError (no user activation, or the visitor declined),
 * InvalidStateError (another immersive session is still running).
 */
export function xrFailure(error: unknown): XrFailure {
  const name = typeof error === "object" && error !== null && "name" in error ? String(error.name) : "";
  const message =
    typeof error === "object" && error !== null && "message" in error ? String(error.message) : String(error);
  const kind: XrFailureKind =
    name === "NotSupportedError"
      ? "notSupported"
      : name === "SecurityError"
        ? "security"
        : name === "NotAllowedError"
          ? "notAllowed"
          : name === "InvalidStateError"
            ? "busy"
            : "other";
  return { kind, detail: message.trim().slice(0, 200) || name || "unknown error" };
}
