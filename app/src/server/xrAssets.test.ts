import { existsSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { xrAssetFile } from "./xrAssets.ts";

describe("the WebXR models the app serves (/xr-assets/…)", () => {
  it("names files of the input-profiles package: the list, a controller profile, its model, a hand", () => {
    expect(xrAssetFile(["profilesList.json"])).toEqual({ path: "profilesList.json", type: "application/json" });
    expect(xrAssetFile(["meta-quest-touch-plus", "profile.json"])?.type).toBe("application/json");
    expect(xrAssetFile(["meta-quest-touch-plus", "left.glb"])).toEqual({
      path: "meta-quest-touch-plus/left.glb",
      type: "model/gltf-binary",
    });
    expect(xrAssetFile(["generic-hand", "right.glb"])?.path).toBe("generic-hand/right.glb");
  });

  it("refuses anything else: parent paths, absolute or hidden names, other extensions", () => {
    for (const bad of [
      [],
      [".."],
      ["..", "package.json"],
      ["a", "..", "b.json"],
      ["/etc", "passwd"],
      [".env"],
      ["x.js"],
      ["a", "b", "c", "d.glb"],
    ]) {
      expect(xrAssetFile(bad)).toBeUndefined();
    }
  });

  it("finds what @react-three/xr asks for in the installed package (Quest 3 controllers and the generic hand)", () => {
    const root = join(
      __dirname,
      "..",
      "..",
      "..",
      "node_modules",
      "@webxr-input-profiles",
      "assets",
      "dist",
      "profiles",
    );
    for (const file of [
      "profilesList.json",
      "meta-quest-touch-plus/profile.json",
      "generic-hand/left.glb",
      "generic-hand/right.glb",
    ]) {
      expect(existsSync(join(root, xrAssetFile(file.split("/"))!.path)), file).toBe(true);
    }
  });
});
