/**
 * The DeFi operations, built for the user to sign (the API never holds a user key): the transactions
 * in order — an ERC-20 `approve` first when the allowance read from the chain is short — with the
 * quote, the price impact and the yield projection, all read from the chain at one block.
 */
import {
  encodeFunctionData,
  erc20Abi,
  formatEther,
  getAddress,
  zeroAddress,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";

import { abis } from "../../protocol/generated/abis.ts";
import { ApiError } from "../context.ts";
import { parseTokenAmount, ratio, ratioString, tokenAmount } from "./amounts.ts";
import { contractAddress, isUnreachable, type ChainHandle } from "./endpoint.ts";
import { approveData, estimateAfterApprove, estimateNow, type GasEstimate } from "./gas.ts";
import type {
  BridgeRequest,
  DefiOperationAnswer,
  DefiOperationRequest,
  FarmRequest,
  Operation,
  PriceImpactView,
  QuoteView,
  StakeRequest,
  SwapRequest,
  TokenView,
  YieldView,
} from "./schemas.ts";
import { pairReserves } from "./reserves.ts";
import { projectYield, YIELD_FORMULA, type Fraction, type RewardStream } from "./yield.ts";

/** The pools' swap fee, per hop (PeperLibrary.getAmountOut: 997/1000). */
const LP_FEE_BPS = 30;

interface TokenInfo {
  readonly address: Address;
  readonly symbol: string;
  readonly decimals: number;
  readonly native: boolean;
}

/** One transaction to sign, before numbering. */
interface Step {
  readonly kind: "approve" | Operation;
  readonly to: Address;
  readonly data: Hex;
  readonly value: bigint;
  readonly description: string;
  readonly gas: GasEstimate;
}

/** What every builder shares: the chain, the block the reads are pinned to, the user. */
interface Scope {
  readonly chain: ChainHandle;
  readonly client: PublicClient;
  readonly blockNumber: bigint;
  readonly timestamp: bigint;
  readonly from: Address;
}

interface Built {
  readonly steps: readonly Step[];
  readonly quote: QuoteView;
  readonly priceImpact: PriceImpactView | null;
  readonly yieldProjection: YieldView | null;
}

const view = (t: TokenInfo): TokenView => ({
  address: getAddress(t.address),
  symbol: t.symbol,
  decimals: t.decimals,
  native: t.native,
});

/** An ERC-20's symbol and decimals; 422 `unknown-token` (naming `field`) when it is not one. */
async function readToken(scope: Scope, address: Address, field: string): Promise<TokenInfo> {
  const { client, blockNumber } = scope;
  let decimals: number;
  try {
    decimals = await client.readContract({ address, abi: erc20Abi, functionName: "decimals", blockNumber });
  } catch (error) {
    if (isUnreachable(error)) throw error;
    throw new ApiError(
      422,
      "unknown-token",
      `${field}: ${address} is not an ERC-20 token on chain ${scope.chain.endpoint.chainId} (it answers no decimals()).`,
      { field },
    );
  }
  let symbol = "?";
  try {
    symbol = await client.readContract({ address, abi: erc20Abi, functionName: "symbol", blockNumber });
  } catch (error) {
    if (isUnreachable(error)) throw error;
    // some tokens have no symbol(); the address identifies it
  }
  return { address, symbol, decimals, native: false };
}

async function balanceOf(scope: Scope, token: TokenInfo): Promise<bigint> {
  const { client, blockNumber, from } = scope;
  if (token.native) return client.getBalance({ address: from, blockNumber });
  return client.readContract({
    address: token.address,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [from],
    blockNumber,
  });
}

async function requireBalance(scope: Scope, token: TokenInfo, amount: bigint, field: string): Promise<void> {
  const balance = await balanceOf(scope, token);
  if (balance < amount) {
    throw new ApiError(
      422,
      "insufficient-balance",
      `${field} is ${tokenAmount(amount, token.decimals).human} ${token.symbol} but ${scope.from} holds ${tokenAmount(balance, token.decimals).human} ${token.symbol}.`,
      { field },
    );
  }
}

async function requireNotPaused(scope: Scope, address: Address, name: string): Promise<void> {
  const paused = await scope.client.readContract({
    address,
    abi: abis.GuardianPausable,
    functionName: "paused",
    blockNumber: scope.blockNumber,
  });
  if (paused) {
    throw new ApiError(409, "paused", `${name} is paused by its guardian; deposits reopen when it is unpaused.`);
  }
}

/**
 * The steps for `call` on `spender` that pulls `amount` of `token` from the user: an exact `approve`
 * first when the allowance is short (the call is then estimated against the approved state).
 */
async function withAllowance(
  scope: Scope,
  token: TokenInfo,
  amount: bigint,
  spender: { address: Address; name: string },
  call: Omit<Step, "gas"> & { abi: Abi },
): Promise<Step[]> {
  const { client, from } = scope;
  const allowance = token.native
    ? amount
    : await client.readContract({
        address: token.address,
        abi: erc20Abi,
        functionName: "allowance",
        args: [from, spender.address],
        blockNumber: scope.blockNumber,
      });
  const target = { from, to: call.to, data: call.data, value: call.value, abi: call.abi };
  const main: Omit<Step, "gas"> = {
    kind: call.kind,
    to: call.to,
    data: call.data,
    value: call.value,
    description: call.description,
  };
  if (allowance >= amount) return [{ ...main, gas: await estimateNow(client, target) }];
  const approve = approveData(spender.address, amount);
  const approveGas = await estimateNow(client, { from, to: token.address, data: approve, value: 0n, abi: erc20Abi });
  const mainGas = await estimateAfterApprove(client, target, {
    token: token.address,
    owner: from,
    spender: spender.address,
    amount,
  });
  return [
    {
      kind: "approve",
      to: token.address,
      data: approve,
      value: 0n,
      description: `Approve ${spender.name} to spend ${tokenAmount(amount, token.decimals).human} ${token.symbol} (your allowance is ${tokenAmount(allowance, token.decimals).human}); send it before step 2.`,
      gas: approveGas,
    },
    { ...main, gas: mainGas },
  ];
}

// ---- swap ----

interface Hop {
  readonly pair: Address;
  readonly reserveIn: bigint;
  readonly reserveOut: bigint;
}

interface Route {
  readonly path: readonly TokenInfo[];
  readonly hops: readonly Hop[];
  readonly amountOut: bigint;
}

async function quoteRoute(
  scope: Scope,
  router: Address,
  factory: Address,
  path: readonly TokenInfo[],
  amountIn: bigint,
): Promise<Route | null> {
  const { client, blockNumber } = scope;
  const hops: Hop[] = [];
  for (let i = 0; i + 1 < path.length; i++) {
    const a = path[i]!.address;
    const b = path[i + 1]!.address;
    const reserves = await pairReserves(client, factory, a, b, blockNumber);
    if (!reserves) return null;
    const { pair, reserveA: reserveIn, reserveB: reserveOut } = reserves;
    hops.push({ pair, reserveIn, reserveOut });
  }
  try {
    const amounts = await client.readContract({
      address: router,
      abi: abis.PeperRouter,
      functionName: "getAmountsOut",
      args: [amountIn, path.map((t) => t.address)],
      blockNumber,
    });
    return { path, hops, amountOut: amounts[amounts.length - 1]! };
  } catch (error) {
    if (isUnreachable(error)) throw error;
    return null; // the pools cannot pay this out (e.g. too little liquidity)
  }
}

async function buildSwap(scope: Scope, req: SwapRequest): Promise<Built> {
  const { client, blockNumber, from } = scope;
  const router = contractAddress(scope.chain.endpoint, "PeperRouter");
  const [factory, weth] = await Promise.all([
    client.readContract({ address: router, abi: abis.PeperRouter, functionName: "factory", blockNumber }),
    client.readContract({ address: router, abi: abis.PeperRouter, functionName: "WETH", blockNumber }),
  ]);
  const resolve = async (ref: Address | "ETH", field: string): Promise<TokenInfo> =>
    ref === "ETH" ? { address: weth, symbol: "ETH", decimals: 18, native: true } : readToken(scope, ref, field);
  const tokenIn = await resolve(req.token_in, "token_in");
  const tokenOut = await resolve(req.token_out, "token_out");
  if (tokenIn.address.toLowerCase() === tokenOut.address.toLowerCase()) {
    throw new ApiError(
      422,
      "same-token",
      tokenIn.native || tokenOut.native
        ? "ETH and WETH are the same pool asset: wrap or unwrap with WETH9 deposit/withdraw instead of a swap."
        : "token_out is the same token as token_in; pick a different token to receive.",
      { field: "token_out" },
    );
  }
  const amountIn = parseTokenAmount(req.amount_in, tokenIn.decimals, tokenIn.symbol, "amount_in");
  await requireBalance(scope, tokenIn, amountIn, "amount_in");

  const wethInfo: TokenInfo = { address: weth, symbol: "WETH", decimals: 18, native: false };
  const candidates: TokenInfo[][] = [[tokenIn, tokenOut]];
  const isWeth = (t: TokenInfo) => t.address.toLowerCase() === weth.toLowerCase();
  if (!isWeth(tokenIn) && !isWeth(tokenOut)) candidates.push([tokenIn, wethInfo, tokenOut]);
  const routes = (await Promise.all(candidates.map((p) => quoteRoute(scope, router, factory, p, amountIn)))).filter(
    (r): r is Route => r !== null,
  );
  if (routes.length === 0) {
    throw new ApiError(
      422,
      "no-route",
      `No Peper pool on chain ${scope.chain.endpoint.chainId} can trade ${tokenAmount(amountIn, tokenIn.decimals).human} ${tokenIn.symbol} for ${tokenOut.symbol} (directly or through WETH).`,
      { field: "token_out" },
    );
  }
  const best = routes.reduce((a, b) => (b.amountOut > a.amountOut ? b : a));
  const amountOut = best.amountOut;
  const minimumOut = (amountOut * BigInt(10_000 - req.slippage_bps)) / 10_000n;
  if (minimumOut === 0n) {
    throw new ApiError(
      422,
      "amount-too-small",
      `amount_in is too small: it would buy less than one base unit of ${tokenOut.symbol}.`,
      { field: "amount_in" },
    );
  }
  const deadline = scope.timestamp + BigInt(req.deadline_seconds);
  const path = best.path.map((t) => getAddress(t.address));

  let data: Hex;
  let value = 0n;
  if (tokenIn.native) {
    data = encodeFunctionData({
      abi: abis.PeperRouter,
      functionName: "swapExactETHForTokens",
      args: [minimumOut, path, from, deadline],
    });
    value = amountIn;
  } else if (tokenOut.native) {
    data = encodeFunctionData({
      abi: abis.PeperRouter,
      functionName: "swapExactTokensForETH",
      args: [amountIn, minimumOut, path, from, deadline],
    });
  } else {
    data = encodeFunctionData({
      abi: abis.PeperRouter,
      functionName: "swapExactTokensForTokens",
      args: [amountIn, minimumOut, path, from, deadline],
    });
  }
  const routeSymbols = best.path.map((t, i) =>
    i === 0 ? tokenIn.symbol : i === best.path.length - 1 ? tokenOut.symbol : t.symbol,
  );
  const inAmount = tokenAmount(amountIn, tokenIn.decimals);
  const outAmount = tokenAmount(amountOut, tokenOut.decimals);
  const minAmount = tokenAmount(minimumOut, tokenOut.decimals);
  const steps = await withAllowance(
    scope,
    tokenIn,
    amountIn,
    { address: router, name: "PeperRouter" },
    {
      kind: "swap",
      to: router,
      data,
      value,
      abi: abis.PeperRouter,
      description: `Swap ${inAmount.human} ${tokenIn.symbol} for at least ${minAmount.human} ${tokenOut.symbol} (quoted ${outAmount.human}) through PeperRouter, route ${routeSymbols.join(" → ")}; expires at ${new Date(Number(deadline) * 1000).toISOString()}.`,
    },
  );

  // Price impact: execution price against the product of the hops' mid prices (reserve_out / reserve_in).
  const midNum = best.hops.reduce((p, h) => p * h.reserveOut, 1n);
  const midDen = best.hops.reduce((p, h) => p * h.reserveIn, 1n);
  const scaleIn = 10n ** BigInt(tokenIn.decimals);
  const scaleOut = 10n ** BigInt(tokenOut.decimals);
  const ideal = amountIn * midNum;
  const priceImpact: PriceImpactView = {
    percent: ratio((ideal - amountOut * midDen) * 100n, ideal),
    mid_price: ratioString(midNum * scaleIn, midDen * scaleOut),
    execution_price: ratioString(amountOut * scaleIn, amountIn * scaleOut),
    reserves: best.hops.map((h, i) => ({
      pair: getAddress(h.pair),
      reserve_in: tokenAmount(h.reserveIn, best.path[i]!.decimals),
      reserve_out: tokenAmount(h.reserveOut, best.path[i + 1]!.decimals),
    })),
  };
  return {
    steps,
    quote: {
      type: "swap",
      token_in: view(tokenIn),
      token_out: view(tokenOut),
      amount_in: inAmount,
      amount_out: outAmount,
      minimum_out: minAmount,
      slippage_bps: req.slippage_bps,
      path,
      route: routeSymbols,
      lp_fee_bps: LP_FEE_BPS,
      deadline: Number(deadline),
    },
    priceImpact,
    yieldProjection: null,
  };
}

// ---- staking ----

/** The value of `amount` of `token` in `reward` base units at a Peper pair's mid price, if one prices it. */
async function valueInReward(
  scope: Scope,
  token: TokenInfo,
  reward: TokenInfo,
  amount: bigint,
): Promise<Fraction | { unknown: string }> {
  if (token.address.toLowerCase() === reward.address.toLowerCase()) return { num: amount, den: 1n };
  const router = scope.chain.endpoint.addresses.PeperRouter;
  if (router) {
    const { client, blockNumber } = scope;
    const factory = await client.readContract({
      address: router,
      abi: abis.PeperRouter,
      functionName: "factory",
      blockNumber,
    });
    const pair = await client.readContract({
      address: factory,
      abi: abis.PeperFactory,
      functionName: "getPair",
      args: [token.address, reward.address],
      blockNumber,
    });
    if (pair !== zeroAddress) {
      const [[r0, r1], token0] = await Promise.all([
        client.readContract({ address: pair, abi: abis.PeperPair, functionName: "getReserves", blockNumber }),
        client.readContract({ address: pair, abi: abis.PeperPair, functionName: "token0", blockNumber }),
      ]);
      const [rToken, rReward] = token0.toLowerCase() === token.address.toLowerCase() ? [r0, r1] : [r1, r0];
      if (rToken > 0n && rReward > 0n) return { num: amount * rReward, den: rToken };
    }
  }
  return {
    unknown: `No Peper pool prices ${token.symbol} in ${reward.symbol}, so the APR cannot be given; the reward amounts are exact.`,
  };
}

function yieldView(scope: Scope, reward: TokenInfo, stream: RewardStream, stakedDecimals: number): YieldView {
  const p = projectYield(stream);
  const perSecondPool = stream.rate.den === 0n ? 0n : stream.rate.num / stream.rate.den;
  const end = stream.secondsLeft === null ? null : scope.timestamp + stream.secondsLeft;
  return {
    reward_token: view(reward),
    pool_reward_per_second: tokenAmount(perSecondPool, reward.decimals),
    total_staked_before: tokenAmount(stream.staked, stakedDecimals),
    share: p.share,
    reward_per_second: tokenAmount(p.perSecond, reward.decimals),
    daily: tokenAmount(p.daily, reward.decimals),
    thirty_days: tokenAmount(p.thirtyDays, reward.decimals),
    apr: p.apr,
    apr_basis: p.aprBasis,
    rewards_end: end === null ? null : new Date(Number(end) * 1000).toISOString(),
    seconds_left: stream.secondsLeft === null ? null : Number(stream.secondsLeft),
    formula: YIELD_FORMULA,
  };
}

async function buildStaking(scope: Scope, req: StakeRequest): Promise<Built> {
  const { client, blockNumber, from } = scope;
  const pool = contractAddress(scope.chain.endpoint, "StakingPool");
  const read = <F extends "stakingToken" | "rewardsToken" | "totalSupply" | "rewardRate" | "periodFinish">(
    functionName: F,
  ) => client.readContract({ address: pool, abi: abis.StakingPool, functionName, blockNumber });
  const [stakingAddress, rewardsAddress, totalSupply, rewardRate, periodFinish, staked, earned] = await Promise.all([
    read("stakingToken"),
    read("rewardsToken"),
    read("totalSupply"),
    read("rewardRate"),
    read("periodFinish"),
    client.readContract({ address: pool, abi: abis.StakingPool, functionName: "balanceOf", args: [from], blockNumber }),
    client.readContract({ address: pool, abi: abis.StakingPool, functionName: "earned", args: [from], blockNumber }),
  ]);
  const stakingToken = await readToken(scope, stakingAddress, "operation");
  const rewardToken = await readToken(scope, rewardsAddress, "operation");
  const quoteOf = (amount: bigint | null, after: bigint): QuoteView => ({
    type: "staking",
    staking_token: view(stakingToken),
    reward_token: view(rewardToken),
    amount: amount === null ? null : tokenAmount(amount, stakingToken.decimals),
    staked_before: tokenAmount(staked, stakingToken.decimals),
    staked_after: tokenAmount(after, stakingToken.decimals),
    pending_reward: tokenAmount(earned, rewardToken.decimals),
  });

  if (req.operation === "claim") {
    if (earned === 0n) {
      throw new ApiError(422, "nothing-to-claim", `${from} has no ${rewardToken.symbol} reward to claim yet.`, {
        field: "operation",
      });
    }
    const data = encodeFunctionData({ abi: abis.StakingPool, functionName: "getReward" });
    const gas = await estimateNow(client, { from, to: pool, data, value: 0n, abi: abis.StakingPool });
    const description = `Claim ${tokenAmount(earned, rewardToken.decimals).human} ${rewardToken.symbol} (and what accrues until it is mined) from StakingPool.`;
    return {
      steps: [{ kind: "claim", to: pool, data, value: 0n, description, gas }],
      quote: quoteOf(null, staked),
      priceImpact: null,
      yieldProjection: null,
    };
  }

  const amount = parseTokenAmount(req.amount, stakingToken.decimals, stakingToken.symbol, "amount");
  if (req.operation === "unstake") {
    if (amount > staked) {
      throw new ApiError(
        422,
        "insufficient-stake",
        `amount is ${tokenAmount(amount, stakingToken.decimals).human} ${stakingToken.symbol} but ${from} has ${tokenAmount(staked, stakingToken.decimals).human} staked.`,
        { field: "amount" },
      );
    }
    const data = encodeFunctionData({ abi: abis.StakingPool, functionName: "withdraw", args: [amount] });
    const gas = await estimateNow(client, { from, to: pool, data, value: 0n, abi: abis.StakingPool });
    const description = `Withdraw ${tokenAmount(amount, stakingToken.decimals).human} ${stakingToken.symbol} from StakingPool; your pending reward stays claimable.`;
    return {
      steps: [{ kind: "unstake", to: pool, data, value: 0n, description, gas }],
      quote: quoteOf(amount, staked - amount),
      priceImpact: null,
      yieldProjection: null,
    };
  }

  await requireNotPaused(scope, pool, "StakingPool");
  await requireBalance(scope, stakingToken, amount, "amount");
  const data = encodeFunctionData({ abi: abis.StakingPool, functionName: "stake", args: [amount] });
  const steps = await withAllowance(
    scope,
    stakingToken,
    amount,
    { address: pool, name: "StakingPool" },
    {
      kind: "stake",
      to: pool,
      data,
      value: 0n,
      abi: abis.StakingPool,
      description: `Stake ${tokenAmount(amount, stakingToken.decimals).human} ${stakingToken.symbol} in StakingPool, earning ${rewardToken.symbol}.`,
    },
  );
  const secondsLeft = periodFinish > scope.timestamp ? periodFinish - scope.timestamp : 0n;
  const stream: RewardStream = {
    rate: { num: secondsLeft === 0n ? 0n : rewardRate, den: 1n },
    staked: totalSupply,
    amount,
    secondsLeft,
    value: await valueInReward(scope, stakingToken, rewardToken, amount),
  };
  return {
    steps,
    quote: quoteOf(amount, staked + amount),
    priceImpact: null,
    yieldProjection: yieldView(scope, rewardToken, stream, stakingToken.decimals),
  };
}

// ---- farm ----

interface PoolRow {
  readonly lpToken: Address;
  readonly allocPoint: bigint;
  readonly lastRewardTime: bigint;
  readonly totalDeposited: bigint;
}

async function readPool(scope: Scope, farm: Address, pid: number): Promise<PoolRow> {
  const [lpToken, allocPoint, lastRewardTime, , totalDeposited] = await scope.client.readContract({
    address: farm,
    abi: abis.Farm,
    functionName: "poolInfo",
    args: [BigInt(pid)],
    blockNumber: scope.blockNumber,
  });
  return { lpToken, allocPoint, lastRewardTime: BigInt(lastRewardTime), totalDeposited };
}

/** The value of `amount` LP tokens in reward base units, when the pair holds the reward token. */
async function lpValueInReward(
  scope: Scope,
  lp: TokenInfo,
  reward: TokenInfo,
  amount: bigint,
): Promise<Fraction | { unknown: string }> {
  const { client, blockNumber } = scope;
  try {
    const [token0, token1, [r0, r1], supply] = await Promise.all([
      client.readContract({ address: lp.address, abi: abis.PeperPair, functionName: "token0", blockNumber }),
      client.readContract({ address: lp.address, abi: abis.PeperPair, functionName: "token1", blockNumber }),
      client.readContract({ address: lp.address, abi: abis.PeperPair, functionName: "getReserves", blockNumber }),
      client.readContract({ address: lp.address, abi: abis.PeperPair, functionName: "totalSupply", blockNumber }),
    ]);
    const rewardReserve =
      token0.toLowerCase() === reward.address.toLowerCase()
        ? r0
        : token1.toLowerCase() === reward.address.toLowerCase()
          ? r1
          : null;
    if (rewardReserve !== null && supply > 0n) {
      // both sides are worth the same at the pair's price: 2 × the reward side's share
      return { num: amount * 2n * rewardReserve, den: supply };
    }
  } catch (error) {
    if (isUnreachable(error)) throw error;
  }
  return {
    unknown: `${lp.symbol} is not a Peper pair holding ${reward.symbol}, so its value in ${reward.symbol} (and the APR) is unknown; the reward amounts are exact.`,
  };
}

async function buildFarm(scope: Scope, req: FarmRequest): Promise<Built> {
  const { client, blockNumber, from } = scope;
  const farm = contractAddress(scope.chain.endpoint, "Farm");
  const read = <
    F extends
      "poolLength" | "rewardToken" | "rewardPerSecond" | "totalAllocPoint" | "rewardsFunded" | "rewardsAllocated",
  >(
    functionName: F,
  ) => client.readContract({ address: farm, abi: abis.Farm, functionName, blockNumber });
  const poolLength = await read("poolLength");
  if (BigInt(req.pid) >= poolLength) {
    throw new ApiError(
      422,
      "unknown-pool",
      `pid ${req.pid} is not a Farm pool on chain ${scope.chain.endpoint.chainId}; it has ${poolLength} pool(s) (0–${Number(poolLength) - 1}).`,
      { field: "pid" },
    );
  }
  const pid = BigInt(req.pid);
  const [pool, rewardAddress, [deposited], pending] = await Promise.all([
    readPool(scope, farm, req.pid),
    read("rewardToken"),
    client.readContract({ address: farm, abi: abis.Farm, functionName: "userInfo", args: [pid, from], blockNumber }),
    client.readContract({
      address: farm,
      abi: abis.Farm,
      functionName: "pendingReward",
      args: [pid, from],
      blockNumber,
    }),
  ]);
  const lp = await readToken(scope, pool.lpToken, "pid");
  const reward = await readToken(scope, rewardAddress, "operation");
  const quoteOf = (amount: bigint | null, after: bigint): QuoteView => ({
    type: "farm",
    pid: req.pid,
    lp_token: view(lp),
    reward_token: view(reward),
    amount: amount === null ? null : tokenAmount(amount, lp.decimals),
    deposited_before: tokenAmount(deposited, lp.decimals),
    deposited_after: tokenAmount(after, lp.decimals),
    pending_reward: tokenAmount(pending, reward.decimals),
  });
  const pendingText = `${tokenAmount(pending, reward.decimals).human} ${reward.symbol}`;

  if (req.operation === "farm_harvest") {
    if (pending === 0n) {
      throw new ApiError(422, "nothing-to-claim", `${from} has no ${reward.symbol} to harvest in pool ${req.pid}.`, {
        field: "pid",
      });
    }
    const data = encodeFunctionData({ abi: abis.Farm, functionName: "harvest", args: [pid] });
    const gas = await estimateNow(client, { from, to: farm, data, value: 0n, abi: abis.Farm });
    return {
      steps: [
        {
          kind: "farm_harvest",
          to: farm,
          data,
          value: 0n,
          description: `Harvest ${pendingText} (and what accrues until it is mined) from Farm pool ${req.pid}.`,
          gas,
        },
      ],
      quote: quoteOf(null, deposited),
      priceImpact: null,
      yieldProjection: null,
    };
  }

  const amount = parseTokenAmount(req.amount, lp.decimals, lp.symbol, "amount");
  if (req.operation === "farm_withdraw") {
    if (amount > deposited) {
      throw new ApiError(
        422,
        "insufficient-deposit",
        `amount is ${tokenAmount(amount, lp.decimals).human} ${lp.symbol} but ${from} has ${tokenAmount(deposited, lp.decimals).human} in pool ${req.pid}.`,
        { field: "amount" },
      );
    }
    const data = encodeFunctionData({ abi: abis.Farm, functionName: "withdraw", args: [pid, amount] });
    const gas = await estimateNow(client, { from, to: farm, data, value: 0n, abi: abis.Farm });
    return {
      steps: [
        {
          kind: "farm_withdraw",
          to: farm,
          data,
          value: 0n,
          description: `Withdraw ${tokenAmount(amount, lp.decimals).human} ${lp.symbol} from Farm pool ${req.pid}; it also pays your pending ${pendingText}.`,
          gas,
        },
      ],
      quote: quoteOf(amount, deposited - amount),
      priceImpact: null,
      yieldProjection: null,
    };
  }

  await requireNotPaused(scope, farm, "Farm");
  await requireBalance(scope, lp, amount, "amount");
  const data = encodeFunctionData({ abi: abis.Farm, functionName: "deposit", args: [pid, amount] });
  const steps = await withAllowance(
    scope,
    lp,
    amount,
    { address: farm, name: "Farm" },
    {
      kind: "farm_deposit",
      to: farm,
      data,
      value: 0n,
      abi: abis.Farm,
      description: `Deposit ${tokenAmount(amount, lp.decimals).human} ${lp.symbol} in Farm pool ${req.pid}, earning ${reward.symbol}${pending > 0n ? `; it also pays your pending ${pendingText}` : ""}.`,
    },
  );

  // The pool's stream and how long the funded reserve lasts at the rate the pools draw it.
  const [rewardPerSecond, totalAllocPoint, funded, allocated] = await Promise.all([
    read("rewardPerSecond"),
    read("totalAllocPoint"),
    read("rewardsFunded"),
    read("rewardsAllocated"),
  ]);
  const pools = await Promise.all(Array.from({ length: Number(poolLength) }, (_, i) => readPool(scope, farm, i)));
  let secondsLeft: bigint | null = null;
  let rate: Fraction = { num: 0n, den: 1n };
  if (totalAllocPoint > 0n && rewardPerSecond > 0n) {
    rate = { num: rewardPerSecond * pool.allocPoint, den: totalAllocPoint };
    // accrued by pools with deposits since their last settlement, not yet booked in rewardsAllocated
    const unsettled = pools.reduce(
      (sum, p) =>
        p.totalDeposited > 0n && scope.timestamp > p.lastRewardTime
          ? sum + ((scope.timestamp - p.lastRewardTime) * rewardPerSecond * p.allocPoint) / totalAllocPoint
          : sum,
      0n,
    );
    const booked = allocated + unsettled;
    const unallocated = funded > booked ? funded - booked : 0n;
    const drawing = pools.reduce(
      (sum, p, i) => (p.totalDeposited > 0n || i === req.pid ? sum + p.allocPoint : sum),
      0n,
    );
    secondsLeft = drawing === 0n ? null : (unallocated * totalAllocPoint) / (rewardPerSecond * drawing);
  }
  const stream: RewardStream = {
    rate,
    staked: pool.totalDeposited,
    amount,
    secondsLeft,
    value: await lpValueInReward(scope, lp, reward, amount),
  };
  return {
    steps,
    quote: quoteOf(amount, deposited + amount),
    priceImpact: null,
    yieldProjection: yieldView(scope, reward, stream, lp.decimals),
  };
}

// ---- bridge ----

/** BridgeManager.RATE_LIMIT_DURATION: a limit refills over it, and a queued transfer waits it. */
const RATE_LIMIT_DURATION = 86_400n;
/** BridgeManager.transfer carries at most 2^96 − 1 base units (BridgeAmountTooLarge above). */
const MAX_BRIDGE_AMOUNT = 2n ** 96n - 1n;

/**
 * Expected delivery, as measured (BENCHMARKS.md, "Bridge latency A → B (send to executed)"). Not a
 * promise: the figures come from loopback chains, and a public chain adds its own block times.
 */
export const BRIDGE_LATENCY = {
  p50Seconds: 5,
  p95Seconds: 7,
  basis:
    "BENCHMARKS.md, 'Bridge latency A → B (send to executed)' (npm run bench -- bridge-latency): chain time from the sending block to the executing block, p50 5 s / p95 7 s over 50 transfers on two loopback Hardhat chains mining a block per second, both verifiers required (2 of 2), the relayers waiting 2 confirmations. On public chains expect the source chain's time for those confirmations plus one destination block instead.",
} as const;

const iso = (seconds: bigint): string => new Date(Number(seconds) * 1000).toISOString();
const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

/** A rate limit as stored: capacity at `lastUpdate`, refilling by `limit` per 24 h up to `limit`. */
interface StoredLimit {
  readonly capacity: bigint;
  readonly lastUpdate: bigint;
  readonly limit: bigint;
}

/**
 * When the stored limit's capacity reaches `amount` (unix seconds; `now` if it has already), as the
 * contract counts it: capacity + ⌊limit · elapsed / 24 h⌋. Null when `amount` is above the limit.
 */
export function capacityReachesAt(stored: StoredLimit, amount: bigint, now: bigint): bigint | null {
  if (amount > stored.limit || stored.limit === 0n) return null;
  if (stored.capacity >= amount) return now;
  const at = stored.lastUpdate + ceilDiv((amount - stored.capacity) * RATE_LIMIT_DURATION, stored.limit);
  return at > now ? at : now;
}

function limitView(
  stored: StoredLimit,
  left: bigint,
  decimals: number,
  now: bigint,
): BridgeQuoteView["outbound_limit"] {
  const full = left >= stored.limit ? null : capacityReachesAt(stored, stored.limit, now);
  return {
    limit: tokenAmount(stored.limit, decimals),
    left: tokenAmount(left, decimals),
    full_at: full === null ? null : iso(full),
  };
}

type BridgeQuoteView = Extract<QuoteView, { type: "bridge" }>;

/** What the API reads of the destination chain, when it serves it. */
interface DestinationView {
  readonly inbound: BridgeQuoteView["inbound_limit"];
  readonly note?: string;
  readonly queuedOnArrival: boolean | null;
  readonly warnings: readonly string[];
}

async function readDestination(
  scope: Scope,
  destination: ChainHandle | null,
  req: BridgeRequest,
  sourceManager: Address,
  peer: Address,
  amount: bigint,
  decimals: number,
): Promise<DestinationView> {
  const dst = req.destination_chain_id;
  const src = BigInt(scope.chain.endpoint.chainId);
  const unknown = (note: string): DestinationView => ({ inbound: null, note, queuedOnArrival: null, warnings: [] });
  if (!destination) {
    return unknown(`This API does not serve chain ${dst}, so its inbound limit was not read.`);
  }
  const known = destination.endpoint.addresses.BridgeManager;
  if (!known || getAddress(known) !== getAddress(peer)) {
    return unknown(
      `The source manager's peer on chain ${dst} (${peer}) is not the BridgeManager this API knows there, so its inbound limit was not read.`,
    );
  }
  const client = destination.client;
  try {
    const block = await client.getBlock({ blockTag: "latest" });
    const at = { address: peer, abi: abis.BridgeManager, blockNumber: block.number } as const;
    const [left, stored, backPeer, paused] = await Promise.all([
      client.readContract({ ...at, functionName: "inboundCapacity", args: [src] }),
      client.readContract({ ...at, functionName: "inboundRateLimit", args: [src] }),
      client.readContract({ ...at, functionName: "peers", args: [src] }),
      client.readContract({ ...at, functionName: "paused" }),
    ]);
    if (getAddress(backPeer) !== getAddress(sourceManager)) {
      throw new ApiError(
        409,
        "destination-peer-mismatch",
        `The BridgeManager on chain ${dst} does not accept messages from ${sourceManager} on chain ${src} (its peer for chain ${src} is ${backPeer}): the transfer would leave and never arrive, so nothing was built. The DAO must set the peer first.`,
        { field: "destination_chain_id" },
      );
    }
    const limits: StoredLimit = {
      capacity: stored.capacity,
      lastUpdate: BigInt(stored.lastUpdate),
      limit: stored.limit,
    };
    const warnings: string[] = [];
    const queuedOnArrival = amount > left;
    if (queuedOnArrival) {
      warnings.push(
        `Chain ${dst} can take in ${tokenAmount(left, decimals).human} PEPER from chain ${src} now (inbound limit ${tokenAmount(stored.limit, decimals).human} per 24 h), less than this transfer: the message executes on arrival but the tokens wait 24 h there, then anyone can complete it (completeInboundQueuedTransfer).`,
      );
    }
    if (paused) {
      warnings.push(
        `The BridgeManager on chain ${dst} is paused: the attestations are recorded, and the transfer executes once it is unpaused (anyone calls execute).`,
      );
    }
    return {
      inbound: limitView(limits, left, decimals, block.timestamp),
      queuedOnArrival,
      warnings,
    };
  } catch (error) {
    if (error instanceof ApiError || !isUnreachable(error)) throw error;
    return unknown(`The node for chain ${dst} does not answer, so its inbound limit was not read.`);
  }
}

async function buildBridge(scope: Scope, req: BridgeRequest, destination: ChainHandle | null): Promise<Built> {
  const { client, blockNumber, from, timestamp } = scope;
  const srcId = scope.chain.endpoint.chainId;
  const dstId = req.destination_chain_id;
  const manager = contractAddress(scope.chain.endpoint, "BridgeManager");
  if (dstId === srcId) {
    throw new ApiError(
      422,
      "same-chain",
      `destination_chain_id is the source chain ${srcId}; pick the chain the PEPER should go to.`,
      { field: "destination_chain_id" },
    );
  }
  const recipient = req.recipient ?? from;
  if (recipient === zeroAddress) {
    throw new ApiError(
      422,
      "zero-recipient",
      "recipient is the zero address: tokens sent there are lost (BridgeZeroRecipient). Leave it out to receive them yourself.",
      { field: "recipient" },
    );
  }
  const at = { address: manager, abi: abis.BridgeManager, blockNumber } as const;
  const dst = BigInt(dstId);
  const [tokenAddress, isHome, paused, peer] = await Promise.all([
    client.readContract({ ...at, functionName: "token" }),
    client.readContract({ ...at, functionName: "isHome" }),
    client.readContract({ ...at, functionName: "paused" }),
    client.readContract({ ...at, functionName: "peers", args: [dst] }),
  ]);
  if (paused) {
    throw new ApiError(
      409,
      "paused",
      `The BridgeManager on chain ${srcId} is paused by its guardian: no transfer can leave until the DAO unpauses it. Nothing was built.`,
    );
  }
  if (peer === zeroAddress) {
    throw new ApiError(
      422,
      "unknown-peer",
      `The BridgeManager on chain ${srcId} has no peer on chain ${dstId}, so PEPER cannot be bridged there (BridgeUnknownPeer).`,
      { field: "destination_chain_id" },
    );
  }
  const token = await readToken(scope, tokenAddress, "chain_id");
  const amount = parseTokenAmount(req.amount, token.decimals, token.symbol, "amount");
  const human = (v: bigint) => `${tokenAmount(v, token.decimals).human} ${token.symbol}`;
  if (amount > MAX_BRIDGE_AMOUNT) {
    throw new ApiError(422, "amount-too-large", `amount is above what one transfer can carry (2^96 − 1 base units).`, {
      field: "amount",
    });
  }

  // The outbound limit, as the contract will count it.
  const [left, stored, fee] = await Promise.all([
    client.readContract({ ...at, functionName: "outboundCapacity", args: [dst] }),
    client.readContract({ ...at, functionName: "outboundRateLimit", args: [dst] }),
    client.readContract({ ...at, functionName: "quoteTransfer", args: [dst] }),
  ]);
  const outbound: StoredLimit = {
    capacity: stored.capacity,
    lastUpdate: BigInt(stored.lastUpdate),
    limit: stored.limit,
  };
  const queued = amount > left;
  if (queued && !req.queue_if_over_limit) {
    const fits = capacityReachesAt(outbound, amount, timestamp);
    const when =
      fits === null
        ? `it is above the whole limit (${human(outbound.limit)} per 24 h), so it never fits at once: send at most ${human(outbound.limit)} at a time`
        : `the limit refills by ${human(outbound.limit)} per 24 h, so this amount fits from ${iso(fits)} if nothing else is sent`;
    throw new ApiError(
      409,
      "outbound-limit-exceeded",
      `${human(amount)} is more than the ${human(left)} chain ${srcId} can still send to chain ${dstId} now; ${when}. Or send it with queue_if_over_limit: true to queue it for 24 h (BridgeOutboundLimitExceeded otherwise).`,
      { field: "amount" },
    );
  }
  await requireBalance(scope, token, amount, "amount");

  // A queued transfer takes no fee (whoever completes it pays); a sent one pays every verifier.
  const value = queued ? 0n : fee;
  const [native, gasPrice] = await Promise.all([
    client.getBalance({ address: from, blockNumber }),
    client.getGasPrice(),
  ]);
  const needNative = (gas: bigint): ApiError =>
    new ApiError(
      422,
      "insufficient-native-balance",
      `${from} holds ${formatEther(native)} of chain ${srcId}'s native token but needs at least ${formatEther(value + gas * gasPrice)}: the verifiers' fee ${formatEther(value)} plus gas (${gas} gas at the node's gas price ${formatEther(gasPrice)}). Top up the wallet first.`,
      { field: "from" },
    );
  if (native < value + 21_000n * gasPrice) throw needNative(21_000n);

  const recipientNote = recipient === from ? "you" : recipient;
  const description = queued
    ? `Queue ${human(amount)} for ${recipientNote} on chain ${dstId} through the BridgeManager: above the outbound limit left (${human(left)}), it ${isHome ? "locks" : "burns"} the tokens now and anyone can send it after ${iso(timestamp + RATE_LIMIT_DURATION)} (24 h after the block that includes it), paying the fee then; you may cancel it until then.`
    : `Send ${human(amount)} to ${recipientNote} on chain ${dstId} through the BridgeManager: it ${isHome ? "locks" : "burns"} the tokens and emits the message the verifiers attest; value ${formatEther(value)} is the verifiers' fee.`;
  const data = encodeFunctionData({
    abi: abis.BridgeManager,
    functionName: "transfer",
    args: [amount, dst, recipient, queued],
  });
  const call = { kind: "bridge" as const, to: manager, data, value, abi: abis.BridgeManager, description };
  const steps = isHome
    ? await withAllowance(scope, token, amount, { address: manager, name: "BridgeManager" }, call)
    : [{ ...call, gas: await estimateNow(client, { from, to: manager, data, value, abi: abis.BridgeManager }) }];
  const gas = steps.reduce((sum, s) => sum + (s.gas.gas ?? 0n), 0n);
  if (native < value + gas * gasPrice) throw needNative(gas);

  const arrival = await readDestination(scope, destination, req, manager, peer, amount, token.decimals);
  const warnings = [...arrival.warnings];
  if (queued) {
    warnings.unshift(
      `Above the outbound limit left (${human(left)}), this transfer is queued on chain ${srcId} for 24 h; anyone can complete it after that (completeOutboundQueuedTransfer, paying the fee then), and you can cancel it before.`,
    );
  }
  const plusQueue = (queued ? 86_400 : 0) + (arrival.queuedOnArrival ? 86_400 : 0);
  const quote: BridgeQuoteView = {
    type: "bridge",
    token: view(token),
    amount: tokenAmount(amount, token.decimals),
    source_chain_id: srcId,
    destination_chain_id: dstId,
    recipient: getAddress(recipient),
    manager: getAddress(manager),
    destination_manager: getAddress(peer),
    source_is_home: isHome,
    fee: {
      wei: value.toString(),
      ether: formatEther(value),
      quoted: fee.toString(),
      basis: queued
        ? "Queued: no fee now (BridgeManager.transfer returns the value of a queued transfer); whoever completes it pays BridgeManager.quoteTransfer then."
        : "BridgeManager.quoteTransfer(destination) at the quote's block: the sum of every verifier's quoteSend; any excess sent is returned.",
    },
    outbound_limit: limitView(outbound, left, token.decimals, timestamp),
    inbound_limit: arrival.inbound,
    ...(arrival.note ? { inbound_limit_note: arrival.note } : {}),
    queued,
    queued_until: queued ? iso(timestamp + RATE_LIMIT_DURATION) : null,
    queued_on_arrival: arrival.queuedOnArrival,
    expected_delivery: {
      p50_seconds: BRIDGE_LATENCY.p50Seconds,
      p95_seconds: BRIDGE_LATENCY.p95Seconds,
      plus_queue_seconds: plusQueue,
      basis: BRIDGE_LATENCY.basis,
    },
    warnings,
  };
  return { steps, quote, priceImpact: null, yieldProjection: null };
}

/**
 * Builds a DeFi operation for `from` to sign: reads the chain at its latest block, checks the
 * amounts, balances and allowances, and answers the transactions in order with gas measured on the
 * chain, the quote, the price impact (swaps) and the yield projection (stake, farm_deposit).
 */
export async function buildDefiOperation(
  chain: ChainHandle,
  request: DefiOperationRequest,
  options: { readonly chainOf?: (chainId: number) => ChainHandle | null } = {},
): Promise<DefiOperationAnswer> {
  const block = await chain.client.getBlock({ blockTag: "latest" });
  const scope: Scope = {
    chain,
    client: chain.client,
    blockNumber: block.number,
    timestamp: block.timestamp,
    from: request.from,
  };
  let built: Built;
  switch (request.operation) {
    case "swap":
      built = await buildSwap(scope, request);
      break;
    case "stake":
    case "unstake":
    case "claim":
      built = await buildStaking(scope, request);
      break;
    case "farm_deposit":
    case "farm_withdraw":
    case "farm_harvest":
      built = await buildFarm(scope, request);
      break;
    case "bridge":
      built = await buildBridge(scope, request, options.chainOf?.(request.destination_chain_id) ?? null);
      break;
  }
  const transactions = built.steps.map((s, i) => ({
    step: i + 1,
    kind: s.kind,
    to: getAddress(s.to),
    data: s.data,
    value: s.value.toString(),
    description: s.description,
    estimated_gas: s.gas.gas === null ? null : s.gas.gas.toString(),
    gas_estimate_method: s.gas.method,
    ...(s.gas.note ? { gas_estimate_note: s.gas.note } : {}),
  }));
  const known = built.steps.every((s) => s.gas.gas !== null);
  const total = built.steps.reduce((sum, s) => sum + (s.gas.gas ?? 0n), 0n);
  const approving = built.steps.length > 1;
  return {
    operation: request.operation,
    chain_id: chain.endpoint.chainId,
    from: request.from,
    block_number: block.number.toString(),
    block_timestamp: Number(block.timestamp),
    transactions,
    estimated_gas: known ? total.toString() : null,
    gas_estimation: approving
      ? "Step 1 (approve) by eth_estimateGas. Step 2 cannot run before the approve is mined, so it is measured against the chain with the token's allowance storage slot set to the approved amount (a state override, the slot located by reading allowance() back under candidate overrides): eth_estimateGas with the override, or, where the node refuses overrides there, a binary search over the gas limit with eth_call and the override (within 0.1 %)."
      : "eth_estimateGas from your address against the latest block.",
    quote: built.quote,
    price_impact: built.priceImpact,
    yield_projection: built.yieldProjection,
  };
}
