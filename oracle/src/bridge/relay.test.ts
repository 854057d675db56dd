// Unit tests of the relay's pure parts: scan ranges, backoff, the relay order, signature checks,
// and the `bridge` section of the operator's config.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

import fc from "fast-check";
import {
  BlockNotFoundError,
  hashTypedData,
  serializeSignature,
  parseSignature,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { attestationTypedData, type BridgeMessage } from "../../../offchain/src/protocol/bridge.ts";
import { ConfigError, parseConfig } from "../config.ts";
import {
  backoffMs,
  fromJson,
  isBridgeMessage,
  isGovernanceMessage,
  jsonFile,
  nextRange,
  parseRpcUrls,
  safeHead,
  sameMessage,
  StateFileError,
  stillOnChain,
  toJson,
} from "./common.ts";
import { checkAttestationSignature, relayRank } from "./relay.ts";

const ops: Address[] = [
  "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
  "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f",
  "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
];
const message: BridgeMessage = {
  sequence: 3n,
  srcChainId: 31337n,
  srcManager: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
  dstChainId: 31338n,
  dstManager: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
  sender: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  recipient: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  amount: 10n ** 18n,
};

describe("bridge relay: pure parts", () => {
  it("scans in bounded ranges up to the confirmed head, and never past it", () => {
    assert.deepEqual(nextRange(0n, 2500n, 1000), { from: 0n, to: 999n });
    assert.deepEqual(nextRange(2000n, 2500n, 1000), { from: 2000n, to: 2500n });
    assert.equal(nextRange(2501n, 2500n, 1000), undefined);
    assert.equal(safeHead(100n, 1), 100n);
    assert.equal(safeHead(100n, 3), 98n);
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.integer({ min: 1, max: 5000 }),
        (next, head, max) => {
          const r = nextRange(next, head, max);
          if (head < next) return r === undefined;
          return r !== undefined && r.from === next && r.to <= head && r.to - r.from < BigInt(max) && r.to >= r.from;
        },
      ),
    );
  });

  it("backs off exponentially up to the cap", () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 10, 100].map((a) => backoffMs(a, 500, 8000)),
      [0, 500, 1000, 2000, 4000, 8000, 8000],
    );
  });

  it("gives every operator one distinct turn per message", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const digest = `0x${Buffer.from(bytes).toString("hex")}` as Hex;
        const ranks = ops.map((o) => relayRank(ops, o, digest)).sort();
        return ranks.join() === "0,1,2";
      }),
    );
    assert.equal(relayRank(ops, "0x0000000000000000000000000000000000000001", `0x${"00".repeat(32)}`), 3);
    assert.equal(relayRank(ops, ops[1]!.toLowerCase() as Address, `0x${"00".repeat(31)}01`), 0);
  });

  it("accepts only a current operator's low-s signature over this message", async () => {
    const verifier: Address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    const key = generatePrivateKey();
    const signer = privateKeyToAccount(key);
    const list = [...ops, signer.address];
    const typed = attestationTypedData(message, verifier, 1);
    const hash = hashTypedData(typed);
    const signature = await signer.signTypedData(typed);
    assert.equal(await checkAttestationSignature(hash, signature, list), signer.address);
    // another amount, another digest: recovers someone else
    const lie = await signer.signTypedData(
      attestationTypedData({ ...message, amount: message.amount + 1n }, verifier, 1),
    );
    assert.equal(await checkAttestationSignature(hash, lie, list), undefined);
    // not an operator
    assert.equal(await checkAttestationSignature(hash, signature, ops), undefined);
    // the malleable twin (high s) would make the verifier revert: refused
    const { r, s, yParity } = parseSignature(signature);
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const high = serializeSignature({
      r,
      s: `0x${(n - BigInt(s)).toString(16).padStart(64, "0")}`,
      yParity: 1 - yParity!,
    });
    assert.equal(await checkAttestationSignature(hash, high, list), undefined);
    assert.equal(await checkAttestationSignature(hash, "0x1234", list), undefined);
  });

  it("checks messages read from JSON and compares them field by field", () => {
    const back = fromJson<unknown>(toJson(message));
    assert.ok(isBridgeMessage(back));
    assert.ok(sameMessage(back, { ...message, recipient: message.recipient.toLowerCase() as Address }));
    assert.ok(!sameMessage(back, { ...message, amount: 1n }));
    assert.ok(!isBridgeMessage({ ...message, amount: "1" }));
    assert.ok(!isBridgeMessage({ ...message, recipient: "0x12" }));
  });

  it("checks governance messages read from JSON (every field, every call)", () => {
    const governance = {
      nonce: 1n,
      srcChainId: 31337n,
      srcSender: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
      dstChainId: 31338n,
      dstReceiver: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      targets: ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"],
      values: [0n],
      calldatas: ["0x64d62353000000000000000000000000000000000000000000000000000000000000003c"],
    };
    assert.ok(isGovernanceMessage(fromJson<unknown>(toJson(governance))));
    assert.ok(!isGovernanceMessage({ ...governance, values: ["0"] }));
    assert.ok(!isGovernanceMessage({ ...governance, calldatas: ["0x123"] }));
    assert.ok(!isGovernanceMessage({ ...governance, targets: ["0x12"] }));
    assert.ok(!isGovernanceMessage({ ...governance, dstReceiver: undefined }));
    assert.ok(!isGovernanceMessage(message), "a token message is not a governance message");
  });

  it("keeps state in a file that a restart reads back, and names a corrupt one", () => {
    const dir = mkdtempSync(join(tmpdir(), "peper-bridge-state-"));
    const isState = (v: unknown): v is { n: bigint } => typeof (v as { n?: unknown })?.n === "bigint";
    const file = jsonFile(join(dir, "s.json"), () => ({ n: 0n }), isState);
    file.set({ n: 42n });
    assert.equal(jsonFile(join(dir, "s.json"), () => ({ n: 0n }), isState).get().n, 42n);
    writeFileSync(join(dir, "bad.json"), "{ torn");
    assert.throws(() => jsonFile(join(dir, "bad.json"), () => ({ n: 0n }), isState), StateFileError);
    writeFileSync(join(dir, "other.json"), "{}");
    assert.throws(() => jsonFile(join(dir, "other.json"), () => ({ n: 0n }), isState), /not a state file/);
  });

  it("notices a chain restarted from genesis: the last scanned block is gone or another one", async () => {
    const chain = (blocks: Record<string, Hex>) =>
      ({
        getBlock: ({ blockNumber }: { blockNumber: bigint }) => {
          const hash = blocks[String(blockNumber)];
          return hash ? Promise.resolve({ hash }) : Promise.reject(new BlockNotFoundError({ blockNumber }));
        },
      }) as unknown as PublicClient;
    const anchor = { number: 7n, hash: `0x${"07".repeat(32)}` as Hex };
    assert.equal(await stillOnChain(chain({ "7": anchor.hash }), anchor), true);
    assert.equal(await stillOnChain(chain({ "7": `0x${"08".repeat(32)}` }), anchor), false);
    assert.equal(await stillOnChain(chain({}), anchor), false);
    assert.equal(await stillOnChain(chain({}), undefined), true);
  });

  it("parses chainId=url lists and names a bad entry", () => {
    assert.deepEqual(
      [...parseRpcUrls("31337=http://127.0.0.1:8545, 31338=http://127.0.0.1:8546", "X")],
      [
        [31337, "http://127.0.0.1:8545"],
        [31338, "http://127.0.0.1:8546"],
      ],
    );
    assert.equal(parseRpcUrls(undefined, "X").size, 0);
    assert.throws(() => parseRpcUrls("31337:http://x", "X"), /X: "31337:http:\/\/x" is not chainId=/);
  });
});

