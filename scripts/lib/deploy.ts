// Deploys the Peper Ignition module to one network, and connects two deployed chains' bridges
// (the BridgePeer module). Used by `npm run deploy` and `npm start`.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

import {
  CHAINS,
  chainByNetwork,
  DEPLOYER_KEY_ENV,
  peperRole,
  type PeperChain,
} from "../../offchain/src/protocol/chains.ts";
import { hardhat, ROOT, run, UsageError } from "./runtime.ts";

/**
 * The modules: public chains (PEPER's home, and every other chain with bridged PEPER), the local
 * chains (adding WETH9, demo tokens and Hyperlane's own contracts: chain A is the home, B remote),
 * and the bridge's second step, which connects a deployed chain to its peer.
 */
export const MODULE_PATH = "contracts/ignition/modules/Peper.ts";
export const REMOTE_MODULE_PATH = "contracts/ignition/modules/PeperRemote.ts";
export const LOCAL_MODULE_PATH = "contracts/ignition/modules/PeperLocal.ts";
export const LOCAL_REMOTE_MODULE_PATH = "contracts/ignition/modules/PeperLocalRemote.ts";
export const BRIDGE_PEER_MODULE_PATH = "contracts/ignition/modules/BridgePeer.ts";
export const BRIDGE_PEER_REMOTE_MODULE_PATH = "contracts/ignition/modules/BridgePeerRemote.ts";
export const PARAMETERS_DIR = "contracts/ignition/parameters";

/** The module that deploys a chain: by where it runs (local or public) and PEPER's role there. */
export function modulePath(chain: PeperChain): string {
  const home = peperRole(chain.chainId) === "home";
  if (chain.kind === "local") return home ? LOCAL_MODULE_PATH : LOCAL_REMOTE_MODULE_PATH;
  return home ? MODULE_PATH : REMOTE_MODULE_PATH;
}

/** The BridgePeer module for a chain: PEPER's home also wires its GovernanceSender to the peer. */
export const bridgePeerModulePath = (chain: PeperChain): string =>
  peperRole(chain.chainId) === "home" ? BRIDGE_PEER_MODULE_PATH : BRIDGE_PEER_REMOTE_MODULE_PATH;

/**
 * The home chain whose DAO governs a remote chain (its GovernanceSender is the only source the
 * remote GovernanceReceiver accepts): local A for the local chains, Ethereum for mainnets, Sepolia
 * for testnets. A parameters file may name another with `Bridge.homeChainId`.
 */
export function homeChainOf(chain: PeperChain): number {
  if (chain.kind === "local") return 31337;
  return chain.kind === "mainnet" ? 1 : 11155111;
}

/** Ignition's deployment directory of a chain (the protocol), or of its bridge's connection to a peer. */
export const deploymentDir = (chainId: number, peerChainId?: number, prefix = ""): string =>
  join(ROOT, "contracts", "ignition", "deployments", deploymentId(chainId, peerChainId, prefix));

/**
 * `chain-<id>` (Ignition's default, the one source of addresses) or `chain-<id>-bridge-<peer id>`;
 * a test deploying throwaway chains puts its own `prefix` in front, so a developer's deployment stays.
 */
export const deploymentId = (chainId: number, peerChainId?: number, prefix = ""): string =>
  prefix + (peerChainId === undefined ? `chain-${chainId}` : `chain-${chainId}-bridge-${peerChainId}`);

