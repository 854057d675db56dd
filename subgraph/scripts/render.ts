// Renders the subgraph manifest from one config file, subgraph/networks.json, which this script
// first regenerates from Hardhat Ignition's deployments (contracts/ignition/deployments/chain-<id>/).
//
//   node scripts/render.ts                    subgraph.yaml for localA (the default)
//   node scripts/render.ts --network sepolia  subgraph.yaml for another chain of CHAINS
//   node scripts/render.ts --all              generated/<network>/subgraph.yaml for every deployed chain
//   node scripts/render.ts --deployments <dir> --out <file>
//                                             a manifest for the deployments in <dir> written to <file>,
//                                             leaving subgraph.yaml and networks.json alone (tests)
//
// It also copies the ABIs the manifest names from Hardhat's artifacts into abis/. A chain without a
// deployment is rendered with zero addresses and start block 0 (said on stderr), so that
// `graph codegen && graph build` work on a fresh clone: the WASM does not depend on addresses.
// subgraph.yaml (what graph build compiles) has every data source; the manifests that index a chain
// (--all, --out) have only those whose contract the chain's deployment has.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { CHAINS, type PeperChain } from "../../offchain/src/protocol/chains.ts";
import { graphNetwork } from "./networks.ts";

const SUBGRAPH = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ROOT = resolve(SUBGRAPH, "..");
const ARTIFACTS = join(ROOT, "artifacts/contracts/src");
const DEFAULT_DEPLOYMENTS = join(ROOT, "contracts/ignition/deployments");
const NETWORKS_FILE = join(SUBGRAPH, "networks.json");
const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

const SPEC_VERSION = "1.3.0";
const API_VERSION = "0.0.9";

/** A data source (or template): its contract, mapping file, entities and handled events. */
interface SourceSpec {
  /** Data source name = contract name = ABI name = the contract part of the Ignition future id. */
  readonly name: string;
  /** Mapping file under src/mappings/. */
  readonly file: string;
  /** Entities the handlers write (informational for graph-node). */
  readonly entities: readonly string[];
  /** Event names; the handler of `X` is `handleX`, the signature comes from the ABI. */
  readonly events: readonly string[];
  /** Further ABIs the mapping calls contracts with (`ethereum.call`), from STATIC_ABIS. */
  readonly callAbis?: readonly string[];
}

