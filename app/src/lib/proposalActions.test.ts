import { decodeFunctionData, encodeFunctionData, erc20Abi } from "viem";
import { describe, expect, it } from "vitest";

import { farmAbi } from "@protocol/generated/abis/Farm.ts";
import { governanceSenderAbi } from "@protocol/generated/abis/GovernanceSender.ts";
import { peperGovernorAbi } from "@protocol/generated/abis/PeperGovernor.ts";

import {
  callText,
  crossChainActions,
  decodeCall,
  deliveryStage,
  freeFormCall,
  MAX_ACTIONS,
  parameterChange,
  proposalCalls,
  treasuryTransfer,
  type BuildResult,
  type ProposalCall,
} from "./proposalActions.ts";

const token = { address: "0x5FbDB2315678afecb367f032d93F642f64180aa3", decimals: 18 } as const;
const to = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";

describe("proposal actions", () => {
  it("encodes a treasury transfer of a token or of the native coin", () => {
    const built = treasuryTransfer(token, to, "250000");
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.call.target).toBe(token.address);
    expect(decodeFunctionData({ abi: erc20Abi, data: built.call.data })).toEqual({
      functionName: "transfer",
      args: [to, 250_000n * 10n ** 18n],
    });
    expect(treasuryTransfer("native", to, "1.5")).toEqual({
      ok: true,
      call: { target: to, value: 1_500_000_000_000_000_000n, data: "0x" },
    });
    expect(treasuryTransfer(token, "0x123", "1")).toEqual({ ok: false, key: "badRecipient" });
    expect(treasuryTransfer(token, to, "abc")).toEqual({ ok: false, key: "badAmount" });
  });
  it("encodes parameter changes on the Timelock-owned setters", () => {
    const governor = "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9";
    const delay = parameterChange("votingDelay", governor, "120");
    expect(delay.ok && decodeFunctionData({ abi: peperGovernorAbi, data: delay.call.data })).toEqual({
      functionName: "setVotingDelay",
      args: [120],
    });
    const farm = parameterChange("farmRewardPerSecond", governor, "0.5");
    expect(farm.ok && decodeFunctionData({ abi: farmAbi, data: farm.call.data }).args).toEqual([5n * 10n ** 17n]);
    expect(parameterChange("quorumNumerator", governor, "101")).toEqual({ ok: false, key: "badPercent" });
    expect(parameterChange("votingPeriod", governor, "1.5")).toEqual({ ok: false, key: "badInteger" });
    expect(parameterChange("votingPeriod", undefined, "10")).toEqual({ ok: false, key: "notDeployed" });
  });
  it("checks a free-form call's target and calldata", () => {
    expect(freeFormCall(to, "", "0xabcd")).toEqual({ ok: true, call: { target: to, value: 0n, data: "0xabcd" } });
    expect(freeFormCall("nope", "0", "0x")).toEqual({ ok: false, key: "badTarget" });
    expect(freeFormCall(to, "0", "0xabc")).toEqual({ ok: false, key: "badCalldata" });
    expect(freeFormCall(to, "x", "0x")).toEqual({ ok: false, key: "badAmount" });
  });
});

describe("proposalCalls", () => {
  const a: ProposalCall = { target: "0x00000000000000000000000000000000000000a1", value: 1n, data: "0x" };
  const b: ProposalCall = { target: "0x00000000000000000000000000000000000000b2", value: 0n, data: "0x1234" };
  const bad: BuildResult = { ok: false, key: "badRecipient" };

  it("takes the editor's action alone, or after the added ones, in order", () => {
    expect(proposalCalls([], { ok: true, call: a }, true)).toEqual({ ok: true, calls: [a] });
    expect(proposalCalls([a], { ok: true, call: b }, true)).toEqual({ ok: true, calls: [a, b] });
  });

  it("leaves out an untouched editor once actions were added, and never drops an edited invalid one", () => {
    expect(proposalCalls([a, b], bad, false)).toEqual({ ok: true, calls: [a, b] });
    expect(proposalCalls([a, b], bad, true)).toEqual({ ok: false, key: "badRecipient" });
    expect(proposalCalls([], bad, false)).toEqual({ ok: false, key: "badRecipient" });
  });

  it("refuses more than MAX_ACTIONS actions", () => {
    const full = Array.from({ length: MAX_ACTIONS }, () => a);
    expect(proposalCalls(full, { ok: true, call: b }, true)).toEqual({ ok: false, key: "tooManyActions" });
    expect(proposalCalls(full, bad, false)).toEqual({ ok: true, calls: full });
  });
});

