// First-load JavaScript per route of the last `next build` (Next 16 no longer prints it): the
// framework's root chunks plus the chunks the route's layout and page entries load, raw and gzipped.
//   node scripts/first-load-js.ts        (after `npm run build`, from app/)
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";

import { APP_DIR } from "../e2e/servers.ts";

const next = join(APP_DIR, ".next");
const buildManifest = JSON.parse(readFileSync(join(next, "build-manifest.json"), "utf8")) as {
  rootMainFiles: string[];
};

function* manifests(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* manifests(path);
    else if (entry.name === "page_client-reference-manifest.js") yield path;
  }
}

const size = (files: Set<string>) => {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(join(next, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
};

const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`;
const rows: [string, string, string, number][] = [];
for (const file of manifests(join(next, "server", "app"))) {
  const route = "/" + relative(join(next, "server", "app"), file).replace(/\/?page_client-reference-manifest\.js$/, "");
  const sandbox = { globalThis: {} as Record<string, unknown> };
  runInNewContext(readFileSync(file, "utf8"), sandbox);
  const all = (sandbox.globalThis.__RSC_MANIFEST ?? {}) as Record<string, { entryJSFiles: Record<string, string[]> }>;
  const manifest = Object.values(all)[0];
  if (!manifest) continue;
  const files = new Set(buildManifest.rootMainFiles);
  for (const [entry, chunks] of Object.entries(manifest.entryJSFiles)) {
    const segment = entry.replace(/^\[project\]\/app\/src\/app/, "");
    if (segment === "/layout" || segment === `${route === "/" ? "" : route}/page`) chunks.forEach((c) => files.add(c));
  }
  if (files.size === buildManifest.rootMainFiles.length) continue;
  const { raw, gzip } = size(files);
  rows.push([route === "/" ? "/ (redirect)" : route, kB(raw), kB(gzip), files.size]);
}
if (!existsSync(join(next, "BUILD_ID"))) throw new Error("no build: run `npm run build` first");
rows.sort(([a], [b]) => a.localeCompare(b));
console.log("| route | first-load JS | gzipped | chunks |\n| --- | ---: | ---: | ---: |");
for (const [route, raw, gzip, n] of rows) console.log(`| ${route} | ${raw} | ${gzip} | ${n} |`);
