/**
 * `/api/v5/web3` end to end on a Hardhat node of the test's own: operations are built by the API,
 * signed here with development keys (the API never sees a key), relayed through the API, and the
 * balances on chain are checked against the quote.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import {
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  http,
  parseEther,
  keccak256,
  serializeTransaction,
  type Address,
  type Hex,
  type TransactionReceipt,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

import { readAuditLog } from "../../compliance/auditStore.ts";
import { abis } from "../../protocol/generated/abis.ts";
import type { ChainAccess } from "../chain.ts";
import { testApi, type TestApi, type TestUser } from "../testing.ts";
import { parseTokenAmount } from "../web3/amounts.ts";
import type { DefiOperationAnswer } from "../web3/schemas.ts";
import { DEV_KEYS, deployDefiFixture, type DefiFixture } from "../web3/testFixture.ts";
import { projectYield, SECONDS_PER_DAY, SECONDS_PER_YEAR } from "../web3/yield.ts";

const ALICE_KEY = DEV_KEYS[1];
const BOB_KEY = DEV_KEYS[2];
/** Hardhat account #3 is on the shipped test sanctions list (offchain/data/sanctions/test-list.csv). */
const DAVE_KEY = DEV_KEYS[3];
const alice = privateKeyToAccount(ALICE_KEY).address;
const bob = privateKeyToAccount(BOB_KEY).address;
const LISTED = "0x000000000000000000000000000000000000bad1";
const DEAD_CHAIN = 31_339;

interface ErrorBody {
  error: string;
  code: string;
  field?: string;
}

describe("parseTokenAmount (exact decimal amounts)", () => {
  it("converts exactly and refuses what the token cannot hold", () => {
    assert.equal(parseTokenAmount("1.5", 6, "USDC", "amount"), 1_500_000n);
    assert.equal(parseTokenAmount("1.500000000", 6, "USDC", "amount"), 1_500_000n, "trailing zeros are no precision");
    assert.equal(parseTokenAmount("0.000001", 6, "USDC", "amount"), 1n);
    assert.equal(parseTokenAmount("123456789.123456789012345678", 18, "X", "a"), 123456789123456789012345678n);
    assert.throws(() => parseTokenAmount("0.0000001", 6, "USDC", "amount"), {
      code: "too-many-decimals",
      field: "amount",
    });
    assert.throws(() => parseTokenAmount("0.000", 6, "USDC", "amount"), { code: "zero-amount" });
    assert.throws(() => parseTokenAmount("1e6", 6, "USDC", "amount"), { code: "invalid-amount" });
    assert.throws(() => parseTokenAmount(`1${"0".repeat(80)}`, 0, "X", "amount"), { code: "amount-too-large" });
  });
});

describe("projectYield", () => {
  it("shares the stream pro rata, stops at its end and annualizes against the value", () => {
    const p = projectYield({
      rate: { num: 10n, den: 1n },
      staked: 300n,
      amount: 100n,
      secondsLeft: 3600n,
      value: { num: 100n, den: 1n },
    });
    assert.equal(p.share, 0.25);
    assert.equal(p.perSecond, 2n); // 10 · 100/400 = 2.5, floored
    assert.equal(p.daily, 9000n, "capped at the hour left: 2.5 · 3600");
    assert.equal(p.thirtyDays, 9000n);
    assert.equal(p.apr, (2.5 * Number(SECONDS_PER_YEAR)) / 100);
    const unknown = projectYield({
      rate: { num: 1n, den: 1n },
      staked: 0n,
      amount: 5n,
      secondsLeft: null,
      value: { unknown: "no price" },
    });
    assert.equal(unknown.apr, null);
    assert.equal(unknown.aprBasis, "no price");
    assert.equal(unknown.daily, SECONDS_PER_DAY);
  });
});

