/**
 * The bridge's wire formats, in one place for everything that signs, relays or checks bridge
 * messages: the operator nodes (relayer), the accountant, the contract tests and the benchmarks.
 * Pure functions over viem's encoders; no I/O. The contracts are contracts/src/bridge/ and
 * contracts/src/interfaces/bridge/; docs/decisions/0011-bridge.md explains the protocol.
 */
import {
  concat,
  encodeAbiParameters,
  encodePacked,
  hashMessage,
  hashStruct,
  keccak256,
  numberToHex,
  pad,
  size,
  slice,
  hexToNumber,
  type Address,
  type Hex,
} from "viem";

/** The message a BridgeManager emits and its peer executes (EIP-712 struct `BridgeMessage`). */
export interface BridgeMessage {
  sequence: bigint;
  srcChainId: bigint;
  srcManager: Address;
  dstChainId: bigint;
  dstManager: Address;
  sender: Address;
  recipient: Address;
  amount: bigint;
}

/** The field order is BridgeMessageLib.TYPEHASH; the contract tests check the digest against it. */
export const BRIDGE_MESSAGE_TYPES = {
  BridgeMessage: [
    { name: "sequence", type: "uint64" },
    { name: "srcChainId", type: "uint64" },
    { name: "srcManager", type: "address" },
    { name: "dstChainId", type: "uint64" },
    { name: "dstManager", type: "address" },
    { name: "sender", type: "address" },
    { name: "recipient", type: "address" },
    { name: "amount", type: "uint256" },
  ],
} as const;

/** What the operators sign: the message digest under the current configuration version. */
export const ATTESTATION_TYPES = {
  Attestation: [
    { name: "messageDigest", type: "bytes32" },
    { name: "configVersion", type: "uint32" },
  ],
} as const;

/** The OperatorVerifier's EIP-712 domain: bound to the destination chain and its verifier. */
export const operatorDomain = (chainId: bigint | number, verifier: Address) =>
  ({ name: "Peper Bridge Operators", version: "1", chainId: BigInt(chainId), verifyingContract: verifier }) as const;

/** The message's digest (BridgeMessageLib.digest: the struct hash, not a typed-data hash). */
export const bridgeMessageDigest = (message: BridgeMessage): Hex =>
  hashStruct({ primaryType: "BridgeMessage", types: BRIDGE_MESSAGE_TYPES, data: message });

/** The typed data an operator signs for a message (pass to viem's `signTypedData`). */
export const attestationTypedData = (message: BridgeMessage, verifier: Address, configVersion: number | bigint) =>
  ({
    domain: operatorDomain(message.dstChainId, verifier),
    types: ATTESTATION_TYPES,
    primaryType: "Attestation",
    message: { messageDigest: bridgeMessageDigest(message), configVersion: Number(configVersion) },
  }) as const;

/** The ABI of a BridgeMessage as a tuple (what the Hyperlane adapter carries as its body). */
const MESSAGE_TUPLE = [
  {
    type: "tuple",
    components: BRIDGE_MESSAGE_TYPES.BridgeMessage.map((f) => ({ name: f.name, type: f.type })),
  },
] as const;

/** `abi.encode(message)`: a token message as the Hyperlane adapter wraps it ({hyperlaneBody}). */
export const encodeBridgeMessage = (message: BridgeMessage): Hex => encodeAbiParameters(MESSAGE_TUPLE, [message]);

// ------------------------------------------------------------------------------------------------
// Cross-chain governance: the home chain's Timelock sends batches of calls to another chain's Timelock.

/** A batch of calls for another chain's Timelock (contracts/src/interfaces/bridge/GovernanceMessage.sol). */
export interface GovernanceMessage {
  nonce: bigint;
  srcChainId: bigint;
  srcSender: Address;
  dstChainId: bigint;
  dstReceiver: Address;
  targets: readonly Address[];
  values: readonly bigint[];
  calldatas: readonly Hex[];
}

/** The field order is GovernanceMessageLib.TYPEHASH. */
export const GOVERNANCE_MESSAGE_TYPES = {
  GovernanceMessage: [
    { name: "nonce", type: "uint64" },
    { name: "srcChainId", type: "uint64" },
    { name: "srcSender", type: "address" },
    { name: "dstChainId", type: "uint64" },
    { name: "dstReceiver", type: "address" },
    { name: "targets", type: "address[]" },
    { name: "values", type: "uint256[]" },
    { name: "calldatas", type: "bytes[]" },
  ],
} as const;

