/**
 * Avatars on the shared floor: a pose is the head and both hands (position + orientation). Poses go
 * out at most MAX_POSE_RATE times a second; the others' poses are drawn a little in the past,
 * interpolated between the two received poses around that moment, so 20 updates a second look
 * smooth at 90 frames a second. Pure.
 */

export type Vec3 = [number, number, number];
export type Quat = [number, number, number, number];

export interface Transform {
  p: Vec3;
  q: Quat;
}

export interface Pose {
  head: Transform;
  left?: Transform;
  right?: Transform;
}

export const MAX_POSE_RATE = 20;
export const MIN_POSE_INTERVAL_MS = 1000 / MAX_POSE_RATE;
/** How far behind the newest pose the others are drawn (two send intervals). */
export const INTERPOLATION_DELAY_MS = 100;
/** Poses kept per avatar. */
const BUFFER = 16;

/**
 * Lets a pose through at most every MIN_POSE_INTERVAL_MS (and never an unchanged one more than
 * once a second, so a visitor who stands still costs almost nothing).
 */
export class PoseThrottle {
  #last = -Infinity;
  #lastKey = "";
  readonly #interval: number;
  constructor(intervalMs: number = MIN_POSE_INTERVAL_MS) {
    this.#interval = intervalMs;
  }
  /** Whether a pose taken at `nowMs` should be sent. */
  offer(pose: Pose, nowMs: number): boolean {
    if (nowMs - this.#last < this.#interval) return false;
    const key = poseKey(pose);
    if (key === this.#lastKey && nowMs - this.#last < 1000) return false;
    this.#last = nowMs;
    this.#lastKey = key;
    return true;
  }
}

/** A pose rounded to millimetres and 1/1000 of a quaternion unit (also what goes on the wire). */
export function roundPose(pose: Pose): Pose {
  const r = (t: Transform): Transform => ({
    p: t.p.map((v) => Math.round(v * 1000) / 1000) as Vec3,
    q: t.q.map((v) => Math.round(v * 1000) / 1000) as Quat,
  });
  return {
    head: r(pose.head),
    ...(pose.left ? { left: r(pose.left) } : {}),
    ...(pose.right ? { right: r(pose.right) } : {}),
  };
}

const poseKey = (pose: Pose): string => JSON.stringify(roundPose(pose));

const lerp = (a: number, b: number, t: number) => a + (b - a) * t;

/** Normalised linear interpolation of unit quaternions along the shorter arc. */
export function nlerp(a: Quat, b: Quat, t: number): Quat {
  const dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3];
  const s = dot < 0 ? -1 : 1;
  const q = a.map((v, i) => lerp(v, s * b[i]!, t)) as Quat;
  const len = Math.hypot(...q) || 1;
  return q.map((v) => v / len) as Quat;
}

export function interpolateTransform(a: Transform, b: Transform, t: number): Transform {
  return { p: a.p.map((v, i) => lerp(v, b.p[i]!, t)) as Vec3, q: nlerp(a.q, b.q, t) };
}

export function interpolatePose(a: Pose, b: Pose, t: number): Pose {
  const k = Math.min(1, Math.max(0, t));
  const hand = (x: Transform | undefined, y: Transform | undefined) =>
    x && y ? interpolateTransform(x, y, k) : ((k < 0.5 ? x : y) ?? x ?? y);
  const left = hand(a.left, b.left);
  const right = hand(a.right, b.right);
  return {
    head: interpolateTransform(a.head, b.head, k),
    ...(left ? { left } : {}),
    ...(right ? { right } : {}),
  };
}

interface Sample {
  at: number;
  pose: Pose;
}

/** The poses received from one avatar, and where to draw it at a given moment. */
export class PoseBuffer {
  #samples: Sample[] = [];
  readonly #delay: number;
  constructor(delayMs: number = INTERPOLATION_DELAY_MS) {
    this.#delay = delayMs;
  }
  /** A pose received at `atMs` (local clock); out-of-order arrivals are dropped. */
  push(pose: Pose, atMs: number): void {
    const last = this.#samples[this.#samples.length - 1];
    if (last && atMs <= last.at) return;
    this.#samples.push({ at: atMs, pose });
    if (this.#samples.length > BUFFER) this.#samples.shift();
  }
  get size(): number {
    return this.#samples.length;
  }
  /** The pose to draw at `nowMs`: interpolated at nowMs − delay, held at the ends. */
  sample(nowMs: number): Pose | undefined {
    const s = this.#samples;
    if (s.length === 0) return undefined;
    const at = nowMs - this.#delay;
    if (at <= s[0]!.at) return s[0]!.pose;
    for (let i = s.length - 1; i > 0; i--) {
      const a = s[i - 1]!;
      const b = s[i]!;
      if (at >= a.at && at <= b.at) return interpolatePose(a.pose, b.pose, (at - a.at) / (b.at - a.at));
    }
    return s[s.length - 1]!.pose;
  }
}
