import { describe, expect, it } from "vitest";

import { GPU_QUALITY, isSoftwareRenderer, SOFTWARE_QUALITY } from "./FloorScene.tsx";

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
    expect(GPU_QUALITY).toEqual({ antialias: true, dpr: [1, 2], material: "standard" });
    expect(SOFTWARE_QUALITY.antialias).toBe(false);
    expect(SOFTWARE_QUALITY.material).toBe("lambert");
  });
});
