// The subgraph's mappings against a real local deployment: PeperLocal deployed with Hardhat Ignition
// on an in-process Hardhat chain (served to the indexer over JSON-RPC on 127.0.0.1), the built WASM
// mappings (subgraph/build, from `npm run build`) run by the embedded indexer (subgraph/indexer),
// queried through its GraphQL API. Every expected value comes from the chain (contract reads at the
// block, events decoded from receipts and logs) or from first principles, never from the indexer.
// How it works and why not Matchstick: docs/subgraph-testing.md.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

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
  priceFeedAbi,
} from "../../offchain/src/protocol/generated/abis.ts";
import { OVERVIEW_QUERY, PAIR_DAYS_QUERY } from "../../app/src/data/subgraph.ts";
import { daySeries, dayValues, seriesTotals, type DayEntity } from "../../app/src/lib/analytics.ts";
import { packSignatures, signReport, type Report } from "../../oracle/src/report.ts";
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
  reserve0Raw: string;
  reserve1Raw: string;
  totalSupplyRaw: string;
  reservePeper: string;
  feesToken0: string;
  feesToken1: string;
  volumeToken0Raw: string;
  volumeToken1Raw: string;
  liquidityPositions: { account: Ref; balance: string }[];
}
interface PairDayRow {
  date: number;
  reserve0Raw: string;
  reserve1Raw: string;
  totalSupplyRaw: string;
  dailyVolumeToken0Raw: string;
  dailyVolumeToken1Raw: string;
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

