import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  interpolatePose,
  MAX_POSE_RATE,
  nlerp,
  PoseBuffer,
  PoseThrottle,
  roundPose,
  type Pose,
  type Quat,
} from "./poses.ts";

const at = (x: number, yaw = 0): Pose => ({
  head: { p: [x, 1.6, 0], q: [0, Math.sin(yaw / 2), 0, Math.cos(yaw / 2)] },
  left: { p: [x - 0.2, 1.1, -0.3], q: [0, 0, 0, 1] },
  right: { p: [x + 0.2, 1.1, -0.3], q: [0, 0, 0, 1] },
});

describe("pose throttling", () => {
  it("sends at most 20 poses in any second, whatever the frame times (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.1, max: 40, noNaN: true }), { minLength: 10, maxLength: 2_000 }),
        (dts) => {
          const throttle = new PoseThrottle();
          const sent: number[] = [];
          let now = 0;
          dts.forEach((dt, i) => {
            now += dt;
            if (throttle.offer(at(i), now)) sent.push(now);
          });
          for (let i = MAX_POSE_RATE; i < sent.length; i++) {
            expect(sent[i]! - sent[i - MAX_POSE_RATE]!).toBeGreaterThanOrEqual(1000 - 1e-6);
          }
        },
      ),
    );
  });

  it("sends a moving pose every 50 ms at 90 Hz, and a still one once a second", () => {
    const throttle = new PoseThrottle();
    let moving = 0;
    for (let f = 0; f < 90; f++) if (throttle.offer(at(f), f * (1000 / 90))) moving++;
    expect(moving).toBe(18); // ⌈1000 / 55.6⌉: every fifth frame
    const still = new PoseThrottle();
    let sent = 0;
    for (let f = 0; f < 270; f++) if (still.offer(at(1), f * (1000 / 90))) sent++;
    expect(sent).toBe(3);
  });
});

describe("pose interpolation", () => {
  it("stays on the segment between two poses and returns the ends at 0 and 1 (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (x0, x1, t) => {
          const p = interpolatePose(at(x0), at(x1), t);
          expect(p.head.p[0]).toBeGreaterThanOrEqual(Math.min(x0, x1) - 1e-9);
          expect(p.head.p[0]).toBeLessThanOrEqual(Math.max(x0, x1) + 1e-9);
          expect(Math.hypot(...p.head.q)).toBeCloseTo(1, 9);
          expect(interpolatePose(at(x0), at(x1), 0).head.p[0]).toBeCloseTo(x0, 9);
          expect(interpolatePose(at(x0), at(x1), 1).head.p[0]).toBeCloseTo(x1, 9);
        },
      ),
    );
  });

  it("turns along the shorter arc", () => {
    const a: Quat = [0, 0, 0, 1];
    const b: Quat = [0, 0, 0, -1]; // the same orientation
    expect(nlerp(a, b, 0.5)).toEqual([0, 0, 0, 1]);
  });

  it("draws the others 100 ms in the past, between the poses around that moment", () => {
    const buffer = new PoseBuffer();
    expect(buffer.sample(0)).toBeUndefined();
    buffer.push(at(0), 1_000);
    buffer.push(at(1), 1_050);
    buffer.push(at(2), 1_100);
    buffer.push(at(9), 1_090); // late: dropped
    expect(buffer.sample(1_000)!.head.p[0]).toBe(0); // before the first: held
    expect(buffer.sample(1_125)!.head.p[0]).toBeCloseTo(0.5, 9);
    expect(buffer.sample(1_175)!.head.p[0]).toBeCloseTo(1.5, 9);
    expect(buffer.sample(5_000)!.head.p[0]).toBe(2); // after the last: held
    for (let i = 0; i < 40; i++) buffer.push(at(i), 2_000 + i);
    expect(buffer.size).toBe(16);
  });

  it("rounds what goes on the wire to millimetres", () => {
    expect(roundPose({ head: { p: [1.23456, 0, -0.0004], q: [0, 0, 0, 1] } }).head.p).toEqual([1.235, 0, -0]);
  });
});
