// The subgraph's mappings against a real local deployment: PeperLocal deployed with Hardhat Ignition
// on an in-process Hardhat chain (served to the indexer over JSON-RPC on 127.0.0.1), the built WASM
// mappings (subgraph/build, from `npm run build`) run by the embedded indexer (subgraph/indexer),
// queried through its GraphQL API. Every expected value comes from the chain (contract reads at the
// block, events decoded from receipts and logs) or from first principles, never from the indexer.
// How it works and why not Matchstick: docs/subgraph-testing.md.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import type {} from "@nomicfoundation/hardhat-ignition-ethers";
import { createHardhatRuntimeEnvironment, importUserConfig } from "hardhat/hre";
import type { NetworkConnection } from "hardhat/types/network";
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  custom,
  encodeAbiParameters,
  encodeFunctionData,
  getAddress,
  keccak256,
  maxUint256,
  parseEventLogs,
  parseUnits,
  stringToHex,
  zeroAddress,
  type Address,
  type Hash,
  type Hex,
  type PublicClient,
  type TestClient,
  type TransactionReceipt,
  type WalletClient,
  type Transport,
  type Chain,
  type HDAccount,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

import PeperLocal from "../../contracts/ignition/modules/PeperLocal.ts";
import { feedId } from "../../offchain/src/protocol/feeds.ts";
import {
  collectiblesAbi,
  demoTokenAbi,
  marketplaceAbi,
  oracleHubAbi,
  peperFactoryAbi,
  peperGovernorAbi,
  peperPairAbi,
  peperRouterAbi,
  peperTokenAbi,
} from "../../offchain/src/protocol/generated/abis.ts";
import { signReport, type Report } from "../../oracle/src/report.ts";
import { createLogger, type LogRecord } from "../indexer/log.ts";
import { createIndexerService, type IndexerService } from "../indexer/service.ts";
import { RpcLogSource } from "../indexer/source.ts";

const SUBGRAPH = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ROOT = resolve(SUBGRAPH, "..");
const BUILD = join(SUBGRAPH, "build");
const HARDHAT_CONFIG = join(ROOT, "hardhat.config.ts");
const PARAMETERS = join(ROOT, "contracts/ignition/parameters/local.json");
/** Hardhat's public development mnemonic: the in-process chain's accounts (local chains only). */
const MNEMONIC = "test test test test test test test test test test test junk";
const CHAIN_ID = 31337;
const DAY = 86_400n;
const WAD = 10n ** 18n;

// ---- exact rationals (BigDecimal strings from the API, fees and TVL computed from first principles)

interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}
const rat = (n: bigint, d = 1n): Rational => (d < 0n ? { n: -n, d: -d } : { n, d });
const add = (a: Rational, b: Rational): Rational => rat(a.n * b.d + b.n * a.d, a.d * b.d);
const mul = (a: Rational, b: Rational): Rational => rat(a.n * b.n, a.d * b.d);
const div = (a: Rational, b: Rational): Rational => rat(a.n * b.d, a.d * b.n);
const abs = (x: bigint): bigint => (x < 0n ? -x : x);

/** A decimal string in plain notation ("-12.5", "3") as an exact rational. */
function parseDecimal(s: string): Rational {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  assert.ok(m, `not a plain decimal: ${s}`);
  const frac = m[3] ?? "";
  const n = BigInt(m[2]! + frac) * (m[1] === "-" ? -1n : 1n);
  return rat(n, 10n ** BigInt(frac.length));
}

/** Asserts an API BigDecimal equals `expected` exactly. */
function assertDecimalEqual(actual: string, expected: Rational, what: string): void {
  const a = parseDecimal(actual);
  assert.equal(a.n * expected.d, expected.n * a.d, `${what}: ${actual} ≠ ${expected.n}/${expected.d}`);
}

/**
 * Asserts an API BigDecimal is within 1e-25 (relative) of `expected`: graph-node's BigDecimal keeps
 * 34 significant digits per operation, so a value computed through divisions is not exact.
 */
function assertDecimalClose(actual: string, expected: Rational, what: string): void {
  const a = parseDecimal(actual);
  // |a - e| <= |e| * 1e-25, cross-multiplied by the (positive) denominators.
  const diff = abs(a.n * expected.d - expected.n * a.d);
  const bound = abs(expected.n) * a.d;
  assert.ok(diff * 10n ** 25n <= bound, `${what}: ${actual} is not ≈ ${expected.n}/${expected.d}`);
}

// ---- the in-process chain over HTTP -------------------------------------------------------------

interface Eip1193 {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** Serves an EIP-1193 provider as a JSON-RPC endpoint (single and batch requests) on 127.0.0.1. */
async function serveJsonRpc(provider: Eip1193): Promise<{ server: Server; url: string }> {
  const answer = async (message: unknown): Promise<Record<string, unknown>> => {
    if (!isRecord(message) || typeof message["method"] !== "string") {
      return { jsonrpc: "2.0", id: null, error: { code: -32600, message: "invalid request" } };
    }
    const params = Array.isArray(message["params"]) ? (message["params"] as unknown[]) : [];
    try {
      const result = await provider.request({ method: message["method"], params });
      return { jsonrpc: "2.0", id: message["id"] ?? null, result: result ?? null };
    } catch (err) {
      const code = isRecord(err) && typeof err["code"] === "number" ? err["code"] : -32000;
      const text = err instanceof Error ? err.message : String(err);
      return { jsonrpc: "2.0", id: message["id"] ?? null, error: { code, message: text } };
    }
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          res.writeHead(400).end();
          return;
        }
        const out = Array.isArray(body) ? await Promise.all(body.map(answer)) : await answer(body);
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(out));
      })();
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", () => done()));
  const address = server.address();
  assert.ok(isRecord(address) && typeof address["port"] === "number");
  return { server, url: `http://127.0.0.1:${address["port"]}` };
}

/** Fails unless `npm run build` produced subgraph/build and it is newer than the sources. */
function assertBuilt(): void {
  const manifest = join(BUILD, "subgraph.yaml");
  if (!existsSync(manifest)) throw new Error("the subgraph is not built: run `npm run build` in subgraph/");
  const newest = (path: string): number =>
    statSync(path).isDirectory()
      ? Math.max(0, ...readdirSync(path).map((e) => newest(join(path, e))))
      : statSync(path).mtimeMs;
  const sources = Math.max(newest(join(SUBGRAPH, "src")), newest(join(SUBGRAPH, "schema.graphql")));
  if (sources > statSync(manifest).mtimeMs) {
    throw new Error("subgraph/build is older than src/ or schema.graphql: run `npm run build` in subgraph/");
  }
}