const SOURCES: readonly SourceSpec[] = [
  {
    name: "PeperToken",
    file: "token.ts",
    entities: [
      "Protocol",
      "Account",
      "TokenHolder",
      "Delegate",
      "TokenTransfer",
      "DelegateChange",
      "DelegateVotesChange",
    ],
    events: ["Transfer", "DelegateChanged", "DelegateVotesChanged"],
  },
  {
    name: "PeperGovernor",
    file: "governor.ts",
    entities: ["Protocol", "Governor", "Proposal", "Vote", "GovernanceParameterChange", "Timelock"],
    events: [
      "ProposalCreated",
      "ProposalCanceled",
      "ProposalExecuted",
      "ProposalQueued",
      "ProposalExtended",
      "VoteCast",
      "VoteCastWithParams",
      "VotingDelaySet",
      "VotingPeriodSet",
      "ProposalThresholdSet",
      "QuorumNumeratorUpdated",
      "LateQuorumVoteExtensionSet",
      "TimelockChange",
    ],
  },
  {
    name: "PeperTimelock",
    file: "timelock.ts",
    entities: [
      "Timelock",
      "TimelockOperation",
      "TimelockCall",
      "GovernanceParameterChange",
      "GovernanceMessage",
      "BridgeMessage",
    ],
    events: ["CallScheduled", "CallSalt", "CallExecuted", "Cancelled", "MinDelayChange"],
  },
  {
    name: "PeperFactory",
    file: "factory.ts",
    entities: ["Protocol", "UniswapFactory", "Token", "Pair", "PairScratch"],
    events: ["PairCreated"],
    callAbis: ["ERC20", "ERC20SymbolBytes", "ERC20NameBytes"],
  },
  {
    name: "StakingPool",
    file: "staking.ts",
    entities: ["Protocol", "StakingPool", "StakingPosition", "StakingAction", "RewardPeriod"],
    events: ["Staked", "Withdrawn", "RewardPaid", "RewardPeriodStarted"],
  },
  {
    name: "Farm",
    file: "farm.ts",
    entities: ["Protocol", "Farm", "FarmPool", "FarmPosition", "FarmAction", "FarmFunding"],
    events: [
      "PoolAdded",
      "PoolUpdated",
      "Deposited",
      "Withdrawn",
      "Harvested",
      "EmergencyWithdrawn",
      "Funded",
      "RewardRateChanged",
    ],
  },
  {
    name: "IndexVault",
    file: "vault.ts",
    entities: [
      "Protocol",
      "IndexVault",
      "VaultPosition",
      "VaultAction",
      "VaultSharePrice",
      "VaultRebalance",
      "VaultBasketChange",
      "VaultDayData",
    ],
    events: ["Transfer", "Deposit", "Withdraw", "RedeemedInKind", "Rebalanced", "BasketChanged"],
  },
  {
    name: "TwapOracle",
    file: "twap.ts",
    entities: ["TwapUpdate"],
    events: ["TwapUpdated"],
  },
  {
    name: "Collectibles",
    file: "collectibles.ts",
    entities: ["Protocol", "NftCollection", "Nft", "NftTransfer"],
    events: ["Transfer", "Minted"],
  },
  {
    name: "Marketplace",
    file: "marketplace.ts",
    entities: ["Protocol", "Marketplace", "MarketplaceVolume", "Listing", "Offer", "Sale", "OrderCancellation", "Nft"],
    events: ["Listed", "OfferMade", "Cancelled", "Sale", "OrderCancelled", "FeeSet"],
  },
  {
    name: "Certificates",
    file: "certificates.ts",
    entities: ["Protocol", "Course", "Certificate"],
    events: ["CertificateIssued", "CertificateRevoked"],
  },
  {
    name: "OracleHub",
    file: "oracle-hub.ts",
    entities: [
      "Protocol",
      "OracleHub",
      "OracleConfig",
      "OracleOperator",
      "OracleFeed",
      "OracleFeedBinding",
      "OracleReport",
    ],
    events: ["ConfigSet", "FeedSet", "MaxReportAgeSet", "ReportAccepted"],
  },
  {
    name: "PriceFeed",
    file: "price-feed.ts",
    entities: [
      "Protocol",
      "OracleFeed",
      "PriceAnswer",
      "Bundle",
      "UniswapFactory",
      "PeperDayData",
      "Pair",
      "PairHourData",
      "PairDayData",
      "Token",
      "TokenDayData",
      "Swap",
      "Mint",
      "Burn",
    ],
    events: ["AnswerUpdated"],
  },
  {
    name: "DecisionFeed",
    file: "decision-feed.ts",
    entities: ["DecisionAsset", "TradingDecision"],
    events: ["DecisionUpdated"],
  },
  {
    name: "PortfolioFeed",
    file: "portfolio-feed.ts",
    entities: ["PortfolioUpdate"],
    events: ["PortfolioUpdated"],
  },
  {
    name: "BridgeManager",
    file: "bridge-manager.ts",
    entities: [
      "BridgeEndpoint",
      "BridgePeer",
      "RateLimit",
      "BridgeMessage",
      "BridgeTransfer",
      "QueuedTransfer",
      "VerifierAttestation",
      "BridgeConfigChange",
    ],
    events: [
      "MessageSent",
      "OutboundTransferQueued",
      "OutboundQueuedTransferCompleted",
      "OutboundQueuedTransferCancelled",
      "MessageAttested",
      "MessageExecuted",
      "InboundTransferQueued",
      "InboundQueuedTransferCompleted",
      "PeerSet",
      "OutboundLimitSet",
      "InboundLimitSet",
      "VerifiersSet",
      "Paused",
      "Unpaused",
    ],
  },
  {
    name: "OperatorVerifier",
    file: "bridge-operators.ts",
    entities: ["BridgeMessage", "VerifierAttestation", "BridgeOperatorConfig", "BridgeConfigChange"],
    events: ["OperatorsConfigSet", "OperatorsAttested", "GovernanceEndpointsSet"],
  },
  {
    name: "HyperlaneVerifier",
    file: "bridge-hyperlane.ts",
    entities: ["BridgeMessage", "VerifierAttestation", "BridgePeer", "BridgeConfigChange"],
    events: ["Dispatched", "RemoteSet", "SecurityModuleSet", "GovernanceEndpointsSet"],
  },
  {
    name: "GovernanceSender",
    file: "governance-sender.ts",
    entities: ["BridgeEndpoint", "BridgePeer", "BridgeMessage", "GovernanceMessage", "BridgeConfigChange"],
    events: ["GovernanceMessageSent", "ReceiverSet", "SendVerifiersSet"],
  },
  {
    name: "GovernanceReceiver",
    file: "governance-receiver.ts",
    entities: ["BridgeEndpoint", "BridgeMessage", "GovernanceMessage", "VerifierAttestation", "BridgeConfigChange"],
    events: ["MessageAttested", "GovernanceMessageScheduled", "VerifiersSet"],
  },
];

