/** The app path the WebXR controller and hand models are served from (app/xr-assets/[...path]). */
export const XR_ASSET_PATH = "/xr-assets/";

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$/;
const TYPES: Record<string, string> = {
  json: "application/json",
  glb: "model/gltf-binary",
  svg: "image/svg+xml",
  png: "image/png",
};

/**
 * The file a request for /xr-assets/<path…> names inside the profiles folder, and its content type;
 * undefined for anything but a plain relative path to a model, a profile or an image (no `..`, no
 * absolute paths, no other extension).
 */
export function xrAssetFile(segments: readonly string[]): { path: string; type: string } | undefined {
  if (segments.length === 0 || segments.length > 3) return undefined;
  if (!segments.every((s) => SEGMENT.test(s) && !s.includes(".."))) return undefined;
  const ext = segments[segments.length - 1]!.split(".").pop() ?? "";
  const type = TYPES[ext];
  return type ? { path: segments.join("/"), type } : undefined;
}
