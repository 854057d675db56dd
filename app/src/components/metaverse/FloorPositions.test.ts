import { Vector3 } from "three";
import { describe, expect, it } from "vitest";

import { heldPlace, positionSize, restingPlace } from "./FloorPositions.tsx";

describe("the position objects on the floor", () => {
  it("wait in a row at arm's reach in front of the origin, centred on it", () => {
    const origin: [number, number, number] = [2, 0, 10];
    const row = [0, 1, 2].map((i) => restingPlace(i, 3, origin));
    expect(row.map((p) => p[0])).toEqual([2 - 0.45, 2, 2 + 0.45]);
    for (const p of row) {
      expect(p[1]).toBeCloseTo(0.9);
      expect(p[2]).toBeCloseTo(9.1); // in front: the origin looks down −Z
    }
    expect(restingPlace(0, 1, origin)).toEqual([2, 0.9, 9.1]);
  });

  it("are sized by weight, from 0.12 m to 0.4 m, whatever the weight says", () => {
    expect(positionSize(0)).toBeCloseTo(0.12);
    expect(positionSize(1)).toBeCloseTo(0.4);
    expect(positionSize(0.25)).toBeCloseTo(0.26);
    expect(positionSize(-3)).toBeCloseTo(0.12);
    expect(positionSize(7)).toBeCloseTo(0.4);
  });

  it("follow a ray at the distance they were grabbed at, plus the grab offset", () => {
    const ray = { origin: new Vector3(0, 1.5, 0), direction: new Vector3(0, 0, -2) };
    const offset = new Vector3(0.1, 0, 0);
    // the ray is normalised: 3 m along −Z
    expect(heldPlace("ray", ray, new Vector3(9, 9, 9), 3, offset, 0.2)).toEqual([0.1, 1.5, -3]);
    // turned to the right, the object swings with it at the same distance
    const right = { origin: ray.origin, direction: new Vector3(1, 0, -1) };
    const [x, y, z] = heldPlace("ray", right, new Vector3(), 3, new Vector3(), 0.2);
    expect(Math.hypot(x, y - 1.5, z)).toBeCloseTo(3);
    expect(x).toBeCloseTo(3 / Math.SQRT2);
  });

  it("follow a grab sphere's point (a squeeze or pinch close by), and never sink into the floor", () => {
    const ray = { origin: new Vector3(), direction: new Vector3(0, 0, -1) };
    expect(heldPlace("sphere", ray, new Vector3(0.3, 1.1, -0.4), 0.05, new Vector3(0, 0.02, 0), 0.2)).toEqual([
      0.3,
      1.1 + 0.02,
      -0.4,
    ]);
    // pointed down into the floor: it rests on it (half its size up)
    const down = { origin: new Vector3(0, 1, 0), direction: new Vector3(0, -1, 0) };
    expect(heldPlace("ray", down, new Vector3(), 5, new Vector3(), 0.3)[1]).toBeCloseTo(0.15);
  });
});
