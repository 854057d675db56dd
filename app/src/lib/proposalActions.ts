import {
  decodeFunctionData,
  encodeFunctionData,
  erc20Abi,
  isAddress,
  isHex,
  type Abi,
  type Address,
  type Hex,
} from "viem";

import { bridgeManagerAbi } from "@protocol/generated/abis/BridgeManager.ts";
import { collectiblesAbi } from "@protocol/generated/abis/Collectibles.ts";
import { farmAbi } from "@protocol/generated/abis/Farm.ts";
import { governanceReceiverAbi } from "@protocol/generated/abis/GovernanceReceiver.ts";
import { governanceSenderAbi } from "@protocol/generated/abis/GovernanceSender.ts";
import { hyperlaneVerifierAbi } from "@protocol/generated/abis/HyperlaneVerifier.ts";
import { indexVaultAbi } from "@protocol/generated/abis/IndexVault.ts";
import { marketplaceAbi } from "@protocol/generated/abis/Marketplace.ts";
import { operatorVerifierAbi } from "@protocol/generated/abis/OperatorVerifier.ts";
import { oracleHubAbi } from "@protocol/generated/abis/OracleHub.ts";
import { peperFactoryAbi } from "@protocol/generated/abis/PeperFactory.ts";
import { peperGovernorAbi } from "@protocol/generated/abis/PeperGovernor.ts";
import { peperRouterAbi } from "@protocol/generated/abis/PeperRouter.ts";
import { peperTimelockAbi } from "@protocol/generated/abis/PeperTimelock.ts";
import { peperTokenAbi } from "@protocol/generated/abis/PeperToken.ts";
import { stakingPoolAbi } from "@protocol/generated/abis/StakingPool.ts";

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

// ------------------------------------------------------------------ reading a proposal's calls

/** The protocol's ABIs by deployment name: what a proposal's call means when its target is one of them. */
const PROTOCOL_ABIS: Record<string, Abi> = {
  PeperGovernor: peperGovernorAbi,
  PeperTimelock: peperTimelockAbi,
  PeperToken: peperTokenAbi,
  Farm: farmAbi,
  StakingPool: stakingPoolAbi,
  PeperRouter: peperRouterAbi,
  PeperFactory: peperFactoryAbi,
  IndexVault: indexVaultAbi,
  OracleHub: oracleHubAbi,
  Marketplace: marketplaceAbi,
  Collectibles: collectiblesAbi,
  BridgeManager: bridgeManagerAbi,
  OperatorVerifier: operatorVerifierAbi,
  HyperlaneVerifier: hyperlaneVerifierAbi,
  GovernanceSender: governanceSenderAbi,
  GovernanceReceiver: governanceReceiverAbi,
};

/** A call with, when its target is a known contract and its data decodes, the function and arguments. */
export interface DecodedCall extends ProposalCall {
  /** The target's deployment name on the chain that runs the call. */
  contract?: string;
  functionName?: string;
  args?: readonly unknown[];
}

/**
 * Decodes a call with the ABI of the deployment it targets (`nameOf` gives the deployment name of an
 * address on the chain that runs it); an unknown target is tried as an ERC-20 transfer/approve. Data
 * that does not decode stays raw.
 */
export function decodeCall(call: ProposalCall, nameOf: (address: Address) => string | undefined): DecodedCall {
  const contract = nameOf(call.target);
  const abi = contract ? PROTOCOL_ABIS[contract] : undefined;
  for (const candidate of abi ? [abi] : [erc20Abi as Abi]) {
    try {
      const decoded = decodeFunctionData({ abi: candidate, data: call.data });
      return {
        ...call,
        ...(contract ? { contract } : {}),
        functionName: decoded.functionName,
        args: decoded.args ?? [],
      };
    } catch {
      // not a function of this ABI: shown raw
    }
  }
  return { ...call, ...(contract ? { contract } : {}) };
}

const argText = (a: unknown): string =>
  Array.isArray(a) ? `[${a.map(argText).join(", ")}]` : typeof a === "bigint" ? a.toString() : String(a);

/** "Farm.setRewardPerSecond(1000)" for a decoded call, or undefined when it did not decode. */
export const callText = (c: DecodedCall): string | undefined =>
  c.functionName
    ? `${c.contract ?? ""}${c.contract ? "." : ""}${c.functionName}(${(c.args ?? []).map(argText).join(", ")})`
    : undefined;

/** One action of a proposal that sends calls to another chain (GovernanceSender.send). */
export interface CrossChainAction {
  /** The action's position in the proposal (0-based). */
  index: number;
  dstChainId: number;
  /** The native coin the Timelock passes for the verifiers' fees. */
  fee: bigint;
  calls: ProposalCall[];
}

/** The proposal's actions that call `sender.send(dstChainId, targets, values, calldatas)`, decoded. */
export function crossChainActions(
  proposal: { targets: readonly Address[]; values: readonly bigint[]; calldatas: readonly Hex[] },
  sender: Address | undefined,
): CrossChainAction[] {
  if (!sender) return [];
  const out: CrossChainAction[] = [];
  proposal.targets.forEach((target, index) => {
    if (target.toLowerCase() !== sender.toLowerCase()) return;
    try {
      const decoded = decodeFunctionData({ abi: governanceSenderAbi, data: proposal.calldatas[index] ?? "0x" });
      if (decoded.functionName !== "send") return;
      const [dstChainId, targets, values, calldatas] = decoded.args;
      out.push({
        index,
        dstChainId: Number(dstChainId),
        fee: proposal.values[index] ?? 0n,
        calls: targets.map((t, i) => ({ target: t, value: values[i] ?? 0n, data: calldatas[i] ?? "0x" })),
      });
    } catch {
      // another function of the sender (setReceiver, setVerifiers): a local call
    }
  });
  return out;
}

/** Where a cross-chain action is on its way: the remote chain schedules it on its Timelock, then anyone executes it. */
export type DeliveryStage =
  | { kind: "not-sent" }
  | { kind: "not-found" }
  | { kind: "attesting"; attestations: number; threshold: number; verifiers: number }
  | { kind: "scheduled"; readyAt: bigint }
  | { kind: "ready"; readyAt: bigint }
  | { kind: "executed" };

export interface DeliveryFacts {
  /** The proposal executed on the home chain. */
  executed: boolean;
  /** Its GovernanceMessageSent was found (in the execution's transaction). */
  sent: boolean;
  /** On the remote chain: attestations by current verifiers, the receiver's rule. */
  attestations: number;
  threshold: number;
  verifiers: number;
  /** GovernanceMessageScheduled's readyAt, when scheduled. */
  readyAt?: bigint;
  /** The remote Timelock ran the operation. */
  done: boolean;
  /** The remote chain's block time. */
  now: bigint;
}

export function deliveryStage(f: DeliveryFacts): DeliveryStage {
  if (!f.executed) return { kind: "not-sent" };
  if (!f.sent) return { kind: "not-found" };
  if (f.done) return { kind: "executed" };
  if (f.readyAt === undefined) {
    return { kind: "attesting", attestations: f.attestations, threshold: f.threshold, verifiers: f.verifiers };
  }
  return f.now >= f.readyAt ? { kind: "ready", readyAt: f.readyAt } : { kind: "scheduled", readyAt: f.readyAt };
}