describe("/api/v5/web3 on a Hardhat node", () => {
  let fx: DefiFixture;
  let api: TestApi;
  let user: TestUser;

  before(async () => {
    fx = await deployDefiFixture();
    // a second chain whose node does not answer (nothing listens on port 9)
    const dead = { chainId: DEAD_CHAIN, rpcUrl: "http://127.0.0.1:9", addresses: fx.access.endpoints[0]!.addresses };
    api = await testApi({ deps: { chain: { endpoints: [...fx.access.endpoints, dead] } } });
    user = await api.user("user", { kyc: "verified" });
  });
  after(async () => {
    await api?.close();
    await fx?.stop();
  });

  const operation = (body: Record<string, unknown>, token = user.accessToken) =>
    api.call("POST", "/api/v5/web3/defi-operation", { token, body: { chain_id: fx.chainId, ...body } });
  const built = async (body: Record<string, unknown>): Promise<DefiOperationAnswer> => {
    const res = await operation(body);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as DefiOperationAnswer;
  };
  const relay = (raw: string, chainId = fx.chainId, token = user.accessToken) =>
    api.call("POST", "/api/v5/web3/relay", { token, body: { chain_id: chainId, raw_transaction: raw } });

  /** Signs one built transaction with `key` (gas: the API's estimate, as is) the way a wallet would. */
  const sign = async (key: Hex, tx: DefiOperationAnswer["transactions"][number]): Promise<Hex> => {
    assert.ok(tx.estimated_gas, `step ${tx.step} has a gas estimate (${tx.gas_estimate_method})`);
    const wallet = createWalletClient({
      account: privateKeyToAccount(key),
      chain: hardhat,
      transport: http(fx.chain.url),
    });
    const request = await wallet.prepareTransactionRequest({
      to: tx.to as Address,
      data: tx.data as Hex,
      value: BigInt(tx.value),
      gas: BigInt(tx.estimated_gas),
    });
    return wallet.signTransaction(request);
  };
  /** Signs and relays every transaction of an answer in order; the receipts. */
  const execute = async (key: Hex, answer: DefiOperationAnswer): Promise<TransactionReceipt[]> => {
    const receipts: TransactionReceipt[] = [];
    for (const tx of answer.transactions) {
      const res = await relay(await sign(key, tx));
      assert.equal(res.statusCode, 202, res.body);
      const { transaction_hash } = res.json() as { transaction_hash: Hex };
      const receipt = await fx.client.waitForTransactionReceipt({ hash: transaction_hash });
      assert.equal(receipt.status, "success", `step ${tx.step} (${tx.kind}) mined successfully`);
      assert.ok(receipt.gasUsed <= BigInt(tx.estimated_gas!), "the estimate covered the gas used");
      receipts.push(receipt);
    }
    return receipts;
  };
  const balance = (token: Address, who: Address) =>
    fx.client.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [who] });
  const reservesOf = async (pair: Address, tokenIn: Address): Promise<[bigint, bigint]> => {
    const [[r0, r1], token0] = await Promise.all([
      fx.client.readContract({ address: pair, abi: abis.PeperPair, functionName: "getReserves" }),
      fx.client.readContract({ address: pair, abi: abis.PeperPair, functionName: "token0" }),
    ]);
    return token0.toLowerCase() === tokenIn.toLowerCase() ? [r0, r1] : [r1, r0];
  };
  const amountOut = (amountIn: bigint, reserveIn: bigint, reserveOut: bigint) =>
    (amountIn * 997n * reserveOut) / (reserveIn * 1000n + amountIn * 997n);

  it("swaps ETH for PEPER: one transaction, quote from the live reserves, relayed and paid as quoted", async () => {
    const { peper, router, lpPeperWeth, weth } = fx.addresses;
    const [reserveIn, reserveOut] = await reservesOf(lpPeperWeth, weth);
    const answer = await built({
      operation: "swap",
      from: alice,
      token_in: "ETH",
      token_out: peper,
      amount_in: "1.5",
      slippage_bps: 100,
    });
    assert.equal(answer.transactions.length, 1, "native ether needs no approve");
    const [tx] = answer.transactions;
    assert.equal(tx!.kind, "swap");
    assert.equal(tx!.to, router);
    assert.equal(tx!.value, parseEther("1.5").toString());
    assert.equal(tx!.gas_estimate_method, "eth_estimateGas");
    assert.ok(BigInt(tx!.estimated_gas!) > 21_000n);
    assert.equal(answer.estimated_gas, tx!.estimated_gas);

    assert.equal(answer.quote.type, "swap");
    if (answer.quote.type !== "swap") return;
    const expected = amountOut(parseEther("1.5"), reserveIn, reserveOut);
    assert.equal(
      answer.quote.amount_out.base,
      expected.toString(),
      "the constant-product formula at the live reserves",
    );
    assert.equal(answer.quote.minimum_out.base, ((expected * 9900n) / 10000n).toString());
    assert.deepEqual(answer.quote.route, ["ETH", "PEPER"]);
    assert.deepEqual(answer.quote.path, [weth, peper]);
    assert.equal(answer.quote.amount_in.human, "1.5");
    assert.equal(answer.quote.token_in.native, true);
    // price impact = 1 − execution price / mid price
    const impact = (1 - Number(expected) / 1.5e18 / (Number(reserveOut) / Number(reserveIn))) * 100;
    assert.ok(Math.abs(answer.price_impact!.percent - impact) < 1e-9, `${answer.price_impact!.percent} vs ${impact}`);
    assert.ok(
      answer.price_impact!.percent > 0.55 && answer.price_impact!.percent < 0.65,
      "0.3 % fee + ~0.3 % of the curve",
    );
    assert.equal(answer.price_impact!.mid_price, "2000");
    assert.equal(answer.yield_projection, null);

    const before = await balance(peper, alice);
    const [receipt] = await execute(ALICE_KEY, answer);
    const received = (await balance(peper, alice)) - before;
    assert.equal(received, expected, "received exactly the quoted amount (no trade in between)");
    assert.ok(received >= BigInt(answer.quote.minimum_out.base));

    const entries = [];
    for await (const entry of readAuditLog(api.database.db)) entries.push(entry);
    const audited = entries.find((e) => e.action === "web3.relay" && e.target === receipt!.transactionHash);
    assert.ok(audited, "the relay is in the audit log");
    assert.deepEqual(audited.details, {
      chain_id: fx.chainId,
      contract: "PeperRouter",
      function: "swapExactETHForTokens",
    });
    assert.equal(audited.actor, api.ctx.pseudonym(user.id));
    assert.ok(!JSON.stringify(audited).toLowerCase().includes(alice.toLowerCase().slice(2)), "no wallet address");
  });

  it("swaps PEPER for DAI through WETH with an approve first; the swap's gas, measured before the approve, suffices", async () => {
    const { peper, dai, weth, router } = fx.addresses;
    const answer = await built({ operation: "swap", from: alice, token_in: peper, token_out: dai, amount_in: "2500" });
    assert.deepEqual(
      answer.transactions.map((t) => t.kind),
      ["approve", "swap"],
    );
    const [approve, swap] = answer.transactions;
    assert.equal(approve!.to, peper);
    assert.equal(
      approve!.data,
      encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [router, parseEther("2500")] }),
    );
    assert.equal(approve!.gas_estimate_method, "eth_estimateGas");
    assert.match(swap!.gas_estimate_method, /allowance override/);
    assert.equal(answer.estimated_gas, (BigInt(approve!.estimated_gas!) + BigInt(swap!.estimated_gas!)).toString());
    if (answer.quote.type !== "swap") return assert.fail("a swap quote");
    assert.deepEqual(answer.quote.route, ["PEPER", "WETH", "DAI"]);
    assert.deepEqual(answer.quote.path, [peper, weth, dai]);
    assert.equal(answer.quote.slippage_bps, 50, "the default");
    assert.equal(answer.price_impact!.reserves.length, 2);

    const before = await balance(dai, alice);
    await execute(ALICE_KEY, answer);
    const received = (await balance(dai, alice)) - before;
    assert.equal(received.toString(), answer.quote.amount_out.base);
    assert.ok(received >= BigInt(answer.quote.minimum_out.base));
  });

  it("swaps USDC (6 decimals) for ETH: amounts in token units, ether paid out", async () => {
    const { usdc, lpPeperUsdc } = fx.addresses;
    // USDC → ETH has no direct pool and WETH is the output: the route is refused, not invented
    const none = await operation({ operation: "swap", from: bob, token_in: usdc, token_out: "ETH", amount_in: "10" });
    assert.equal(none.statusCode, 422, none.body);
    assert.deepEqual(none.json(), { ...(none.json() as ErrorBody), code: "no-route", field: "token_out" });

    const [reserveIn, reserveOut] = await reservesOf(lpPeperUsdc, usdc);
    const answer = await built({
      operation: "swap",
      from: bob,
      token_in: usdc,
      token_out: fx.addresses.peper,
      amount_in: "1234.567891",
    });
    if (answer.quote.type !== "swap") return assert.fail("a swap quote");
    assert.equal(answer.quote.amount_in.base, "1234567891");
    assert.equal(answer.quote.token_in.decimals, 6);
    assert.equal(answer.quote.amount_out.base, amountOut(1_234_567_891n, reserveIn, reserveOut).toString());
    const before = await balance(fx.addresses.peper, bob);
    await execute(BOB_KEY, answer);
    assert.equal(((await balance(fx.addresses.peper, bob)) - before).toString(), answer.quote.amount_out.base);

    // and PEPER → ETH: the router unwraps and pays ether
    const toEth = await built({
      operation: "swap",
      from: bob,
      token_in: fx.addresses.peper,
      token_out: "ETH",
      amount_in: "100",
    });
    if (toEth.quote.type !== "swap") return assert.fail("a swap quote");
    const etherBefore = await fx.client.getBalance({ address: bob });
    const receipts = await execute(BOB_KEY, toEth);
    const fees = receipts.reduce((sum, r) => sum + r.gasUsed * r.effectiveGasPrice, 0n);
    assert.equal(
      (await fx.client.getBalance({ address: bob })) - etherBefore + fees,
      BigInt(toEth.quote.amount_out.base),
    );
  });

  it("stakes with approve + stake; the projection follows the on-chain rate and matches what accrues", async () => {
    const { staking, peper } = fx.addresses;
    const amount = parseEther("50000");
    const answer = await built({ operation: "stake", from: alice, amount: "50000" });
    assert.deepEqual(
      answer.transactions.map((t) => [t.kind, t.to]),
      [
        ["approve", peper],
        ["stake", staking],
      ],
    );
    const read = <F extends "rewardRate" | "totalSupply" | "periodFinish">(functionName: F) =>
      fx.client.readContract({ address: staking, abi: abis.StakingPool, functionName });
    const [rate, supply] = await Promise.all([read("rewardRate"), read("totalSupply")]);
    const y = answer.yield_projection!;
    assert.ok(y, "a yield projection");
    assert.equal(y.pool_reward_per_second.base, rate.toString());
    assert.equal(y.total_staked_before.base, supply.toString());
    assert.equal(y.reward_per_second.base, ((rate * amount) / (supply + amount)).toString());
    assert.equal(y.daily.base, ((rate * amount * 86_400n) / (supply + amount)).toString());
    assert.equal(
      y.thirty_days.base,
      ((rate * amount * BigInt(y.seconds_left!)) / (supply + amount)).toString(),
      "capped at the period end (< 30 days left)",
    );
    assert.ok(
      Math.abs(y.apr! - Number(rate * SECONDS_PER_YEAR) / Number(supply + amount)) < 1e-9,
      "APR: PEPER earned per PEPER staked per year",
    );
    assert.equal(y.share, 50_000 / 150_000);
    assert.equal(new Date(y.rewards_end!).getTime() / 1000, Number(await read("periodFinish")));
    assert.match(y.formula, /amount \/ \(total_staked \+ amount\)/);

    await execute(ALICE_KEY, answer);
    const staked = await fx.client.readContract({
      address: staking,
      abi: abis.StakingPool,
      functionName: "balanceOf",
      args: [alice],
    });
    assert.equal(staked, amount);

    // one day later the pool has paid what the projection said (to the second)
    const start = (await fx.client.getBlock()).timestamp;
    await fx.testClient.increaseTime({ seconds: 86_400 });
    await fx.testClient.mine({ blocks: 1 });
    const elapsed = (await fx.client.getBlock()).timestamp - start;
    const earned = await fx.client.readContract({
      address: staking,
      abi: abis.StakingPool,
      functionName: "earned",
      args: [alice],
    });
    const perSecond = Number(y.reward_per_second.base);
    assert.ok(
      Math.abs(Number(earned) - perSecond * Number(elapsed)) <= perSecond * 1e-6 * Number(elapsed) + 1e6,
      `${earned} vs ${perSecond} × ${elapsed}`,
    );
    // the day is 86,400 s plus the moments between the stake's block and this one
    const projected = (Number(y.daily.base) * Number(elapsed)) / 86_400;
    assert.ok(Math.abs(Number(earned) / projected - 1) < 1e-4, "≈ the daily projection");

    // claim pays at least the pending reward quoted
    const claim = await built({ operation: "claim", from: alice });
    if (claim.quote.type !== "staking") return assert.fail("a staking quote");
    assert.equal(claim.transactions.length, 1);
    const before = await balance(peper, alice);
    await execute(ALICE_KEY, claim);
    assert.ok((await balance(peper, alice)) - before >= BigInt(claim.quote.pending_reward.base));

    // unstake part; more than staked is refused
    const tooMuch = await operation({ operation: "unstake", from: alice, amount: "50000.000000000000000001" });
    assert.equal(tooMuch.statusCode, 422, tooMuch.body);
    assert.equal((tooMuch.json() as ErrorBody).code, "insufficient-stake");
    assert.equal((tooMuch.json() as ErrorBody).field, "amount");
    const unstake = await built({ operation: "unstake", from: alice, amount: "20000" });
    assert.equal(unstake.yield_projection, null);
    await execute(ALICE_KEY, unstake);
    const left = await fx.client.readContract({
      address: staking,
      abi: abis.StakingPool,
      functionName: "balanceOf",
      args: [alice],
    });
    assert.equal(left, parseEther("30000"));

    const approveAll = await fx.client.readContract({
      address: peper,
      abi: erc20Abi,
      functionName: "allowance",
      args: [alice, staking],
    });
    assert.equal(approveAll, 0n, "the exact approve was used up");
  });

  it("farms LP tokens: deposit (approve + deposit) with a valued APR, harvest and withdraw", async () => {
    const { farm, lpPeperUsdc, peper } = fx.addresses;
    const amount = parseEther("0.05");
    const answer = await built({ operation: "farm_deposit", from: alice, pid: 0, amount: "0.05" });
    assert.deepEqual(
      answer.transactions.map((t) => [t.kind, t.to]),
      [
        ["approve", lpPeperUsdc],
        ["farm_deposit", farm],
      ],
    );
    const [, allocPoint, , , totalDeposited] = await fx.client.readContract({
      address: farm,
      abi: abis.Farm,
      functionName: "poolInfo",
      args: [0n],
    });
    const [rps, totalAlloc] = await Promise.all([
      fx.client.readContract({ address: farm, abi: abis.Farm, functionName: "rewardPerSecond" }),
      fx.client.readContract({ address: farm, abi: abis.Farm, functionName: "totalAllocPoint" }),
    ]);
    const y = answer.yield_projection!;
    assert.equal(y.reward_token.symbol, "PEPER");
    assert.equal(y.total_staked_before.base, totalDeposited.toString());
    assert.equal(
      y.reward_per_second.base,
      ((rps * allocPoint * amount) / (totalAlloc * (totalDeposited + amount))).toString(),
    );
    // value of 0.05 LP in PEPER: 2 × the PEPER side of their share of the pair
    const [[r0, r1], token0, lpSupply] = await Promise.all([
      fx.client.readContract({ address: lpPeperUsdc, abi: abis.PeperPair, functionName: "getReserves" }),
      fx.client.readContract({ address: lpPeperUsdc, abi: abis.PeperPair, functionName: "token0" }),
      fx.client.readContract({ address: lpPeperUsdc, abi: abis.PeperPair, functionName: "totalSupply" }),
    ]);
    const peperReserve = token0.toLowerCase() === peper.toLowerCase() ? r0 : r1;
    const value = (Number(amount) * 2 * Number(peperReserve)) / Number(lpSupply);
    const perYear =
      (Number(rps * allocPoint) / Number(totalAlloc)) * (Number(amount) / Number(totalDeposited + amount)) * 31_536_000;
    assert.ok(Math.abs(y.apr! / (perYear / value) - 1) < 1e-9, `${y.apr} vs ${perYear / value}`);
    // 500 000 PEPER funded at 1 PEPER/s, but only pool 0 (2/3 of the rate) has deposits and draws
    const [funded, allocated, { timestamp }] = await Promise.all([
      fx.client.readContract({ address: farm, abi: abis.Farm, functionName: "rewardsFunded" }),
      fx.client.readContract({ address: farm, abi: abis.Farm, functionName: "rewardsAllocated" }),
      fx.client.getBlock(),
    ]);
    const [, , lastRewardTime] = await fx.client.readContract({
      address: farm,
      abi: abis.Farm,
      functionName: "poolInfo",
      args: [0n],
    });
    const unsettled = ((timestamp - BigInt(lastRewardTime)) * rps * allocPoint) / totalAlloc;
    assert.equal(BigInt(y.seconds_left!), ((funded - allocated - unsettled) * totalAlloc) / (rps * allocPoint));
    assert.ok(y.seconds_left! > 600_000 && y.seconds_left! < 750_000, "a day of pool 0 drawing has passed");
    if (answer.quote.type !== "farm") return assert.fail("a farm quote");
    assert.equal(answer.quote.lp_token.address, lpPeperUsdc);

    await execute(ALICE_KEY, answer);
    const [deposited] = await fx.client.readContract({
      address: farm,
      abi: abis.Farm,
      functionName: "userInfo",
      args: [0n, alice],
    });
    assert.equal(deposited, amount);

    await fx.testClient.increaseTime({ seconds: 3600 });
    await fx.testClient.mine({ blocks: 1 });
    const harvest = await built({ operation: "farm_harvest", from: alice, pid: 0 });
    if (harvest.quote.type !== "farm") return assert.fail("a farm quote");
    const pending = BigInt(harvest.quote.pending_reward.base);
    assert.ok(
      Math.abs(Number(pending) / (Number(y.reward_per_second.base) * 3600) - 1) < 1e-3,
      "≈ the projected rate for an hour",
    );
    const before = await balance(peper, alice);
    await execute(ALICE_KEY, harvest);
    assert.ok((await balance(peper, alice)) - before >= pending);

    const tooMuch = await operation({
      operation: "farm_withdraw",
      from: alice,
      pid: 0,
      amount: "0.050000000000000001",
    });
    assert.equal(tooMuch.statusCode, 422, tooMuch.body);
    assert.deepEqual(
      [(tooMuch.json() as ErrorBody).code, (tooMuch.json() as ErrorBody).field],
      ["insufficient-deposit", "amount"],
    );
    const withdraw = await built({ operation: "farm_withdraw", from: alice, pid: 0, amount: "0.02" });
    const lpBefore = await balance(lpPeperUsdc, alice);
    await execute(ALICE_KEY, withdraw);
    assert.equal((await balance(lpPeperUsdc, alice)) - lpBefore, parseEther("0.02"));
  });

  it("refuses bad operations with 4xx naming the field", async () => {
    const { peper, usdc, lone, weth } = fx.addresses;
    const swap = { operation: "swap", from: alice, token_in: usdc, token_out: peper, amount_in: "1" };
    const nowhere = "0x1234567890123456789012345678901234567890";
    const cases: [string, Record<string, unknown>, number, string, string?][] = [
      ["unknown token", { ...swap, token_out: nowhere }, 422, "token_out", "unknown-token"],
      ["unknown token (in)", { ...swap, token_in: nowhere }, 422, "token_in", "unknown-token"],
      ["not an address", { ...swap, token_out: "PEPER" }, 400, "token_out"],
      ["bad checksum", { ...swap, from: "0xF39FD6E51AAD88F6F4CE6AB8827279CFFFB92266" }, 200, ""],
      ["bad mixed-case checksum", { ...swap, from: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92267" }, 400, "from"],
      ["zero amount", { ...swap, amount_in: "0" }, 400, "amount_in"],
      ["zero amount with decimals", { ...swap, amount_in: "0.000" }, 400, "amount_in"],
      ["too many decimals", { ...swap, amount_in: "1.1234567" }, 422, "amount_in", "too-many-decimals"],
      ["exponent", { ...swap, amount_in: "1e3" }, 400, "amount_in"],
      ["negative", { ...swap, amount_in: "-1" }, 400, "amount_in"],
      ["a number", { ...swap, amount_in: 1 }, 400, "amount_in"],
      ["unknown operation", { operation: "lend", from: alice, amount: "1" }, 400, "operation"],
      ["no operation", { from: alice, amount: "1" }, 400, "operation"],
      ["extra field", { ...swap, recipient: bob }, 400, "recipient"],
      ["missing from", { operation: "stake", amount: "1" }, 400, "from"],
      ["slippage out of range", { ...swap, slippage_bps: 10_001 }, 400, "slippage_bps"],
      ["same token", { ...swap, token_in: "ETH", token_out: weth }, 422, "token_out", "same-token"],
      ["no pool", { ...swap, token_out: lone }, 422, "token_out", "no-route"],
      ["more than the balance", { ...swap, amount_in: "1000000000" }, 422, "amount_in", "insufficient-balance"],
      ["unknown pool", { operation: "farm_deposit", from: alice, pid: 7, amount: "1" }, 422, "pid", "unknown-pool"],
      ["pid out of range", { operation: "farm_harvest", from: alice, pid: -1 }, 400, "pid"],
      ["nothing to claim", { operation: "claim", from: bob }, 422, "operation", "nothing-to-claim"],
      ["nothing to harvest", { operation: "farm_harvest", from: bob, pid: 1 }, 422, "pid", "nothing-to-claim"],
      ["chain not served", { ...swap, chain_id: 999 }, 422, "chain_id", "unsupported-chain"],
      ["sanctioned from", { ...swap, from: LISTED }, 403, "from", "sanctioned-address"],
    ];
    for (const [name, body, status, field, code] of cases) {
      const res = await operation(body);
      assert.equal(res.statusCode, status, `${name}: ${res.body}`);
      if (status === 200) continue;
      const error = res.json() as ErrorBody;
      assert.equal(error.field, field, `${name}: ${res.body}`);
      if (code) assert.equal(error.code, code, `${name}: ${res.body}`);
      assert.ok(error.error.length > 10, `${name}: a message to act on`);
    }
    const unknownOp = (await operation({ operation: "lend", from: alice })).json() as ErrorBody;
    assert.match(unknownOp.error, /swap, stake, unstake, claim, farm_deposit, farm_withdraw, farm_harvest/);
  });

  it("relays only signed Peper transactions for the chain asked, from unsanctioned signers", async () => {
    const { router, peper, usdc, staking } = fx.addresses;
    const signed = async (
      key: Hex,
      tx: { to: Address; data?: Hex; value?: bigint; chainId?: number; nonce?: number },
    ) => {
      const account = privateKeyToAccount(key);
      const fees = await fx.client.estimateFeesPerGas();
      return account.signTransaction({
        type: "eip1559",
        chainId: tx.chainId ?? fx.chainId,
        nonce: tx.nonce ?? (await fx.client.getTransactionCount({ address: account.address })),
        gas: 200_000n,
        maxFeePerGas: fees.maxFeePerGas,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
        to: tx.to,
        data: tx.data,
        value: tx.value,
      });
    };
    const approve = (spender: Address) =>
      encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [spender, 1n] });
    const cases: [string, () => Promise<string>, number, string, string, number?][] = [
      ["not hex", async () => "hello", 400, "raw_transaction", "invalid-input"],
      ["not a transaction", async () => "0xdeadbeef", 422, "raw_transaction", "bad-transaction"],
      [
        "unsigned",
        async () =>
          serializeTransaction({
            chainId: fx.chainId,
            to: router,
            type: "eip1559",
            maxFeePerGas: 1n,
            gas: 21_000n,
            nonce: 0,
          }),
        422,
        "raw_transaction",
        "unsigned-transaction",
      ],
      [
        "ether to a wallet",
        () => signed(ALICE_KEY, { to: bob, value: 1n }),
        422,
        "raw_transaction",
        "not-a-peper-contract",
      ],
      [
        "a PEPER transfer",
        () =>
          signed(ALICE_KEY, {
            to: peper,
            data: encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [bob, 1n] }),
          }),
        422,
        "raw_transaction",
        "not-a-peper-contract",
      ],
      [
        "an approve that carries ether",
        () => signed(ALICE_KEY, { to: usdc, data: approve(router), value: 1n }),
        422,
        "raw_transaction",
        "not-a-peper-contract",
      ],
      [
        "an approve of a Peper spender on an unknown contract, with ether",
        () => signed(ALICE_KEY, { to: bob, data: approve(router), value: 1n }),
        422,
        "raw_transaction",
        "not-a-peper-contract",
      ],
      [
        "approve of a stranger",
        () => signed(ALICE_KEY, { to: usdc, data: approve(bob) }),
        422,
        "raw_transaction",
        "not-a-peper-contract",
      ],
      [
        "garbage to the router",
        () => signed(ALICE_KEY, { to: router, data: "0x12345678" }),
        422,
        "raw_transaction",
        "not-a-peper-contract",
      ],
      [
        "signed for another chain",
        () => signed(ALICE_KEY, { to: usdc, data: approve(router), chainId: 31338 }),
        422,
        "chain_id",
        "wrong-chain",
      ],
      [
        "chain not served",
        () => signed(ALICE_KEY, { to: usdc, data: approve(router) }),
        422,
        "chain_id",
        "unsupported-chain",
        999,
      ],
      [
        "sanctioned signer",
        () => signed(DAVE_KEY, { to: peper, data: approve(staking) }),
        403,
        "raw_transaction",
        "sanctioned-address",
      ],
      [
        "swap paying a sanctioned recipient",
        () =>
          signed(ALICE_KEY, {
            to: router,
            value: parseEther("0.01"),
            data: encodeFunctionData({
              abi: abis.PeperRouter,
              functionName: "swapExactETHForTokens",
              args: [0n, [fx.addresses.weth, peper], LISTED, 2n ** 40n],
            }),
          }),
        403,
        "raw_transaction",
        "sanctioned-address",
      ],
    ];
    const nonceBefore = await fx.client.getTransactionCount({ address: alice });
    for (const [name, make, status, field, code, chainId] of cases) {
      const res = await relay(await make(), chainId ?? fx.chainId);
      assert.equal(res.statusCode, status, `${name}: ${res.body}`);
      const error = res.json() as ErrorBody;
      assert.equal(error.field, field, `${name}: ${res.body}`);
      assert.equal(error.code, code, `${name}: ${res.body}`);
    }
    assert.equal(await fx.client.getTransactionCount({ address: alice }), nonceBefore, "nothing refused was sent");

    // an approve of a Peper contract on a token outside the address book (USDC here) is relayed
    const external = await signed(ALICE_KEY, { to: usdc, data: approve(router) });
    const ok = await relay(external);
    assert.equal(ok.statusCode, 202, ok.body);
    assert.deepEqual(ok.json(), {
      transaction_hash: keccak256(external),
      chain_id: fx.chainId,
      from: alice,
      to: usdc,
      contract: "ERC-20 approve",
      function: "approve",
    });
    await fx.client.waitForTransactionReceipt({ hash: keccak256(external) });
    // the same bytes again: refused, nothing is sent twice
    const replay = await relay(external);
    assert.equal(replay.statusCode, 409, replay.body);
    assert.deepEqual(
      [(replay.json() as ErrorBody).code, (replay.json() as ErrorBody).field],
      ["already-sent", "raw_transaction"],
    );
    // a transaction the node refuses (nonce already used by another one)
    const stale = await signed(ALICE_KEY, { to: usdc, data: approve(staking), nonce: 0 });
    const refused = await relay(stale);
    assert.equal(refused.statusCode, 422, refused.body);
    assert.deepEqual(
      [(refused.json() as ErrorBody).code, (refused.json() as ErrorBody).field],
      ["rejected-by-node", "raw_transaction"],
    );

    // with an allowance in place (approved here directly on PEPER, a Peper token), stake is one transaction
    const big = encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [staking, parseEther("1000")] });
    const approved = await relay(await signed(ALICE_KEY, { to: peper, data: big }));
    assert.equal(approved.statusCode, 202, approved.body);
    await fx.client.waitForTransactionReceipt({
      hash: (approved.json() as { transaction_hash: Hex }).transaction_hash,
    });
    const single = await built({ operation: "stake", from: alice, amount: "1" });
    assert.deepEqual(
      single.transactions.map((t) => [t.kind, t.gas_estimate_method]),
      [["stake", "eth_estimateGas"]],
    );
    await execute(ALICE_KEY, single);

    let refusals = 0;
    for await (const entry of readAuditLog(api.database.db)) if (entry.action === "web3.sanctions-refused") refusals++;
    assert.ok(refusals >= 2, "sanctions refusals (defi-operation and relay) are audited");
  });

  it("refuses to stake in a paused pool (409) and builds again once it is unpaused", async () => {
    const guardian = createWalletClient({
      account: privateKeyToAccount(DEV_KEYS[0]),
      chain: hardhat,
      transport: http(fx.chain.url),
    });
    const toggle = async (functionName: "pause" | "unpause") =>
      fx.client.waitForTransactionReceipt({
        hash: await guardian.writeContract({ address: fx.addresses.staking, abi: abis.StakingPool, functionName }),
      });
    await toggle("pause");
    try {
      const res = await operation({ operation: "stake", from: bob, amount: "1" });
      assert.equal(res.statusCode, 409, res.body);
      assert.equal((res.json() as ErrorBody).code, "paused");
    } finally {
      await toggle("unpause");
    }
    assert.equal((await operation({ operation: "stake", from: bob, amount: "1" })).statusCode, 200);
  });

  it("answers 503 chain-unreachable when the chain's node does not answer", async () => {
    const res = await operation({ operation: "stake", chain_id: DEAD_CHAIN, from: alice, amount: "1" });
    assert.equal(res.statusCode, 503, res.body);
    assert.equal((res.json() as ErrorBody).code, "chain-unreachable");
    assert.equal(res.headers["retry-after"], "60");
    const signedForDead = await privateKeyToAccount(ALICE_KEY).signTransaction({
      type: "eip1559",
      chainId: DEAD_CHAIN,
      nonce: 0,
      gas: 100_000n,
      maxFeePerGas: 2_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
      to: fx.addresses.router,
      data: encodeFunctionData({ abi: abis.PeperRouter, functionName: "WETH" }),
    });
    const relayed = await relay(signedForDead, DEAD_CHAIN);
    assert.equal(relayed.statusCode, 503, relayed.body);
    assert.equal((relayed.json() as ErrorBody).code, "chain-unreachable");
  });

  it("answers 401 without a token", async () => {
    const op = await api.call("POST", "/api/v5/web3/defi-operation", {
      body: { operation: "claim", chain_id: fx.chainId, from: alice },
    });
    assert.equal(op.statusCode, 401, op.body);
    const r = await api.call("POST", "/api/v5/web3/relay", { body: { chain_id: fx.chainId, raw_transaction: "0x00" } });
    assert.equal(r.statusCode, 401, r.body);
    assert.equal((r.json() as ErrorBody).code, "unauthenticated");
  });

  it("documents both routes in the OpenAPI document", async () => {
    const res = await api.call("GET", "/api/v5/docs/json");
    assert.equal(res.statusCode, 200);
    const doc = res.json() as { paths: Record<string, { post?: { summary?: string; security?: unknown[] } }> };
    for (const path of ["/api/v5/web3/defi-operation", "/api/v5/web3/relay"]) {
      assert.ok(doc.paths[path]?.post?.summary, path);
      assert.ok(doc.paths[path]?.post?.security?.length, `${path} needs a bearer token`);
    }
  });
});

