// One DAO for every chain, on the local stack (docs/decisions/0013-one-dao.md): a proposal on chain A
// (PEPER's home, the only Governor) whose one action is GovernanceSender.send(B, calls) is proposed,
// voted, queued and executed on A; the governance message it sends is delivered to B by both of the
// bridge's verifiers — the oracle operators' attestation (OperatorVerifier.attestGovernance) and
// Hyperlane (validators' checkpoint, Mailbox.process) — whereupon B's GovernanceReceiver schedules the
// calls on B's Timelock with B's own delay; after it, anyone executes them there.
//
// `npm start` runs it from B's demo (scripts/demo/defi.ts: PIP-3 launches liquidity mining and staking
// on B). The relayer processes start after the deployment, so, as scripts/lib/bridge-demo.ts does for
// the demo PEPER, it delivers the message itself with the local operator and validator keys, and it
// moves both local chains' clocks (evm_increaseTime) past the voting period and the delays.
import { decodeEventLog, encodeFunctionData, keccak256, parseAbi, toBytes, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import {
  governanceAttestationTypedData,
  governanceMessageDigest,
  type GovernanceMessage,
} from "../../offchain/src/protocol/bridge.ts";
import {
  clientFor,
  deliverByHyperlane,
  hyperlaneDispatchOf,
  LOCAL_DEPLOYER,
  localBridgeContracts,
  send,
  type LocalBridgeChain,
} from "./bridge-demo.ts";
import { packSignatures } from "../../oracle/src/report.ts";
import { readDeployedAddresses } from "./deployment.ts";
import { LOCAL_OPERATOR_KEYS } from "./local-keys.ts";
import { rpc } from "./runtime.ts";

const MESSAGE =
  "(uint64 nonce, uint64 srcChainId, address srcSender, uint64 dstChainId, address dstReceiver, address[] targets, uint256[] values, bytes[] calldatas)";

export const governorAbi = parseAbi([
  "event ProposalCreated(uint256 proposalId, address proposer, address[] targets, uint256[] values, string[] signatures, bytes[] calldatas, uint256 voteStart, uint256 voteEnd, string description)",
  "function propose(address[] targets, uint256[] values, bytes[] calldatas, string description) returns (uint256)",
  "function hashProposal(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) pure returns (uint256)",
  "function votingDelay() view returns (uint256)",
  "function castVote(uint256 proposalId, uint8 support) returns (uint256)",
  "function proposalDeadline(uint256 proposalId) view returns (uint256)",
  "function proposalEta(uint256 proposalId) view returns (uint256)",
  "function queue(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) returns (uint256)",
  "function execute(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) payable returns (uint256)",
  "function state(uint256 proposalId) view returns (uint8)",
]);
export const governanceSenderAbi = parseAbi([
  `event GovernanceMessageSent(bytes32 indexed digest, uint64 indexed dstChainId, uint64 indexed nonce, ${MESSAGE} message)`,
  "function send(uint64 dstChainId, address[] targets, uint256[] values, bytes[] calldatas) payable returns (uint64)",
  "function quoteSend(uint64 dstChainId, address[] targets, uint256[] values, bytes[] calldatas) view returns (uint256)",
]);
export const governanceReceiverAbi = parseAbi([
  "event GovernanceMessageScheduled(bytes32 indexed digest, uint64 indexed nonce, bytes32 operationId, uint256 readyAt)",
  "function messageState(bytes32 digest, uint64 srcChainId, address srcEndpoint, uint64 sequence) view returns (uint256 attestations, bool executed)",
]);
export const timelockAbi = parseAbi([
  "function executeBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt) payable",
  "function isOperationDone(bytes32 id) view returns (bool)",
  "function getTimestamp(bytes32 id) view returns (uint256)",
]);
const operatorVerifierAbi = parseAbi([
  `function attestGovernance(${MESSAGE} message, uint256 signers, (bytes32 r, bytes32 yParityAndS)[] signatures)`,
  "function configVersion() view returns (uint32)",
  "function operators() view returns (address[])",
  "function threshold() view returns (uint8)",
]);

/** Governor states (OpenZeppelin's ProposalState). */
const EXECUTED = 7;

/** A call for the remote chain's Timelock. */
export interface RemoteCall {
  target: Address;
  value?: bigint;
  data: Hex;
}

/** What a cross-chain proposal did on both chains. */
export interface CrossChainProposalResult {
  proposalId: bigint;
  /** The governance message (its digest is the Timelock operation's salt on the remote chain). */
  message: GovernanceMessage;
  digest: Hex;
  /** The Timelock operation on the remote chain. */
  operationId: Hex;
  /** A's `Governor.execute` transaction (it sent the message). */
  executeTxHome: Hex;
  /** The remote Timelock's `executeBatch` transaction. */
  executeTxRemote: Hex;
}

/** The governance contracts of the two local chains (Ignition ids of the deployment). */
export function localGovernanceContracts(home: number, remote: number) {
  const a = readDeployedAddresses(home);
  const b = readDeployedAddresses(remote);
  const get = (deployed: Record<string, Address>, chainId: number, id: string): Address => {
    const address = deployed[id];
    if (!address) throw new Error(`${id} is not in the deployment of chain ${chainId}`);
    return address;
  };
  return {
    governor: get(a, home, "Governance#PeperGovernor"),
    sender: get(a, home, "Bridge#GovernanceSender"),
    receiver: get(b, remote, "Bridge#GovernanceReceiver"),
    remoteTimelock: get(b, remote, "Governance#PeperTimelock"),
  };
}

/** Moves a local chain's clock so that the next block's timestamp is at least `timestamp`. */
async function advanceTo(chain: LocalBridgeChain, timestamp: bigint): Promise<void> {
  const latest = await clientFor(chain).getBlock({ blockTag: "latest" });
  if (latest.timestamp < timestamp) await rpc(chain.rpcUrl, "evm_increaseTime", [Number(timestamp - latest.timestamp)]);
  await rpc(chain.rpcUrl, "evm_mine");
}

/**
 * Proposes `calls` for `remote`'s Timelock on `home`'s Governor as one action,
 * `GovernanceSender.send(remote, calls)`, with `description`; Alice proposes, Alice, Bob and Carol
 * vote for it (they must have delegated), and it is queued and executed on `home` (its clock moved
 * forward). Then delivers the message to `remote` by both verifiers, moves `remote`'s clock past its
 * Timelock's delay and executes the operation there. Throws at the first step that does not happen.
 */
export async function passCrossChainProposal(
  home: LocalBridgeChain,
  remote: LocalBridgeChain,
  calls: readonly RemoteCall[],
  description: string,
): Promise<CrossChainProposalResult> {
  const { governor, sender, receiver, remoteTimelock } = localGovernanceContracts(home.chainId, remote.chainId);
  const a = clientFor(home);
  const b = clientFor(remote);
  const dstChainId = BigInt(remote.chainId);
  const targets = calls.map((c) => c.target);
  const values = calls.map((c) => c.value ?? 0n);
  const datas = calls.map((c) => c.data);
  // the verifiers' fees (the local Hyperlane hooks charge nothing); the home Timelock pays them
  const fee = await a.readContract({
    address: sender,
    abi: governanceSenderAbi,
    functionName: "quoteSend",
    args: [dstChainId, targets, values, datas],
  });
  const action = {
    targets: [sender],
    values: [fee],
    datas: [
      encodeFunctionData({
        abi: governanceSenderAbi,
        functionName: "send",
        args: [dstChainId, targets, values, datas],
      }),
    ],
  };
  const descriptionHash = keccak256(toBytes(description));
  const [alice, bob, carol] = [
    LOCAL_DEPLOYER,
    "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  ] as const satisfies readonly Address[];

  // On A: the whole lifecycle of the proposal.
  await send(home, alice, {
    address: governor,
    abi: governorAbi,
    functionName: "propose",
    args: [action.targets, action.values, action.datas, description],
  });
  const proposalId = await a.readContract({
    address: governor,
    abi: governorAbi,
    functionName: "hashProposal",
    args: [action.targets, action.values, action.datas, descriptionHash],
  });
  const votingDelay = await a.readContract({ address: governor, abi: governorAbi, functionName: "votingDelay" });
  const now = (await a.getBlock({ blockTag: "latest" })).timestamp;
  await advanceTo(home, now + votingDelay + 1n);
  for (const voter of [alice, bob, carol]) {
    await send(home, voter, { address: governor, abi: governorAbi, functionName: "castVote", args: [proposalId, 1] });
  }
  const deadline = await a.readContract({
    address: governor,
    abi: governorAbi,
    functionName: "proposalDeadline",
    args: [proposalId],
  });
  await advanceTo(home, deadline + 1n);
  const lifecycle = [action.targets, action.values, action.datas, descriptionHash] as const;
  await send(home, alice, { address: governor, abi: governorAbi, functionName: "queue", args: lifecycle });
  const eta = await a.readContract({
    address: governor,
    abi: governorAbi,
    functionName: "proposalEta",
    args: [proposalId],
  });
  await advanceTo(home, eta + 1n);
  const executed = await send(home, alice, {
    address: governor,
    abi: governorAbi,
    functionName: "execute",
    args: lifecycle,
  });
  const state = await a.readContract({
    address: governor,
    abi: governorAbi,
    functionName: "state",
    args: [proposalId],
  });
  if (state !== EXECUTED)
    throw new Error(`the cross-chain proposal did not execute on chain ${home.chainId} (state ${state})`);

  let message: GovernanceMessage | undefined;
  for (const log of executed.logs) {
    if (log.address.toLowerCase() !== sender.toLowerCase()) continue;
    try {
      const event = decodeEventLog({ abi: governanceSenderAbi, ...log });
      if (event.eventName === "GovernanceMessageSent") message = { ...event.args.message };
    } catch {
      // another event of the sender
    }
  }
  if (!message) throw new Error(`no GovernanceMessageSent in ${executed.transactionHash}`);
  const digest = governanceMessageDigest(message);
  const hl = localBridgeContracts(home.chainId);
  const dispatch = hyperlaneDispatchOf(executed, hl.mailbox, hl.merkleTreeHook);

  // To B: the operators' attestation, then Hyperlane's; the second one schedules the operation.
  const { operatorVerifier } = localBridgeContracts(remote.chainId);
  const [operatorThreshold, configVersion, operators] = await Promise.all([
    b.readContract({ address: operatorVerifier, abi: operatorVerifierAbi, functionName: "threshold" }),
    b.readContract({ address: operatorVerifier, abi: operatorVerifierAbi, functionName: "configVersion" }),
    b.readContract({ address: operatorVerifier, abi: operatorVerifierAbi, functionName: "operators" }),
  ]);
  const signed = await Promise.all(
    LOCAL_OPERATOR_KEYS.slice(0, operatorThreshold).map(async (k) => {
      const account = privateKeyToAccount(k);
      const typed = governanceAttestationTypedData(message, operatorVerifier, configVersion);
      return { signer: account.address, signature: await account.signTypedData(typed) };
    }),
  );
  // a bitmap of the signers and EIP-2098 compact signatures in bit order, as the relayer sends them
  const packed = packSignatures(operators, signed);
  const attested = await send(remote, alice, {
    address: operatorVerifier,
    abi: operatorVerifierAbi,
    functionName: "attestGovernance",
    args: [message, packed.signers, packed.signatures],
  });
  const processed = await deliverByHyperlane(home, remote, dispatch, alice);
  let scheduled: { operationId: Hex; readyAt: bigint } | undefined;
  for (const log of [...attested.logs, ...processed.logs]) {
    if (log.address.toLowerCase() !== receiver.toLowerCase()) continue;
    try {
      const event = decodeEventLog({ abi: governanceReceiverAbi, ...log });
      if (event.eventName === "GovernanceMessageScheduled") scheduled = event.args;
    } catch {
      // another event of the receiver
    }
  }
  if (!scheduled) throw new Error(`message ${digest} was delivered but not scheduled on chain ${remote.chainId}`);

  // On B: after B's Timelock delay, anyone executes.
  await advanceTo(remote, scheduled.readyAt + 1n);
  const done = await send(remote, alice, {
    address: remoteTimelock,
    abi: timelockAbi,
    functionName: "executeBatch",
    args: [message.targets, message.values, message.calldatas, `0x${"00".repeat(32)}`, digest],
  });
  const isDone = await b.readContract({
    address: remoteTimelock,
    abi: timelockAbi,
    functionName: "isOperationDone",
    args: [scheduled.operationId],
  });
  if (!isDone) throw new Error(`operation ${scheduled.operationId} is not done on chain ${remote.chainId}`);
  return {
    proposalId,
    message,
    digest,
    operationId: scheduled.operationId,
    executeTxHome: executed.transactionHash,
    executeTxRemote: done.transactionHash,
  };
}

/**
 * Refreshes the TWAP observations of a local chain's index-vault pairs (PEPER/USDC, WETH/USDC), as
 * the demo does once: an update, one TWAP period of chain time, another update. A cross-chain
 * proposal moves the home chain's clock past a voting period, which leaves its vault's TWAPs stale
 * (the vault refuses to price its assets with them).
 */
export async function refreshVaultTwaps(chain: LocalBridgeChain, account: Address = LOCAL_DEPLOYER): Promise<void> {
  const deployed = readDeployedAddresses(chain.chainId);
  const get = (id: string): Address => {
    const address = deployed[id];
    if (!address) throw new Error(`${id} is not in the deployment of chain ${chain.chainId}`);
    return address;
  };
  const client = clientFor(chain);
  const twap = get("PeperLocal#TwapOracle");
  const abi = parseAbi([
    "function getPair(address a, address b) view returns (address)",
    "function update(address pair) returns (bool)",
    "function PERIOD() view returns (uint256)",
  ]);
  const usdc = get("PeperLocal#USDC");
  const pairs = await Promise.all(
    [get("Governance#PeperToken"), get("PeperLocal#WETH9")].map((token) =>
      client.readContract({
        address: get("PeperLocal#PeperFactory"),
        abi,
        functionName: "getPair",
        args: [token, usdc],
      }),
    ),
  );
  for (const pair of pairs) await send(chain, account, { address: twap, abi, functionName: "update", args: [pair] });
  const period = await client.readContract({ address: twap, abi, functionName: "PERIOD" });
  await rpc(chain.rpcUrl, "evm_increaseTime", [Number(period) + 1]);
  await rpc(chain.rpcUrl, "evm_mine");
  for (const pair of pairs) await send(chain, account, { address: twap, abi, functionName: "update", args: [pair] });
}

/**
 * One status line about the cross-chain proposals, read from both chains: each proposal on A's
 * Governor whose description starts with `prefix` ("# PIP-3"), its state on A, and for every
 * governance message B's receiver scheduled, whether B's Timelock has executed it.
 */
export async function describeCrossChainGovernance(home: LocalBridgeChain, remote: LocalBridgeChain): Promise<string> {
  const { governor, receiver, remoteTimelock } = localGovernanceContracts(home.chainId, remote.chainId);
  const a = clientFor(home);
  const b = clientFor(remote);
  const created = await a.getContractEvents({
    address: governor,
    abi: governorAbi,
    eventName: "ProposalCreated",
    fromBlock: 0n,
  });
  const crossChain = created.filter((e) =>
    e.args.targets?.some(
      (t) => t.toLowerCase() === localGovernanceContracts(home.chainId, remote.chainId).sender.toLowerCase(),
    ),
  );
  const STATES = ["Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed"];
  const proposals = await Promise.all(
    crossChain.map(async (e) => {
      const state = await a.readContract({
        address: governor,
        abi: governorAbi,
        functionName: "state",
        args: [e.args.proposalId!],
      });
      const title = (e.args.description ?? "").split("\n")[0]!.replace(/^#\s*/, "").split(":")[0];
      return `${title} ${STATES[state] ?? state} on ${home.name ?? home.chainId}`;
    }),
  );
  const scheduled = await b.getContractEvents({
    address: receiver,
    abi: governanceReceiverAbi,
    eventName: "GovernanceMessageScheduled",
    fromBlock: 0n,
  });
  let done = 0;
  for (const s of scheduled) {
    if (
      await b.readContract({
        address: remoteTimelock,
        abi: timelockAbi,
        functionName: "isOperationDone",
        args: [s.args.operationId!],
      })
    )
      done++;
  }
  return (
    `${proposals.join(", ") || "no cross-chain proposal"}; ${remote.name ?? remote.chainId}: ` +
    `${scheduled.length} message(s) scheduled, ${done} executed on its Timelock (no Governor of its own)`
  );
}
