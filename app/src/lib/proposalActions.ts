import { encodeFunctionData, erc20Abi, isAddress, isHex, type Address, type Hex } from "viem";

import { farmAbi, peperGovernorAbi } from "@protocol/generated/abis.ts";

import { parseAmount } from "./amounts.ts";

/** One call of a proposal: what the Timelock will execute. */
export interface ProposalCall {
  target: Address;
  value: bigint;
  data: Hex;
}

export type BuildResult = { ok: true; call: ProposalCall } | { ok: false; key: string };

/** A treasury transfer of an ERC-20 (or of the native coin when `token` is "native"). */
export function treasuryTransfer(
  token: { address: Address; decimals: number } | "native",
  recipient: string,
  amount: string,
): BuildResult {
  if (!isAddress(recipient)) return { ok: false, key: "badRecipient" };
  const parsed = parseAmount(amount, token === "native" ? 18 : token.decimals);
  if (!parsed.ok) return { ok: false, key: "badAmount" };
  if (token === "native") return { ok: true, call: { target: recipient, value: parsed.value, data: "0x" } };
  return {
    ok: true,
    call: {
      target: token.address,
      value: 0n,
      data: encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [recipient, parsed.value] }),
    },
  };
}

/**
 * The protocol parameters the DAO changes most often, each one setter owned by the Timelock: its
 * contract (deployment name), function, and how the value typed is read.
 */
export const PARAMETERS = [
  { id: "votingDelay", contract: "PeperGovernor", unit: "seconds" },
  { id: "votingPeriod", contract: "PeperGovernor", unit: "seconds" },
  { id: "proposalThreshold", contract: "PeperGovernor", unit: "PEPER" },
  { id: "quorumNumerator", contract: "PeperGovernor", unit: "percent" },
  { id: "farmRewardPerSecond", contract: "Farm", unit: "PEPER" },
] as const;

export type ParameterId = (typeof PARAMETERS)[number]["id"];

export function parameterChange(id: ParameterId, target: Address | undefined, value: string): BuildResult {
  if (!target) return { ok: false, key: "notDeployed" };
  const spec = PARAMETERS.find((p) => p.id === id)!;
  const text = value.trim();
  let n: bigint;
  if (spec.unit === "PEPER") {
    const parsed = parseAmount(text, 18);
    if (!parsed.ok) return { ok: false, key: "badAmount" };
    n = parsed.value;
  } else {
    if (!/^\d+$/.test(text)) return { ok: false, key: "badInteger" };
    n = BigInt(text);
    if (spec.unit === "percent" && (n < 1n || n > 100n)) return { ok: false, key: "badPercent" };
  }
  const data = (() => {
    switch (id) {
      case "votingDelay":
        return encodeFunctionData({ abi: peperGovernorAbi, functionName: "setVotingDelay", args: [Number(n)] });
      case "votingPeriod":
        return encodeFunctionData({ abi: peperGovernorAbi, functionName: "setVotingPeriod", args: [Number(n)] });
      case "proposalThreshold":
        return encodeFunctionData({ abi: peperGovernorAbi, functionName: "setProposalThreshold", args: [n] });
      case "quorumNumerator":
        return encodeFunctionData({ abi: peperGovernorAbi, functionName: "updateQuorumNumerator", args: [n] });
      case "farmRewardPerSecond":
        return encodeFunctionData({ abi: farmAbi, functionName: "setRewardPerSecond", args: [n] });
    }
  })();
  return { ok: true, call: { target, value: 0n, data } };
}

/** A free-form call: any target, a value in the native coin, and raw calldata. */
export function freeFormCall(target: string, value: string, data: string): BuildResult {
  if (!isAddress(target)) return { ok: false, key: "badTarget" };
  const v = value.trim() === "" ? { ok: true as const, value: 0n } : parseAmount(value, 18);
  if (!v.ok && !(value.trim() === "0")) return { ok: false, key: "badAmount" };
  const calldata = data.trim() === "" ? "0x" : data.trim();
  if (!isHex(calldata) || calldata.length % 2 !== 0) return { ok: false, key: "badCalldata" };
  return { ok: true, call: { target, value: v.ok ? v.value : 0n, data: calldata } };
}

/** The most actions one proposal carries here (each is a call the Timelock makes in one transaction). */
export const MAX_ACTIONS = 10;

export type CallsResult = { ok: true; calls: ProposalCall[] } | { ok: false; key: string };

/**
 * A proposal's calls: the actions already added, then the one in the editor — unless the editor was
 * left untouched after adding some (then only the added ones). An edited but invalid action is an
 * error, never silently dropped.
 */
export function proposalCalls(
  added: readonly ProposalCall[],
  current: BuildResult,
  editorTouched: boolean,
): CallsResult {
  if (!editorTouched && added.length > 0) return { ok: true, calls: [...added] };
  if (!current.ok) return { ok: false, key: current.key };
  if (added.length + 1 > MAX_ACTIONS) return { ok: false, key: "tooManyActions" };
  return { ok: true, calls: [...added, current.call] };
}
