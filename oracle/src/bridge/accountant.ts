/**
 * The bridge's accountant (issue 16, item 6). Every block it compares the PEPER locked in the home
 * chain's BridgeManager with the sum of the bridged supplies on the remote chains — the bridge's
 * invariant is locked ≥ bridged, and locked = bridged + in flight + queued exactly — and prints one
 * status line (a JSON log line and a human line). On a discrepancy (locked < bridged, found on
 * `confirmChecks` consecutive checks: reads on two chains are never atomic) it pauses every
 * BridgeManager with the guardian key it was given (GuardianPausable.pause()).
 *
 * Pending (in flight) = messages sent (MessageSent on any manager) and not yet executed on their destination
 * (MessageExecuted); queued = outbound transfers queued and neither sent nor cancelled, and inbound
 * transfers executed into the queue and not yet completed. Both come from the managers' events,
 * scanned in bounded ranges; they are reported, and their difference from the balances
 * ("unexplained") is logged, but only locked < bridged pauses.
 */
import { createServer, type Server } from "node:http";

import {
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  formatUnits,
  http,
  type Address,
  type Hex,
  type LocalAccount,
  type PublicClient,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { DEFAULT_SUBMIT, submitWithReplacement } from "../submit.ts";
import { erc20Abi, firstLine, managerAbi, nextRange, pollLoop, revertName } from "./common.ts";
import type { AccountantChain, AccountantConfig } from "./config.ts";

// ------------------------------------------------------------------------------------ pure part

/** What the accountant reads: balances and supplies, and what its event scan found in flight and queued. */
export interface BridgeLedger {
  /** PEPER held by the home chain's manager. */
  locked: bigint;
  /** Each remote chain's bridged PEPER supply. */
  bridged: readonly { chainId: number; supply: bigint }[];
  pending: { count: number; amount: bigint };
  queued: { count: number; amount: bigint };
}

export interface Assessment {
  /** locked ≥ the sum of the bridged supplies. */
  ok: boolean;
  locked: bigint;
  bridgedTotal: bigint;
  /** locked − bridged: what backs the tokens in flight and queued (negative: unbacked bridged PEPER). */
  backing: bigint;
  /** locked − bridged − in flight − queued: zero when every event was seen (donations make it positive). */
  unexplained: bigint;
}

/** The comparison, pure. */
export function assess(ledger: BridgeLedger): Assessment {
  const bridgedTotal = ledger.bridged.reduce((sum, b) => sum + b.supply, 0n);
  const backing = ledger.locked - bridgedTotal;
  return {
    ok: backing >= 0n,
    locked: ledger.locked,
    bridgedTotal,
    backing,
    unexplained: backing - ledger.pending.amount - ledger.queued.amount,
  };
}

/** Pause only when the last `confirmChecks` assessments all failed (one cross-chain read can race a delivery). */
export function confirmedDiscrepancy(history: readonly boolean[], confirmChecks: number): boolean {
  if (history.length < confirmChecks) return false;
  return history.slice(-confirmChecks).every((ok) => !ok);
}

const PEPER = (wei: bigint): string => {
  const [whole, fraction = ""] = formatUnits(wei, 18).split(".");
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const f = fraction.slice(0, 4).replace(/0+$/, "");
  return `${grouped}${f ? `.${f}` : ""} PEPER`;
};

/** The human status line. */
export function statusLine(ledger: BridgeLedger, a: Assessment, paused: boolean): string {
  const per = ledger.bridged.map((b) => `${b.chainId}: ${PEPER(b.supply)}`).join(", ");
  const flows = `pending ${ledger.pending.count} (${PEPER(ledger.pending.amount)}) · queued ${ledger.queued.count} (${PEPER(ledger.queued.amount)})`;
  const head = a.ok
    ? `bridge ok: locked ${PEPER(a.locked)} ≥ bridged ${PEPER(a.bridgedTotal)} (${per})`
    : `bridge DISCREPANCY: locked ${PEPER(a.locked)} < bridged ${PEPER(a.bridgedTotal)} (${per}), short by ${PEPER(-a.backing)}`;
  return `${head} · ${flows}${paused ? " · managers PAUSED" : ""}`;
}

// ------------------------------------------------------------------------------------- process

export type AccountantLogger = (
  level: "info" | "warn" | "error",
  msg: string,
  fields?: Record<string, unknown>,
) => void;

const jsonReplacer = (_k: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v);

export const accountantLogger: AccountantLogger = (level, msg, fields = {}) =>
  console.log(
    JSON.stringify({ time: new Date().toISOString(), level, role: "accountant", msg, ...fields }, jsonReplacer),
  );

interface Chain {
  config: AccountantChain;
  client: PublicClient;
  wallet: WalletClient | undefined;
  token?: Address;
  next: bigint;
  lastHead?: bigint;
}

export interface AccountantStatus {
  time: string;
  ok: boolean;
  line: string;
  ledger: BridgeLedger;
  assessment: Assessment;
  paused: boolean;
}

export interface Accountant {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** One check now (reads, compares, pauses on a confirmed discrepancy); what it found. */
  check(): Promise<AccountantStatus>;
  last(): AccountantStatus | undefined;
}

export function createAccountant(
  config: AccountantConfig,
  log: AccountantLogger = accountantLogger,
  print: (line: string) => void = (line) => console.log(line),
): Accountant {
  const guardian: LocalAccount | undefined = config.guardianKey ? privateKeyToAccount(config.guardianKey) : undefined;
  const make = (c: AccountantChain): Chain => {
    const transport = http(c.rpcUrl, { retryCount: 1, retryDelay: 300, timeout: 10_000 });
    return {
      config: c,
      client: createPublicClient({ transport }) as PublicClient,
      wallet: guardian ? createWalletClient({ account: guardian, transport }) : undefined,
      next: BigInt(c.fromBlock),
    };
  };
  const home = make(config.home);
  const remotes = config.remotes.map(make);
  const all = [home, ...remotes];
  const sent = new Map<Hex, bigint>();
  const executed = new Set<Hex>();
  const outQueued = new Map<string, bigint>();
  const inQueued = new Map<string, bigint>();
  const history: boolean[] = [];
  let lastStatus: AccountantStatus | undefined;
  let lastPrinted = { line: "", at: 0 };
  let pausedAll = false;
  let server: Server | undefined;

  /** Reads the manager's events up to `head`, in bounded ranges. */
  const scan = async (chain: Chain, head: bigint) => {
    const id = chain.config.chainId;
    for (;;) {
      const range = nextRange(chain.next, head, config.maxLogRange);
      if (!range) break;
      const logs = await chain.client.getContractEvents({
        address: chain.config.manager,
        abi: managerAbi,
        fromBlock: range.from,
        toBlock: range.to,
        strict: true,
      });
      for (const entry of logs) {
        switch (entry.eventName) {
          // a message seen on both sides is settled and forgotten (memory stays bounded by what is in flight)
          case "MessageSent":
            if (!executed.delete(entry.args.digest)) sent.set(entry.args.digest, entry.args.message.amount);
            break;
          case "MessageExecuted":
            if (!sent.delete(entry.args.digest)) executed.add(entry.args.digest);
            break;
          case "OutboundTransferQueued":
            outQueued.set(`${id}:${entry.args.queueId}`, entry.args.amount);
            break;
          case "OutboundQueuedTransferCompleted":
          case "OutboundQueuedTransferCancelled":
            outQueued.delete(`${id}:${entry.args.queueId}`);
            break;
          case "InboundTransferQueued":
            inQueued.set(`${id}:${entry.args.digest}`, entry.args.amount);
            break;
          case "InboundQueuedTransferCompleted":
            inQueued.delete(`${id}:${entry.args.digest}`);
            break;
          default:
            break;
        }
      }
      chain.next = range.to + 1n;
    }
  };

  const tokenOf = async (chain: Chain): Promise<Address> =>
    (chain.token ??= await chain.client.readContract({
      address: chain.config.manager,
      abi: managerAbi,
      functionName: "token",
    }));

  const isPaused = (chain: Chain) =>
    chain.client.readContract({ address: chain.config.manager, abi: managerAbi, functionName: "paused" });

  const pauseAll = async () => {
    if (!guardian) {
      log("error", "discrepancy confirmed but no guardian key (PEPER_ACCOUNTANT_GUARDIAN_KEY): not pausing");
      return;
    }
    let failures = 0;
    for (const chain of all) {
      try {
        if (await isPaused(chain)) continue;
        const data = encodeFunctionData({ abi: managerAbi, functionName: "pause" });
        const { receipt } = await submitWithReplacement(
          chain.client,
          chain.wallet!,
          guardian,
          { to: chain.config.manager, data },
          { ...DEFAULT_SUBMIT, log: (msg, fields) => log("warn", msg, { chainId: chain.config.chainId, ...fields }) },
        );
        if (receipt.status !== "success") throw new Error(`pause transaction ${receipt.transactionHash} reverted`);
        log("error", "BridgeManager paused", {
          chainId: chain.config.chainId,
          manager: chain.config.manager,
          tx: receipt.transactionHash,
        });
      } catch (error) {
        failures++;
        const reason = revertName(error);
        log("error", "could not pause a BridgeManager; retrying next block", {
          chainId: chain.config.chainId,
          error: reason === "GuardianUnauthorized" ? "the key given is not the manager's guardian" : firstLine(error),
        });
      }
    }
    pausedAll = failures === 0;
  };

  const check = async (): Promise<AccountantStatus> => {
    const heads = await Promise.all(all.map((c) => c.client.getBlockNumber()));
    await Promise.all(all.map((c, i) => scan(c, heads[i]!)));
    // Remote supplies first, then what is locked at home (see confirmChecks for the race that remains).
    const bridged = await Promise.all(
      remotes.map(async (c, i) => ({
        chainId: c.config.chainId,
        supply: await c.client.readContract({
          address: await tokenOf(c),
          abi: erc20Abi,
          functionName: "totalSupply",
          blockNumber: heads[i + 1]!,
        }),
      })),
    );
    const locked = await home.client.readContract({
      address: await tokenOf(home),
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [home.config.manager],
      blockNumber: heads[0]!,
    });
    let pendingAmount = 0n;
    let pendingCount = 0;
    for (const amount of sent.values()) {
      pendingCount++;
      pendingAmount += amount;
    }
    const queuedAmounts = [...outQueued.values(), ...inQueued.values()];
    const ledger: BridgeLedger = {
      locked,
      bridged,
      pending: { count: pendingCount, amount: pendingAmount },
      queued: { count: queuedAmounts.length, amount: queuedAmounts.reduce((s, a) => s + a, 0n) },
    };
    const assessment = assess(ledger);
    history.push(assessment.ok);
    if (history.length > 100) history.shift();
    if (confirmedDiscrepancy(history, config.confirmChecks) && !pausedAll) await pauseAll();
    const paused = (await Promise.all(all.map(isPaused))).every(Boolean);
    pausedAll = paused; // the Timelock may unpause: a discrepancy that is still there pauses again
    const status: AccountantStatus = {
      time: new Date().toISOString(),
      ok: assessment.ok,
      line: statusLine(ledger, assessment, paused),
      ledger,
      assessment,
      paused,
    };
    lastStatus = status;
    const now = Date.now();
    if (status.line !== lastPrinted.line || now - lastPrinted.at >= config.heartbeatSeconds * 1000) {
      lastPrinted = { line: status.line, at: now };
      log(assessment.ok ? "info" : "error", "status", {
        ok: assessment.ok,
        locked,
        bridged: Object.fromEntries(bridged.map((b) => [b.chainId, b.supply])),
        bridgedTotal: assessment.bridgedTotal,
        pending: ledger.pending,
        queued: ledger.queued,
        unexplained: assessment.unexplained,
        paused,
        blocks: Object.fromEntries(all.map((c, i) => [c.config.chainId, heads[i]])),
      });
      print(status.line);
    }
    return status;
  };

  const tick = async () => {
    try {
      const heads = await Promise.all(all.map((c) => c.client.getBlockNumber()));
      // every new block on any chain
      if (all.every((c, i) => c.lastHead === heads[i])) return;
      all.forEach((c, i) => (c.lastHead = heads[i]));
      await check();
    } catch (error) {
      log("warn", "check failed; retrying next block", { error: firstLine(error) });
    }
  };

  const poller = pollLoop(tick, config.pollMs);

  return {
    check,
    last: () => lastStatus,
    async start() {
      server = createServer((req, res) => {
        if (req.method === "GET" && req.url === "/health") {
          res.writeHead(lastStatus ? 200 : 503, { "content-type": "application/json" });
          return res.end(JSON.stringify(lastStatus ?? { error: "no check yet" }, jsonReplacer));
        }
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "not found: GET /health" }));
      });
      await new Promise<void>((resolve, reject) => {
        server!.once("error", reject);
        server!.listen(config.port, "127.0.0.1", () => resolve());
      });
      poller.start();
      log("info", "accountant started", {
        port: config.port,
        home: { chainId: config.home.chainId, manager: config.home.manager },
        remotes: config.remotes.map((r) => ({ chainId: r.chainId, manager: r.manager })),
        guardian: guardian?.address ?? null,
      });
    },
    async stop() {
      await poller.stop();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
  };
}