/** Dynamic data sources: one PeperPair per PairCreated. */
const TEMPLATES: readonly SourceSpec[] = [
  {
    name: "PeperPair",
    file: "pair.ts",
    entities: [
      "Protocol",
      "PeperDayData",
      "UniswapFactory",
      "Token",
      "TokenDayData",
      "Pair",
      "PairScratch",
      "LiquidityPosition",
      "Transaction",
      "Swap",
      "Mint",
      "Burn",
      "PairHourData",
      "PairDayData",
    ],
    events: ["Transfer", "Sync", "Mint", "Burn", "Swap"],
  },
];

/** A view function of a token, for the ABIs below. */
const view = (name: string, output: string) => ({
  type: "function",
  name,
  stateMutability: "view",
  inputs: [],
  outputs: [{ name: "", type: output }],
});

/**
 * ABIs the mappings call tokens with: ERC-20's optional metadata, and the bytes32 variants some
 * early tokens answer (as the Uniswap v2 subgraph reads them).
 */
const STATIC_ABIS: Readonly<Record<string, readonly object[]>> = {
  ERC20: [view("symbol", "string"), view("name", "string"), view("decimals", "uint8"), view("totalSupply", "uint256")],
  ERC20SymbolBytes: [view("symbol", "bytes32")],
  ERC20NameBytes: [view("name", "bytes32")],
};

/** One data source's place in networks.json (graph-cli's networks.json shape). */
interface NetworkEntry {
  address: string;
  startBlock: number;
}
type NetworksFile = Record<string, Record<string, NetworkEntry>>;

// ---- ABIs -----------------------------------------------------------------------------------------

interface AbiParam {
  type: string;
  name?: string;
  indexed?: boolean;
  components?: AbiParam[];
}
interface AbiItem {
  type: string;
  name?: string;
  inputs?: AbiParam[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function findArtifact(dir: string, name: string): string | undefined {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (!statSync(path).isDirectory()) continue;
    if (entry === `${name}.sol` && existsSync(join(path, `${name}.json`))) return join(path, `${name}.json`);
    const inner = findArtifact(path, name);
    if (inner) return inner;
  }
  return undefined;
}

function readAbi(name: string): AbiItem[] {
  if (!existsSync(ARTIFACTS)) {
    throw new Error(
      `no Hardhat artifacts at ${relative(ROOT, ARTIFACTS)}: run \`npm run build\` in the repository root`,
    );
  }
  const path = findArtifact(ARTIFACTS, name);
  if (!path) throw new Error(`no artifact for ${name} under ${relative(ROOT, ARTIFACTS)}: run \`npm run build\``);
  const artifact: unknown = JSON.parse(readFileSync(path, "utf8"));
  if (!isRecord(artifact) || !Array.isArray(artifact["abi"])) throw new Error(`${path} has no "abi" array`);
  return artifact["abi"] as AbiItem[];
}

/** The canonical type of a parameter, tuples written as `(t1,t2)` (with their array suffix). */
function paramType(p: AbiParam): string {
  if (p.type.startsWith("tuple")) return `(${(p.components ?? []).map(paramType).join(",")})${p.type.slice(5)}`;
  return p.type;
}

/** `Name(indexed address,uint256)`: the event signature graph-cli wants, with `indexed`. */
function eventSignature(abi: readonly AbiItem[], contract: string, event: string): string {
  const found = abi.filter((i) => i.type === "event" && i.name === event);
  if (found.length !== 1) throw new Error(`${contract} has ${found.length} events named ${event} (need exactly 1)`);
  const inputs = found[0]!.inputs ?? [];
  return `${event}(${inputs.map((p) => (p.indexed ? "indexed " : "") + paramType(p)).join(",")})`;
}

// ---- deployments ----------------------------------------------------------------------------------

/** Block numbers of the confirmed transactions of each Ignition future, from journal.jsonl. */
function journalBlocks(dir: string): Map<string, number> {
  const blocks = new Map<string, number>();
  const path = join(dir, "journal.jsonl");
  if (!existsSync(path)) return blocks;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      continue; // a torn last line of an interrupted deployment
    }
    if (!isRecord(message) || message["type"] !== "TRANSACTION_CONFIRM") continue;
    const futureId = message["futureId"];
    const receipt = message["receipt"];
    if (typeof futureId !== "string" || !isRecord(receipt)) continue;
    const block = receipt["blockNumber"];
    if (typeof block !== "number" || !Number.isInteger(block) || block < 0) continue;
    const known = blocks.get(futureId);
    if (known === undefined || block < known) blocks.set(futureId, block);
  }
  return blocks;
}

