import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { configuredChains, readDeployments, runtimeConfig } from "./runtimeConfig.ts";

describe("runtime configuration", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    delete process.env.SEPOLIA_RPC_URL;
  });

  it("reads Ignition's deployed_addresses.json at run time, keyed by contract name", () => {
    const dir = mkdtempSync(join(tmpdir(), "peper-deployments-"));
    dirs.push(dir);
    mkdirSync(join(dir, "chain-31337"));
    writeFileSync(
      join(dir, "chain-31337", "deployed_addresses.json"),
      JSON.stringify({
        "Governance#PeperToken": "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        "PeperLocal#USDC": "0x0000000000000000000000000000000000000001",
      }),
    );
    mkdirSync(join(dir, "chain-1"));
    mkdirSync(join(dir, "not-a-chain"));
    const deployments = readDeployments(dir);
    expect(deployments[31337]).toEqual({
      PeperToken: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      USDC: "0x0000000000000000000000000000000000000001",
    });
    expect(deployments[1]).toBeUndefined();
  });

  it("offers the local chains, and a public chain only when its RPC URL is configured", () => {
    expect(configuredChains().map((c) => c.chainId)).toEqual([31337, 31338]);
    process.env.SEPOLIA_RPC_URL = "https://rpc.example";
    const config = runtimeConfig();
    expect(config.chains.map((c) => c.chainId)).toEqual([31337, 31338, 11155111]);
    expect(config.chains[2]!.explorerUrl).toBe("https://sepolia.etherscan.io");
    expect(config.walletConnectProjectId).toBeUndefined();
    expect(JSON.stringify(config)).not.toContain("rpc.example");
  });
});
