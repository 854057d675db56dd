import { describe, expect, it } from "vitest";

import { BOX_TRIANGLES, GPU_QUALITY, isSoftwareRenderer, mergeBoxes, SOFTWARE_QUALITY } from "./FloorScene.tsx";

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
    g.dispose();
  });
});
