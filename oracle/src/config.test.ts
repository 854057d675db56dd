import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

import { ConfigError, loadConfig, parseConfig } from "./config.ts";

const KEY = "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356";
const ops = [
  "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
  "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f",
  "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
];
const file = {
  chainId: 31337,
  hub: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  operators: ops,
  threshold: 2,
  peers: [{ operator: ops[1], url: "http://127.0.0.1:7401" }],
  feeds: ["price"],
  intervalSeconds: 15,
  pricePair: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
  priceBase: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
};
const env = { PEPER_ORACLE_KEY: KEY, PEPER_ORACLE_RPC_URL: "http://127.0.0.1:8545" };

const fails = (f: unknown, e: Record<string, string | undefined>, field: string, text: RegExp) =>
  assert.throws(
    () => parseConfig(f, e),
    (error: unknown) => error instanceof ConfigError && error.field === field && text.test(error.message),
  );

describe("oracle config", () => {
  it("accepts a good file and environment, with defaults", () => {
    const c = parseConfig(file, env);
    assert.equal(c.port, 7400);
    assert.equal(c.leaderTimeoutSeconds, 10);
    assert.equal(c.stateDir, ".peper/oracle");
    assert.equal(c.operators.length, 3);
  });

  it("names the field of a bad value", () => {
    fails({ ...file, hub: "0x1234" }, env, "hub", /address/);
    fails({ ...file, threshold: 4 }, env, "threshold", /must not exceed/);
    fails({ ...file, feeds: ["weather"] }, env, "feeds.0", /./);
    fails({ ...file, peers: [{ operator: ops[1], url: "ftp://x" }] }, env, "peers.0.url", /http/);
    fails({ ...file, intervalSeconds: 0 }, env, "intervalSeconds", /./);
    fails({ ...file, pricePair: undefined }, env, "pricePair", /priceBase are required/);
  });

  it("names a missing or malformed secret without echoing it", () => {
    fails(file, { ...env, PEPER_ORACLE_KEY: undefined }, "PEPER_ORACLE_KEY", /is required/);
    const wrong = "0xdeadbeef";
    assert.throws(
      () => parseConfig(file, { ...env, PEPER_ORACLE_KEY: wrong }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.field === "PEPER_ORACLE_KEY" &&
        !error.message.includes(wrong) &&
        /64 hex digits/.test(error.message),
    );
    fails(file, { ...env, PEPER_ORACLE_PORT: "80" }, "PEPER_ORACLE_PORT", /./);
  });

  it("reports an unreadable or non-JSON file", () => {
    const dir = mkdtempSync(join(tmpdir(), "peper-oracle-"));
    assert.throws(() => loadConfig(join(dir, "missing.json"), env), /missing\.json cannot be read \(ENOENT\)/);
    writeFileSync(join(dir, "bad.json"), "{ nope");
    assert.throws(() => loadConfig(join(dir, "bad.json"), env), /is not valid JSON/);
    writeFileSync(join(dir, "ok.json"), JSON.stringify(file));
    assert.equal(loadConfig(join(dir, "ok.json"), env).chainId, 31337);
  });

  it("a twap portfolio history needs each market's pair, and defaults to the dataset", () => {
    const markets = [
      { asset: ops[0], symbol: "PEPER", history: { source: "dataset", series: "DAX" } },
      { asset: ops[1], symbol: "WETH", history: { source: "dataset", series: "CAC" } },
    ];
    const portfolioFile = { ...file, feeds: ["portfolio"], markets };
    assert.deepEqual(parseConfig(portfolioFile, env).portfolio.history, { source: "dataset" });
    const twap = { source: "twap", periodBlocks: 5 };
    fails({ ...portfolioFile, portfolio: { history: twap } }, env, "markets", /need a pair/);
    const withPairs = markets.map((m) => ({ ...m, pair: file.pricePair }));
    const c = parseConfig({ ...portfolioFile, markets: withPairs, portfolio: { history: twap } }, env);
    assert.deepEqual(c.portfolio.history, twap);
    fails(
      { ...portfolioFile, markets: withPairs, portfolio: { history: { source: "twap", periodBlocks: 0 } } },
      env,
      "portfolio.history.periodBlocks",
      /./,
    );
  });
});
