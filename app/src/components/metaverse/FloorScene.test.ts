import { Mesh, MeshBasicMaterial, Raycaster, Vector3 } from "three";
import { describe, expect, it } from "vitest";

import {
  BOX_TRIANGLES,
  BOX_TRIANGLES_NO_BOTTOM,
  boxOfFace,
  GPU_QUALITY,
  isSoftwareRenderer,
  mergeBoxes,
  mergedRaycast,
  SOFTWARE_QUALITY,
  viewIndex,
} from "./FloorScene.tsx";

describe("the floor's render quality", () => {
  it("knows software rasterisers by their renderer strings", () => {
    for (const r of [
      "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)",
      "Google SwiftShader",
      "llvmpipe (LLVM 15.0.7, 256 bits)",
      "ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)",
      "Mesa softpipe",
      "Apple Software Renderer",
    ])
      expect(isSoftwareRenderer(r), r).toBe(true);
    for (const r of [
      "ANGLE (NVIDIA, NVIDIA GeForce RTX 3070 Direct3D11 vs_5_0 ps_5_0, D3D11)",
      "Adreno (TM) 740",
      "Apple M2",
      "Mesa Intel(R) UHD Graphics 620 (KBL GT2)",
      "",
    ])
      expect(isSoftwareRenderer(r), r).toBe(false);
  });

  it("keeps MSAA, device pixels and PBR on a GPU and drops them in software", () => {
    expect(GPU_QUALITY).toEqual({ antialias: true, dpr: [1, 2], material: "standard", boxes: "instanced" });
    expect(SOFTWARE_QUALITY.antialias).toBe(false);
    expect(SOFTWARE_QUALITY.material).toBe("basic");
    expect(SOFTWARE_QUALITY.dpr).toBeLessThan(1);
    // a software rasteriser sets up each instance as a draw of its own: one merged mesh instead
    expect(SOFTWARE_QUALITY.boxes).toBe("merged");
    // the floor plane is only raycast (its lit colour is the background's), the labels one mesh
    expect(SOFTWARE_QUALITY.floor).toBe("background");
    expect(SOFTWARE_QUALITY.labels).toBe("atlas");
    // the towers drawn from an index for the eye (nearest first, faces turned away left out)
    expect(SOFTWARE_QUALITY.towerIndex).toBe("view");
  });

  it("merges boxes into one geometry: each box's vertices moved by its matrix, coloured, faces in box order", () => {
    // two towers as layoutTowers makes them: a unit box scaled (0.8, h, 0.8), standing at (x, h/2, z)
    const matrices = new Float32Array([
      ...[0.8, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0.8, 0, 0, 1, 0, 1],
      ...[0.8, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0.8, 0, 1.6, 2, -1.6, 1],
    ]);
    const colours = new Float32Array([1, 0, 0, 0, 1, 0]);
    const g = mergeBoxes(matrices, colours, 2);
    const position = g.getAttribute("position");
    const color = g.getAttribute("color");
    expect(position.count).toBe(48);
    expect(g.getIndex()!.count / 3).toBe(2 * BOX_TRIANGLES);
    g.computeBoundingBox();
    expect(g.boundingBox!.min.toArray().map((x) => Number(x.toFixed(6)))).toEqual([-0.4, 0, -2]);
    expect(g.boundingBox!.max.toArray().map((x) => Number(x.toFixed(6)))).toEqual([2, 4, 0.4]);
    // every vertex of the second box (indices 24…47) is green and lies in its footprint
    for (let k = 24; k < 48; k++) {
      expect([color.getX(k), color.getY(k), color.getZ(k)]).toEqual([0, 1, 0]);
      expect(Math.abs(position.getX(k) - 1.6)).toBeCloseTo(0.4, 6);
    }
    // faces BOX_TRIANGLES … 2·BOX_TRIANGLES−1 use only the second box's vertices (picking: ⌊face / 12⌋)
    const index = g.getIndex()!;
    for (let f = BOX_TRIANGLES; f < 2 * BOX_TRIANGLES; f++)
      for (let c = 0; c < 3; c++) expect(index.getX(f * 3 + c)).toBeGreaterThanOrEqual(24);
    expect(g.userData.trianglesPerBox).toBe(BOX_TRIANGLES);
    g.dispose();
  });

  it("leaves out the towers' bottom faces when asked, and keeps faces in box order for picking", () => {
    const matrices = new Float32Array([
      ...[0.8, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0.8, 0, 0, 1, 0, 1],
      ...[0.8, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0.8, 0, 1.6, 2, -1.6, 1],
      ...[0.8, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0.8, 0, -1.6, 3, 1.6, 1],
    ]);
    const colours = new Float32Array([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const g = mergeBoxes(matrices, colours, 3, true, false);
    const position = g.getAttribute("position");
    const normal = g.getAttribute("normal");
    const color = g.getAttribute("color");
    const index = g.getIndex()!;
    expect(BOX_TRIANGLES_NO_BOTTOM).toBe(10);
    expect(g.userData.trianglesPerBox).toBe(BOX_TRIANGLES_NO_BOTTOM);
    expect(position.count).toBe(3 * 20);
    expect(index.count / 3).toBe(3 * BOX_TRIANGLES_NO_BOTTOM);
    // no face looks down; the five others (+x, -x, +y, +z, -z) are all there, 4 vertices each
    const facing = new Map<string, number>();
    for (let k = 0; k < 20; k++) {
      const n = [normal.getX(k), normal.getY(k), normal.getZ(k)].map((x) => Math.round(x)).join(",");
      facing.set(n, (facing.get(n) ?? 0) + 1);
    }
    expect(Object.fromEntries(facing)).toEqual({ "1,0,0": 4, "-1,0,0": 4, "0,1,0": 4, "0,0,1": 4, "0,0,-1": 4 });
    for (let k = 0; k < position.count; k++) expect(normal.getY(k)).toBeGreaterThan(-0.5);
    // the towers still reach the floor (their sides go down to y = 0)
    g.computeBoundingBox();
    expect(Number(g.boundingBox!.min.y.toFixed(6))).toBe(0);
    expect(Number(g.boundingBox!.max.y.toFixed(6))).toBe(6);
    // face f belongs to box ⌊f / 10⌋: its three corners are that box's vertices (20 a box), in its colour
    for (let f = 0; f < 3 * BOX_TRIANGLES_NO_BOTTOM; f++) {
      const box = Math.floor(f / BOX_TRIANGLES_NO_BOTTOM);
      for (let c = 0; c < 3; c++) {
        const v = index.getX(f * 3 + c);
        expect(Math.floor(v / 20)).toBe(box);
        const rgb = [color.getX(v), color.getY(v), color.getZ(v)];
        expect(rgb.filter((x) => x > 0).length).toBe(1);
        expect(rgb.findIndex((x) => x > 0)).toBe(box);
      }
    }
    // every triangle still faces outwards: (b - a) × (c - a) points along the vertices' normal
    for (let f = 0; f < index.count / 3; f++) {
      const [a, b, c] = [0, 1, 2].map((k) => index.getX(f * 3 + k));
      const ab = [0, 1, 2].map((d) => position.getComponent(b!, d) - position.getComponent(a!, d));
      const ac = [0, 1, 2].map((d) => position.getComponent(c!, d) - position.getComponent(a!, d));
      const cross = [
        ab[1]! * ac[2]! - ab[2]! * ac[1]!,
        ab[2]! * ac[0]! - ab[0]! * ac[2]!,
        ab[0]! * ac[1]! - ab[1]! * ac[0]!,
      ];
      const dot = cross[0]! * normal.getX(a!) + cross[1]! * normal.getY(a!) + cross[2]! * normal.getZ(a!);
      expect(dot).toBeGreaterThan(0);
    }
    g.dispose();
  });

  it("draws towers from a view index: nearest first, faces turned away left out, picking unchanged", () => {
    // three towers in a row along x (as layoutTowers makes them), the eye in front (+z) and above
    const matrices = new Float32Array([
      ...[0.8, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0.8, 0, -3.2, 1, 0, 1],
      ...[0.8, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0.8, 0, 0, 2, 0, 1],
      ...[0.8, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0.8, 0, 3.2, 3, 0, 1],
    ]);
    const colours = new Float32Array([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const g = mergeBoxes(matrices, colours, 3, true, false);
    const full = Array.from(g.getIndex()!.array);
    const faceKey = (ix: ArrayLike<number>, f: number) =>
      [0, 1, 2, 3, 4, 5]
        .map((k) => ix[f * 6 + k])
        .sort()
        .join(",");
    const allFaces = new Set(Array.from({ length: full.length / 6 }, (_, f) => faceKey(full, f)));
    // the eye at x = 3.2 (over the third tower's centre line), 10 m in front, 8 m up
    const eye = new Vector3(3.2, 8, 10);
    const written = viewIndex(g, eye, 0.5);
    expect(g.drawRange).toEqual({ start: 0, count: written });
    const drawn = Array.from(g.getIndex()!.array).slice(0, written);
    const position = g.getAttribute("position");
    const normal = g.getAttribute("normal");
    const boxes: number[] = [];
    for (let f = 0; f < written / 6; f++) {
      // every drawn face is one of mergeBoxes' faces, and faces the eye (or is within the margin)
      expect(allFaces.has(faceKey(drawn, f))).toBe(true);
      const v = drawn[f * 6]!;
      const n = new Vector3(normal.getX(v), normal.getY(v), normal.getZ(v));
      const p = new Vector3(position.getX(v), position.getY(v), position.getZ(v));
      expect(n.dot(eye.clone().sub(p))).toBeGreaterThan(-0.5);
      const box = Math.floor(v / 20);
      if (boxes.at(-1) !== box) boxes.push(box);
    }
    // each tower once, nearest first: the third (x 3.2), the second, the first
    expect(boxes).toEqual([2, 1, 0]);
    // per tower: top and front (+z); the third's ±x faces are edge-on (within the margin), the
    // others show +x only (-x is turned away by more than the margin): 4 + 3 + 3 faces of 15
    expect(written / 6).toBe(10);
    // every face the eye sees is drawn: all faces turned towards it are in the index
    for (let f = 0; f < full.length / 6; f++) {
      const v = full[f * 6]!;
      const n = new Vector3(normal.getX(v), normal.getY(v), normal.getZ(v));
      const p = new Vector3(position.getX(v), position.getY(v), position.getZ(v));
      const key = faceKey(full, f);
      const isDrawn = Array.from({ length: written / 6 }, (_, d) => faceKey(drawn, d)).includes(key);
      if (n.dot(eye.clone().sub(p)) > 0) expect(isDrawn).toBe(true);
    }
    // picking casts against every face in box order: a ray from -x (where no eye is) at the first
    // tower's -x face, which the view index left out, still hits it and names the first tower
    const mesh = new Mesh(g, new MeshBasicMaterial());
    mesh.raycast = mergedRaycast;
    const ray = new Raycaster(new Vector3(-10, 0.5, 0), new Vector3(1, 0, 0));
    const hits = ray.intersectObject(mesh);
    expect(hits.length).toBeGreaterThan(0);
    expect(boxOfFace(g, hits[0]!.faceIndex!)).toBe(0);
    expect(hits[0]!.point.x).toBeCloseTo(-3.6, 6);
    // a ray from above at the third tower's top names the third tower
    const down = new Raycaster(new Vector3(3.2, 20, 0), new Vector3(0, -1, 0));
    expect(boxOfFace(g, down.intersectObject(mesh)[0]!.faceIndex!)).toBe(2);
    // the drawn index and its range are put back after the ray
    expect(g.drawRange.count).toBe(written);
    expect(Array.from(g.getIndex()!.array).slice(0, written)).toEqual(drawn);
    // a second eye behind (-z): the back faces come in, the front ones go
    const back = viewIndex(g, new Vector3(-3.2, 1, -10), 0.5);
    const behind = Array.from(g.getIndex()!.array).slice(0, back);
    for (let f = 0; f < back / 6; f++) expect(normal.getZ(behind[f * 6]!)).toBeLessThan(0.5);
    g.dispose();
  });
});
