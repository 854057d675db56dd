/**
 * The modules of `offchain/src` import each other one way: no circle (type-only imports included,
 * since a circle of types still ties two layers into one), and the realtime layer, which the API
 * builds on, imports nothing from the API (its shared types live in `realtime/options.ts`).
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const SRC = dirname(fileURLToPath(import.meta.url));

/** Every TypeScript module under `src`, tests and generated code left out. */
function modules(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" || entry.name === "node_modules" ? [] : modules(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** Comments out of the way (an import shown in a doc comment is not an import); strings are kept. */
function stripComments(source: string): string {
  return source.replace(
    /("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g,
    (m, str) => (str ? m : " "),
  );
}

/** The relative imports and re-exports of a module, as absolute paths. */
function importsOf(path: string): string[] {
  const source = stripComments(readFileSync(path, "utf8"));
  const specifiers = [
    ...source.matchAll(/\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?"(\.{1,2}\/[^"]+)"/g),
    ...source.matchAll(/\bimport\(\s*"(\.{1,2}\/[^"]+)"\s*\)/g),
  ].map((m) => m[1]!);
  return specifiers.map((s) => resolve(dirname(path), s));
}

function graph(): Map<string, string[]> {
  const all = modules();
  const known = new Set(all);
  return new Map(all.map((m) => [m, importsOf(m).filter((d) => known.has(d))]));
}

/** The import circles of a graph, each as the list of modules around it. */
function circles(g: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (m: string): void => {
    state.set(m, "open");
    stack.push(m);
    for (const d of g.get(m) ?? []) {
      if (state.get(d) === "open") found.push([...stack.slice(stack.indexOf(d)), d]);
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(m, "done");
  };
  for (const m of g.keys()) if (!state.has(m)) visit(m);
  return found;
}

describe("imports of offchain/src", () => {
  it("sees the modules and their imports", () => {
    const g = graph();
    assert.ok(g.size > 50, `${g.size} modules`);
    const app = g.get(join(SRC, "api/app.ts"))!;
    assert.ok(app.includes(join(SRC, "api/context.ts")), "api/app.ts imports api/context.ts");
  });

  it("has no import circle", () => {
    const found = circles(graph()).map((c) => c.map((m) => relative(SRC, m)).join(" → "));
    assert.deepEqual(found, [], "give the types both sides need one home, imported by both");
  });

  it("keeps the realtime layer free of API imports", () => {
    const api = join(SRC, "api") + "/";
    const offending = [...graph()]
      // realtime/testing.ts is a test helper that drives a whole API; it sits above both layers.
      .filter(([m]) => m.startsWith(join(SRC, "realtime") + "/") && !m.endsWith("/testing.ts"))
      .flatMap(([m, deps]) =>
        deps.filter((d) => d.startsWith(api)).map((d) => `${relative(SRC, m)} → ${relative(SRC, d)}`),
      );
    assert.deepEqual(offending, []);
  });
});