// ---- GraphQL shapes (BigInt and BigDecimal as strings, Bytes as lowercase hex) -------------------

interface Ref {
  id: string;
}
interface ProposalRow {
  proposalId: string;
  state: string;
  proposer: Ref;
  description: string;
  targets: string[];
  calldatas: string[];
  voteStart: string;
  voteEnd: string;
  forVotes: string;
  againstVotes: string;
  abstainVotes: string;
  voteCount: number;
  quorum: string | null;
  quorumReached: boolean | null;
  eta: string | null;
  votes: { voter: Ref; support: number; supportLabel: string; weight: string; reason: string; params: string | null }[];
}
interface PairRow {
  id: string;
  token0: Ref;
  token1: Ref;
  reserve0: string;
  reserve1: string;
  totalSupply: string;
  reservePeper: string;
  feesToken0: string;
  feesToken1: string;
  volumeToken0: string;
  volumeToken1: string;
  liquidityPositions: { account: Ref; balance: string }[];
}
interface PairDayRow {
  date: number;
  reserve0: string;
  reserve1: string;
  totalSupply: string;
  dailyVolumeToken0: string;
  dailyVolumeToken1: string;
  dailyFeesPeper: string;
  dailyTxns: string;
}
interface SaleRow {
  seller: Ref;
  buyer: Ref;
  currency: string;
  price: string;
  royalty: string;
  royaltyReceiver: string;
  fee: string;
  sellerProceeds: string;
  source: string;
  listing: { listingId: string; status: string } | null;
}
interface ReportRow {
  round: string;
  signers: Ref[];
  signerCount: number;
  signersBitmap: string;
  configVersion: string;
  transmitter: string;
}

