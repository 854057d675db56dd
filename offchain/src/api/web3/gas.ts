/**
 * Gas estimates from the chain itself, including for a call that can only run after an ERC-20
 * `approve` the user has not sent yet.
 *
 * Without a pending approve: `eth_estimateGas` as is.
 *
 * With one: the call would revert today (no allowance), so it is estimated against the state it will
 * meet — the same chain with the token's allowance slot for (owner, spender) set to the amount the
 * approve grants, as a state override:
 *
 * 1. find the slot: for each candidate layout (Solidity mapping at storage slots 0–15, and
 *    OpenZeppelin's ERC-7201 namespaced ERC-20 storage), `eth_call` `allowance(owner, spender)` with
 *    that slot overridden; the slot whose override the token reports back is the allowance slot;
 * 2. `eth_estimateGas` with the override (geth, Erigon, Anvil and most providers accept it);
 * 3. when the node refuses overrides on `eth_estimateGas` (Hardhat's EDR accepts them only on
 *    `eth_call`), the same search `eth_estimateGas` performs, done here: binary search over the gas
 *    limit with `eth_call` + the override, to within 0.1 %, answering the smallest limit seen to succeed.
 *
 * When no candidate slot is the allowance (a token with an unusual layout) the estimate is `null`
 * with the reason: ask again once the approve is mined. No number is ever made up.
 */
import {
  encodeAbiParameters,
  encodeFunctionData,
  erc20Abi,
  keccak256,
  numberToHex,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
  type StateOverride,
} from "viem";

import { ApiError } from "../context.ts";
import { describeRevert, isUnreachable } from "./endpoint.ts";

/** How an estimate was obtained. */
export type GasMethod =
  | "eth_estimateGas"
  | "eth_estimateGas with allowance override"
  | "eth_call gas search with allowance override"
  | "unavailable";

export interface GasEstimate {
  /** Gas units, or null when it cannot be measured honestly (see `note`). */
  readonly gas: bigint | null;
  readonly method: GasMethod;
  readonly note?: string;
}

/** A call to estimate. */
export interface CallToEstimate {
  readonly from: Address;
  readonly to: Address;
  readonly data: Hex;
  readonly value: bigint;
  /** The contract's ABI, to name its custom errors when the call would revert. */
  readonly abi: Abi;
}

/** ERC-7201 location of OpenZeppelin's upgradeable ERC20Storage ("openzeppelin.storage.ERC20"). */
const OZ_ERC20_NAMESPACE = 0x52c63247e1f47db19d5ce0460030c497f067ca4cebf71ba98eeadabe20bace00n;
/** EIP-7825's per-transaction gas cap (Osaka): no single call may need more. */
const TX_GAS_CAP = 16_777_216n;

/** The storage slot of `allowance[owner][spender]` for a Solidity mapping at `mappingSlot`. */
function allowanceSlot(owner: Address, spender: Address, mappingSlot: bigint): Hex {
  const inner = keccak256(encodeAbiParameters([{ type: "address" }, { type: "uint256" }], [owner, mappingSlot]));
  return keccak256(encodeAbiParameters([{ type: "address" }, { type: "bytes32" }], [spender, inner]));
}

/**
 * The token's storage slot holding `allowance(owner, spender)`, found by overriding candidate slots
 * in `eth_call` and reading the allowance back; null when no candidate is it.
 */
export async function findAllowanceSlot(
  client: PublicClient,
  token: Address,
  owner: Address,
  spender: Address,
  probe: bigint,
): Promise<Hex | null> {
  const candidates: Hex[] = [];
  for (let s = 0n; s < 16n; s++) candidates.push(allowanceSlot(owner, spender, s));
  candidates.push(allowanceSlot(owner, spender, OZ_ERC20_NAMESPACE + 1n));
  const value = numberToHex(probe, { size: 32 });
  const answers = await Promise.all(
    candidates.map(async (slot) => {
      try {
        const read = await client.readContract({
          address: token,
          abi: erc20Abi,
          functionName: "allowance",
          args: [owner, spender],
          stateOverride: [{ address: token, stateDiff: [{ slot, value }] }],
        });
        return read === probe;
      } catch (error) {
        if (isUnreachable(error)) throw error;
        return false;
      }
    }),
  );
  const index = answers.indexOf(true);
  return index < 0 ? null : candidates[index]!;
}