describe("cross-chain actions", () => {
  const sender = "0x1000000000000000000000000000000000000001" as const;
  const farmB = "0x2000000000000000000000000000000000000002" as const;
  const treasury = "0x3000000000000000000000000000000000000003" as const;
  const setRate = encodeFunctionData({ abi: farmAbi, functionName: "setRewardPerSecond", args: [5n * 10n ** 17n] });
  const send = encodeFunctionData({
    abi: governanceSenderAbi,
    functionName: "send",
    args: [31338n, [farmB], [0n], [setRate]],
  });
  const local = encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [to, 1n] });

  it("finds the actions that call GovernanceSender.send and decodes their batch", () => {
    const actions = crossChainActions(
      { targets: [token.address, sender], values: [0n, 7n], calldatas: [local, send] },
      sender,
    );
    expect(actions).toEqual([
      { index: 1, dstChainId: 31338, fee: 7n, calls: [{ target: farmB, value: 0n, data: setRate }] },
    ]);
    // no sender on this chain, or another function of it: no cross-chain action
    expect(crossChainActions({ targets: [sender], values: [0n], calldatas: [send] }, undefined)).toEqual([]);
    const setReceiver = encodeFunctionData({
      abi: governanceSenderAbi,
      functionName: "setReceiver",
      args: [31338n, treasury],
    });
    expect(crossChainActions({ targets: [sender], values: [0n], calldatas: [setReceiver] }, sender)).toEqual([]);
    expect(crossChainActions({ targets: [sender], values: [0n], calldatas: ["0x1234"] }, sender)).toEqual([]);
  });

  it("decodes an inner call with the ABI of the contract it targets on the remote chain", () => {
    const names = (a: string) => (a === farmB ? "Farm" : undefined);
    const decoded = decodeCall({ target: farmB, value: 0n, data: setRate }, names);
    expect(decoded).toMatchObject({ contract: "Farm", functionName: "setRewardPerSecond", args: [5n * 10n ** 17n] });
    expect(callText(decoded)).toBe("Farm.setRewardPerSecond(500000000000000000)");
    // an unknown target: tried as an ERC-20 call; raw data otherwise
    expect(callText(decodeCall({ target: treasury, value: 0n, data: local }, names))).toBe(`transfer(${to}, 1)`);
    expect(callText(decodeCall({ target: farmB, value: 0n, data: "0xdeadbeef" }, names))).toBeUndefined();
  });

  it("follows the delivery: not sent, attested k of n, scheduled until ready, ready, executed", () => {
    const base = { executed: true, sent: true, attestations: 1, threshold: 2, verifiers: 2, done: false, now: 100n };
    expect(deliveryStage({ ...base, executed: false })).toEqual({ kind: "not-sent" });
    expect(deliveryStage({ ...base, sent: false })).toEqual({ kind: "not-found" });
    expect(deliveryStage(base)).toEqual({ kind: "attesting", attestations: 1, threshold: 2, verifiers: 2 });
    expect(deliveryStage({ ...base, attestations: 2, readyAt: 101n })).toEqual({ kind: "scheduled", readyAt: 101n });
    expect(deliveryStage({ ...base, attestations: 2, readyAt: 100n })).toEqual({ kind: "ready", readyAt: 100n });
    expect(deliveryStage({ ...base, readyAt: 50n, done: true })).toEqual({ kind: "executed" });
  });
});