/** The governance message's digest (its EIP-712 struct hash); the Timelock operation's salt on the destination. */
export const governanceMessageDigest = (message: GovernanceMessage): Hex =>
  hashStruct({ primaryType: "GovernanceMessage", types: GOVERNANCE_MESSAGE_TYPES, data: message });

/** The typed data an operator signs for a governance message (the same Attestation struct as for tokens). */
export const governanceAttestationTypedData = (
  message: GovernanceMessage,
  verifier: Address,
  configVersion: number | bigint,
) =>
  ({
    domain: operatorDomain(message.dstChainId, verifier),
    types: ATTESTATION_TYPES,
    primaryType: "Attestation",
    message: { messageDigest: governanceMessageDigest(message), configVersion: Number(configVersion) },
  }) as const;

const GOVERNANCE_TUPLE = [
  {
    type: "tuple",
    components: GOVERNANCE_MESSAGE_TYPES.GovernanceMessage.map((f) => ({ name: f.name, type: f.type })),
  },
] as const;

/** `abi.encode(message)` of a governance message. */
export const encodeGovernanceMessage = (message: GovernanceMessage): Hex =>
  encodeAbiParameters(GOVERNANCE_TUPLE, [message]);

/** The Hyperlane adapter's body kinds (HyperlaneVerifier.KIND_TOKEN / KIND_GOVERNANCE). */
export const HYPERLANE_KIND = { token: 1, governance: 2 } as const;

/** The body the Hyperlane adapter dispatches: `abi.encode(uint8 kind, bytes message)`. */
export const hyperlaneBody = (kind: keyof typeof HYPERLANE_KIND, encodedMessage: Hex): Hex =>
  encodeAbiParameters([{ type: "uint8" }, { type: "bytes" }], [HYPERLANE_KIND[kind], encodedMessage]);

// ------------------------------------------------------------------------------------------------
// Hyperlane (the protocol verifier): its message format, checkpoints and MessageIdMultisigIsm metadata.

/** A Hyperlane message as the Mailbox dispatches it (Message.sol: version, nonce, origin, sender, …). */
export interface HyperlaneMessage {
  version: number;
  nonce: number;
  origin: number;
  sender: Hex;
  destination: number;
  recipient: Hex;
  body: Hex;
}

/** Parses a dispatched message (the `message` of Mailbox's Dispatch event). */
export function parseHyperlaneMessage(message: Hex): HyperlaneMessage {
  if (size(message) < 77) throw new Error(`A Hyperlane message has at least 77 bytes; got ${size(message)}.`);
  return {
    version: hexToNumber(slice(message, 0, 1)),
    nonce: hexToNumber(slice(message, 1, 5)),
    origin: hexToNumber(slice(message, 5, 9)),
    sender: slice(message, 9, 41),
    destination: hexToNumber(slice(message, 41, 45)),
    recipient: slice(message, 45, 77),
    body: size(message) > 77 ? slice(message, 77) : "0x",
  };
}

/** Hyperlane's message id: keccak256 of the whole message. */
export const hyperlaneMessageId = (message: Hex): Hex => keccak256(message);

/** An address as Hyperlane's bytes32. */
export const addressToBytes32 = (address: Address): Hex => pad(address, { size: 32 });

/** A validator's checkpoint: the origin's merkle tree at the index of the message it covers. */
export interface Checkpoint {
  origin: number;
  merkleTreeHook: Address;
  root: Hex;
  index: number;
  messageId: Hex;
}

/** The 32-byte hash a validator signs with EIP-191 (CheckpointLib.digest before toEthSignedMessageHash). */
export function checkpointHash(c: Checkpoint): Hex {
  const domainHash = keccak256(
    encodePacked(["uint32", "bytes32", "string"], [c.origin, addressToBytes32(c.merkleTreeHook), "HYPERLANE"]),
  );
  return keccak256(
    encodePacked(["bytes32", "bytes32", "uint32", "bytes32"], [domainHash, c.root, c.index, c.messageId]),
  );
}

/** What the ISM recovers signers from (CheckpointLib.digest): the EIP-191 hash of {checkpointHash}. */
export const checkpointDigest = (c: Checkpoint): Hex => hashMessage({ raw: checkpointHash(c) });

/** MessageIdMultisigIsm metadata: origin merkle tree hook, root, index, then 65-byte signatures in validator order. */
export function messageIdMultisigMetadata(c: Checkpoint, signatures: readonly Hex[]): Hex {
  for (const s of signatures) {
    if (size(s) !== 65) throw new Error(`A validator signature has 65 bytes; got ${size(s)}.`);
  }
  return concat([addressToBytes32(c.merkleTreeHook), c.root, numberToHex(c.index, { size: 4 }), ...signatures]);
}
