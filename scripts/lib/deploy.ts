// Deploys the Peper Ignition module to one network. Used by `npm run deploy` and `npm start`.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";

import { CHAINS, chainByNetwork, DEPLOYER_KEY_ENV, type PeperChain } from "../../offchain/src/protocol/chains.ts";
import { hardhat, ROOT, run, UsageError } from "./runtime.ts";

/** The module for public chains, and the one for the local chains (adds WETH9 and demo tokens). */
export const MODULE_PATH = "contracts/ignition/modules/Peper.ts";
export const LOCAL_MODULE_PATH = "contracts/ignition/modules/PeperLocal.ts";
export const PARAMETERS_DIR = "contracts/ignition/parameters";

export interface DeployParameters {
  /** Hardhat network name from offchain/src/protocol/chains.ts. */
  network: string;
  /** Skip Ignition's confirmation prompt for public networks. */
  yes?: boolean;
  /** Collect Hardhat's output instead of printing it (shown on failure). */
  quiet?: boolean;
  /** Environment for the deploy (defaults to process.env). */
  env?: NodeJS.ProcessEnv;
}

/** What must be set before deploying to `chain`; an empty list when ready. */
export function missingVariables(chain: PeperChain, env: NodeJS.ProcessEnv): string[] {
  if (chain.kind === "local") return [];
  return [chain.rpcUrlEnv!, DEPLOYER_KEY_ENV].filter((name) => !env[name] || env[name]!.trim() === "");
}

/** The parameters file for a network: local.json for the local chains, <network>.json otherwise. */
export function parametersFile(chain: PeperChain): string {
  return join(PARAMETERS_DIR, chain.kind === "local" ? "local.json" : `${chain.network}.json`);
}

/** Checks everything a deploy needs, throwing a UsageError that names what is missing. */
export function resolveDeploy(network: string, env: NodeJS.ProcessEnv): { chain: PeperChain; parameters: string } {
  const chain = chainByNetwork(network);
  if (!chain) {
    throw new UsageError(`Unknown network "${network}". Known networks: ${CHAINS.map((c) => c.network).join(", ")}.`);
  }
  const missing = missingVariables(chain, env);
  if (missing.length > 0) {
    throw new UsageError(
      `Cannot deploy to ${chain.name} (${chain.network}): set the environment variable${missing.length > 1 ? "s" : ""} ` +
        `${missing.join(" and ")} (${chain.rpcUrlEnv} is the chain's RPC URL, ${DEPLOYER_KEY_ENV} the deployer's ` +
        "private key as 0x-prefixed hex).",
    );
  }
  const parameters = parametersFile(chain);
  if (!existsSync(join(ROOT, parameters))) {
    throw new UsageError(
      `Cannot deploy to ${chain.name}: ${parameters} is missing. Copy ${PARAMETERS_DIR}/local.json, set the real ` +
        "token distribution, guardian and governance timings, and commit it.",
    );
  }
  return { chain, parameters };
}

/** Deploys the Peper module; returns Ignition's deployed addresses ("Module#Contract" -> address). */
export async function deploy(parameters: DeployParameters): Promise<Record<string, string>> {
  const env = { ...(parameters.env ?? process.env) };
  const { chain, parameters: file } = resolveDeploy(parameters.network, env);
  const deploymentDir = join(ROOT, "contracts", "ignition", "deployments", `chain-${chain.chainId}`);
  if (chain.kind === "local") {
    // The local chains start empty every time, so an old journal would not match them.
    rmSync(deploymentDir, { recursive: true, force: true });
    env.HARDHAT_IGNITION_CONFIRM_DEPLOYMENT = "true";
    env.PEPER_IGNITION_POLL_MS = "100";
  } else if (parameters.yes) {
    env.HARDHAT_IGNITION_CONFIRM_DEPLOYMENT = "true";
  }
  const [cmd, args] = hardhat(
    "ignition",
    "deploy",
    chain.kind === "local" ? LOCAL_MODULE_PATH : MODULE_PATH,
    "--network",
    chain.network,
    "--parameters",
    file,
  );
  await run(cmd, args, { env, quiet: parameters.quiet ?? false, stdio: parameters.quiet ? undefined : "inherit" });
  const addressesFile = join(deploymentDir, "deployed_addresses.json");
  if (!existsSync(addressesFile)) {
    throw new Error(`Ignition finished but ${relative(ROOT, addressesFile)} is missing.`);
  }
  return JSON.parse(readFileSync(addressesFile, "utf8")) as Record<string, string>;
}