describe("subgraph mappings on a real local deployment", () => {
  let tmp: string;
  let connection: NetworkConnection;
  let rpc: { server: Server; url: string } | undefined;
  let service: IndexerService | undefined;
  const logs: LogRecord[] = [];
  let manifestPath: string;
  let dbPath: string;

  let pub: PublicClient<Transport, Chain>;
  let test: TestClient<"hardhat", Transport, Chain>;
  /** Hardhat's accounts 0…11: Alice, Bob, Carol, Dave, the guardian, grants, the issuer, operators. */
  const accounts: HDAccount[] = [];
  const wallets: WalletClient<Transport, Chain, HDAccount>[] = [];
  const addresses = new Map<string, Address>();
  const at = (name: string): Address => {
    const a = addresses.get(name);
    assert.ok(a, `no ${name} in the deployment`);
    return a;
  };
  let pair: Address;

  /** The receipt of a mined transaction; fails unless it succeeded. */
  const mined = async (hash: Promise<Hash>): Promise<TransactionReceipt> => {
    const receipt = await pub.getTransactionReceipt({ hash: await hash });
    assert.equal(receipt.status, "success");
    return receipt;
  };
  const latest = async () => pub.getBlock({ blockTag: "latest" });
  /** A router deadline far enough ahead for the clock moves of the tests. */
  const deadline = async () => (await latest()).timestamp + 30n * 86_400n;

  /** Indexes up to the chain's head and checks the indexer is synced there without an error. */
  const index = async (): Promise<bigint> => {
    assert.ok(service);
    await service.indexer.sync();
    const head = await pub.getBlockNumber({ cacheTime: 0 });
    const health = service.health();
    assert.equal(health.error, null, `indexing error: ${health.error}`);
    assert.equal(health.state, "synced");
    assert.equal(health.indexedBlock, Number(head));
    return head;
  };

  /** Runs a query on the subgraph's GraphQL API, as the dApp sends it; fails on any error. */
  const query = async <T>(text: string, variables: Record<string, unknown> = {}): Promise<T> => {
    assert.ok(service);
    const result = await service.api.execute({ query: text, variables });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.ok(result.data);
    // As JSON, the way a client receives it over HTTP (graphql-js builds null-prototype objects).
    return JSON.parse(JSON.stringify(result.data)) as T;
  };

  const open = (): IndexerService =>
    createIndexerService({
      manifestPath,
      buildDir: BUILD,
      dbPath,
      source: new RpcLogSource(rpc!.url),
      logger: createLogger({ level: "debug", sink: (r) => logs.push(r) }),
    });

  // ---- governance helpers -------------------------------------------------------------------------

  const governor = () => ({ address: at("PeperGovernor"), abi: peperGovernorAbi }) as const;
  interface Proposal {
    targets: Address[];
    values: bigint[];
    calldatas: Hex[];
    description: string;
  }
  const proposalId = (p: Proposal) =>
    pub.readContract({
      ...governor(),
      functionName: "hashProposal",
      args: [p.targets, p.values, p.calldatas, keccak256(stringToHex(p.description))],
    });
  const propose = (who: number, p: Proposal) =>
    mined(
      wallets[who]!.writeContract({
        ...governor(),
        functionName: "propose",
        args: [p.targets, p.values, p.calldatas, p.description],
      }),
    );
  const queue = (p: Proposal) =>
    mined(
      wallets[0]!.writeContract({
        ...governor(),
        functionName: "queue",
        args: [p.targets, p.values, p.calldatas, keccak256(stringToHex(p.description))],
      }),
    );
  const execute = (p: Proposal) =>
    mined(
      wallets[0]!.writeContract({
        ...governor(),
        functionName: "execute",
        args: [p.targets, p.values, p.calldatas, keccak256(stringToHex(p.description))],
      }),
    );
  /** Mines an empty block at `timestamp` (or later), so that reads at "latest" see that time. */
  const travelTo = async (timestamp: bigint) => {
    const now = (await latest()).timestamp;
    if (timestamp > now) await test.setNextBlockTimestamp({ timestamp });
    await test.mine({ blocks: 1 });
  };
  const chainState = async (id: bigint) => pub.readContract({ ...governor(), functionName: "state", args: [id] });

  /** A proposal through its whole lifecycle (Alice and Carol vote For), for changes the Timelock owns. */
  const passProposal = async (p: Proposal): Promise<void> => {
    await propose(0, p);
    const id = await proposalId(p);
    await travelTo((await pub.readContract({ ...governor(), functionName: "proposalSnapshot", args: [id] })) + 1n);
    for (const voter of [0, 2]) {
      await mined(wallets[voter]!.writeContract({ ...governor(), functionName: "castVote", args: [id, 1] }));
    }
    await travelTo((await pub.readContract({ ...governor(), functionName: "proposalDeadline", args: [id] })) + 1n);
    await queue(p);
    await travelTo((await pub.readContract({ ...governor(), functionName: "proposalEta", args: [id] })) + 1n);
    await execute(p);
    assert.equal(await chainState(id), 7, "the proposal executed");
  };

  before(async () => {
    assertBuilt();
    tmp = mkdtempSync(join(tmpdir(), "peper-subgraph-mappings-"));
    const t0 = Date.now();

    // The in-process Hardhat chain of the repository's config (independent of the working directory).
    const hre = await createHardhatRuntimeEnvironment(
      await importUserConfig(HARDHAT_CONFIG),
      { config: HARDHAT_CONFIG },
      ROOT,
    );
    connection = await hre.network.connect();
    const provider: Eip1193 = connection.provider;
    const transport = custom(provider);
    pub = createPublicClient({ chain: hardhat, transport });
    test = createTestClient({ mode: "hardhat", chain: hardhat, transport });
    for (let i = 0; i < 12; i++) {
      const account = mnemonicToAccount(MNEMONIC, { addressIndex: i });
      accounts.push(account);
      wallets.push(createWalletClient({ account, chain: hardhat, transport }));
    }
    const chainAccounts = await provider.request({ method: "eth_accounts" });
    assert.ok(Array.isArray(chainAccounts));
    assert.equal(getAddress(String(chainAccounts[0])), accounts[0]!.address, "the chain's accounts are the mnemonic's");

    // The real deployment: Ignition's PeperLocal module with the local parameters.
    const deployed: Record<string, { getAddress(): Promise<string> }> = await connection.ignition.deploy(PeperLocal, {
      parameters: PARAMETERS,
    });
    const futureIds: Record<string, string> = {};
    for (const [key, future] of Object.entries(PeperLocal.results)) {
      const address = getAddress(await deployed[key]!.getAddress());
      futureIds[future.id] = address;
      addresses.set(future.id.slice(future.id.indexOf("#") + 1), address);
    }

    // The manifest of this deployment, rendered as `npm start` renders it (Ignition's deployed_addresses.json).
    const deployments = join(tmp, "deployments");
    mkdirSync(join(deployments, `chain-${CHAIN_ID}`), { recursive: true });
    writeFileSync(
      join(deployments, `chain-${CHAIN_ID}`, "deployed_addresses.json"),
      JSON.stringify(futureIds, null, 2),
    );
    manifestPath = join(tmp, "subgraph.yaml");
    const render = spawnSync(
      process.execPath,
      [join(SUBGRAPH, "scripts/render.ts"), "--deployments", deployments, "--out", manifestPath],
      { encoding: "utf8" },
    );
    assert.equal(render.status, 0, `render failed: ${render.stderr}`);

    rpc = await serveJsonRpc(provider);
    dbPath = join(tmp, "indexer.sqlite");
    service = open();

    // Votes: Alice, Bob and Carol delegate to themselves, Dave to Carol; Alice funds the treasury.
    const token = { address: at("PeperToken"), abi: peperTokenAbi } as const;
    for (const i of [0, 1, 2]) {
      await mined(wallets[i]!.writeContract({ ...token, functionName: "delegate", args: [accounts[i]!.address] }));
    }
    await mined(wallets[3]!.writeContract({ ...token, functionName: "delegate", args: [accounts[2]!.address] }));
    await mined(
      wallets[0]!.writeContract({
        ...token,
        functionName: "transfer",
        args: [at("PeperTimelock"), parseUnits("1000000", 18)],
      }),
    );

    // The PEPER/USDC pool at PEPER = 0.10 USDC, created by Alice's first liquidity.
    for (const asset of [at("PeperToken"), at("USDC")]) {
      await mined(
        wallets[0]!.writeContract({
          address: asset,
          abi: demoTokenAbi,
          functionName: "approve",
          args: [at("PeperRouter"), maxUint256],
        }),
      );
    }
    await mined(
      wallets[0]!.writeContract({
        address: at("PeperRouter"),
        abi: peperRouterAbi,
        functionName: "addLiquidity",
        args: [
          at("PeperToken"),
          at("USDC"),
          parseUnits("1000000", 18),
          parseUnits("100000", 6),
          0n,
          0n,
          accounts[0]!.address,
          await deadline(),
        ],
      }),
    );
    pair = await pub.readContract({
      address: at("PeperFactory"),
      abi: peperFactoryAbi,
      functionName: "getPair",
      args: [at("PeperToken"), at("USDC")],
    });
    await index();
    process.stdout.write(
      `deployed, set up and indexed ${await pub.getBlockNumber()} blocks in ${Date.now() - t0} ms\n`,
    );
  });

  after(async () => {
    await service?.close();
    if (rpc) await new Promise<void>((done) => rpc!.server.close(() => done()));
    await connection?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("a proposal's state and tallies after each lifecycle event, and a cancelled one", async () => {
    const PROPOSAL = `query Proposal($id: BigInt!) {
      proposals(where: { proposalId: $id }) {
        proposalId state proposer { id } description targets calldatas voteStart voteEnd
        forVotes againstVotes abstainVotes voteCount quorum quorumReached eta
        votes(orderBy: blockNumber) { voter { id } support supportLabel weight reason params }
      }
    }`;
    const load = async (id: bigint): Promise<ProposalRow> => {
      const { proposals } = await query<{ proposals: ProposalRow[] }>(PROPOSAL, { id: id.toString() });
      assert.equal(proposals.length, 1, `proposal ${id} is indexed once`);
      return proposals[0]!;
    };
    const [alice, bob, carol] = [accounts[0]!, accounts[1]!, accounts[2]!];
    const grants = accounts[5]!.address;
    const p: Proposal = {
      targets: [at("PeperToken")],
      values: [0n],
      calldatas: [
        encodeFunctionData({ abi: peperTokenAbi, functionName: "transfer", args: [grants, parseUnits("1000", 18)] }),
      ],
      description: "# PIP-T1: a grant\n\nSend 1,000 PEPER from the treasury to the grants multisig.",
    };

    // Created → Pending, with the vote window the Governor reports.
    const created = parseEventLogs({
      abi: peperGovernorAbi,
      eventName: "ProposalCreated",
      logs: (await propose(0, p)).logs,
    });
    assert.equal(created.length, 1);
    const id = created[0]!.args.proposalId;
    assert.equal(id, await proposalId(p));
    await index();
    const snapshot = await pub.readContract({ ...governor(), functionName: "proposalSnapshot", args: [id] });
    const deadlineAt = await pub.readContract({ ...governor(), functionName: "proposalDeadline", args: [id] });
    assert.equal(await chainState(id), 0, "Pending on chain");
    let row = await load(id);
    assert.equal(row.state, "Pending");
    assert.equal(row.proposer.id, alice.address.toLowerCase());
    assert.equal(row.description, p.description);
    assert.deepEqual(
      row.targets,
      p.targets.map((t) => t.toLowerCase()),
    );
    assert.deepEqual(row.calldatas, p.calldatas);
    assert.equal(BigInt(row.voteStart), snapshot);
    assert.equal(BigInt(row.voteEnd), deadlineAt);
    assert.equal(row.forVotes, "0");
    assert.equal(row.voteCount, 0);

    // Votes → Active; each tally is the sum of the voters' weights at the snapshot (getVotes).
    await travelTo(snapshot + 1n);
    const weight = (who: Address) =>
      pub.readContract({ ...governor(), functionName: "getVotes", args: [who, snapshot] });
    const ballots = [
      { who: 0, support: 1, reason: "", params: null },
      { who: 1, support: 0, reason: "too much", params: null },
      { who: 2, support: 2, reason: "abstaining", params: "0x1234" as Hex },
    ] as const;
    const expected = { for: 0n, against: 0n, abstain: 0n };
    for (const [n, ballot] of ballots.entries()) {
      const voter = accounts[ballot.who]!;
      const w = await weight(voter.address);
      assert.ok(w > 0n, "the voter has delegated votes");
      const receipt = await mined(
        ballot.params === null
          ? ballot.reason === ""
            ? wallets[ballot.who]!.writeContract({
                ...governor(),
                functionName: "castVote",
                args: [id, ballot.support],
              })
            : wallets[ballot.who]!.writeContract({
                ...governor(),
                functionName: "castVoteWithReason",
                args: [id, ballot.support, ballot.reason],
              })
          : wallets[ballot.who]!.writeContract({
              ...governor(),
              functionName: "castVoteWithReasonAndParams",
              args: [id, ballot.support, ballot.reason, ballot.params],
            }),
      );
      const cast = parseEventLogs({ abi: peperGovernorAbi, logs: receipt.logs }).filter(
        (e) => e.eventName === "VoteCast" || e.eventName === "VoteCastWithParams",
      );
      assert.equal(cast.length, 1);
      assert.equal(cast[0]!.args.weight, w, "the event's weight is getVotes at the snapshot");
      if (ballot.support === 1) expected.for += w;
      if (ballot.support === 0) expected.against += w;
      if (ballot.support === 2) expected.abstain += w;
      await index();
      assert.equal(await chainState(id), 1, "Active on chain");
      row = await load(id);
      assert.equal(row.state, "Active");
      assert.equal(BigInt(row.forVotes), expected.for);
      assert.equal(BigInt(row.againstVotes), expected.against);
      assert.equal(BigInt(row.abstainVotes), expected.abstain);
      assert.equal(row.voteCount, n + 1);
      const [against, forVotes, abstain] = await pub.readContract({
        ...governor(),
        functionName: "proposalVotes",
        args: [id],
      });
      assert.deepEqual([against, forVotes, abstain], [expected.against, expected.for, expected.abstain]);
      const vote = row.votes[n]!;
      assert.equal(vote.voter.id, voter.address.toLowerCase());
      assert.equal(vote.support, ballot.support);
      assert.equal(vote.supportLabel, ["Against", "For", "Abstain"][ballot.support]);
      assert.equal(BigInt(vote.weight), w);
      assert.equal(vote.reason, ballot.reason);
      assert.equal(vote.params, ballot.params);
    }
    assert.deepEqual(
      [expected.for, expected.against, expected.abstain],
      [await weight(alice.address), await weight(bob.address), await weight(carol.address)],
    );
    const quorum = await pub.readContract({ ...governor(), functionName: "quorum", args: [snapshot] });
    assert.equal(row.quorum === null ? null : BigInt(row.quorum), quorum, "the quorum at the snapshot");
    assert.equal(row.quorumReached, expected.for + expected.abstain >= quorum);

    // Queued, with the Governor's eta.
    await travelTo(deadlineAt + 1n);
    const queued = parseEventLogs({ abi: peperGovernorAbi, eventName: "ProposalQueued", logs: (await queue(p)).logs });
    await index();
    const eta = await pub.readContract({ ...governor(), functionName: "proposalEta", args: [id] });
    assert.equal(queued[0]!.args.etaSeconds, eta);
    assert.equal(await chainState(id), 5, "Queued on chain");
    row = await load(id);
    assert.equal(row.state, "Queued");
    assert.equal(row.eta === null ? null : BigInt(row.eta), eta);

    // Executed.
    await travelTo(eta + 1n);
    await execute(p);
    await index();
    assert.equal(await chainState(id), 7, "Executed on chain");
    assert.equal((await load(id)).state, "Executed");

    // Another proposal, cancelled by its proposer while pending.
    const c: Proposal = { ...p, description: "# PIP-T2: withdrawn\n\nThe same grant, withdrawn." };
    await propose(0, c);
    const cid = await proposalId(c);
    await index();
    assert.equal((await load(cid)).state, "Pending");
    await mined(
      wallets[0]!.writeContract({
        ...governor(),
        functionName: "cancel",
        args: [c.targets, c.values, c.calldatas, keccak256(stringToHex(c.description))],
      }),
    );
    await index();
    assert.equal(await chainState(cid), 2, "Canceled on chain");
    assert.equal((await load(cid)).state, "Canceled");
  });

  // ---- the AMM ------------------------------------------------------------------------------------

  const PAIR = `query Pair($id: ID!, $pair: String!) {
    pair(id: $id) {
      id token0 { id } token1 { id } reserve0 reserve1 totalSupply reservePeper
      feesToken0 feesToken1 volumeToken0 volumeToken1
      liquidityPositions(where: { balance_gt: "0" }) { account { id } balance }
    }
    pairDayDatas(where: { pair: $pair }, orderBy: date, first: 1000) {
      date reserve0 reserve1 totalSupply dailyVolumeToken0 dailyVolumeToken1 dailyFeesPeper dailyTxns
    }
    protocols { totalLiquidityPeper }
  }`;
  interface PairQuery {
    pair: PairRow | null;
    pairDayDatas: PairDayRow[];
    protocols: { totalLiquidityPeper: string }[];
  }
  const loadPair = () => query<PairQuery>(PAIR, { id: pair.toLowerCase(), pair: pair.toLowerCase() });
  const pairRead = <F extends "getReserves" | "totalSupply" | "token0">(functionName: F, blockNumber: bigint) =>
    pub.readContract({ address: pair, abi: peperPairAbi, functionName, blockNumber });
  const lpBalance = (who: Address, blockNumber: bigint) =>
    pub.readContract({ address: pair, abi: peperPairAbi, functionName: "balanceOf", args: [who], blockNumber });
  const approve = (who: number, asset: Address, spender: Address) =>
    mined(
      wallets[who]!.writeContract({
        address: asset,
        abi: demoTokenAbi,
        functionName: "approve",
        args: [spender, maxUint256],
      }),
    );
  const swap = async (who: number, tokenIn: Address, tokenOut: Address, amountIn: bigint) =>
    mined(
      wallets[who]!.writeContract({
        address: at("PeperRouter"),
        abi: peperRouterAbi,
        functionName: "swapExactTokensForTokens",
        args: [amountIn, 0n, [tokenIn, tokenOut], accounts[who]!.address, await deadline()],
      }),
    );

  it("TVL after mint and burn: the pair's and the day's reserves and LP supply are the chain's", async () => {
    const [peper, usdc, router] = [at("PeperToken"), at("USDC"), at("PeperRouter")];
    const bob = accounts[1]!.address;
    const alice = accounts[0]!.address;
    const check = async (receipt: TransactionReceipt, providers: Address[]) => {
      await index();
      const block = receipt.blockNumber;
      const [reserve0, reserve1] = await pairRead("getReserves", block);
      const supply = await pairRead("totalSupply", block);
      const token0 = await pairRead("token0", block);
      const { pair: row, pairDayDatas, protocols } = await loadPair();
      assert.ok(row, "the pair is indexed");
      assert.equal(row.token0.id, token0.toLowerCase());
      assert.deepEqual([BigInt(row.reserve0), BigInt(row.reserve1)], [reserve0, reserve1], "Pair reserves");
      assert.equal(BigInt(row.totalSupply), supply, "Pair LP supply");
      const day = (await pub.getBlock({ blockNumber: block })).timestamp / DAY;
      const today = pairDayDatas.find((d) => BigInt(d.date) === day * DAY);
      assert.ok(today, "a PairDayData for the block's day");
      assert.deepEqual([BigInt(today.reserve0), BigInt(today.reserve1)], [reserve0, reserve1], "PairDayData reserves");
      assert.equal(BigInt(today.totalSupply), supply, "PairDayData LP supply");
      for (const who of providers) {
        const position: PairRow["liquidityPositions"][number] | undefined = row.liquidityPositions.find(
          (l) => l.account.id === who.toLowerCase(),
        );
        assert.equal(BigInt(position?.balance ?? "0"), await lpBalance(who, block), `LP balance of ${who}`);
      }
      // TVL in PEPER: the PEPER side, plus the USDC side at this pool's own price (its only pool).
      const peperReserve = token0 === peper ? reserve0 : reserve1;
      const tvl = rat(2n * peperReserve, WAD);
      assertDecimalClose(row.reservePeper, tvl, "Pair.reservePeper");
      assertDecimalClose(protocols[0]!.totalLiquidityPeper, tvl, "Protocol.totalLiquidityPeper");
    };

    // Bob adds liquidity (a mint), then Alice removes a quarter of hers (a burn).
    await approve(1, peper, router);
    await approve(1, usdc, router);
    const add = await mined(
      wallets[1]!.writeContract({
        address: router,
        abi: peperRouterAbi,
        functionName: "addLiquidity",
        args: [peper, usdc, parseUnits("50000", 18), parseUnits("5000", 6), 0n, 0n, bob, await deadline()],
      }),
    );
    assert.equal(parseEventLogs({ abi: peperPairAbi, eventName: "Mint", logs: add.logs }).length, 1);
    await check(add, [alice, bob]);

    await mined(
      wallets[0]!.writeContract({
        address: pair,
        abi: peperPairAbi,
        functionName: "approve",
        args: [router, maxUint256],
      }),
    );
    const liquidity = (await lpBalance(alice, await pub.getBlockNumber())) / 4n;
    const remove = await mined(
      wallets[0]!.writeContract({
        address: router,
        abi: peperRouterAbi,
        functionName: "removeLiquidity",
        args: [peper, usdc, liquidity, 0n, 0n, alice, await deadline()],
      }),
    );
    const burns = parseEventLogs({ abi: peperPairAbi, eventName: "Burn", logs: remove.logs });
    assert.equal(burns.length, 1);
    await check(remove, [alice, bob]);
  });

  it("daily volume over swaps within a day and across a day boundary, and the 0.3 % fee", async () => {
    const [peper, usdc, router] = [at("PeperToken"), at("USDC"), at("PeperRouter")];
    await approve(1, peper, router);
    await approve(2, usdc, router);
    const today = (await latest()).timestamp / DAY;
    const dayA = today + 1n;
    const dayB = today + 2n;
    // Three swaps on day A (from 01:00), two on day B (from 00:10).
    await test.setNextBlockTimestamp({ timestamp: dayA * DAY + 3600n });
    const receipts = [
      await swap(1, peper, usdc, parseUnits("10000", 18)),
      await swap(2, usdc, peper, parseUnits("2500", 6)),
      await swap(1, peper, usdc, parseUnits("4321.5", 18)),
    ];
    await test.setNextBlockTimestamp({ timestamp: dayB * DAY + 600n });
    receipts.push(await swap(2, usdc, peper, parseUnits("1000", 6)), await swap(1, peper, usdc, parseUnits("777", 18)));
    for (const r of receipts) {
      assert.equal(parseEventLogs({ abi: peperPairAbi, eventName: "Swap", logs: r.logs }).length, 1);
    }
    await index();

    // Expected, from the pair's logs on the whole chain: per UTC day, the swaps' amounts in + out,
    // the swaps, mints and burns, and the reserves after the day's last event.
    const head = await pub.getBlockNumber();
    const events = parseEventLogs({
      abi: peperPairAbi,
      logs: await pub.getLogs({ address: pair, fromBlock: 0n, toBlock: head }),
    });
    const token0 = await pairRead("token0", head);
    const peperIs0 = token0 === peper;
    interface Day {
      volume0: bigint;
      volume1: bigint;
      txns: bigint;
      fees: Rational;
      lastBlock: bigint;
    }
    const days = new Map<bigint, Day>();
    const timestamps = new Map<bigint, bigint>();
    let in0 = 0n;
    let in1 = 0n;
    let sync: { reserve0: bigint; reserve1: bigint } | null = null;
    for (const e of events) {
      const blockNumber = e.blockNumber;
      let ts = timestamps.get(blockNumber);
      if (ts === undefined) {
        ts = (await pub.getBlock({ blockNumber })).timestamp;
        timestamps.set(blockNumber, ts);
      }
      const key = ts / DAY;
      const day = days.get(key) ?? { volume0: 0n, volume1: 0n, txns: 0n, fees: rat(0n), lastBlock: 0n };
      days.set(key, day);
      if (e.eventName === "Sync") sync = { reserve0: e.args.reserve0, reserve1: e.args.reserve1 };
      if (e.eventName === "Sync" || e.eventName === "Mint" || e.eventName === "Burn" || e.eventName === "Swap") {
        day.lastBlock = blockNumber;
      }
      if (e.eventName === "Mint" || e.eventName === "Burn") day.txns += 1n;
      if (e.eventName !== "Swap") continue;
      const a = e.args;
      day.txns += 1n;
      day.volume0 += a.amount0In + a.amount0Out;
      day.volume1 += a.amount1In + a.amount1Out;
      in0 += a.amount0In;
      in1 += a.amount1In;
      // The fee in PEPER: 0.3 % of the inputs; the USDC side at the pool's price after the swap
      // (the Sync just before the Swap), which is how the pool prices USDC (its only PEPER pool).
      assert.ok(sync, "a Sync precedes every Swap");
      const [peperIn, usdcIn] = peperIs0 ? [a.amount0In, a.amount1In] : [a.amount1In, a.amount0In];
      const [peperReserve, usdcReserve] = peperIs0 ? [sync.reserve0, sync.reserve1] : [sync.reserve1, sync.reserve0];
      const feeRate = rat(3n, 1000n);
      const fee = add(
        mul(rat(peperIn), feeRate),
        usdcIn === 0n ? rat(0n) : mul(mul(rat(usdcIn), feeRate), rat(peperReserve, usdcReserve)),
      );
      day.fees = add(day.fees, div(fee, rat(WAD)));
    }
    assert.ok((days.get(dayA)?.txns ?? 0n) >= 3n && (days.get(dayB)?.txns ?? 0n) >= 2n);

    // First principles: every swap paid 0.3 %: its output is getAmountOut with 997/1000 at the
    // reserves before it.
    for (const r of receipts) {
      const [s] = parseEventLogs({ abi: peperPairAbi, eventName: "Swap", logs: r.logs });
      const [reserve0, reserve1] = await pairRead("getReserves", r.blockNumber - 1n);
      const [amountIn, rIn, rOut, out] =
        s!.args.amount0In > 0n
          ? [s!.args.amount0In, reserve0, reserve1, s!.args.amount1Out]
          : [s!.args.amount1In, reserve1, reserve0, s!.args.amount0Out];
      assert.equal(out, (amountIn * 997n * rOut) / (rIn * 1000n + amountIn * 997n), "the output after a 0.3 % fee");
    }

    const { pair: row, pairDayDatas } = await loadPair();
    assert.ok(row);
    assert.deepEqual(
      pairDayDatas.map((d) => BigInt(d.date)),
      [...days.keys()].sort((a, b) => (a < b ? -1 : 1)).map((d) => d * DAY),
      "one PairDayData per day with pair events",
    );
    for (const d of pairDayDatas) {
      const day = days.get(BigInt(d.date) / DAY)!;
      const when = new Date(d.date * 1000).toISOString().slice(0, 10);
      assert.equal(BigInt(d.dailyVolumeToken0), day.volume0, `${when}: token0 volume`);
      assert.equal(BigInt(d.dailyVolumeToken1), day.volume1, `${when}: token1 volume`);
      assert.equal(BigInt(d.dailyTxns), day.txns, `${when}: swaps, mints and burns`);
      const [reserve0, reserve1] = await pairRead("getReserves", day.lastBlock);
      assert.deepEqual([BigInt(d.reserve0), BigInt(d.reserve1)], [reserve0, reserve1], `${when}: reserves`);
      if (day.fees.n === 0n) assert.equal(d.dailyFeesPeper, "0");
      else assertDecimalClose(d.dailyFeesPeper, day.fees, `${when}: fees in PEPER`);
    }
    const total0 = [...days.values()].reduce((s, d) => s + d.volume0, 0n);
    const total1 = [...days.values()].reduce((s, d) => s + d.volume1, 0n);
    assert.deepEqual([BigInt(row.volumeToken0), BigInt(row.volumeToken1)], [total0, total1], "Pair volumes");
    assertDecimalEqual(row.feesToken0, rat(in0 * 3n, 1000n), "Pair.feesToken0 = 0.3 % of token0 in");
    assertDecimalEqual(row.feesToken1, rat(in1 * 3n, 1000n), "Pair.feesToken1 = 0.3 % of token1 in");
  });

  // ---- NFTs -----------------------------------------------------------------------------------------

  it("a sale's royalty and fee: the Sale event's, royaltyInfo's and feeBps', and what the parties were paid", async () => {
    const [collectibles, market, usdc, treasury] = [
      at("Collectibles"),
      at("Marketplace"),
      at("USDC"),
      at("PeperTimelock"),
    ];
    const [bob, carol, dave] = [accounts[1]!.address, accounts[2]!.address, accounts[3]!.address];
    const SALES = `query Sales($tx: Bytes!, $market: String!) {
      sales(where: { transactionHash: $tx }) {
        seller { id } buyer { id } currency price royalty royaltyReceiver fee sellerProceeds source
        listing { listingId status }
      }
      marketplaceVolumes(where: { marketplace: $market }) { currency volume fees royalties saleCount }
      marketplaces { id feeBps treasury }
    }`;
    interface SalesQuery {
      sales: SaleRow[];
      marketplaceVolumes: { currency: string; volume: string; fees: string; royalties: string; saleCount: number }[];
      marketplaces: { id: string; feeBps: string; treasury: string }[];
    }
    const ethBalance = (who: Address, blockNumber: bigint) => pub.getBalance({ address: who, blockNumber });
    const usdcBalance = (who: Address, blockNumber: bigint) =>
      pub.readContract({ address: usdc, abi: demoTokenAbi, functionName: "balanceOf", args: [who], blockNumber });
    const expiry = async () => (await latest()).timestamp + 7n * 86_400n;

    /** The sale's split, checked against the chain; returns what the API must show. */
    const checkSale = async (
      receipt: TransactionReceipt,
      balance: (who: Address, block: bigint) => Promise<bigint>,
      buyerCost: bigint,
    ) => {
      const [sale] = parseEventLogs({ abi: marketplaceAbi, eventName: "Sale", logs: receipt.logs });
      assert.ok(sale, "a Sale event");
      const { seller, buyer, tokenId, price, royalty, royaltyReceiver, fee } = sale.args;
      const block = receipt.blockNumber;
      const feeBps = await pub.readContract({
        address: market,
        abi: marketplaceAbi,
        functionName: "feeBps",
        blockNumber: block,
      });
      assert.equal(fee, (price * feeBps) / 10_000n, "fee = price × feeBps / 10 000");
      const [receiver, owed] = await pub.readContract({
        address: collectibles,
        abi: collectiblesAbi,
        functionName: "royaltyInfo",
        args: [tokenId, price],
        blockNumber: block,
      });
      assert.equal(royaltyReceiver, receiver, "royalty receiver = royaltyInfo's");
      assert.equal(royalty, owed < price - fee ? owed : price - fee, "royalty = royaltyInfo's, capped at price − fee");
      const delta = async (who: Address) => (await balance(who, block)) - (await balance(who, block - 1n));
      const paid = -(await delta(buyer)) - buyerCost;
      assert.equal(paid, price, "the buyer paid the price");
      assert.equal(await delta(treasury), fee, "the treasury got the fee");
      const proceeds = (await delta(seller)) - (seller === receiver ? royalty : 0n);
      if (seller !== receiver) assert.equal(await delta(receiver), royalty, "the creator got the royalty");
      assert.equal(royalty + fee, paid - proceeds, "royalty + fee = what the buyer paid − the seller's proceeds");

      await index();
      const { sales } = await query<SalesQuery>(SALES, { tx: receipt.transactionHash, market: market.toLowerCase() });
      assert.equal(sales.length, 1);
      const row = sales[0]!;
      assert.equal(row.seller.id, seller.toLowerCase());
      assert.equal(row.buyer.id, buyer.toLowerCase());
      assert.deepEqual(
        [BigInt(row.price), BigInt(row.royalty), BigInt(row.fee), BigInt(row.sellerProceeds)],
        [price, royalty, fee, proceeds],
      );
      assert.equal(row.royaltyReceiver, receiver.toLowerCase());
      return row;
    };

    // Bob mints (7.5 % royalty to him) and sells to Carol for 1 ETH through a listing.
    const minted = await mined(
      wallets[1]!.writeContract({
        address: collectibles,
        abi: collectiblesAbi,
        functionName: "mint",
        args: ["bafy-test-art", 750n, 0],
      }),
    );
    const [mint] = parseEventLogs({ abi: collectiblesAbi, eventName: "Minted", logs: minted.logs });
    const tokenId = mint!.args.tokenId;
    for (const who of [1, 2]) {
      await mined(
        wallets[who]!.writeContract({
          address: collectibles,
          abi: collectiblesAbi,
          functionName: "setApprovalForAll",
          args: [market, true],
        }),
      );
    }
    const listed = await mined(
      wallets[1]!.writeContract({
        address: market,
        abi: marketplaceAbi,
        functionName: "list",
        args: [collectibles, tokenId, zeroAddress, parseUnits("1", 18), await expiry()],
      }),
    );
    const listingId = parseEventLogs({ abi: marketplaceAbi, eventName: "Listed", logs: listed.logs })[0]!.args
      .listingId;
    const ethSale = await mined(
      wallets[2]!.writeContract({
        address: market,
        abi: marketplaceAbi,
        functionName: "buy",
        args: [listingId],
        value: parseUnits("1", 18),
      }),
    );
    const gas = ethSale.gasUsed * ethSale.effectiveGasPrice;
    const first = await checkSale(ethSale, ethBalance, gas);
    assert.equal(first.currency, zeroAddress);
    assert.equal(first.source, "Listing");
    assert.deepEqual(first.listing, { listingId: listingId.toString(), status: "Sold" });

    // Carol resells it to Dave for 1,234.56 USDC: the royalty goes to Bob, the proceeds to Carol.
    const relisted = await mined(
      wallets[2]!.writeContract({
        address: market,
        abi: marketplaceAbi,
        functionName: "list",
        args: [collectibles, tokenId, usdc, parseUnits("1234.56", 6), await expiry()],
      }),
    );
    const resaleId = parseEventLogs({ abi: marketplaceAbi, eventName: "Listed", logs: relisted.logs })[0]!.args
      .listingId;
    await approve(3, usdc, market);
    const usdcSale = await mined(
      wallets[3]!.writeContract({ address: market, abi: marketplaceAbi, functionName: "buy", args: [resaleId] }),
    );
    const second = await checkSale(usdcSale, usdcBalance, 0n);
    assert.equal(second.seller.id, carol.toLowerCase());
    assert.equal(second.buyer.id, dave.toLowerCase());
    assert.equal(second.royaltyReceiver, bob.toLowerCase());
    assert.equal(second.currency, usdc.toLowerCase());

    // Totals per currency: the sums of every Sale event on chain; the fee setting is the contract's.
    const head = await pub.getBlockNumber();
    const all = parseEventLogs({
      abi: marketplaceAbi,
      eventName: "Sale",
      logs: await pub.getLogs({ address: market, fromBlock: 0n, toBlock: head }),
    });
    const { marketplaceVolumes, marketplaces } = await query<SalesQuery>(SALES, {
      tx: usdcSale.transactionHash,
      market: market.toLowerCase(),
    });
    for (const currency of [zeroAddress, usdc]) {
      const sales = all.filter((e) => e.args.currency === currency);
      const v = marketplaceVolumes.find((x) => x.currency === currency.toLowerCase());
      assert.ok(v, `volume in ${currency}`);
      assert.deepEqual(
        [BigInt(v.volume), BigInt(v.fees), BigInt(v.royalties), v.saleCount],
        [
          sales.reduce((s, e) => s + e.args.price, 0n),
          sales.reduce((s, e) => s + e.args.fee, 0n),
          sales.reduce((s, e) => s + e.args.royalty, 0n),
          sales.length,
        ],
      );
    }
    const feeBps = await pub.readContract({ address: market, abi: marketplaceAbi, functionName: "feeBps" });
    const feeTo = await pub.readContract({ address: market, abi: marketplaceAbi, functionName: "treasury" });
    assert.deepEqual(marketplaces, [
      { id: market.toLowerCase(), feeBps: feeBps.toString(), treasury: feeTo.toLowerCase() },
    ]);
  });

  // ---- the oracle -----------------------------------------------------------------------------------

  it("an oracle report's signers are exactly the operators who signed, across a ConfigSet", async () => {
    const hub = { address: at("OracleHub"), abi: oracleHubAbi } as const;
    const feed = feedId("price");
    const REPORTS = `query Reports($feed: String!) {
      oracleReports(where: { feed: $feed }, orderBy: round, first: 1000) {
        round signers { id } signerCount signersBitmap configVersion transmitter
      }
      oracleOperators(first: 1000) { id active index reportsSigned }
    }`;
    interface ReportsQuery {
      oracleReports: ReportRow[];
      oracleOperators: { id: string; active: boolean; index: number; reportsSigned: string }[];
    }
    const operatorsNow = () => pub.readContract({ ...hub, functionName: "operators" });
    const expectedSigners = new Map<bigint, Address[]>();

    /** Submits the next round signed by `signers` (accounts indexes), sent by `transmitter`. */
    const submit = async (signers: number[], transmitter: number) => {
      const round = (await pub.readContract({ ...hub, functionName: "lastRound", args: [feed] })) + 1n;
      const configVersion = await pub.readContract({ ...hub, functionName: "configVersion" });
      const report: Report = {
        feedId: feed,
        round,
        observedAt: (await latest()).timestamp - 5n,
        inputsHash: keccak256(stringToHex(`inputs of round ${round}`)),
        payload: encodeAbiParameters([{ type: "int256" }], [10_000_000n + round]),
      };
      const signatures = await Promise.all(
        signers.map((i) =>
          signReport({ account: accounts[i]!, chainId: CHAIN_ID, hub: hub.address, configVersion, report }),
        ),
      );
      const receipt = await mined(
        wallets[transmitter]!.writeContract({ ...hub, functionName: "submit", args: [report, signatures] }),
      );
      // First principles: bit i of the bitmap is operator i of the configuration in force.
      const operators = await operatorsNow();
      const signerAddresses = signers.map((i) => accounts[i]!.address);
      const bitmap = signerAddresses.reduce((b, a) => b | (1n << BigInt(operators.indexOf(a))), 0n);
      const [accepted] = parseEventLogs({ abi: oracleHubAbi, eventName: "ReportAccepted", logs: receipt.logs });
      assert.equal(accepted!.args.signers, bitmap, "the event's bitmap is the signers' indexes");
      assert.equal(BigInt(accepted!.args.configVersion), BigInt(configVersion));
      expectedSigners.set(round, signerAddresses);
      return { round, bitmap, configVersion };
    };

    const check = async () => {
      await index();
      const { oracleReports, oracleOperators } = await query<ReportsQuery>(REPORTS, { feed });
      const logs = parseEventLogs({
        abi: oracleHubAbi,
        eventName: "ReportAccepted",
        logs: await pub.getLogs({ address: hub.address, fromBlock: 0n, toBlock: await pub.getBlockNumber() }),
      });
      assert.deepEqual(
        oracleReports.map((r) => BigInt(r.round)),
        logs.filter((l) => l.args.feedId === feed).map((l) => l.args.round),
      );
      for (const r of oracleReports) {
        const event = logs.find((l) => l.args.feedId === feed && l.args.round === BigInt(r.round))!;
        const signed = expectedSigners.get(BigInt(r.round))!;
        const sorted = (xs: string[]) => xs.map((x) => x.toLowerCase()).sort();
        assert.deepEqual(sorted(r.signers.map((s) => s.id)), sorted(signed), `round ${r.round}: the signers`);
        assert.equal(r.signerCount, signed.length);
        assert.equal(BigInt(r.signersBitmap), event.args.signers);
        assert.equal(BigInt(r.configVersion), BigInt(event.args.configVersion));
        assert.equal(r.transmitter, event.args.transmitter.toLowerCase());
      }
      // Each operator's count of signed reports, and the current configuration's indexes.
      const operators = await operatorsNow();
      for (const o of oracleOperators) {
        const signedBy = [...expectedSigners.values()].filter((s) => s.some((a) => a.toLowerCase() === o.id)).length;
        assert.equal(BigInt(o.reportsSigned), BigInt(signedBy), `reports signed by ${o.id}`);
        const i = operators.findIndex((a) => a.toLowerCase() === o.id);
        assert.deepEqual([o.active, o.index], [i >= 0, i], `${o.id} in the current configuration`);
      }
    };

    // Configuration 1 (the deployment's): operators are accounts 7, 8 and 9, threshold 2.
    assert.deepEqual(
      await operatorsNow(),
      [7, 8, 9].map((i) => accounts[i]!.address),
    );
    assert.equal((await submit([8, 9], 8)).bitmap, 0b110n);
    assert.equal((await submit([9, 7], 0)).bitmap, 0b101n);
    assert.equal((await submit([7, 8, 9], 7)).bitmap, 0b111n);
    await check();

    // The DAO replaces the operators (ConfigSet): 9, 10, 11, 7 — indexes move, 8 leaves.
    const next = [9, 10, 11, 7].map((i) => accounts[i]!.address);
    await passProposal({
      targets: [hub.address],
      values: [0n],
      calldatas: [encodeFunctionData({ abi: oracleHubAbi, functionName: "setConfig", args: [next, 2] })],
      description: "# PIP-T3: rotate the oracle operators",
    });
    assert.deepEqual(await operatorsNow(), next);
    const v2 = await submit([10, 7], 10);
    assert.equal(v2.configVersion, 2);
    assert.equal(v2.bitmap, 0b1010n);
    assert.equal((await submit([11, 9], 3)).bitmap, 0b101n);
    await check();
  });

  // ---- the indexer's state --------------------------------------------------------------------------

  it("no indexing errors, and a restart on the same SQLite file resumes without reindexing", async () => {
    const head = await index();
    const block = await pub.getBlock({ blockNumber: head });
    const META = `{ _meta { block { number hash timestamp } hasIndexingErrors } }`;
    interface MetaQuery {
      _meta: { block: { number: number; hash: string; timestamp: number }; hasIndexingErrors: boolean };
    }
    const { _meta } = await query<MetaQuery>(META);
    assert.deepEqual(_meta, {
      block: { number: Number(head), hash: block.hash, timestamp: Number(block.timestamp) },
      hasIndexingErrors: false,
    });
    assert.equal(logs.filter((r) => r.level === "warn" || r.level === "error").length, 0, JSON.stringify(logs));

    const entities = service!.store.count();
    await service!.close();
    logs.length = 0;
    service = open();
    assert.equal(service.store.count(), entities, "the entities are on disk");
    assert.equal(service.store.meta.cursor?.number, head, "the cursor is on disk");
    // One more block (a swap), then a sync: it indexes only that block, from the cursor.
    await swap(1, at("PeperToken"), at("USDC"), parseUnits("1", 18));
    const next = await index();
    assert.equal(next, head + 1n);
    assert.deepEqual(
      logs.filter((r) => r.msg.includes("reset")),
      [],
      "no reset (a reset wipes the store and reindexes from the start blocks)",
    );
    const indexing = logs.filter((r) => r.msg === "indexing");
    assert.deepEqual(
      indexing.map((r) => [r["from"], r["to"]]),
      [[next.toString(), next.toString()]],
      "resumed after the cursor",
    );
    assert.ok(service.store.count() > entities, "the swap's entities were added");
    assert.equal((await query<MetaQuery>(META))._meta.hasIndexingErrors, false);
  });
});
