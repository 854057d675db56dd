import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  changeColour,
  gridSlot,
  layoutTowers,
  teleportOrigin,
  TOWER_SPACING,
  xrFailure,
  type Instrument,
} from "./floor.ts";

const instrument = (i: number, tvl: number | undefined, kind: Instrument["kind"] = "pool"): Instrument => ({
  id: `id${i}`,
  label: `P${i}`,
  kind,
  tvlUsd: tvl,
  change: undefined,
});

describe("the floor's tower layout (instancing)", () => {
  it("gives every index its own grid cell, filling rings around the centre (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6_000 }), (n) => {
        const seen = new Set<string>();
        for (let i = 0; i < n; i++) {
          const { col, row } = gridSlot(i);
          const key = `${col},${row}`;
          expect(seen.has(key)).toBe(false);
          seen.add(key);
          // the first (2r+1)² cells are exactly the square of radius r
          const r = Math.ceil((Math.sqrt(n) - 1) / 2);
          expect(Math.max(Math.abs(col), Math.abs(row))).toBeLessThanOrEqual(r);
        }
      }),
      { numRuns: 20 },
    );
    expect([0, 1, 2, 8, 9].map(gridSlot)).toEqual([
      { col: 0, row: 0 },
      { col: 1, row: 0 },
      { col: 1, row: 1 },
      { col: 1, row: -1 },
      { col: 2, row: -1 },
    ]);
  });

  it("packs a matrix (16 floats) and a colour (3) per tower, on the floor and as tall as its slot", () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.double({ min: 0, max: 1e12, noNaN: true }), { nil: undefined }), { maxLength: 300 }),
        (tvls) => {
          const layout = layoutTowers(tvls.map((t, i) => instrument(i, t, i % 7 === 3 ? "feed" : "pool")));
          expect(layout.matrices.length).toBe(tvls.length * 16);
          expect(layout.colours.length).toBe(tvls.length * 3);
          layout.slots.forEach((s, i) => {
            const m = layout.matrices.subarray(i * 16, i * 16 + 16);
            expect(m[5]).toBeCloseTo(s.height, 5); // vertical scale
            expect(m[13]).toBeCloseTo(s.height / 2, 5); // standing on y = 0
            expect(m[12]).toBeCloseTo(s.x, 5);
            expect(m[14]).toBeCloseTo(s.z, 5);
            expect(Math.abs(s.x)).toBeLessThan(layout.extent);
            expect(Math.abs(s.z)).toBeLessThan(layout.extent);
          });
          expect(new Set(layout.slots.map((s) => s.id)).size).toBe(tvls.length);
        },
      ),
    );
  });

  it("puts the largest pool in the middle, pools before feeds, towers one spacing apart", () => {
    const layout = layoutTowers([instrument(1, 10), instrument(2, 1e6), instrument(3, undefined, "feed")]);
    expect(layout.slots.map((s) => s.id)).toEqual(["id2", "id1", "id3"]);
    expect(layout.slots[0]).toMatchObject({ x: 0, z: 0 });
    expect(layout.slots[1]).toMatchObject({ x: TOWER_SPACING, z: 0 });
    expect(layout.slots[0]!.height).toBeGreaterThan(layout.slots[1]!.height);
  });

  it("colours change: grey when flat, green up, red down, saturating at ±10 %", () => {
    const [r0, g0] = changeColour(0);
    const [rUp, gUp] = changeColour(0.2);
    const [rDown, gDown] = changeColour(-0.05);
    expect(gUp).toBeGreaterThan(g0);
    expect(rUp).toBeLessThan(r0);
    expect(rDown).toBeGreaterThan(r0);
    expect(gDown).toBeLessThan(g0);
    expect(changeColour(0.1)).toEqual(changeColour(5));
    expect(changeColour(undefined, "feed")).not.toEqual(changeColour(undefined, "pool"));
  });
});

describe("teleport: where the XR origin goes", () => {
  it("puts the visitor's head over the point selected on the floor", () => {
    expect(teleportOrigin([2, -3], [0, 0])).toEqual([2, 0, -3]);
    // standing 0.5 m right of and 1 m behind the origin's centre: the origin moves so the head lands there
    expect(teleportOrigin([2, -3], [0.5, 1])).toEqual([1.5, 0, -4]);
  });
  it("lands the head on the point for any head offset", () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: -50, max: 50, noNaN: true })),
        fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true })),
        (point, head) => {
          const [x, y, z] = teleportOrigin(point, head);
          expect(y).toBe(0);
          expect(x + head[0]).toBeCloseTo(point[0], 9);
          expect(z + head[1]).toBeCloseTo(point[1], 9);
        },
      ),
    );
  });
});

describe("a rejected requestSession, for the visitor", () => {
  const dom = (name: string, message: string) => Object.assign(new Error(message), { name });
  it("names what the visitor can do about each WebXR error", () => {
    expect(xrFailure(dom("NotSupportedError", "The specified session configuration is not supported.")).kind).toBe(
      "notSupported",
    );
    expect(xrFailure(dom("SecurityError", "Not a secure context")).kind).toBe("security");
    expect(xrFailure(dom("NotAllowedError", "requires user activation")).kind).toBe("notAllowed");
    expect(xrFailure(dom("InvalidStateError", "An immersive session is already active")).kind).toBe("busy");
  });
  it("keeps the browser's words for anything else, short", () => {
    expect(xrFailure(new Error("WebXR not supported"))).toEqual({ kind: "other", detail: "WebXR not supported" });
    expect(xrFailure("boom")).toEqual({ kind: "other", detail: "boom" });
    expect(xrFailure(dom("AbortError", "")).detail).toBe("AbortError");
    expect(xrFailure(new Error("x".repeat(500))).detail).toHaveLength(200);
    expect(xrFailure(undefined)).toEqual({ kind: "other", detail: "undefined" });
  });
});