export interface DeployParameters {
  /** Hardhat network name from offchain/src/protocol/chains.ts. */
  network: string;
  /** Skip Ignition's confirmation prompt for public networks. */
  yes?: boolean;
  /** Collect Hardhat's output instead of printing it (shown on failure). */
  quiet?: boolean;
  /** Environment for the deploy (defaults to process.env). */
  env?: NodeJS.ProcessEnv;
  /** Prefix of the Ignition deployment ids (tests); none by default: `chain-<id>`. */
  deploymentPrefix?: string;
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
  const prefix = parameters.deploymentPrefix ?? "";
  const dir = deploymentDir(chain.chainId, undefined, prefix);
  if (chain.kind === "local") {
    // The local chains start empty every time, so an old journal would not match them (neither
    // would the bridge's connection to its peer).
    rmSync(dir, { recursive: true, force: true });
    for (const entry of existsSync(join(dir, "..")) ? readdirSync(join(dir, "..")) : []) {
      if (entry.startsWith(`${deploymentId(chain.chainId, undefined, prefix)}-bridge-`))
        rmSync(join(dir, "..", entry), { recursive: true });
    }
  }
  ignitionEnv(chain, env, parameters.yes);
  const tmp = mkdtempSync(join(tmpdir(), "peper-deploy-"));
  try {
    // A remote chain's GovernanceReceiver names the home chain's GovernanceSender: from the
    // parameters file if it sets Bridge.homeSender, otherwise from the home chain's deployment.
    const params = join(tmp, "parameters.json");
    writeFileSync(params, JSON.stringify(deployParameters(chain, file, prefix), null, 2));
    const [cmd, args] = hardhat(
      "ignition",
      "deploy",
      modulePath(chain),
      "--network",
      chain.network,
      "--parameters",
      params,
      "--deployment-id",
      deploymentId(chain.chainId, undefined, prefix),
    );
    await run(cmd, args, { env, quiet: parameters.quiet ?? false, stdio: parameters.quiet ? undefined : "inherit" });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return readAddressesFile(dir);
}

type ParametersJson = Record<string, Record<string, unknown>>;

/**
 * The Ignition parameters for deploying `chain` from its parameters file: the file itself on PEPER's
 * home chain; on a remote chain, plus `Bridge.homeChainId` and `Bridge.homeSender` (the home chain's
 * `Bridge#GovernanceSender`, read from its deployment unless the file sets it).
 */
export function deployParameters(chain: PeperChain, file: string, prefix = ""): ParametersJson {
  const parameters = JSON.parse(readFileSync(join(ROOT, file), "utf8")) as ParametersJson;
  if (peperRole(chain.chainId) === "home") return parameters;
  const bridge = { ...parameters["Bridge"] };
  const homeChainId =
    typeof bridge["homeChainId"] === "string" ? Number(bridge["homeChainId"].replace(/n$/, "")) : homeChainOf(chain);
  if (typeof bridge["homeSender"] !== "string") {
    const home = join(deploymentDir(homeChainId, undefined, prefix), "deployed_addresses.json");
    const sender = existsSync(home)
      ? (JSON.parse(readFileSync(home, "utf8")) as Record<string, string>)["Bridge#GovernanceSender"]
      : undefined;
    if (!sender) {
      throw new UsageError(
        `Cannot deploy ${chain.name}: its GovernanceReceiver must name the home chain's GovernanceSender, and ` +
          `${relative(ROOT, home)} has no Bridge#GovernanceSender. Deploy the home chain (${homeChainId}) first, ` +
          `or set "Bridge": { "homeChainId": "<id>n", "homeSender": "0x…" } in ${file}.`,
      );
    }
    bridge["homeSender"] = sender;
  }
  bridge["homeChainId"] = `${homeChainId}n`;
  return { ...parameters, Bridge: bridge };
}

function ignitionEnv(chain: PeperChain, env: NodeJS.ProcessEnv, yes: boolean | undefined): void {
  if (chain.kind === "local") {
    env.HARDHAT_IGNITION_CONFIRM_DEPLOYMENT = "true";
    env.PEPER_IGNITION_POLL_MS = "100";
  } else if (yes) {
    env.HARDHAT_IGNITION_CONFIRM_DEPLOYMENT = "true";
  }
}

function readAddressesFile(dir: string): Record<string, string> {
  const addressesFile = join(dir, "deployed_addresses.json");
  if (!existsSync(addressesFile)) {
    throw new Error(`Ignition finished but ${relative(ROOT, addressesFile)} is missing.`);
  }
  return JSON.parse(readFileSync(addressesFile, "utf8")) as Record<string, string>;
}

/** The bridge contracts of a deployed chain, from its deployed_addresses.json. */
export function bridgeAddresses(
  chainId: number,
  prefix = "",
): {
  manager: string;
  operatorVerifier: string;
  hyperlaneVerifier: string;
  timelock: string;
  /** Home chains: the GovernanceSender; remote chains: the GovernanceReceiver. */
  governance: { governanceSender: string } | { governanceReceiver: string };
} {
  const file = join(deploymentDir(chainId, undefined, prefix), "deployed_addresses.json");
  if (!existsSync(file)) {
    throw new UsageError(`Chain ${chainId} has no deployment (${relative(ROOT, file)}): deploy it first.`);
  }
  const deployed = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  const get = (id: string): string => {
    const address = deployed[id];
    if (!address) throw new UsageError(`${id} is missing from ${relative(ROOT, file)}: redeploy chain ${chainId}.`);
    return address;
  };
  return {
    manager: get("Bridge#BridgeManager"),
    operatorVerifier: get("Bridge#OperatorVerifier"),
    hyperlaneVerifier: get("Bridge#HyperlaneVerifier"),
    timelock: get("Governance#PeperTimelock"),
    governance:
      peperRole(chainId) === "home"
        ? { governanceSender: get("Bridge#GovernanceSender") }
        : { governanceReceiver: get("Bridge#GovernanceReceiver") },
  };
}

/**
 * The BridgePeer module's parameters connecting `chain` to `peer`: this chain's bridge and Timelock,
 * the peer's manager and Hyperlane adapter (its Hyperlane domain is its chain id), the rate limits
 * of the parameters file's "BridgePeer" section, and on PEPER's home chain its GovernanceSender and
 * the peer's GovernanceReceiver.
 */
export function bridgePeerParameters(
  chain: PeperChain,
  peer: PeperChain,
  limits: { outboundLimit: string; inboundLimit: string },
  prefix = "",
): { BridgePeer: Record<string, string | number> } {
  const { governance, ...own } = bridgeAddresses(chain.chainId, prefix);
  const other = bridgeAddresses(peer.chainId, prefix);
  // PEPER's home also points its GovernanceSender at the peer's GovernanceReceiver.
  const senderToReceiver: Record<string, string> =
    "governanceSender" in governance && "governanceReceiver" in other.governance
      ? {
          governanceSender: governance.governanceSender,
          peerGovernanceReceiver: other.governance.governanceReceiver,
        }
      : {};
  if (peperRole(chain.chainId) === "home" && !("governanceSender" in senderToReceiver)) {
    throw new UsageError(`Chain ${peer.chainId} is another home chain: a home chain's bridge peers are remote chains.`);
  }
  return {
    BridgePeer: {
      ...own,
      ...senderToReceiver,
      peerChainId: peer.chainId,
      peerDomain: peer.chainId,
      peerManager: other.manager,
      peerHyperlaneVerifier: other.hyperlaneVerifier,
      outboundLimit: limits.outboundLimit,
      inboundLimit: limits.inboundLimit,
    },
  };
}

/**
 * Connects the deployed bridge of `network` to that of `peerNetwork` and hands it to the Timelock
 * (BridgePeer.ts), as the Ignition deployment `chain-<id>-bridge-<peer id>`. Run it for both
 * directions once both chains are deployed. The rate limits come from the "BridgePeer" section of
 * the chain's parameters file.
 */
export async function connectBridge(parameters: DeployParameters & { peerNetwork: string }): Promise<void> {
  const env = { ...(parameters.env ?? process.env) };
  const { chain, parameters: file } = resolveDeploy(parameters.network, env);
  const peer = chainByNetwork(parameters.peerNetwork);
  if (!peer || peer.chainId === chain.chainId) {
    throw new UsageError(`The bridge peer "${parameters.peerNetwork}" must be another known network.`);
  }
  const limits = (JSON.parse(readFileSync(join(ROOT, file), "utf8")) as { BridgePeer?: Record<string, string> })
    .BridgePeer;
  if (!limits?.outboundLimit || !limits.inboundLimit) {
    throw new UsageError(`${file} needs "BridgePeer": { "outboundLimit": "<wei>n", "inboundLimit": "<wei>n" }.`);
  }
  const tmp = mkdtempSync(join(tmpdir(), "peper-bridge-peer-"));
  try {
    const params = join(tmp, "parameters.json");
    writeFileSync(
      params,
      JSON.stringify(
        bridgePeerParameters(
          chain,
          peer,
          { outboundLimit: limits.outboundLimit, inboundLimit: limits.inboundLimit },
          parameters.deploymentPrefix,
        ),
        null,
        2,
      ),
    );
    ignitionEnv(chain, env, parameters.yes);
    const [cmd, args] = hardhat(
      "ignition",
      "deploy",
      bridgePeerModulePath(chain),
      "--network",
      chain.network,
      "--parameters",
      params,
      "--deployment-id",
      deploymentId(chain.chainId, peer.chainId, parameters.deploymentPrefix),
    );
    await run(cmd, args, { env, quiet: parameters.quiet ?? false, stdio: parameters.quiet ? undefined : "inherit" });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