function wouldRevert(call: CallToEstimate, error: unknown): ApiError {
  return new ApiError(
    422,
    "would-revert",
    `The chain would reject this transaction: ${describeRevert(error, call.abi)}. Nothing was built to sign.`,
    { field: "operation" },
  );
}

/** `eth_estimateGas` for a call that can run now; 422 `would-revert` with the reason when it cannot. */
export async function estimateNow(client: PublicClient, call: CallToEstimate): Promise<GasEstimate> {
  try {
    const gas = await client.estimateGas({ account: call.from, to: call.to, data: call.data, value: call.value });
    return { gas, method: "eth_estimateGas" };
  } catch (error) {
    if (isUnreachable(error)) throw error;
    throw wouldRevert(call, error);
  }
}

/** The smallest gas limit (within 0.1 %) with which `eth_call` succeeds under the override. */
async function searchGas(client: PublicClient, call: CallToEstimate, stateOverride: StateOverride): Promise<bigint> {
  const attempt = async (gas: bigint): Promise<unknown> => {
    try {
      await client.call({
        account: call.from,
        to: call.to,
        data: call.data,
        value: call.value,
        gas,
        stateOverride,
        // the next block, as the transaction will meet it (time-dependent paths: accumulators, rewards)
        blockTag: "pending",
      });
      return null;
    } catch (error) {
      if (isUnreachable(error)) throw error;
      return error ?? new Error("failed");
    }
  };
  const block = await client.getBlock({ blockTag: "pending" });
  let hi = block.gasLimit < TX_GAS_CAP ? block.gasLimit : TX_GAS_CAP;
  const atCap = await attempt(hi);
  if (atCap !== null) throw wouldRevert(call, atCap);
  let lo = 21_000n - 1n; // below the intrinsic cost of any transaction: fails
  while ((hi - lo) * 1000n > hi) {
    const mid = (lo + hi) / 2n;
    if ((await attempt(mid)) === null) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The gas of `call` once `owner` has approved `spender` for `amount` of `token` (the approve comes
 * first in the same answer). See the module comment for the method.
 */
export async function estimateAfterApprove(
  client: PublicClient,
  call: CallToEstimate,
  approval: { token: Address; owner: Address; spender: Address; amount: bigint },
): Promise<GasEstimate> {
  const slot = await findAllowanceSlot(client, approval.token, approval.owner, approval.spender, approval.amount);
  if (!slot) {
    return {
      gas: null,
      method: "unavailable",
      note: "The token's allowance storage could not be located, so this call cannot be simulated before the approve is mined; ask again after it is.",
    };
  }
  const stateOverride: StateOverride = [
    { address: approval.token, stateDiff: [{ slot, value: numberToHex(approval.amount, { size: 32 }) }] },
  ];
  try {
    const gas = await client.estimateGas({
      account: call.from,
      to: call.to,
      data: call.data,
      value: call.value,
      stateOverride,
    });
    return { gas, method: "eth_estimateGas with allowance override" };
  } catch (error) {
    if (isUnreachable(error)) throw error;
    // Either the node does not take overrides on eth_estimateGas, or the call reverts anyway: the
    // search tells the two apart (it fails at the gas cap only for a real revert).
  }
  return { gas: await searchGas(client, call, stateOverride), method: "eth_call gas search with allowance override" };
}

/** The calldata of `approve(spender, amount)`. */
export function approveData(spender: Address, amount: bigint): Hex {
  return encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [spender, amount] });
}
