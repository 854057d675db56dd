// The bridge's and cross-chain governance's mappings against a real local deployment of both chains:
// PeperLocal on an in-process chain A (31337, PEPER's home: GovernanceSender) and PeperLocalRemote on
// chain B (31338: bridged PEPER, GovernanceReceiver, no Governor), connected by the BridgePeer
// deployments as `npm start` connects them, each indexed by the embedded indexer running the built
// WASM with the manifest `render.ts --out` makes for that chain's deployment. Messages are delivered
// as the operators and Hyperlane's validators deliver them (the local keys sign; scripts/lib/local-keys.ts).
// Every expected value comes from the chain (events in receipts, contract reads), never from the
// indexer. How it works: docs/subgraph-testing.md.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import type {} from "@nomicfoundation/hardhat-ignition-ethers";
import type { IgnitionModule } from "@nomicfoundation/ignition-core";
import { createHardhatRuntimeEnvironment, importUserConfig } from "hardhat/hre";
import type { NetworkConnection } from "hardhat/types/network";
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  custom,
  decodeEventLog,
  encodeFunctionData,
  getAddress,
  keccak256,
  parseAbi,
  parseUnits,
  stringToHex,
  zeroHash,
  type Abi,
  type Address,
  type Chain,
  type Hash,
  type Hex,
  type Log,
  type PublicClient,
  type TestClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
  type HDAccount,
} from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { parse as parseYaml } from "yaml";

import { bridgePeerModule } from "../../contracts/ignition/modules/BridgePeer.ts";
import PeperLocal from "../../contracts/ignition/modules/PeperLocal.ts";
import PeperLocalRemote from "../../contracts/ignition/modules/PeperLocalRemote.ts";
import {
  attestationTypedData,
  bridgeMessageDigest,
  checkpointHash,
  governanceAttestationTypedData,
  governanceMessageDigest,
  hyperlaneMessageId,
  messageIdMultisigMetadata,
  type BridgeMessage,
  type GovernanceMessage,
} from "../../offchain/src/protocol/bridge.ts";
import {
  bridgeManagerAbi,
  governanceReceiverAbi,
  governanceSenderAbi,
  operatorVerifierAbi,
  peperGovernorAbi,
  peperTimelockAbi,
  peperTokenAbi,
} from "../../offchain/src/protocol/generated/abis.ts";
import { packSignatures } from "../../oracle/src/report.ts";
import { LOCAL_OPERATOR_KEYS, LOCAL_VALIDATOR_KEYS } from "../../scripts/lib/local-keys.ts";
import type { LogRecord } from "../indexer/log.ts";
import type { IndexerService } from "../indexer/service.ts";
import {
  assertBuilt,
  type Eip1193,
  HARDHAT_CONFIG,
  MNEMONIC,
  openIndexer,
  PARAMETERS,
  renderManifest,
  ROOT,
  serveJsonRpc,
} from "./harness.ts";

const HOME = 31337;
const REMOTE = 31338;

/** Hyperlane's Mailbox and merkle tree hook, as far as a relayer needs them. */
const mailboxAbi = parseAbi([
  "event Dispatch(address indexed sender, uint32 indexed destination, bytes32 indexed recipient, bytes message)",
  "function process(bytes metadata, bytes message) payable",
]);
const merkleTreeHookAbi = parseAbi([
  "event InsertedIntoTree(bytes32 messageId, uint32 index)",
  "function latestCheckpoint() view returns (bytes32 root, uint32 index)",
]);

/** The Ignition deployment of one chain: its connection, clients, addresses and indexer. */
interface Side {
  chainId: number;
  connection: NetworkConnection;
  pub: PublicClient<Transport, Chain>;
  test: TestClient<"hardhat", Transport, Chain>;
  wallets: WalletClient<Transport, Chain, HDAccount>[];
  /** Ignition future id → address, as deployed_addresses.json records it. */
  futures: Record<string, Address>;
  rpc?: { server: Server; url: string };
  service?: IndexerService;
  manifest: string;
}

const at = (side: Side, id: string): Address => {
  const address = side.futures[id];
  assert.ok(address, `no ${id} in chain ${side.chainId}'s deployment`);
  return address;
};

/** The receipt of a mined transaction; fails unless it succeeded. */
async function mined(side: Side, hash: Promise<Hash>): Promise<TransactionReceipt> {
  const receipt = await side.pub.getTransactionReceipt({ hash: await hash });
  assert.equal(receipt.status, "success");
  return receipt;
}

/** The logs of `receipt` emitted by `address` that decode with `abi`, by event name. */
function eventsOf<T extends Abi>(receipt: TransactionReceipt, address: Address, abi: T, name: string) {
  const out: { args: Record<string, unknown>; log: Log }[] = [];
  for (const log of receipt.logs) {
    if (getAddress(log.address) !== getAddress(address)) continue;
    try {
      const event = decodeEventLog({ abi, data: log.data, topics: log.topics }) as {
        eventName: string;
        args: Record<string, unknown>;
      };
      if (event.eventName === name) out.push({ args: event.args, log });
    } catch {
      // another event of the contract
    }
  }
  return out;
}

function oneEvent<T extends Abi>(receipt: TransactionReceipt, address: Address, abi: T, name: string) {
  const events = eventsOf(receipt, address, abi, name);
  assert.equal(events.length, 1, `${name} in ${receipt.transactionHash}`);
  return events[0]!.args;
}

/** `who`'s PEPER on the chain. */
const peperBalance = (side: Side, who: Address): Promise<bigint> =>
  side.pub.readContract({
    address: at(side, "Governance#PeperToken"),
    abi: peperTokenAbi,
    functionName: "balanceOf",
    args: [who],
  });

/** Mines a block at `timestamp` (or later). */
async function travelTo(side: Side, timestamp: bigint): Promise<void> {
  const now = (await side.pub.getBlock({ blockTag: "latest" })).timestamp;
  if (timestamp > now) await side.test.setNextBlockTimestamp({ timestamp });
  await side.test.mine({ blocks: 1 });
}

