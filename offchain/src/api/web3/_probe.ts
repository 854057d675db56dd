import { readFileSync } from "node:fs";
import { createPublicClient, createWalletClient, http, encodeFunctionData, parseAbi, keccak256, encodeAbiParameters, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { DEV_KEYS, startChain } from "../../../../oracle/test/chain.ts";

const t0 = Date.now();
const chain = await startChain();
console.log("started", Date.now() - t0);
try {
  const transport = http(chain.url);
  const client = createPublicClient({ transport });
  const dep = createWalletClient({ account: privateKeyToAccount(DEV_KEYS[0]), transport });
  const art = (p: string) => JSON.parse(readFileSync(`/work/main/artifacts/contracts/src/${p}`, "utf8")) as { abi: unknown[]; bytecode: Hex };
  const deploy = async (p: string, args: unknown[]) => {
    const { abi, bytecode } = art(p);
    const hash = await dep.deployContract({ abi, bytecode, args, chain: null });
    return (await client.waitForTransactionReceipt({ hash })).contractAddress!;
  };
  const user = privateKeyToAccount(DEV_KEYS[1]).address;
  const tok = await deploy("demo/DemoToken.sol/DemoToken.json", ["T", "T", 18, [user], [10n ** 24n]]);
  const pool = await deploy("defi/StakingPool.sol/StakingPool.json", [dep.account.address, dep.account.address, tok, tok]);
  const data = encodeFunctionData({ abi: parseAbi(["function stake(uint256)"]), functionName: "stake", args: [10n ** 18n] });
  try { await client.estimateGas({ account: user, to: pool, data }); } catch (e) { console.log("no override fails:", (e as Error).message.split("\n")[0]); }
  {
    const inner = keccak256(encodeAbiParameters([{ type: "address" }, { type: "uint256" }], [user, 1n]));
    const slot = keccak256(encodeAbiParameters([{ type: "address" }, { type: "bytes32" }], [pool, inner]));
    const val = `0x${(10n ** 18n).toString(16).padStart(64, "0")}` as Hex;
    const ok = async (gas: bigint) => { try { await client.call({ account: user, to: pool, data, gas, stateOverride: [{ address: tok, stateDiff: [{ slot, value: val }] }] }); return true; } catch (e) { return false; } };
    let lo = 21000n, hi = 30_000_000n; let n = 0;
    console.log("ok at hi", await ok(hi), "ok at 21000", await ok(21000n));
    while (hi - lo > 1n) { const mid = (lo + hi) / 2n; n++; if (await ok(mid)) hi = mid; else lo = mid; }
    console.log("binary search", hi, n);
    const snap = await client.request({ method: "evm_snapshot" as never }) as unknown as string;
    const uw = createWalletClient({ account: privateKeyToAccount(DEV_KEYS[1]), transport });
    const h = await uw.writeContract({ address: tok, abi: parseAbi(["function approve(address,uint256) returns (bool)"]), functionName: "approve", args: [pool, 10n ** 18n], chain: null });
    await client.waitForTransactionReceipt({ hash: h });
    console.log("real estimate", await client.estimateGas({ account: user, to: pool, data }));
    let lo2 = 21000n, hi2 = 30_000_000n;
    const ok2 = async (gas: bigint) => { try { await client.call({ account: user, to: pool, data, gas }); return true; } catch { return false; } };
    while (hi2 - lo2 > 1n) { const mid = (lo2 + hi2) / 2n; if (await ok2(mid)) hi2 = mid; else lo2 = mid; }
    console.log("binary search real", hi2);
    const h2 = await uw.sendTransaction({ to: pool, data, chain: null, gas: hi });
    const r = await client.waitForTransactionReceipt({ hash: h2 });
    console.log("sent with gas", hi, r.status, "used", r.gasUsed);
    try { console.log(await client.request({ method: "eth_simulateV1" as never, params: [{ blockStateCalls: [] }, "latest"] as never })); } catch (e) { console.log("simulateV1", (e as Error).message.split("\n")[0]); }
    void snap;
  }
  for (let s = 0n; s < 0n; s++) {
    const inner = keccak256(encodeAbiParameters([{ type: "address" }, { type: "uint256" }], [user, s]));
    const slot = keccak256(encodeAbiParameters([{ type: "address" }, { type: "bytes32" }], [pool, inner]));
    const val = `0x${(10n ** 18n).toString(16).padStart(64, "0")}` as Hex;
    try {
      const allowance = await client.readContract({ address: tok, abi: parseAbi(["function allowance(address,address) view returns (uint256)"]), functionName: "allowance", args: [user, pool], stateOverride: [{ address: tok, stateDiff: [{ slot, value: val }] }] });
      console.log("slot", s, "allowance", allowance);
      const g = await client.estimateGas({ account: user, to: pool, data, stateOverride: [{ address: tok, stateDiff: [{ slot, value: val }] }] });
      console.log("estimate with override", g);
    } catch (e) { console.log("slot", s, "err", (e as Error).message.split("\n")[0]); }
  }
} finally { await chain.stop(); }