describe("/api/v5/web3 without chain access", () => {
  it("answers 503 chain-unavailable", async () => {
    const api = await testApi();
    try {
      const user = await api.user();
      const res = await api.call("POST", "/api/v5/web3/defi-operation", {
        token: user.accessToken,
        body: { operation: "stake", chain_id: 31337, from: alice, amount: "1" },
      });
      assert.equal(res.statusCode, 503, res.body);
      assert.equal((res.json() as ErrorBody).code, "chain-unavailable");
      const relayed = await api.call("POST", "/api/v5/web3/relay", {
        token: user.accessToken,
        body: { chain_id: 31337, raw_transaction: "0x00" },
      });
      assert.equal(relayed.statusCode, 503, relayed.body);
    } finally {
      await api.close();
    }
  });
});

describe("/api/v5/web3 trading restrictions", () => {
  it("refuses users without verified KYC or from a restricted region (403 trading-not-allowed)", async () => {
    const chain: ChainAccess = { endpoints: [{ chainId: 31337, rpcUrl: "http://127.0.0.1:9", addresses: {} }] };
    const api = await testApi({ deps: { chain } });
    try {
      const unverified = await api.user();
      const restricted = await api.user("user", { region: "KP", kyc: "verified" });
      for (const user of [unverified, restricted]) {
        for (const [url, body] of [
          ["/api/v5/web3/defi-operation", { operation: "stake", chain_id: 31337, from: alice, amount: "1" }],
          ["/api/v5/web3/relay", { chain_id: 31337, raw_transaction: "0x00" }],
        ] as const) {
          const res = await api.call("POST", url, { token: user.accessToken, body });
          assert.equal(res.statusCode, 403, `${url}: ${res.body}`);
          assert.equal((res.json() as ErrorBody).code, "trading-not-allowed");
        }
      }
    } finally {
      await api.close();
    }
  });
});