  const open = (): IndexerService => openIndexer(manifestPath, dbPath, rpc!.url, logs);

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
    manifestPath = join(tmp, "subgraph.yaml");
    renderManifest({ futures: futureIds, chainId: CHAIN_ID, deployments: join(tmp, "deployments"), out: manifestPath });

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
      id token0 { id } token1 { id } reserve0Raw reserve1Raw totalSupplyRaw reservePeper
      feesToken0 feesToken1 volumeToken0Raw volumeToken1Raw
      liquidityPositions(where: { balance_gt: "0" }) { account { id } balance }
    }
    pairDayDatas(where: { pair: $pair }, orderBy: date, first: 1000) {
      date reserve0Raw reserve1Raw totalSupplyRaw dailyVolumeToken0Raw dailyVolumeToken1Raw dailyFeesPeper dailyTxns
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
      assert.deepEqual([BigInt(row.reserve0Raw), BigInt(row.reserve1Raw)], [reserve0, reserve1], "Pair reserves");
      assert.equal(BigInt(row.totalSupplyRaw), supply, "Pair LP supply");
      const day = (await pub.getBlock({ blockNumber: block })).timestamp / DAY;
      const today = pairDayDatas.find((d) => BigInt(d.date) === day * DAY);
      assert.ok(today, "a PairDayData for the block's day");
      assert.deepEqual(
        [BigInt(today.reserve0Raw), BigInt(today.reserve1Raw)],
        [reserve0, reserve1],
        "PairDayData reserves",
      );
      assert.equal(BigInt(today.totalSupplyRaw), supply, "PairDayData LP supply");
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
      assert.equal(BigInt(d.dailyVolumeToken0Raw), day.volume0, `${when}: token0 volume`);
      assert.equal(BigInt(d.dailyVolumeToken1Raw), day.volume1, `${when}: token1 volume`);
      assert.equal(BigInt(d.dailyTxns), day.txns, `${when}: swaps, mints and burns`);
      const [reserve0, reserve1] = await pairRead("getReserves", day.lastBlock);
      assert.deepEqual([BigInt(d.reserve0Raw), BigInt(d.reserve1Raw)], [reserve0, reserve1], `${when}: reserves`);
      if (day.fees.n === 0n) assert.equal(d.dailyFeesPeper, "0");
      else assertDecimalClose(d.dailyFeesPeper, day.fees, `${when}: fees in PEPER`);
    }
    const total0 = [...days.values()].reduce((s, d) => s + d.volume0, 0n);
    const total1 = [...days.values()].reduce((s, d) => s + d.volume1, 0n);
    assert.deepEqual([BigInt(row.volumeToken0Raw), BigInt(row.volumeToken1Raw)], [total0, total1], "Pair volumes");
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

  // ---- the oracle's reports (the PriceFeed's answers come from them) -------------------------------

  const hub = () => ({ address: at("OracleHub"), abi: oracleHubAbi }) as const;
  const feed = feedId("price");
  /** The signers of every report submitted by the tests, by round. */
  const expectedSigners = new Map<bigint, Address[]>();
  const operatorsNow = () => pub.readContract({ ...hub(), functionName: "operators" });

  /**
   * Submits the next round of the PEPER/USD feed signed by `signers` (accounts indexes), sent by
   * `transmitter`; the price is 0.1 USD + round × 10^-8 (8 decimals).
   */
  const submit = async (signers: number[], transmitter: number) => {
    const round = (await pub.readContract({ ...hub(), functionName: "lastRound", args: [feed] })) + 1n;
    const configVersion = await pub.readContract({ ...hub(), functionName: "configVersion" });
    const report: Report = {
      feedId: feed,
      round,
      observedAt: (await latest()).timestamp - 5n,
      inputsHash: keccak256(stringToHex(`inputs of round ${round}`)),
      payload: encodeAbiParameters([{ type: "int256" }], [10_000_000n + round]),
    };
    const signed = await Promise.all(
      signers.map(async (i) => ({
        signer: accounts[i]!.address,
        signature: await signReport({
          account: accounts[i]!,
          chainId: CHAIN_ID,
          hub: hub().address,
          configVersion,
          report,
        }),
      })),
    );
    // what the operator node sends: the signer bitmap and compact signatures in bit order
    const packed = packSignatures(await operatorsNow(), signed);
    const receipt = await mined(
      wallets[transmitter]!.writeContract({
        ...hub(),
        functionName: "submit",
        args: [report, packed.signers, packed.signatures],
      }),
    );
    // First principles: bit i of the bitmap is operator i of the configuration in force.
    const operators = await operatorsNow();
    const signerAddresses = signers.map((i) => accounts[i]!.address);
    const bitmap = signerAddresses.reduce((b, a) => b | (1n << BigInt(operators.indexOf(a))), 0n);
    const [accepted] = parseEventLogs({ abi: oracleHubAbi, eventName: "ReportAccepted", logs: receipt.logs });
    assert.equal(accepted!.args.signers, bitmap, "the event's bitmap is the signers' indexes");
    assert.equal(BigInt(accepted!.args.configVersion), BigInt(configVersion));
    expectedSigners.set(round, signerAddresses);
    return { round, bitmap, configVersion, receipt, price: rat(10_000_000n + round, 10n ** 8n) };
  };

  // ---- USD values and the Uniswap v2 subgraph's queries ------------------------------------------

  /** The chain's Swap, Mint and Burn logs of the pair, with each one's block timestamp and the Sync before it. */
  const pairHistory = async () => {
    const head = await pub.getBlockNumber();
    const events = parseEventLogs({
      abi: peperPairAbi,
      logs: await pub.getLogs({ address: pair, fromBlock: 0n, toBlock: head }),
    });
    const out: {
      name: "Swap" | "Mint" | "Burn";
      args: Record<string, bigint>;
      transactionHash: Hash;
      logIndex: number;
      blockNumber: bigint;
      timestamp: bigint;
      sync: { reserve0: bigint; reserve1: bigint };
    }[] = [];
    let sync: { reserve0: bigint; reserve1: bigint } | null = null;
    const timestamps = new Map<bigint, bigint>();
    for (const e of events) {
      if (e.eventName === "Sync") sync = { reserve0: e.args.reserve0, reserve1: e.args.reserve1 };
      if (e.eventName !== "Swap" && e.eventName !== "Mint" && e.eventName !== "Burn") continue;
      assert.ok(sync, "a Sync precedes every Swap, Mint and Burn");
      let ts = timestamps.get(e.blockNumber);
      if (ts === undefined)
        timestamps.set(e.blockNumber, (ts = (await pub.getBlock({ blockNumber: e.blockNumber })).timestamp));
      out.push({
        name: e.eventName,
        args: e.args as unknown as Record<string, bigint>,
        transactionHash: e.transactionHash,
        logIndex: e.logIndex,
        blockNumber: e.blockNumber,
        timestamp: ts,
        sync,
      });
    }
    return out;
  };
  /** Whether PEPER is token0 of the PEPER/USDC pair. */
  const peperIsToken0 = async () => (await pairRead("token0", await pub.getBlockNumber())) === at("PeperToken");
  /**
   * A swap's value in whole PEPER as the subgraph defines it: the mean of both sides, USDC at the
   * pool's price after the swap (the Sync before the Swap event), its only PEPER pool.
   */
  const swapValue = (s: Awaited<ReturnType<typeof pairHistory>>[number], peperIs0: boolean): Rational => {
    const a = s.args;
    const [peperAmount, usdcAmount] = peperIs0
      ? [a["amount0In"]! + a["amount0Out"]!, a["amount1In"]! + a["amount1Out"]!]
      : [a["amount1In"]! + a["amount1Out"]!, a["amount0In"]! + a["amount0Out"]!];
    const [peperReserve, usdcReserve] = peperIs0
      ? [s.sync.reserve0, s.sync.reserve1]
      : [s.sync.reserve1, s.sync.reserve0];
    const usdcValue = mul(rat(usdcAmount), rat(peperReserve, usdcReserve));
    return div(add(rat(peperAmount), usdcValue), rat(2n * WAD));
  };
  /** The pair's TVL in whole PEPER at a block: twice its PEPER reserve (USDC priced by the pool). */
  const tvlAt = async (block: bigint, peperIs0: boolean): Promise<Rational> => {
    const [r0, r1] = await pairRead("getReserves", block);
    return rat(2n * (peperIs0 ? r0 : r1), WAD);
  };

  it("USD day and pair series when the oracle's first answer comes after the pairs, mints and swaps (npm start's order)", async () => {
    const SERIES = `{
      protocol(id: "0x01") { peperPriceUSD totalVolumeUSD totalLiquidityUSD }
      peperDayDatas(first: 1000, orderBy: date) {
        date dailyVolumePeper dailyVolumeUSD dailyFeesPeper dailyFeesUSD totalLiquidityPeper totalLiquidityUSD peperPriceUSD
      }
      pairDayDatas(first: 1000, orderBy: date) { date reservePeper reserveUSD dailyVolumePeper dailyVolumeUSD }
      pairs { reservePeper reserveUSD volumePeper volumeUSD }
      swaps(first: 1000) { id amountPeper amountUSD }
    }`;
    interface Day {
      date: number;
      dailyVolumePeper: string;
      dailyVolumeUSD: string;
      dailyFeesPeper: string;
      dailyFeesUSD: string;
      totalLiquidityPeper: string;
      totalLiquidityUSD: string;
      peperPriceUSD: string;
    }
    interface Series {
      protocol: { peperPriceUSD: string; totalVolumeUSD: string; totalLiquidityUSD: string };
      peperDayDatas: Day[];
      pairDayDatas: {
        date: number;
        reservePeper: string;
        reserveUSD: string;
        dailyVolumePeper: string;
        dailyVolumeUSD: string;
      }[];
      pairs: { reservePeper: string; reserveUSD: string; volumePeper: string; volumeUSD: string }[];
      swaps: { id: string; amountPeper: string; amountUSD: string }[];
    }
    await index();
    // As in `npm start`: the pair was created, funded and traded before the PriceFeed's first answer.
    const early = await query<Series>(SERIES);
    assert.equal(early.protocol.peperPriceUSD, "0", "no PEPER/USD answer yet");
    assert.ok(early.swaps.length >= 5, "swaps before the first answer");
    assert.ok(early.peperDayDatas.every((d) => d.dailyVolumeUSD === "0" && d.totalLiquidityUSD === "0"));

    // The first answer.
    const { price, receipt } = await submit([7, 8], 7);
    const [answered] = parseEventLogs({ abi: priceFeedAbi, eventName: "AnswerUpdated", logs: receipt.logs });
    assert.ok(answered, "the report updated the PriceFeed");
    assert.equal(answered.args.answer, price.n, "the price, 8 decimals");
    const answerDay = (await pub.getBlock({ blockNumber: receipt.blockNumber })).timestamp / DAY;
    await index();
    const peperIs0 = await peperIsToken0();
    const history = await pairHistory();
    const series = await query<Series>(SERIES);
    assertDecimalEqual(series.protocol.peperPriceUSD, price, "Protocol.peperPriceUSD");

    // Each day: volume in USD = the day's swaps valued in PEPER at the pool's price, times the first
    // answer (every swap came before it); TVL in USD = twice the PEPER reserve after the day's last
    // event times the price (the first answer was the day's last update for every day).
    const byDay = new Map<bigint, { volume: Rational; lastBlock: bigint }>();
    for (const e of history) {
      const day = byDay.get(e.timestamp / DAY) ?? { volume: rat(0n), lastBlock: 0n };
      byDay.set(e.timestamp / DAY, day);
      day.lastBlock = e.blockNumber;
      if (e.name === "Swap") day.volume = add(day.volume, swapValue(e, peperIs0));
    }
    assert.ok([...byDay.values()].filter((d) => d.volume.n > 0n).length >= 2, "swaps on two days at least");
    for (const d of series.peperDayDatas) {
      const key = BigInt(d.date) / DAY;
      const when = new Date(d.date * 1000).toISOString().slice(0, 10);
      const expected = byDay.get(key);
      if (!expected) {
        assert.equal(d.dailyVolumePeper, "0", `${when}: no AMM event, no volume`);
        continue;
      }
      assertDecimalClose(d.dailyVolumePeper, expected.volume, `${when}: volume in PEPER`);
      if (expected.volume.n > 0n) {
        assert.notEqual(d.dailyVolumeUSD, "0", `${when}: volume in USD`);
        assertDecimalClose(d.dailyVolumeUSD, mul(expected.volume, price), `${when}: volume in USD`);
        assertDecimalClose(d.dailyFeesUSD, mul(parseDecimal(d.dailyFeesPeper), price), `${when}: fees in USD`);
      }
      const lastBlock = key === answerDay ? receipt.blockNumber : expected.lastBlock;
      const tvl = await tvlAt(lastBlock, peperIs0);
      assertDecimalClose(d.totalLiquidityPeper, tvl, `${when}: TVL in PEPER`);
      assert.notEqual(d.totalLiquidityUSD, "0", `${when}: TVL in USD`);
      assertDecimalClose(d.totalLiquidityUSD, mul(tvl, price), `${when}: TVL in USD`);
      assertDecimalEqual(d.peperPriceUSD, price, `${when}: the day's price`);
    }
    const tvlNow = await tvlAt(receipt.blockNumber, peperIs0);
    assertDecimalClose(series.protocol.totalLiquidityUSD, mul(tvlNow, price), "Protocol.totalLiquidityUSD");
    const volume = [...byDay.values()].reduce((s, d) => add(s, d.volume), rat(0n));
    assertDecimalClose(series.protocol.totalVolumeUSD, mul(volume, price), "Protocol.totalVolumeUSD");

    // The pair's days, the pair and every swap: valued at the first answer too.
    for (const d of series.pairDayDatas) {
      const expected = byDay.get(BigInt(d.date) / DAY)!;
      assertDecimalClose(d.reserveUSD, mul(await tvlAt(expected.lastBlock, peperIs0), price), `PairDayData ${d.date}`);
      assertDecimalClose(d.dailyVolumeUSD, mul(parseDecimal(d.dailyVolumePeper), price), `PairDayData ${d.date}`);
    }
    const [pairRow] = series.pairs;
    assert.ok(pairRow && pairRow.reserveUSD !== "0" && pairRow.volumeUSD !== "0");
    assertDecimalClose(pairRow.volumeUSD, mul(volume, price), "Pair.volumeUSD");
    assertDecimalClose(pairRow.reserveUSD, mul(parseDecimal(pairRow.reservePeper), price), "Pair.reserveUSD");
    for (const s of series.swaps) {
      assert.notEqual(s.amountUSD, "0", `swap ${s.id} in USD`);
      assertDecimalClose(s.amountUSD, mul(parseDecimal(s.amountPeper), price), `swap ${s.id} in USD`);
    }

    // What /analytics shows: the dApp's own queries and series transforms over this subgraph.
    const overview = await query<{ peperDayDatas: DayEntity[]; protocol: { totalLiquidityUSD: string } }>(
      OVERVIEW_QUERY,
      { weth: at("WETH9").toLowerCase() },
    );
    const tvlSeries = daySeries(overview.peperDayDatas.map((d) => dayValues(d, "USD")));
    assert.ok(tvlSeries.length > 0 && tvlSeries.every((p) => p.tvl > 0), "the TVL chart is positive every day");
    const header = Number(overview.protocol.totalLiquidityUSD);
    assert.ok(Math.abs(tvlSeries.at(-1)!.tvl - header) <= header * 1e-12, "the chart's last day is the header's TVL");
    assert.ok(seriesTotals(tvlSeries).volume > 0, "the volume chart has volume");
    const pairDays = await query<{ pairDayDatas: DayEntity[] }>(PAIR_DAYS_QUERY, { pair: pair.toLowerCase() });
    const pairSeries = daySeries(pairDays.pairDayDatas.map((d) => dayValues(d, "USD")));
    assert.ok(pairSeries.every((p) => p.tvl > 0) && seriesTotals(pairSeries).volume > 0, "the pair chart");
  });

  it("the Uniswap v2 subgraph's usual queries, unchanged, answer the chain's numbers", async () => {
    const [peper, usdc, router, factory] = [at("PeperToken"), at("USDC"), at("PeperRouter"), at("PeperFactory")];
    // One more swap, now that a price is in force (valued as it happens, not later).
    await approve(2, usdc, router);
    await swap(2, usdc, peper, parseUnits("321", 6));
    const head = await index();
    const peperIs0 = await peperIsToken0();
    const history = await pairHistory();
    const swaps = history.filter((e) => e.name === "Swap");
    const price = parseDecimal(
      (await query<{ protocol: { peperPriceUSD: string } }>(`{ protocol(id: "0x01") { peperPriceUSD } }`)).protocol
        .peperPriceUSD,
    );
    assert.ok(price.n > 0n);
    const erc20 = async (token: Address, blockNumber: bigint) => {
      const read = <F extends "symbol" | "name" | "decimals" | "totalSupply">(functionName: F) =>
        pub.readContract({ address: token, abi: demoTokenAbi, functionName, blockNumber });
      return {
        symbol: await read("symbol"),
        name: await read("name"),
        decimals: BigInt(await read("decimals")),
        totalSupply: await read("totalSupply"),
      };
    };
    const created = (await pub.getLogs({ address: factory, fromBlock: 0n, toBlock: head })).length;
    assert.ok(created >= 1);
    const pairCreatedBlock = parseEventLogs({
      abi: peperFactoryAbi,
      eventName: "PairCreated",
      logs: await pub.getLogs({ address: factory, fromBlock: 0n, toBlock: head }),
    }).find((l) => l.args.pair === pair)!.blockNumber;
    const [token0, token1] = peperIs0 ? [peper, usdc] : [usdc, peper];
    const meta0 = await erc20(token0, pairCreatedBlock);
    const meta1 = await erc20(token1, pairCreatedBlock);
    const whole = (raw: bigint, decimals: bigint) => rat(raw, 10n ** decimals);
    const [reserve0, reserve1] = await pairRead("getReserves", head);
    const lpSupply = await pairRead("totalSupply", head);
    const tvl = await tvlAt(head, peperIs0);
    const valueAll = swaps.reduce((s, e) => add(s, swapValue(e, peperIs0)), rat(0n));

    // 1. Top pairs by liquidity (Uniswap Info's pairs list).
    const { pairs } = await query<{
      pairs: {
        id: string;
        token0: { id: string; symbol: string; name: string; decimals: string; derivedETH: string };
        token1: { id: string; symbol: string; name: string; decimals: string; derivedETH: string };
        reserve0: string;
        reserve1: string;
        reserveUSD: string;
        reserveETH: string;
        trackedReserveETH: string;
        token0Price: string;
        token1Price: string;
        volumeUSD: string;
        untrackedVolumeUSD: string;
        txCount: string;
        totalSupply: string;
        volumeToken0: string;
        volumeToken1: string;
        createdAtTimestamp: string;
        createdAtBlockNumber: string;
      }[];
    }>(`query pairs {
      pairs(first: 10, orderBy: reserveUSD, orderDirection: desc) {
        id
        token0 { id symbol name decimals derivedETH }
        token1 { id symbol name decimals derivedETH }
        reserve0 reserve1 reserveUSD reserveETH trackedReserveETH token0Price token1Price
        volumeUSD untrackedVolumeUSD txCount totalSupply volumeToken0 volumeToken1
        createdAtTimestamp createdAtBlockNumber
      }
    }`);
    const row = pairs.find((p) => p.id === pair.toLowerCase());
    assert.ok(row, "the PEPER/USDC pair is listed");
    assert.deepEqual(
      [
        row.token0.symbol,
        row.token0.name,
        row.token0.decimals,
        row.token1.symbol,
        row.token1.name,
        row.token1.decimals,
      ],
      [meta0.symbol, meta0.name, String(meta0.decimals), meta1.symbol, meta1.name, String(meta1.decimals)],
      "symbols, names and decimals are the tokens'",
    );
    assertDecimalEqual(row.reserve0, whole(reserve0, meta0.decimals), "reserve0 in whole tokens");
    assertDecimalEqual(row.reserve1, whole(reserve1, meta1.decimals), "reserve1 in whole tokens");
    assertDecimalEqual(row.totalSupply, whole(lpSupply, 18n), "LP supply in whole tokens");
    assertDecimalClose(
      row.token0Price,
      div(whole(reserve0, meta0.decimals), whole(reserve1, meta1.decimals)),
      "token0Price",
    );
    assertDecimalClose(
      row.token1Price,
      div(whole(reserve1, meta1.decimals), whole(reserve0, meta0.decimals)),
      "token1Price",
    );
    assertDecimalClose(row.reserveETH, tvl, "reserveETH (in PEPER)");
    assertDecimalClose(row.trackedReserveETH, tvl, "trackedReserveETH");
    assertDecimalClose(row.reserveUSD, mul(tvl, price), "reserveUSD");
    assertDecimalClose(row.volumeUSD, mul(valueAll, price), "volumeUSD");
    assert.equal(row.untrackedVolumeUSD, row.volumeUSD);
    assert.equal(BigInt(row.txCount), BigInt(history.length), "txCount: swaps, mints and burns");
    const sum = (pick: (e: (typeof swaps)[number]) => bigint) => swaps.reduce((s, e) => s + pick(e), 0n);
    const volume0 = sum((e) => e.args["amount0In"]! + e.args["amount0Out"]!);
    const volume1 = sum((e) => e.args["amount1In"]! + e.args["amount1Out"]!);
    assertDecimalEqual(row.volumeToken0, whole(volume0, meta0.decimals), "volumeToken0");
    assertDecimalEqual(row.volumeToken1, whole(volume1, meta1.decimals), "volumeToken1");
    assert.equal(BigInt(row.createdAtBlockNumber), pairCreatedBlock);
    assert.equal(BigInt(row.createdAtTimestamp), (await pub.getBlock({ blockNumber: pairCreatedBlock })).timestamp);

    // 2. A token by id with its price in the numeraire (derivedETH) and the Bundle's ethPrice.
    // As Uniswap Info writes it: the address inlined, the token's pairs on either side.
    const tokenQuery = (id: string) => `query tokens {
      tokens(where: { id: "${id}" }) {
        id name symbol decimals totalSupply derivedETH tradeVolume tradeVolumeUSD untrackedVolumeUSD totalLiquidity txCount
      }
      pairs0: pairs(where: { token0: "${id}" }, first: 50, orderBy: reserveUSD, orderDirection: desc) { id }
      pairs1: pairs(where: { token1: "${id}" }, first: 50, orderBy: reserveUSD, orderDirection: desc) { id }
      bundle(id: "1") { ethPrice }
    }`;
    interface TokenRow {
      tokens: {
        symbol: string;
        decimals: string;
        totalSupply: string;
        derivedETH: string;
        tradeVolume: string;
        tradeVolumeUSD: string;
        totalLiquidity: string;
        txCount: string;
      }[];
      pairs0: { id: string }[];
      pairs1: { id: string }[];
      bundle: { ethPrice: string };
    }
    const usdcResult = await query<TokenRow>(tokenQuery(usdc.toLowerCase()));
    const peperResult = await query<TokenRow>(tokenQuery(peper.toLowerCase()));
    const usdcRow = { token: usdcResult.tokens[0]!, bundle: usdcResult.bundle };
    const peperRow = { token: peperResult.tokens[0]! };
    assert.deepEqual(
      [...usdcResult.pairs0, ...usdcResult.pairs1].map((p) => p.id),
      [pair.toLowerCase()],
      "USDC's pairs",
    );
    const [peperReserve, usdcReserve] = peperIs0 ? [reserve0, reserve1] : [reserve1, reserve0];
    const usdcMeta = peperIs0 ? meta1 : meta0;
    assertDecimalEqual(usdcRow.bundle.ethPrice, price, "Bundle.ethPrice: USD per PEPER");
    assert.equal(peperRow.token.derivedETH, "1");
    // whole PEPER per whole USDC, at the pool's price
    const usdcInPeper = div(rat(peperReserve, WAD), whole(usdcReserve, usdcMeta.decimals));
    assertDecimalClose(usdcRow.token.derivedETH, usdcInPeper, "USDC derivedETH");
    assert.equal(usdcRow.token.symbol, usdcMeta.symbol);
    assert.equal(usdcRow.token.totalSupply, String(usdcMeta.totalSupply), "totalSupply at the first pair's creation");
    assertDecimalEqual(
      usdcRow.token.totalLiquidity,
      whole(usdcReserve, usdcMeta.decimals),
      "totalLiquidity (its only pair)",
    );
    assertDecimalEqual(
      usdcRow.token.tradeVolume,
      whole(peperIs0 ? volume1 : volume0, usdcMeta.decimals),
      "tradeVolume in whole tokens",
    );
    assert.notEqual(usdcRow.token.tradeVolumeUSD, "0");
    assert.equal(BigInt(usdcRow.token.txCount), BigInt(history.length));

    // 3. The factory's totals.
    const { uniswapFactories } = await query<{
      uniswapFactories: {
        id: string;
        pairCount: number;
        totalVolumeUSD: string;
        totalVolumeETH: string;
        untrackedVolumeUSD: string;
        totalLiquidityUSD: string;
        totalLiquidityETH: string;
        txCount: string;
      }[];
    }>(`{
      uniswapFactories(first: 1) {
        id pairCount totalVolumeUSD totalVolumeETH untrackedVolumeUSD totalLiquidityUSD totalLiquidityETH txCount
      }
    }`);
    const [f] = uniswapFactories;
    assert.ok(f);
    assert.equal(f.id, factory.toLowerCase());
    assert.equal(
      BigInt(f.pairCount),
      await pub.readContract({ address: factory, abi: peperFactoryAbi, functionName: "allPairsLength" }),
    );
    assert.equal(BigInt(f.txCount), BigInt(history.length), "its only pair's swaps, mints and burns");
    assertDecimalClose(f.totalVolumeETH, valueAll, "totalVolumeETH (in PEPER)");
    assertDecimalClose(f.totalVolumeUSD, mul(valueAll, price), "totalVolumeUSD");
    assert.equal(f.untrackedVolumeUSD, f.totalVolumeUSD);
    assertDecimalClose(f.totalLiquidityETH, tvl, "totalLiquidityETH (in PEPER)");
    assertDecimalClose(f.totalLiquidityUSD, mul(tvl, price), "totalLiquidityUSD");

    // 4. A pair's daily data (Uniswap Info's pair chart).
    const { pairDayDatas } = await query<{
      pairDayDatas: {
        date: number;
        dailyVolumeToken0: string;
        dailyVolumeToken1: string;
        dailyVolumeUSD: string;
        reserve0: string;
        reserve1: string;
        reserveUSD: string;
        totalSupply: string;
        dailyTxns: string;
      }[];
    }>(
      `query pairDayDatas($pairAddress: Bytes!) {
        pairDayDatas(first: 1000, orderBy: date, orderDirection: asc, where: { pairAddress: $pairAddress }) {
          id date dailyVolumeToken0 dailyVolumeToken1 dailyVolumeUSD reserveUSD reserve0 reserve1 totalSupply dailyTxns
        }
      }`,
      { pairAddress: pair.toLowerCase() },
    );
    const days = [...new Set(history.map((e) => e.timestamp / DAY))];
    assert.deepEqual(
      pairDayDatas.map((d) => BigInt(d.date) / DAY),
      days,
    );
    for (const d of pairDayDatas) {
      const events = history.filter((e) => e.timestamp / DAY === BigInt(d.date) / DAY);
      const daySwaps = events.filter((e) => e.name === "Swap");
      const v0 = daySwaps.reduce((s, e) => s + e.args["amount0In"]! + e.args["amount0Out"]!, 0n);
      const v1 = daySwaps.reduce((s, e) => s + e.args["amount1In"]! + e.args["amount1Out"]!, 0n);
      assertDecimalEqual(d.dailyVolumeToken0, whole(v0, meta0.decimals), `${d.date}: dailyVolumeToken0`);
      assertDecimalEqual(d.dailyVolumeToken1, whole(v1, meta1.decimals), `${d.date}: dailyVolumeToken1`);
      assert.equal(BigInt(d.dailyTxns), BigInt(events.length), `${d.date}: dailyTxns`);
      const last = events.at(-1)!.blockNumber;
      const [r0, r1] = await pairRead("getReserves", last);
      assertDecimalEqual(d.reserve0, whole(r0, meta0.decimals), `${d.date}: reserve0`);
      assertDecimalEqual(d.reserve1, whole(r1, meta1.decimals), `${d.date}: reserve1`);
      assertDecimalEqual(d.totalSupply, whole(await pairRead("totalSupply", last), 18n), `${d.date}: totalSupply`);
      const dayValue = daySwaps.reduce((s, e) => add(s, swapValue(e, peperIs0)), rat(0n));
      if (dayValue.n > 0n) assertDecimalClose(d.dailyVolumeUSD, mul(dayValue, price), `${d.date}: dailyVolumeUSD`);
      assertDecimalClose(d.reserveUSD, mul(await tvlAt(last, peperIs0), price), `${d.date}: reserveUSD`);
    }

    // 5. Recent swaps with their USD value (Uniswap Info's transactions table).
    const { swaps: swapRows } = await query<{
      swaps: {
        id: string;
        transaction: { id: string; timestamp: string };
        pair: { token0: { id: string; symbol: string }; token1: { id: string; symbol: string } };
        amount0In: string;
        amount0Out: string;
        amount1In: string;
        amount1Out: string;
        amountUSD: string;
        to: string;
        sender: string;
        logIndex: string;
      }[];
    }>(
      `query swaps($allPairs: [String!]) {
        swaps(first: 100, where: { pair_in: $allPairs }, orderBy: timestamp, orderDirection: desc) {
          transaction { id timestamp }
          id
          pair { token0 { id symbol } token1 { id symbol } }
          amount0In amount0Out amount1In amount1Out amountUSD to sender logIndex
        }
      }`,
      { allPairs: [pair.toLowerCase()] },
    );
    assert.equal(swapRows.length, swaps.length, "every swap");
    for (const s of swaps) {
      const r = swapRows.find(
        (x) => x.transaction.id === s.transactionHash && BigInt(x.logIndex) === BigInt(s.logIndex),
      );
      assert.ok(r, `swap ${s.transactionHash}`);
      assert.equal(BigInt(r.transaction.timestamp), s.timestamp);
      assertDecimalEqual(r.amount0In, whole(s.args["amount0In"]!, meta0.decimals), "amount0In");
      assertDecimalEqual(r.amount0Out, whole(s.args["amount0Out"]!, meta0.decimals), "amount0Out");
      assertDecimalEqual(r.amount1In, whole(s.args["amount1In"]!, meta1.decimals), "amount1In");
      assertDecimalEqual(r.amount1Out, whole(s.args["amount1Out"]!, meta1.decimals), "amount1Out");
      assert.notEqual(r.amountUSD, "0");
      assertDecimalClose(r.amountUSD, mul(swapValue(s, peperIs0), price), "amountUSD");
      assert.equal(r.pair.token0.symbol, meta0.symbol);
    }
    assert.deepEqual(
      swapRows.map((r) => BigInt(r.transaction.timestamp)),
      [...swapRows.map((r) => BigInt(r.transaction.timestamp))].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)),
      "newest first",
    );

    // 6. A token's daily data.
    const { tokenDayDatas } = await query<{
      tokenDayDatas: { date: number; priceUSD: string; dailyVolumeToken: string; totalLiquidityToken: string }[];
    }>(
      `query tokenDayDatas($tokenAddr: String!) {
        tokenDayDatas(first: 1000, orderBy: date, orderDirection: asc, where: { token: $tokenAddr }) {
          id date priceUSD totalLiquidityToken totalLiquidityUSD totalLiquidityETH dailyVolumeETH dailyVolumeToken dailyVolumeUSD
        }
      }`,
      { tokenAddr: usdc.toLowerCase() },
    );
    assert.deepEqual(
      tokenDayDatas.map((d) => BigInt(d.date) / DAY),
      days,
    );
    const today = tokenDayDatas.at(-1)!;
    assertDecimalClose(today.priceUSD, mul(usdcInPeper, price), "USDC's USD price today");
    assertDecimalEqual(today.totalLiquidityToken, whole(usdcReserve, usdcMeta.decimals), "USDC liquidity today");
  });

  // ---- the oracle -----------------------------------------------------------------------------------

  it("an oracle report's signers are exactly the operators who signed, across a ConfigSet", async () => {
    const hub = { address: at("OracleHub"), abi: oracleHubAbi } as const;
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