describe("operator config: the bridge section", () => {
  const KEY = "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356";
  const env = { PEPER_ORACLE_KEY: KEY, PEPER_ORACLE_RPC_URL: "http://127.0.0.1:8545" };
  const chain = (chainId: number, rpcUrl?: string) => ({
    chainId,
    ...(rpcUrl ? { rpcUrl } : {}),
    manager: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
    operatorVerifier: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  });
  const file = {
    chainId: 31337,
    hub: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    operators: ops,
    threshold: 2,
    peers: [],
    feeds: [],
    intervalSeconds: 15,
    bridge: { chains: [chain(31337, "http://127.0.0.1:8545"), chain(31338, "http://127.0.0.1:8546")] },
  };
  const fails = (f: unknown, e: Record<string, string | undefined>, field: string, text: RegExp) =>
    assert.throws(
      () => parseConfig(f, e),
      (error: unknown) => error instanceof ConfigError && error.field === field && text.test(error.message),
    );

  it("accepts a relaying-only node, with defaults", () => {
    const c = parseConfig(file, env);
    assert.equal(c.feeds.length, 0);
    assert.equal(c.bridge!.chains[1]!.confirmations, 2);
    assert.equal(c.bridge!.maxLogRange, 1000);
  });

  it("relays governance when the home chain names its GovernanceSender and the remote its receiver", () => {
    const sender = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";
    const receiver = "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9";
    const f = {
      ...file,
      bridge: {
        chains: [
          { ...chain(31337, "http://127.0.0.1:8545"), governanceSender: sender },
          { ...chain(31338, "http://127.0.0.1:8546"), governanceReceiver: receiver },
        ],
      },
    };
    const c = parseConfig(f, env);
    assert.equal(c.bridge!.chains[0]!.governanceSender, sender);
    assert.equal(c.bridge!.chains[1]!.governanceReceiver, receiver);
    assert.equal(parseConfig(file, env).bridge!.chains[0]!.governanceSender, undefined);
    fails(
      { ...f, bridge: { chains: [{ ...f.bridge.chains[0], governanceSender: "0x12" }, f.bridge.chains[1]] } },
      env,
      "bridge.chains.0.governanceSender",
      /address/,
    );
  });

  it("takes RPC URLs from PEPER_ORACLE_BRIDGE_RPC_URLS over the file", () => {
    const f = { ...file, bridge: { chains: [chain(31337), chain(31338, "http://127.0.0.1:1")] } };
    const c = parseConfig(f, {
      ...env,
      PEPER_ORACLE_BRIDGE_RPC_URLS: "31337=http://127.0.0.1:9545,31338=http://127.0.0.1:9546",
    });
    assert.deepEqual(
      c.bridge!.chains.map((x) => x.rpcUrl),
      ["http://127.0.0.1:9545", "http://127.0.0.1:9546"],
    );
  });

  it("names the field of a bad bridge value", () => {
    fails({ ...file, bridge: undefined }, env, "feeds", /at least one feed \(or configure bridge relaying\)/);
    fails({ ...file, bridge: { chains: [chain(31337, "http://x")] } }, env, "bridge.chains", /2/);
    fails(
      { ...file, bridge: { chains: [chain(31337), chain(31338, "http://x")] } },
      env,
      "bridge.chains.0.rpcUrl",
      /PEPER_ORACLE_BRIDGE_RPC_URLS/,
    );
    fails(
      { ...file, bridge: { chains: [{ ...chain(31337, "http://x"), manager: "0x12" }, chain(31338, "http://x")] } },
      env,
      "bridge.chains.0.manager",
      /address/,
    );
    fails({ ...file, bridge: { ...file.bridge, confirmations: 3 } }, env, "bridge", /confirmations/);
    fails(
      { ...file, bridge: { ...file.bridge, retryBaseMs: 5000, retryMaxMs: 1000 } },
      env,
      "bridge.retryMaxMs",
      /retryBaseMs/,
    );
    fails(file, { ...env, PEPER_ORACLE_BRIDGE_RPC_URLS: "nope" }, "PEPER_ORACLE_BRIDGE_RPC_URLS", /chainId=/);
  });
});
