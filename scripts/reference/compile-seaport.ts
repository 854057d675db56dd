// Compiles OpenSea's Seaport 1.6 (npm: seaport-core 1.6.6, seaport-types 1.6.3) with the settings of
// its own build — solc 0.8.24 (npm: solc@0.8.24), via IR, optimizer runs 4 294 967 295, cancun —
// and writes contracts/test/reference/seaport/seaport-1.6.6.json, the reference the NFT gas
// benchmark deploys. Never deployed anywhere; run once when the reference changes:
//
//   npm install --no-save seaport-core@1.6.6 seaport-types@1.6.3 solc-0824@npm:solc@0.8.24
//   node scripts/reference/compile-seaport.ts
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const solc = require("solc-0824") as { compile(input: string, options: object): string };
const root = (pkg: string) => dirname(require.resolve(`${pkg}/package.json`));

const sources: Record<string, { content: string }> = {};
const add = (dir: string, prefix: string) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) add(p, `${prefix}${e.name}/`);
    else if (e.name.endsWith(".sol")) sources[`${prefix}${e.name}`] = { content: readFileSync(p, "utf8") };
  }
};
add(join(root("seaport-core"), "src"), "seaport-core/src/");
add(join(root("seaport-types"), "src"), "seaport-types/src/");

const settings = { viaIR: true, optimizer: { enabled: true, runs: 4_294_967_295 }, evmVersion: "cancun" };
const selection = ["evm.bytecode.object", "abi"];
const input = {
  language: "Solidity",
  sources,
  settings: {
    ...settings,
    outputSelection: {
      "seaport-core/src/Seaport.sol": { Seaport: selection },
      "seaport-core/src/conduit/ConduitController.sol": { ConduitController: selection },
    },
  },
};
type Out = {
  errors?: { severity: string; formattedMessage: string }[];
  contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>;
};
const out = JSON.parse(solc.compile(JSON.stringify(input), { import: () => ({ error: "not found" }) })) as Out;
const errors = (out.errors ?? []).filter((e) => e.severity === "error");
if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
const pick = (file: string, name: string) => {
  const c = out.contracts[file]![name]!;
  return { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
};
writeFileSync(
  new URL("../../contracts/test/reference/seaport/seaport-1.6.6.json", import.meta.url),
  JSON.stringify({
    source: "seaport-core 1.6.6 + seaport-types 1.6.3 (npm), compiled by scripts/reference/compile-seaport.ts",
    compiler: { version: "0.8.24", viaIR: true, optimizerRuns: 4_294_967_295, evmVersion: "cancun" },
    Seaport: pick("seaport-core/src/Seaport.sol", "Seaport"),
    ConduitController: pick("seaport-core/src/conduit/ConduitController.sol", "ConduitController"),
  }),
);
console.log("wrote contracts/test/reference/seaport/seaport-1.6.6.json");