/** A chain's data sources from its Ignition deployment, or undefined when it has none. */
function readChainDeployment(deployments: string, chain: PeperChain): Record<string, NetworkEntry> | undefined {
  const dir = join(deployments, `chain-${chain.chainId}`);
  const file = join(dir, "deployed_addresses.json");
  if (!existsSync(file)) return undefined;
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (!isRecord(parsed)) throw new Error(`${file} is not an object of future id → address`);
  const blocks = journalBlocks(dir);
  const entries: Record<string, NetworkEntry> = {};
  const missing: string[] = [];
  for (const source of SOURCES) {
    const hit = Object.entries(parsed).find(([id]) => id.endsWith(`#${source.name}`));
    if (!hit) {
      missing.push(source.name);
      continue;
    }
    const [futureId, address] = hit;
    if (typeof address !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(address)) {
      throw new Error(`${file}: ${futureId} is not an address: ${JSON.stringify(address)}`);
    }
    const startBlock = blocks.get(futureId);
    if (startBlock === undefined) {
      process.stderr.write(
        `render: ${chain.network}: no deployment block for ${futureId} in the journal; startBlock 0\n`,
      );
    }
    entries[source.name] = { address, startBlock: startBlock ?? 0 };
  }
  if (missing.length > 0) {
    process.stderr.write(
      `render: ${chain.network}: not in ${relative(ROOT, file)}: ${missing.join(", ")} ` +
        "(left out of the chain's generated manifests)\n",
    );
  }
  return entries;
}

/** networks.json for every chain of CHAINS that has a deployment, keyed by The Graph's network names. */
function buildNetworks(deployments: string): NetworksFile {
  const networks: NetworksFile = {};
  for (const chain of CHAINS) {
    const entries = readChainDeployment(deployments, chain);
    if (entries) networks[graphNetwork(chain)] = entries;
  }
  return networks;
}

function readNetworks(): NetworksFile {
  const parsed: unknown = JSON.parse(readFileSync(NETWORKS_FILE, "utf8"));
  if (!isRecord(parsed)) throw new Error(`${NETWORKS_FILE} is not an object`);
  const networks: NetworksFile = {};
  for (const [network, sources] of Object.entries(parsed)) {
    if (!isRecord(sources)) throw new Error(`${NETWORKS_FILE}: ${network} is not an object`);
    networks[network] = {};
    for (const [name, entry] of Object.entries(sources)) {
      if (!isRecord(entry) || typeof entry["address"] !== "string" || typeof entry["startBlock"] !== "number") {
        throw new Error(`${NETWORKS_FILE}: ${network}.${name} needs "address" (string) and "startBlock" (number)`);
      }
      networks[network][name] = { address: entry["address"], startBlock: entry["startBlock"] };
    }
  }
  return networks;
}

