// The accountant's pure comparison, property-tested against a model of the bridge: over any honest
// history (transfers between the home chain and remotes and between remotes, delivered in any order,
// some queued), locked ≥ bridged at every step and locked = bridged + in flight + queued exactly; an
// unbacked mint larger than the backing is always a discrepancy. Plus the pause confirmation and the
// configuration.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";

import { ConfigError } from "../config.ts";
import { assess, confirmedDiscrepancy, statusLine, type BridgeLedger } from "./accountant.ts";
import { parseAccountantConfig } from "./config.ts";

const REMOTES = [31338, 31339];
const HOME = 31337;

/** A bridge model: home locks/releases, remotes mint/burn, messages in flight, inbound queues. */
class Model {
  locked = 0n;
  supply = new Map(REMOTES.map((r) => [r, 0n]));
  pending: { dst: number; amount: bigint; queue: boolean }[] = [];
  queued: { dst: number; amount: bigint }[] = [];
  /** Home balances of users (the locked PEPER's owners elsewhere). */
  homeHeld = 10n ** 30n;

  send(src: number, dst: number, amount: bigint, queue: boolean) {
    if (src === dst) return;
    if (src === HOME) {
      if (amount > this.homeHeld) return;
      this.homeHeld -= amount;
      this.locked += amount;
    } else {
      const s = this.supply.get(src)!;
      if (amount > s) return;
      this.supply.set(src, s - amount);
    }
    this.pending.push({ dst, amount, queue });
  }

  release(dst: number, amount: bigint) {
    if (dst === HOME) {
      this.locked -= amount;
      this.homeHeld += amount;
    } else {
      this.supply.set(dst, this.supply.get(dst)! + amount);
    }
  }

  deliver(i: number) {
    const [m] = this.pending.splice(i % this.pending.length, 1);
    if (!m) return;
    if (m.queue) this.queued.push({ dst: m.dst, amount: m.amount });
    else this.release(m.dst, m.amount);
  }

  complete(i: number) {
    const [q] = this.queued.splice(i % this.queued.length, 1);
    if (q) this.release(q.dst, q.amount);
  }

  ledger(): BridgeLedger {
    return {
      locked: this.locked,
      bridged: REMOTES.map((chainId) => ({ chainId, supply: this.supply.get(chainId)! })),
      pending: { count: this.pending.length, amount: this.pending.reduce((s, m) => s + m.amount, 0n) },
      queued: { count: this.queued.length, amount: this.queued.reduce((s, q) => s + q.amount, 0n) },
    };
  }
}

const chain = fc.constantFrom(HOME, ...REMOTES);
const step = fc.oneof(
  fc.record({
    kind: fc.constant("send" as const),
    src: chain,
    dst: chain,
    amount: fc.bigInt({ min: 1n, max: 10n ** 24n }),
    queue: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("deliver" as const), i: fc.nat() }),
  fc.record({ kind: fc.constant("complete" as const), i: fc.nat() }),
);

describe("the accountant's comparison", () => {
  it("finds every honest history in balance, to the wei", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const m = new Model();
        for (const s of steps) {
          if (s.kind === "send") m.send(s.src, s.dst, s.amount, s.queue);
          else if (s.kind === "deliver") m.deliver(s.i);
          else m.complete(s.i);
          const a = assess(m.ledger());
          if (!a.ok || a.unexplained !== 0n || a.backing < 0n) return false;
        }
        return true;
      }),
    );
  });

  it("always finds bridged PEPER minted past the bridge beyond its backing", () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 40 }),
        fc.constantFrom(...REMOTES),
        fc.bigInt({ min: 1n, max: 10n ** 24n }),
        (steps, where, extra) => {
          const m = new Model();
          for (const s of steps) {
            if (s.kind === "send") m.send(s.src, s.dst, s.amount, s.queue);
            else if (s.kind === "deliver") m.deliver(s.i);
            else m.complete(s.i);
          }
          const backing = assess(m.ledger()).backing;
          m.supply.set(where, m.supply.get(where)! + backing + extra); // an unbacked mint
          const a = assess(m.ledger());
          return !a.ok && a.backing === -extra && a.unexplained < 0n;
        },
      ),
    );
  });

  it("pauses only on a discrepancy seen on consecutive checks", () => {
    assert.equal(confirmedDiscrepancy([true, false], 2), false);
    assert.equal(confirmedDiscrepancy([false, true, false], 2), false);
    assert.equal(confirmedDiscrepancy([true, false, false], 2), true);
    assert.equal(confirmedDiscrepancy([false], 1), true);
    assert.equal(confirmedDiscrepancy([], 1), false);
  });

  it("says it in one human line", () => {
    const ledger: BridgeLedger = {
      locked: 1_234_500n * 10n ** 17n,
      bridged: [{ chainId: 31338, supply: 100_000n * 10n ** 18n }],
      pending: { count: 1, amount: 23_450n * 10n ** 18n },
      queued: { count: 0, amount: 0n },
    };
    assert.equal(
      statusLine(ledger, assess(ledger), false),
      "bridge ok: locked 123,450 PEPER ≥ bridged 100,000 PEPER (31338: 100,000 PEPER) · pending 1 (23,450 PEPER) · queued 0 (0 PEPER)",
    );
    const bad = { ...ledger, locked: 99_999n * 10n ** 18n };
    assert.match(
      statusLine(bad, assess(bad), true),
      /^bridge DISCREPANCY: locked 99,999 PEPER < bridged 100,000 PEPER .*short by 1 PEPER.*PAUSED$/,
    );
  });

  it("validates its configuration and names the field", () => {
    const c = (chainId: number, rpcUrl?: string) => ({
      chainId,
      ...(rpcUrl ? { rpcUrl } : {}),
      manager: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    });
    const file = { home: c(31337, "http://127.0.0.1:8545"), remotes: [c(31338)] };
    const ok = parseAccountantConfig(file, { PEPER_ACCOUNTANT_RPC_URLS: "31338=http://127.0.0.1:8546" });
    assert.equal(ok.remotes[0]!.rpcUrl, "http://127.0.0.1:8546");
    assert.equal(ok.confirmChecks, 2);
    assert.equal(ok.guardianKey, undefined);
    const fails = (f: unknown, env: Record<string, string>, field: string) =>
      assert.throws(
        () => parseAccountantConfig(f, env),
        (e: unknown) => e instanceof ConfigError && e.field === field,
      );
    fails(file, {}, "remotes.0.rpcUrl");
    fails({ ...file, remotes: [] }, {}, "remotes");
    fails({ ...file, remotes: [c(31337, "http://x")] }, {}, "remotes");
    fails({ ...file, home: { ...file.home, manager: "0x1" } }, {}, "home.manager");
    fails(
      file,
      { PEPER_ACCOUNTANT_RPC_URLS: "31338=http://x", PEPER_ACCOUNTANT_GUARDIAN_KEY: "0x12" },
      "PEPER_ACCOUNTANT_GUARDIAN_KEY",
    );
  });
});