describe("bridge and cross-chain governance mappings on a real deployment of chains A and B", () => {
  let tmp: string;
  const logs: LogRecord[] = [];
  let a: Side;
  let b: Side;

  /** Indexes a chain up to its head and checks the indexer is synced there without an error. */
  const index = async (side: Side): Promise<void> => {
    assert.ok(side.service);
    await side.service.indexer.sync();
    const head = await side.pub.getBlockNumber({ cacheTime: 0 });
    const health = side.service.health();
    assert.equal(health.error, null, `indexing error on ${side.chainId}: ${health.error}`);
    assert.equal(health.state, "synced");
    assert.equal(health.indexedBlock, Number(head));
  };

  /** A query on a chain's subgraph API, as JSON the way a client receives it; fails on any error. */
  const query = async <T>(side: Side, text: string, variables: Record<string, unknown> = {}): Promise<T> => {
    assert.ok(side.service);
    const result = await side.service.api.execute({ query: text, variables });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.ok(result.data);
    return JSON.parse(JSON.stringify(result.data)) as T;
  };

  /** A chain: its in-process network, the real Ignition module, and its clients. */
  const deploy = async (
    hre: Awaited<ReturnType<typeof createHardhatRuntimeEnvironment>>,
    chainId: number,
    module: IgnitionModule,
    parameters: string,
  ): Promise<Side> => {
    const connection = await hre.network.create({ override: { chainId } });
    const transport = custom(connection.provider as Eip1193);
    const chain = { ...hardhat, id: chainId };
    const wallets = Array.from({ length: 13 }, (_, i) =>
      createWalletClient({ account: mnemonicToAccount(MNEMONIC, { addressIndex: i }), chain, transport }),
    );
    const deployed: Record<string, { getAddress(): Promise<string> }> = await connection.ignition.deploy(module, {
      parameters,
    });
    const futures: Record<string, Address> = {};
    for (const [key, future] of Object.entries(module.results)) {
      futures[future.id] = getAddress(await deployed[key]!.getAddress());
    }
    return {
      chainId,
      connection,
      pub: createPublicClient({ chain, transport }),
      test: createTestClient({ mode: "hardhat", chain, transport }),
      wallets,
      futures,
      manifest: join(tmp, `subgraph-${chainId}.yaml`),
    };
  };

  /** Connects `side` to `peer` with the BridgePeer module and the local limits, as npm start does. */
  const connect = async (side: Side, peer: Side, role: "home" | "remote"): Promise<void> => {
    const limits = (JSON.parse(readFileSync(PARAMETERS, "utf8")) as { BridgePeer: Record<string, string> }).BridgePeer;
    const own = {
      manager: at(side, "Bridge#BridgeManager"),
      operatorVerifier: at(side, "Bridge#OperatorVerifier"),
      hyperlaneVerifier: at(side, "Bridge#HyperlaneVerifier"),
      timelock: at(side, "Governance#PeperTimelock"),
    };
    const home =
      role === "home"
        ? {
            governanceSender: at(side, "Bridge#GovernanceSender"),
            peerGovernanceReceiver: at(peer, "Bridge#GovernanceReceiver"),
          }
        : {};
    const file = join(tmp, `bridge-peer-${side.chainId}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        BridgePeer: {
          ...own,
          ...home,
          peerChainId: peer.chainId,
          peerDomain: peer.chainId,
          peerManager: at(peer, "Bridge#BridgeManager"),
          peerHyperlaneVerifier: at(peer, "Bridge#HyperlaneVerifier"),
          outboundLimit: limits["outboundLimit"],
          inboundLimit: limits["inboundLimit"],
        },
      }),
    );
    await side.connection.ignition.deploy(bridgePeerModule(role), {
      parameters: file,
      deploymentId: `bridge-peer-${peer.chainId}`,
    });
  };

  /** The manifest of a chain's deployment, rendered as npm start renders it, and its indexer. */
  const startIndexer = async (side: Side): Promise<string[]> => {
    renderManifest({
      futures: side.futures,
      chainId: side.chainId,
      deployments: join(tmp, `deployments-${side.chainId}`),
      out: side.manifest,
      network: side.chainId === HOME ? "localA" : "localB",
    });
    side.rpc = await serveJsonRpc(side.connection.provider as Eip1193);
    side.service = openIndexer(side.manifest, join(tmp, `indexer-${side.chainId}.sqlite`), side.rpc.url, logs);
    const manifest = parseYaml(readFileSync(side.manifest, "utf8")) as { dataSources: { name: string }[] };
    return manifest.dataSources.map((d) => d.name);
  };

  // ---- relaying, as the operators and Hyperlane's relayer do ----------------------------------------

  /** The Hyperlane message a source transaction dispatched and its place in the merkle tree. */
  const dispatchOf = (side: Side, receipt: TransactionReceipt) => {
    const [dispatch] = eventsOf(receipt, at(side, "Bridge#Mailbox"), mailboxAbi, "Dispatch");
    const [inserted] = eventsOf(receipt, at(side, "Bridge#MerkleTreeHook"), merkleTreeHookAbi, "InsertedIntoTree");
    assert.ok(dispatch && inserted, `no Hyperlane dispatch in ${receipt.transactionHash}`);
    return { message: dispatch.args["message"] as Hex, index: inserted.args["index"] as number };
  };

  /** Hyperlane's validators (2 of 3) sign the source tree's checkpoint; a relayer (Carol) processes it. */
  const deliverHyperlane = async (src: Side, dst: Side, sent: TransactionReceipt): Promise<TransactionReceipt> => {
    const { message, index } = dispatchOf(src, sent);
    const hook = at(src, "Bridge#MerkleTreeHook");
    const [root, latest] = await src.pub.readContract({
      address: hook,
      abi: merkleTreeHookAbi,
      functionName: "latestCheckpoint",
      blockNumber: sent.blockNumber,
    });
    assert.equal(latest, index);
    const checkpoint = {
      origin: src.chainId,
      merkleTreeHook: hook,
      root,
      index,
      messageId: hyperlaneMessageId(message),
    };
    const signatures = await Promise.all(
      LOCAL_VALIDATOR_KEYS.slice(0, 2).map((k) =>
        privateKeyToAccount(k).signMessage({ message: { raw: checkpointHash(checkpoint) } }),
      ),
    );
    return mined(
      dst,
      dst.wallets[2]!.writeContract({
        address: at(dst, "Bridge#Mailbox"),
        abi: mailboxAbi,
        functionName: "process",
        args: [messageIdMultisigMetadata(checkpoint, signatures), message],
      }),
    );
  };

  /** Operators #0 and #1 sign; Carol relays their signatures to the destination's OperatorVerifier. */
  const operatorSigners = LOCAL_OPERATOR_KEYS.slice(0, 2).map((k) => privateKeyToAccount(k));
  const configVersion = (dst: Side) =>
    dst.pub.readContract({
      address: at(dst, "Bridge#OperatorVerifier"),
      abi: operatorVerifierAbi,
      functionName: "configVersion",
    });
  /** The destination OperatorVerifier's operator set, in bit order. */
  const operatorsOf = (dst: Side) =>
    dst.pub.readContract({
      address: at(dst, "Bridge#OperatorVerifier"),
      abi: operatorVerifierAbi,
      functionName: "operators",
    });
  /**
   * Operators #0 and #1 sign a token message (`attest`) or a governance batch (`attestGovernance`) for
   * the destination's verifier and its config version; Carol relays their signer bitmap and EIP-2098
   * compact signatures in bit order, as the relayer sends them.
   */
  const deliverOperators = async (
    dst: Side,
    delivery: { kind: "token"; message: BridgeMessage } | { kind: "governance"; message: GovernanceMessage },
  ): Promise<TransactionReceipt> => {
    const verifier = at(dst, "Bridge#OperatorVerifier");
    const version = await configVersion(dst);
    const operators = await operatorsOf(dst);
    const typedData =
      delivery.kind === "token"
        ? attestationTypedData(delivery.message, verifier, version)
        : governanceAttestationTypedData(delivery.message, verifier, version);
    const signed = await Promise.all(
      operatorSigners.map(async (o) => ({ signer: o.address, signature: await o.signTypedData(typedData) })),
    );
    const { signers, signatures } = packSignatures(operators, signed);
    const relayer = dst.wallets[2]!;
    const call = { address: verifier, abi: operatorVerifierAbi } as const;
    return mined(
      dst,
      delivery.kind === "token"
        ? relayer.writeContract({ ...call, functionName: "attest", args: [delivery.message, signers, signatures] })
        : relayer.writeContract({
            ...call,
            functionName: "attestGovernance",
            args: [delivery.message, signers, signatures],
          }),
    );
  };

  /** The BridgeMessage a source transaction sent (its MessageSent). */
  const sentMessage = (side: Side, receipt: TransactionReceipt): { message: BridgeMessage; digest: Hex } => {
    const args = oneEvent(receipt, at(side, "Bridge#BridgeManager"), bridgeManagerAbi, "MessageSent");
    const message = args["message"] as BridgeMessage;
    assert.equal(bridgeMessageDigest(message), args["digest"]);
    return { message, digest: args["digest"] as Hex };
  };

  /** What the manager charges for a transfer to chain B (the verifiers' fees). */
  const transferFee = (side: Side) =>
    side.pub.readContract({
      address: at(side, "Bridge#BridgeManager"),
      abi: bridgeManagerAbi,
      functionName: "quoteTransfer",
      args: [BigInt(REMOTE)],
    });

  const transferFrom = async (side: Side, who: number, amount: bigint, recipient: Address, queue: boolean) => {
    const manager = at(side, "Bridge#BridgeManager");
    await mined(
      side,
      side.wallets[who]!.writeContract({
        address: at(side, "Governance#PeperToken"),
        abi: peperTokenAbi,
        functionName: "approve",
        args: [manager, amount],
      }),
    );
    const fee = await transferFee(side);
    return mined(
      side,
      side.wallets[who]!.writeContract({
        address: manager,
        abi: bridgeManagerAbi,
        functionName: "transfer",
        args: [amount, BigInt(REMOTE), recipient, queue],
        value: fee,
      }),
    );
  };

  let manifestSources: Record<number, string[]>;
  /** The token messages the tests sent A → B, by digest. */
  const tokenDigests: Hex[] = [];

  before(async () => {
    assertBuilt();
    tmp = mkdtempSync(join(tmpdir(), "peper-subgraph-bridge-"));
    const hre = await createHardhatRuntimeEnvironment(
      await importUserConfig(HARDHAT_CONFIG),
      { config: HARDHAT_CONFIG },
      ROOT,
    );
    a = await deploy(hre, HOME, PeperLocal as unknown as IgnitionModule, PARAMETERS);
    // Chain B's parameters: local.json plus the home chain and its GovernanceSender (deploy.ts does the same).
    const parameters = JSON.parse(readFileSync(PARAMETERS, "utf8")) as Record<string, Record<string, unknown>>;
    const remoteParameters = join(tmp, "remote.json");
    writeFileSync(
      remoteParameters,
      JSON.stringify({
        ...parameters,
        Bridge: { ...parameters["Bridge"], homeChainId: `${HOME}n`, homeSender: at(a, "Bridge#GovernanceSender") },
      }),
    );
    b = await deploy(hre, REMOTE, PeperLocalRemote as unknown as IgnitionModule, remoteParameters);
    await connect(a, b, "home");
    await connect(b, a, "remote");
    manifestSources = { [HOME]: await startIndexer(a), [REMOTE]: await startIndexer(b) };
    await index(a);
    await index(b);
  });

  after(async () => {
    for (const side of [a, b]) {
      if (!side) continue;
      await side.service?.close();
      if (side.rpc) await new Promise<void>((done) => side.rpc!.server.close(() => done()));
      await side.connection.close();
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("each chain's manifest has only the data sources its deployment has", () => {
    for (const side of [a, b]) {
      const sources = manifestSources[side.chainId]!;
      for (const name of sources) {
        assert.ok(
          Object.keys(side.futures).some((id) => id.endsWith(`#${name}`)),
          `${name} is in chain ${side.chainId}'s manifest but not in its deployment`,
        );
      }
      for (const name of ["PeperToken", "PeperTimelock", "BridgeManager", "OperatorVerifier", "HyperlaneVerifier"]) {
        assert.ok(sources.includes(name), `${name} on chain ${side.chainId}`);
      }
    }
    assert.ok(manifestSources[HOME]!.includes("GovernanceSender"));
    assert.ok(!manifestSources[HOME]!.includes("GovernanceReceiver"));
    assert.ok(manifestSources[REMOTE]!.includes("GovernanceReceiver"));
    assert.ok(!manifestSources[REMOTE]!.includes("GovernanceSender"));
    assert.ok(!manifestSources[REMOTE]!.includes("PeperGovernor"), "chain B has no Governor");
  });

  it("the deployment's configuration: endpoints, verifiers, threshold, peers and limits are the contracts'", async () => {
    for (const [side, peer] of [
      [a, b],
      [b, a],
    ] as const) {
      const manager = at(side, "Bridge#BridgeManager");
      const read = <T>(functionName: string, args: unknown[] = []) =>
        side.pub.readContract({ address: manager, abi: bridgeManagerAbi, functionName, args } as never) as Promise<T>;
      const data = await query<{
        bridgeEndpoint: {
          kind: string;
          verifiers: string[];
          threshold: number;
          paused: boolean;
          peers: { chainId: string; peer: string; kind: string }[];
          rateLimits: { chainId: string; direction: string; limit: string }[];
        };
      }>(
        side,
        `query ($id: ID!) { bridgeEndpoint(id: $id) { kind verifiers threshold paused
           peers { chainId peer kind } rateLimits(orderBy: direction) { chainId direction limit } } }`,
        { id: manager.toLowerCase() },
      );
      const e = data.bridgeEndpoint;
      assert.equal(e.kind, "Manager");
      assert.deepEqual(
        e.verifiers,
        (await read<Address[]>("verifiers")).map((v) => v.toLowerCase()),
      );
      assert.equal(e.threshold, Number(await read<number>("threshold")));
      assert.equal(e.paused, await read<boolean>("paused"));
      assert.deepEqual(e.peers, [
        {
          chainId: String(peer.chainId),
          peer: (await read<Address>("peers", [BigInt(peer.chainId)])).toLowerCase(),
          kind: "PeerSet",
        },
      ]);
      const inbound = await read<{ limit: bigint }>("inboundRateLimit", [BigInt(peer.chainId)]);
      const outbound = await read<{ limit: bigint }>("outboundRateLimit", [BigInt(peer.chainId)]);
      assert.deepEqual(e.rateLimits, [
        { chainId: String(peer.chainId), direction: "Inbound", limit: String(inbound.limit) },
        { chainId: String(peer.chainId), direction: "Outbound", limit: String(outbound.limit) },
      ]);
    }
    const sender = await query<{
      bridgeEndpoint: { kind: string; verifiers: string[]; peers: { chainId: string; peer: string }[] };
    }>(a, `query ($id: ID!) { bridgeEndpoint(id: $id) { kind verifiers peers { chainId peer } } }`, {
      id: at(a, "Bridge#GovernanceSender").toLowerCase(),
    });
    assert.equal(sender.bridgeEndpoint.kind, "GovernanceSender");
    const senderVerifiers = await a.pub.readContract({
      address: at(a, "Bridge#GovernanceSender"),
      abi: governanceSenderAbi,
      functionName: "verifiers",
    });
    assert.deepEqual(
      sender.bridgeEndpoint.verifiers,
      senderVerifiers.map((v) => v.toLowerCase()),
    );
    assert.deepEqual(sender.bridgeEndpoint.peers, [
      { chainId: String(REMOTE), peer: at(b, "Bridge#GovernanceReceiver").toLowerCase() },
    ]);
  });

  const MESSAGE_FIELDS = `id kind direction status sourceChainId destinationChainId sequence sender recipient amount
    attestationCount threshold verifierCount sentTx executedTx queued releaseAt releasedTx
    transfer { id end digest status account createdTx completedTx queuedTransfer { id } }
    attestations(orderBy: verifier) { verifier stage attestationCount signers signerCount signersBitmap configVersion relayer hyperlaneMessageId transactionHash }`;
  interface MessageRow {
    id: string;
    kind: string;
    direction: string;
    status: string;
    sourceChainId: string | null;
    destinationChainId: string | null;
    sequence: string | null;
    sender: string | null;
    recipient: string | null;
    amount: string | null;
    attestationCount: number;
    threshold: number | null;
    verifierCount: number | null;
    sentTx: string | null;
    executedTx: string | null;
    queued: boolean;
    releaseAt: string | null;
    releasedTx: string | null;
    transfer: {
      id: string;
      end: string;
      digest: string | null;
      status: string;
      account: string | null;
      createdTx: string;
      completedTx: string | null;
      queuedTransfer: { id: string } | null;
    } | null;
    attestations: {
      verifier: string;
      stage: string;
      attestationCount: number | null;
      signers: string[] | null;
      signerCount: number | null;
      signersBitmap: string | null;
      configVersion: number | null;
      relayer: string | null;
      hyperlaneMessageId: string | null;
      transactionHash: string;
    }[];
  }
  type TransferRow = NonNullable<MessageRow["transfer"]>;
  type AttestationRow = MessageRow["attestations"][number];
  /** The transfer end of `digest` expected on its chain: the source's (id digest ++ 00) or the destination's (++ 01). */
  const transferRow = (
    digest: Hex,
    end: "Source" | "Destination",
    row: Omit<TransferRow, "id" | "end" | "digest">,
  ): TransferRow => ({ id: `${digest}${end === "Source" ? "00" : "01"}`, end, digest, ...row });
  /** A verifier's record expected of a message: the fields its verifier does not set are null. */
  const attestationRow = (
    row: Pick<AttestationRow, "verifier" | "stage" | "transactionHash"> & Partial<AttestationRow>,
  ): AttestationRow => ({
    attestationCount: null,
    signers: null,
    signerCount: null,
    signersBitmap: null,
    configVersion: null,
    relayer: null,
    hyperlaneMessageId: null,
    ...row,
  });
  const messageOn = async (side: Side, digest: Hex): Promise<MessageRow> => {
    const data = await query<{ bridgeMessage: MessageRow | null }>(
      side,
      `query ($id: ID!) { bridgeMessage(id: $id) { ${MESSAGE_FIELDS} } }`,
      { id: digest },
    );
    assert.ok(data.bridgeMessage, `no message ${digest} on chain ${side.chainId}`);
    return data.bridgeMessage;
  };
  const rateLimit = async (side: Side, peer: number, direction: string) => {
    const data = await query<{
      rateLimits: { limit: string; totalUsed: string; totalFreed: string; queuedCount: number }[];
    }>(
      side,
      `query ($chain: BigInt!, $direction: String!) { rateLimits(where: { chainId: $chain, direction: $direction }) { limit totalUsed totalFreed queuedCount } }`,
      { chain: String(peer), direction },
    );
    assert.equal(data.rateLimits.length, 1);
    return data.rateLimits[0]!;
  };

  it("a transfer A → B: both ends linked by the digest, both verifiers' attestations, executed", async () => {
    const alice = a.wallets[0]!.account.address;
    const bob = b.wallets[1]!.account.address;
    const amount = parseUnits("1234.5", 18);
    const sent = await transferFrom(a, 0, amount, bob, false);
    const { message, digest } = sentMessage(a, sent);
    await index(a);
    tokenDigests.push(digest);

    const { message: dispatched } = dispatchOf(a, sent);
    const source = await messageOn(a, digest);
    assert.deepEqual(source, {
      id: digest,
      kind: "Token",
      direction: "Outbound",
      status: "Sent",
      sourceChainId: String(HOME),
      destinationChainId: String(REMOTE),
      sequence: String(message.sequence),
      sender: alice.toLowerCase(),
      recipient: bob.toLowerCase(),
      amount: String(amount),
      attestationCount: 0,
      threshold: null,
      verifierCount: null,
      sentTx: sent.transactionHash,
      executedTx: null,
      queued: false,
      releaseAt: null,
      releasedTx: null,
      transfer: transferRow(digest, "Source", {
        status: "Sent",
        account: alice.toLowerCase(),
        createdTx: sent.transactionHash,
        completedTx: sent.transactionHash,
        queuedTransfer: null,
      }),
      attestations: [
        attestationRow({
          verifier: at(a, "Bridge#HyperlaneVerifier").toLowerCase(),
          stage: "Dispatched",
          hyperlaneMessageId: hyperlaneMessageId(dispatched),
          transactionHash: sent.transactionHash,
        }),
      ],
    });
    // Rate limits on A: the limit and what was moved; the contract's capacity is what that leaves.
    const outboundA = await rateLimit(a, REMOTE, "Outbound");
    assert.equal(outboundA.totalUsed, String(amount));
    assert.equal(
      BigInt(outboundA.limit) - BigInt(outboundA.totalUsed),
      await a.pub.readContract({
        address: at(a, "Bridge#BridgeManager"),
        abi: bridgeManagerAbi,
        functionName: "outboundCapacity",
        args: [BigInt(REMOTE)],
        blockNumber: sent.blockNumber,
      }),
    );
    assert.equal((await rateLimit(a, REMOTE, "Inbound")).totalFreed, String(amount));

    // B: the operators' attestation first (1 of 2), then Hyperlane's (2 of 2) executes it.
    const manager = at(b, "Bridge#BridgeManager");
    const threshold = await b.pub.readContract({ address: manager, abi: bridgeManagerAbi, functionName: "threshold" });
    const verifiers = await b.pub.readContract({ address: manager, abi: bridgeManagerAbi, functionName: "verifiers" });
    const byOperators = await deliverOperators(b, { kind: "token", message });
    const operatorsEvent = oneEvent(
      byOperators,
      at(b, "Bridge#OperatorVerifier"),
      operatorVerifierAbi,
      "OperatorsAttested",
    );
    const operators = await operatorsOf(b);
    await index(b);
    let dest = await messageOn(b, digest);
    assert.equal(dest.kind, "Token");
    assert.equal(dest.direction, "Inbound");
    assert.equal(dest.status, "Attested");
    assert.equal(dest.attestationCount, 1);
    assert.equal(dest.threshold, Number(threshold));
    assert.equal(dest.verifierCount, verifiers.length);
    assert.equal(dest.destinationChainId, String(REMOTE));
    assert.equal(dest.sender, null, "the destination's events do not name the sender");
    assert.equal(dest.transfer?.id, `${digest}01`);
    assert.equal(dest.transfer?.status, "Attested");
    assert.equal(dest.transfer?.account, null);
    const signers = operatorSigners.map((o) => o.address);
    const bitmap = signers.reduce((m, s) => m | (1n << BigInt(operators.findIndex((o) => getAddress(o) === s))), 0n);
    assert.equal(operatorsEvent["signers"], bitmap);
    assert.deepEqual(dest.attestations, [
      attestationRow({
        verifier: at(b, "Bridge#OperatorVerifier").toLowerCase(),
        stage: "Attested",
        attestationCount: 1,
        signers: operators.filter((o) => signers.includes(getAddress(o))).map((o) => o.toLowerCase()),
        signerCount: 2,
        signersBitmap: String(bitmap),
        configVersion: Number(await configVersion(b)),
        relayer: b.wallets[2]!.account.address.toLowerCase(),
        transactionHash: byOperators.transactionHash,
      }),
    ]);

    const byHyperlane = await deliverHyperlane(a, b, sent);
    const executed = oneEvent(byHyperlane, manager, bridgeManagerAbi, "MessageExecuted");
    assert.equal(executed["queued"], false);
    await index(b);
    dest = await messageOn(b, digest);
    assert.equal(dest.status, "Executed");
    assert.equal(dest.attestationCount, 2);
    assert.equal(dest.executedTx, byHyperlane.transactionHash);
    assert.equal(dest.sourceChainId, String(HOME));
    assert.equal(dest.sequence, String(message.sequence));
    assert.equal(dest.recipient, bob.toLowerCase());
    assert.equal(dest.amount, String(amount));
    assert.deepEqual(
      dest.transfer,
      transferRow(digest, "Destination", {
        status: "Executed",
        account: bob.toLowerCase(),
        createdTx: byOperators.transactionHash,
        completedTx: byHyperlane.transactionHash,
        queuedTransfer: null,
      }),
    );
    const hyperlaneB = dest.attestations.find((x) => x.verifier === at(b, "Bridge#HyperlaneVerifier").toLowerCase());
    assert.equal(hyperlaneB?.attestationCount, 2);
    assert.equal(hyperlaneB?.transactionHash, byHyperlane.transactionHash);

    // The wallet history join a client makes: A's sends by the sender, B's ends by their digests.
    const history = await query<{ bridgeTransfers: { digest: string; amount: string }[] }>(
      a,
      `query ($me: Bytes!) { bridgeTransfers(where: { account: $me, end: "Source" }) { digest amount } }`,
      { me: alice.toLowerCase() },
    );
    const arrived = await query<{ bridgeTransfers: { digest: string; status: string; account: string }[] }>(
      b,
      `query ($digests: [Bytes!]!) { bridgeTransfers(where: { digest_in: $digests, end: "Destination" }) { digest status account } }`,
      { digests: history.bridgeTransfers.map((t) => t.digest) },
    );
    assert.deepEqual(arrived.bridgeTransfers, [{ digest, status: "Executed", account: bob.toLowerCase() }]);
    const inboundB = await rateLimit(b, HOME, "Inbound");
    assert.equal(inboundB.totalUsed, String(amount));
    assert.equal((await rateLimit(b, HOME, "Outbound")).totalFreed, String(amount));
  });

  it("a queued transfer: above the limit both ways, queued on A, completed, queued on B, released", async () => {
    const alice = a.wallets[0]!.account.address;
    const bob = b.wallets[1]!.account.address;
    const managerA = at(a, "Bridge#BridgeManager");
    const managerB = at(b, "Bridge#BridgeManager");
    const { limit } = await a.pub.readContract({
      address: managerA,
      abi: bridgeManagerAbi,
      functionName: "outboundRateLimit",
      args: [BigInt(REMOTE)],
    });
    const amount = limit + 1n; // above any capacity of A's outbound and of B's inbound limit
    const usedBefore = (await rateLimit(a, REMOTE, "Outbound")).totalUsed;

    const queuedTx = await transferFrom(a, 0, amount, bob, true);
    const queuedEvent = oneEvent(queuedTx, managerA, bridgeManagerAbi, "OutboundTransferQueued");
    const queueId = queuedEvent["queueId"] as bigint;
    const queueEntity = `${managerA.toLowerCase()}${queueId.toString(16).padStart(64, "0")}`;
    await index(a);
    const waiting = await query<{
      queuedTransfer: {
        direction: string;
        status: string;
        amount: string;
        sender: string;
        recipient: string;
        releaseAt: string;
        digest: string | null;
      };
      bridgeTransfer: { status: string; digest: string | null; account: string };
    }>(
      a,
      `query ($id: ID!) { queuedTransfer(id: $id) { direction status amount sender recipient releaseAt digest }
         bridgeTransfer(id: $id) { status digest account } }`,
      { id: queueEntity },
    );
    assert.deepEqual(waiting.queuedTransfer, {
      direction: "Outbound",
      status: "Queued",
      amount: String(amount),
      sender: alice.toLowerCase(),
      recipient: bob.toLowerCase(),
      releaseAt: String(queuedEvent["releaseAt"]),
      digest: null,
    });
    assert.deepEqual(waiting.bridgeTransfer, { status: "Queued", digest: null, account: alice.toLowerCase() });
    assert.equal((await rateLimit(a, REMOTE, "Outbound")).queuedCount, 1);

    // Once due, anyone (Carol) completes it: it is sent, and takes no capacity.
    await travelTo(a, (queuedEvent["releaseAt"] as bigint) + 1n);
    const fee = await transferFee(a);
    const completed = await mined(
      a,
      a.wallets[2]!.writeContract({
        address: managerA,
        abi: bridgeManagerAbi,
        functionName: "completeOutboundQueuedTransfer",
        args: [queueId],
        value: fee,
      }),
    );
    const { message, digest } = sentMessage(a, completed);
    tokenDigests.push(digest);
    assert.equal(oneEvent(completed, managerA, bridgeManagerAbi, "OutboundQueuedTransferCompleted")["digest"], digest);
    await index(a);
    const source = await messageOn(a, digest);
    assert.equal(source.status, "Sent");
    assert.equal(source.sender, alice.toLowerCase());
    assert.deepEqual(
      source.transfer,
      transferRow(digest, "Source", {
        status: "Sent",
        account: alice.toLowerCase(),
        createdTx: queuedTx.transactionHash,
        completedTx: completed.transactionHash,
        queuedTransfer: { id: queueEntity },
      }),
    );
    const after = await query<{
      queuedTransfer: { status: string; digest: string; completedTx: string };
      bridgeTransfer: unknown;
      bridgeTransfers: { id: string }[];
    }>(
      a,
      `query ($id: ID!, $me: Bytes!) { queuedTransfer(id: $id) { status digest completedTx } bridgeTransfer(id: $id) { id }
         bridgeTransfers(where: { account: $me, amount: "${amount}" }) { id } }`,
      { id: queueEntity, me: alice.toLowerCase() },
    );
    assert.deepEqual(after.queuedTransfer, { status: "Completed", digest, completedTx: completed.transactionHash });
    assert.equal(after.bridgeTransfer, null, "the queued-era source end moved to the digest");
    assert.deepEqual(after.bridgeTransfers, [{ id: `${digest}00` }], "one source end for the transfer");
    assert.equal((await rateLimit(a, REMOTE, "Outbound")).totalUsed, usedBefore, "a completion takes no capacity");

    // B: both verifiers; the amount is above B's inbound limit, so the tokens wait a day.
    await deliverOperators(b, { kind: "token", message });
    const delivered = await deliverHyperlane(a, b, completed);
    const executed = oneEvent(delivered, managerB, bridgeManagerAbi, "MessageExecuted");
    assert.equal(executed["queued"], true);
    const inboundQueued = oneEvent(delivered, managerB, bridgeManagerAbi, "InboundTransferQueued");
    await index(b);
    let dest = await messageOn(b, digest);
    assert.equal(dest.status, "Queued");
    assert.equal(dest.queued, true);
    assert.equal(dest.releaseAt, String(inboundQueued["releaseAt"]));
    assert.equal(dest.transfer?.status, "Queued");
    assert.deepEqual(dest.transfer?.queuedTransfer, { id: digest });
    const inboundBefore = await rateLimit(b, HOME, "Inbound");
    assert.equal(inboundBefore.queuedCount, 1);

    const bobBefore = await peperBalance(b, bob);
    await travelTo(b, (inboundQueued["releaseAt"] as bigint) + 1n);
    const released = await mined(
      b,
      b.wallets[3]!.writeContract({
        address: managerB,
        abi: bridgeManagerAbi,
        functionName: "completeInboundQueuedTransfer",
        args: [digest],
      }),
    );
    const bobAfter = await peperBalance(b, bob);
    assert.equal(bobAfter - bobBefore, amount, "Bob received the amount on B");
    await index(b);
    dest = await messageOn(b, digest);
    assert.equal(dest.status, "Released");
    assert.equal(dest.releasedTx, released.transactionHash);
    assert.equal(dest.transfer?.status, "Released");
    const queuedB = await query<{
      queuedTransfer: { direction: string; status: string; peerChainId: string; amount: string; completedTx: string };
    }>(b, `query ($id: ID!) { queuedTransfer(id: $id) { direction status peerChainId amount completedTx } }`, {
      id: digest,
    });
    assert.deepEqual(queuedB.queuedTransfer, {
      direction: "Inbound",
      status: "Completed",
      peerChainId: String(HOME),
      amount: String(amount),
      completedTx: released.transactionHash,
    });
    assert.equal(
      (await rateLimit(b, HOME, "Inbound")).totalUsed,
      inboundBefore.totalUsed,
      "a queued arrival takes no capacity",
    );
  });

  it("cross-chain governance: a proposal on A sends a batch, B's receiver schedules it, B's Timelock executes it", async () => {
    const governor = { address: at(a, "Governance#PeperGovernor"), abi: peperGovernorAbi } as const;
    const sender = at(a, "Bridge#GovernanceSender");
    const managerB = at(b, "Bridge#BridgeManager");
    const timelockA = at(a, "Governance#PeperTimelock");
    const timelockB = at(b, "Governance#PeperTimelock");
    // The action on B: its inbound limit from A becomes 2.5M PEPER (B's Timelock owns the manager).
    const newLimit = parseUnits("2500000", 18);
    const targets: Address[] = [managerB];
    const values = [0n];
    const calldatas: Hex[] = [
      encodeFunctionData({ abi: bridgeManagerAbi, functionName: "setInboundLimit", args: [BigInt(HOME), newLimit] }),
    ];
    const fee = await a.pub.readContract({
      address: sender,
      abi: governanceSenderAbi,
      functionName: "quoteSend",
      args: [BigInt(REMOTE), targets, values, calldatas],
    });
    // A's Timelock pays the verifiers' fee: Alice funds it.
    await mined(a, a.wallets[0]!.sendTransaction({ to: timelockA, value: fee }));
    const proposal = {
      targets: [sender],
      values: [fee],
      calldatas: [
        encodeFunctionData({
          abi: governanceSenderAbi,
          functionName: "send",
          args: [BigInt(REMOTE), targets, values, calldatas],
        }),
      ],
      description: "PIP-test: lower chain B's inbound limit from A",
    };
    const descriptionHash = keccak256(stringToHex(proposal.description));
    for (const i of [0, 2]) {
      await mined(
        a,
        a.wallets[i]!.writeContract({
          address: at(a, "Governance#PeperToken"),
          abi: peperTokenAbi,
          functionName: "delegate",
          args: [a.wallets[i]!.account.address],
        }),
      );
    }
    await mined(
      a,
      a.wallets[0]!.writeContract({
        ...governor,
        functionName: "propose",
        args: [proposal.targets, proposal.values, proposal.calldatas, proposal.description],
      }),
    );
    const id = await a.pub.readContract({
      ...governor,
      functionName: "hashProposal",
      args: [proposal.targets, proposal.values, proposal.calldatas, descriptionHash],
    });
    await travelTo(a, (await a.pub.readContract({ ...governor, functionName: "proposalSnapshot", args: [id] })) + 1n);
    for (const i of [0, 2]) {
      await mined(a, a.wallets[i]!.writeContract({ ...governor, functionName: "castVote", args: [id, 1] }));
    }
    await travelTo(a, (await a.pub.readContract({ ...governor, functionName: "proposalDeadline", args: [id] })) + 1n);
    const args = [proposal.targets, proposal.values, proposal.calldatas, descriptionHash] as const;
    await mined(a, a.wallets[0]!.writeContract({ ...governor, functionName: "queue", args }));
    await travelTo(a, (await a.pub.readContract({ ...governor, functionName: "proposalEta", args: [id] })) + 1n);
    const executedA = await mined(a, a.wallets[0]!.writeContract({ ...governor, functionName: "execute", args }));
    const sentEvent = oneEvent(executedA, sender, governanceSenderAbi, "GovernanceMessageSent");
    const message = sentEvent["message"] as GovernanceMessage;
    const digest = sentEvent["digest"] as Hex;
    assert.equal(governanceMessageDigest(message), digest);
    await index(a);

    const GOVERNANCE_FIELDS = `direction status nonce sourceChainId destinationChainId receiver targets values calldatas
      sentTx operationId scheduledTx readyAt executedTx
      message { kind status attestationCount }
      timelockOperation { id state readyAt executedTx calls(orderBy: index) { target data } }`;
    interface GovernanceRow {
      direction: string;
      status: string;
      nonce: string | null;
      sourceChainId: string | null;
      destinationChainId: string | null;
      receiver: string | null;
      targets: string[] | null;
      values: string[] | null;
      calldatas: string[] | null;
      sentTx: string | null;
      operationId: string | null;
      scheduledTx: string | null;
      readyAt: string | null;
      executedTx: string | null;
      message: { kind: string; status: string; attestationCount: number };
      timelockOperation: {
        id: string;
        state: string;
        readyAt: string;
        executedTx: string | null;
        calls: { target: string; data: string }[];
      } | null;
    }
    const governanceOn = async (side: Side) =>
      (
        await query<{ governanceMessage: GovernanceRow | null }>(
          side,
          `query ($id: ID!) { governanceMessage(id: $id) { ${GOVERNANCE_FIELDS} } }`,
          { id: digest },
        )
      ).governanceMessage;
    assert.deepEqual(await governanceOn(a), {
      direction: "Outbound",
      status: "Sent",
      nonce: String(message.nonce),
      sourceChainId: String(HOME),
      destinationChainId: String(REMOTE),
      receiver: at(b, "Bridge#GovernanceReceiver").toLowerCase(),
      targets: targets.map((t) => t.toLowerCase()),
      values: values.map(String),
      calldatas,
      sentTx: executedA.transactionHash,
      operationId: null,
      scheduledTx: null,
      readyAt: null,
      executedTx: null,
      message: { kind: "Governance", status: "Sent", attestationCount: 0 },
      timelockOperation: null,
    });

    // B: the operators attest (1 of 2), Hyperlane delivers (2 of 2): the receiver schedules the batch.
    await deliverOperators(b, { kind: "governance", message });
    await index(b);
    assert.equal((await governanceOn(b))?.status, "Attested");
    const scheduledTx = await deliverHyperlane(a, b, executedA);
    const receiver = at(b, "Bridge#GovernanceReceiver");
    const scheduled = oneEvent(scheduledTx, receiver, governanceReceiverAbi, "GovernanceMessageScheduled");
    const operationId = await b.pub.readContract({
      address: receiver,
      abi: governanceReceiverAbi,
      functionName: "operationId",
      args: [message],
    });
    assert.equal(scheduled["operationId"], operationId);
    const readyAt = await b.pub.readContract({
      address: timelockB,
      abi: peperTimelockAbi,
      functionName: "getTimestamp",
      args: [operationId],
    });
    await index(b);
    const expectedCalls = targets.map((t, i) => ({ target: t.toLowerCase(), data: calldatas[i]! }));
    assert.deepEqual(await governanceOn(b), {
      direction: "Inbound",
      status: "Scheduled",
      nonce: String(message.nonce),
      sourceChainId: null,
      destinationChainId: String(REMOTE),
      receiver: null,
      targets: null,
      values: null,
      calldatas: null,
      sentTx: null,
      operationId,
      scheduledTx: scheduledTx.transactionHash,
      readyAt: String(readyAt),
      executedTx: null,
      message: { kind: "Governance", status: "Scheduled", attestationCount: 2 },
      timelockOperation: {
        id: operationId,
        state: "Scheduled",
        readyAt: String(readyAt),
        executedTx: null,
        calls: expectedCalls,
      },
    });

    // Anyone (Dave) executes it on B's Timelock once ready.
    await travelTo(b, readyAt);
    const executedB = await mined(
      b,
      b.wallets[3]!.writeContract({
        address: timelockB,
        abi: peperTimelockAbi,
        functionName: "executeBatch",
        args: [targets, values, calldatas, zeroHash, digest],
      }),
    );
    const { limit } = await b.pub.readContract({
      address: managerB,
      abi: bridgeManagerAbi,
      functionName: "inboundRateLimit",
      args: [BigInt(HOME)],
    });
    assert.equal(limit, newLimit, "the action ran on B");
    await index(b);
    const done = await governanceOn(b);
    assert.equal(done?.status, "Executed");
    assert.equal(done?.executedTx, executedB.transactionHash);
    assert.equal(done?.timelockOperation?.state, "Executed");
    assert.equal(done?.timelockOperation?.executedTx, executedB.transactionHash);
    assert.equal(done?.message.status, "TimelockExecuted");
    assert.equal((await rateLimit(b, HOME, "Inbound")).limit, String(newLimit));
    // The Timelock operation leads back to the message.
    const op = await query<{ timelockOperation: { governanceMessage: { id: string } | null } }>(
      b,
      `query ($id: ID!) { timelockOperation(id: $id) { governanceMessage { id } } }`,
      { id: operationId },
    );
    assert.deepEqual(op.timelockOperation.governanceMessage, { id: digest });
  });

  it("a paused destination: the guardian's pause is recorded, and a message attested 2 of 2 stays Attested", async () => {
    const managerB = at(b, "Bridge#BridgeManager");
    const guardian = b.wallets[4]!;
    const paused = await mined(
      b,
      guardian.writeContract({ address: managerB, abi: bridgeManagerAbi, functionName: "pause" }),
    );
    assert.equal(await b.pub.readContract({ address: managerB, abi: bridgeManagerAbi, functionName: "paused" }), true);
    const sent = await transferFrom(a, 0, parseUnits("10", 18), b.wallets[3]!.account.address, false);
    const { message, digest } = sentMessage(a, sent);
    tokenDigests.push(digest);
    await deliverOperators(b, { kind: "token", message });
    const second = await deliverHyperlane(a, b, sent);
    assert.equal(eventsOf(second, managerB, bridgeManagerAbi, "MessageExecuted").length, 0, "nothing ran while paused");
    await index(a);
    await index(b);
    const dest = await messageOn(b, digest);
    assert.equal(dest.status, "Attested");
    assert.equal(dest.attestationCount, 2);
    assert.equal(dest.threshold, 2);
    assert.equal(dest.executedTx, null);
    assert.equal(dest.transfer?.status, "Attested");
    const config = await query<{
      bridgeEndpoint: { paused: boolean };
      bridgeConfigChanges: { kind: string; address: string; transactionHash: string }[];
    }>(
      b,
      `query ($id: ID!, $contract: Bytes!) { bridgeEndpoint(id: $id) { paused }
         bridgeConfigChanges(where: { contract: $contract, kind_in: ["Paused", "Unpaused"] }) { kind address transactionHash } }`,
      { id: managerB.toLowerCase(), contract: managerB.toLowerCase() },
    );
    assert.equal(config.bridgeEndpoint.paused, true);
    assert.deepEqual(config.bridgeConfigChanges, [
      { kind: "Paused", address: guardian.account.address.toLowerCase(), transactionHash: paused.transactionHash },
    ]);
  });

  it("the dApp's bridge query (app/src/lib/bridgeHistory.ts) runs on both chains' subgraphs", async () => {
    // The query as the dApp sends it, read from its source (its module needs the app's path aliases).
    const source = readFileSync(join(ROOT, "app/src/lib/bridgeHistory.ts"), "utf8");
    const found = /export const BRIDGE_QUERY = \/\* GraphQL \*\/ `([^`]+)`/.exec(source);
    assert.ok(found, "BRIDGE_QUERY in app/src/lib/bridgeHistory.ts");
    interface Row {
      id: string;
      direction: string;
      sentTx: string | null;
      executedTx: string | null;
      attestations: { verifier: string }[];
    }
    const [onA, onB] = await Promise.all(
      [a, b].map((side) =>
        query<{ _meta: { hasIndexingErrors: boolean }; bridgeMessages: Row[] }>(side, found[1]!, { first: 1000 }),
      ),
    );
    for (const digest of tokenDigests) {
      const sent = onA!.bridgeMessages.find((m) => m.id === digest);
      const arrived = onB!.bridgeMessages.find((m) => m.id === digest);
      assert.equal(sent?.direction, "Outbound");
      assert.ok(sent?.sentTx);
      assert.equal(arrived?.direction, "Inbound");
      assert.equal(arrived?.attestations.length, 2, "both verifiers' attestations on B");
    }
  });

  it("no indexing errors or warnings on either chain", async () => {
    for (const side of [a, b]) {
      const meta = await query<{ _meta: { hasIndexingErrors: boolean; block: { number: number } } }>(
        side,
        `{ _meta { hasIndexingErrors block { number } } }`,
      );
      assert.equal(meta._meta.hasIndexingErrors, false);
      assert.equal(BigInt(meta._meta.block.number), await side.pub.getBlockNumber({ cacheTime: 0 }));
    }
    const problems = logs.filter((r) => r.level === "warn" || r.level === "error");
    assert.deepEqual(problems, []);
  });
});