// ---- the manifest ---------------------------------------------------------------------------------

function renderSource(
  kind: "dataSource" | "template",
  spec: SourceSpec,
  network: string,
  prefix: string,
  abis: ReadonlyMap<string, AbiItem[]>,
  entry: NetworkEntry | undefined,
): string {
  const abi = abis.get(spec.name)!;
  const lines = [`  - kind: ethereum`, `    name: ${spec.name}`, `    network: ${network}`, `    source:`];
  if (kind === "dataSource") lines.push(`      address: "${entry?.address ?? ZERO_ADDRESS}"`);
  lines.push(`      abi: ${spec.name}`);
  if (kind === "dataSource") lines.push(`      startBlock: ${entry?.startBlock ?? 0}`);
  lines.push(
    `    mapping:`,
    `      kind: ethereum/events`,
    `      apiVersion: ${API_VERSION}`,
    `      language: wasm/assemblyscript`,
    `      file: ${prefix}src/mappings/${spec.file}`,
    `      entities:`,
    ...spec.entities.map((e) => `        - ${e}`),
    `      abis:`,
    `        - name: ${spec.name}`,
    `          file: ${prefix}abis/${spec.name}.json`,
    ...(spec.callAbis ?? []).flatMap((name) => [
      `        - name: ${name}`,
      `          file: ${prefix}abis/${name}.json`,
    ]),
    `      eventHandlers:`,
  );
  for (const event of spec.events) {
    lines.push(`        - event: ${eventSignature(abi, spec.name, event)}`, `          handler: handle${event}`);
  }
  return lines.join("\n");
}

/**
 * A chain's manifest. `deployedOnly`: only the data sources whose contract the chain's deployment
 * has (the manifests that index a chain: `--all`, `--out`), e.g. no PeperGovernor on a remote chain
 * and no GovernanceReceiver on the home chain. Without it every data source is rendered, a missing
 * one with the zero address: `subgraph.yaml` is also what `graph codegen && graph build` compile,
 * and the build must contain every mapping whatever the chain.
 */
function renderManifest(
  chain: PeperChain,
  networks: NetworksFile,
  prefix: string,
  abis: ReadonlyMap<string, AbiItem[]>,
  origin = "subgraph/networks.json",
  deployedOnly = false,
): string {
  const network = graphNetwork(chain);
  const entries = networks[network] ?? {};
  const header = [
    `# Generated by subgraph/scripts/render.ts from ${origin} (chain ${chain.network}). Do not edit: run \`npm run render\`.`,
    `specVersion: ${SPEC_VERSION}`,
    `description: ${JSON.stringify(`Peper on ${chain.name}: DAO governance, AMM, staking, farm, index vault, NFTs, certificates, oracle reports, bridge and cross-chain governance.`)}`,
    `schema:`,
    `  file: ${prefix}schema.graphql`,
    `dataSources:`,
  ];
  const sources = SOURCES.filter((s) => !deployedOnly || entries[s.name] !== undefined).map((s) =>
    renderSource("dataSource", s, network, prefix, abis, entries[s.name]),
  );
  const templates = TEMPLATES.map((t) => renderSource("template", t, network, prefix, abis, undefined));
  return [...header, ...sources, "templates:", ...templates, ""].join("\n");
}

function copyAbis(): Map<string, AbiItem[]> {
  const abis = new Map<string, AbiItem[]>();
  const dir = join(SUBGRAPH, "abis");
  mkdirSync(dir, { recursive: true });
  for (const spec of [...SOURCES, ...TEMPLATES]) {
    const abi = readAbi(spec.name);
    abis.set(spec.name, abi);
    // Unchanged files are left alone, so a render never truncates an ABI another process is reading.
    const path = join(dir, `${spec.name}.json`);
    const text = JSON.stringify(abi, null, 2) + "\n";
    if (!existsSync(path) || readFileSync(path, "utf8") !== text) writeFileSync(path, text);
  }
  for (const [name, abi] of Object.entries(STATIC_ABIS)) {
    const path = join(dir, `${name}.json`);
    const text = JSON.stringify(abi, null, 2) + "\n";
    if (!existsSync(path) || readFileSync(path, "utf8") !== text) writeFileSync(path, text);
  }
  return abis;
}

