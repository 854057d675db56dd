import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { xrAssetFile } from "../../../server/xrAssets.ts";

// The trading floor's controller and hand models (WebXR input profiles) from the npm package
// @webxr-input-profiles/assets, served by the app: @react-three/xr's baseAssetPath points here, so
// entering VR or AR loads nothing from a CDN. Read on demand (the package is ~100 MB of models;
// a headset asks for its profile list, one controller profile and two hands).
export async function GET(_request: Request, context: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const { path } = await context.params;
  const file = xrAssetFile(path);
  if (!file) return Response.json({ error: "no such asset" }, { status: 404 });
  for (const base of [process.cwd(), join(process.cwd(), "..")]) {
    try {
      const body = await readFile(
        join(base, "node_modules", "@webxr-input-profiles", "assets", "dist", "profiles", file.path),
      );
      return new Response(new Uint8Array(body), {
        headers: { "content-type": file.type, "cache-control": "public, max-age=86400" },
      });
    } catch {
      // not under this node_modules: try the workspace root's
    }
  }
  return Response.json({ error: "no such asset" }, { status: 404 });
}