// ---- command line ---------------------------------------------------------------------------------

const USAGE = `Usage: node scripts/render.ts [--network <chain>] [--all] [--deployments <dir>] [--out <file>]

  --network <chain>    render subgraph.yaml for this chain (default localA)
  --all                render generated/<chain>/subgraph.yaml for every chain with a deployment
  --deployments <dir>  Ignition deployments directory (default contracts/ignition/deployments)
  --out <file>         write the chain's manifest to <file> instead of subgraph.yaml (its paths point
                       back at this directory's schema, ABIs and mappings; use the build/ here) and
                       leave networks.json untouched: a manifest for a throwaway deployment

Chains: ${CHAINS.map((c) => c.network).join(", ")}
`;

function main(argv: string[]): number {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        network: { type: "string" },
        all: { type: "boolean", default: false },
        deployments: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    process.stderr.write(`render: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values } = args;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.all && values.network !== undefined) {
    process.stderr.write(`render: --all and --network exclude each other\n\n${USAGE}`);
    return 2;
  }
  if (values.all && values.out !== undefined) {
    process.stderr.write(`render: --all and --out exclude each other\n\n${USAGE}`);
    return 2;
  }
  const networkName = values.network ?? "localA";
  const chain = CHAINS.find((c) => c.network === networkName);
  if (!chain) {
    process.stderr.write(`render: unknown chain "${networkName}"\n\n${USAGE}`);
    return 2;
  }
  const deployments = resolve(values.deployments ?? DEFAULT_DEPLOYMENTS);

  const abis = copyAbis();
  if (values.out !== undefined) {
    // A manifest elsewhere, straight from the deployments: networks.json (what subgraph.yaml is
    // rendered from) stays as it is.
    const out = resolve(values.out);
    const networks = buildNetworks(deployments);
    if (!networks[graphNetwork(chain)]) {
      process.stderr.write(
        `render: no deployment for ${chain.network} (chain ${chain.chainId}) in ${deployments}: nothing rendered\n`,
      );
      return 1;
    }
    const prefix = relative(dirname(out), SUBGRAPH).split(sep).join("/");
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, renderManifest(chain, networks, prefix === "" ? "./" : `${prefix}/`, abis, deployments, true));
    process.stdout.write(`render: ${out} (${graphNetwork(chain)})\n`);
    return 0;
  }
  writeFileSync(NETWORKS_FILE, JSON.stringify(buildNetworks(deployments), null, 2) + "\n");
  const networks = readNetworks();

  if (values.all) {
    const deployed = CHAINS.filter((c) => networks[graphNetwork(c)] !== undefined);
    if (deployed.length === 0) process.stderr.write("render: no chain has a deployment; nothing rendered\n");
    for (const c of deployed) {
      const dir = join(SUBGRAPH, "generated", c.network);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "subgraph.yaml"), renderManifest(c, networks, "../../", abis, undefined, true));
      process.stdout.write(`render: ${relative(SUBGRAPH, join(dir, "subgraph.yaml"))} (${graphNetwork(c)})\n`);
    }
    return 0;
  }

  const entries = networks[graphNetwork(chain)];
  if (!entries) {
    process.stderr.write(
      `render: no deployment for ${chain.network} (chain ${chain.chainId}) in ${relative(ROOT, deployments) || "."}: ` +
        "rendering with placeholder zero addresses and startBlock 0 (fine for codegen and build, not for indexing)\n",
    );
  } else {
    const placeholders = SOURCES.filter((s) => !entries[s.name]).map((s) => s.name);
    if (placeholders.length > 0) {
      process.stderr.write(
        `render: ${chain.network}: placeholder zero address and startBlock 0 for ${placeholders.join(", ")}\n`,
      );
    }
  }
  writeFileSync(join(SUBGRAPH, "subgraph.yaml"), renderManifest(chain, networks, "./", abis));
  process.stdout.write(`render: subgraph.yaml for ${chain.network} (${graphNetwork(chain)})\n`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`render: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
