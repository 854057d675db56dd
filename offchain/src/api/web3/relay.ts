/**
 * What the relay accepts: a transaction the user signed, for the chain asked, calling one of Peper's
 * contracts on it — or approving one of them on a token. Anything else is refused, so the API is
 * not an open relay. The API holds no user key: it only forwards bytes the user signed.
 */
import {
  decodeFunctionData,
  erc20Abi,
  getAddress,
  keccak256,
  parseTransaction,
  recoverTransactionAddress,
  type Abi,
  type Address,
  type Hex,
  type TransactionSerialized,
} from "viem";

import { abis, type ContractName } from "../../protocol/generated/abis.ts";
import type { ChainEndpoint } from "../chain.ts";
import { ApiError } from "../context.ts";

/** A signed transaction, checked and decoded. */
export interface InspectedTransaction {
  readonly hash: Hex;
  readonly sender: Address;
  readonly to: Address | null;
  readonly data: Hex;
  /** The ether sent with it (wei). */
  readonly value: bigint;
  readonly chainId: number;
}

const FIELD = "raw_transaction";

/**
 * Parses a signed raw transaction and recovers its signer. 422 naming `raw_transaction` when the
 * bytes are not a transaction, are not signed or carry no chain id (replayable on any chain), and
 * naming `chain_id` when it is signed for another chain than `chainId`.
 */
export async function inspectRawTransaction(raw: Hex, chainId: number): Promise<InspectedTransaction> {
  let parsed: ReturnType<typeof parseTransaction>;
  try {
    parsed = parseTransaction(raw);
  } catch (error) {
    const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new ApiError(
      422,
      "bad-transaction",
      `raw_transaction is not a serialized transaction (${why}). Send the bytes your wallet's signTransaction returned.`,
      { field: FIELD },
    );
  }
  if (parsed.r === undefined || parsed.s === undefined) {
    throw new ApiError(422, "unsigned-transaction", "raw_transaction is not signed; sign it with your wallet first.", {
      field: FIELD,
    });
  }
  if (parsed.chainId === undefined) {
    throw new ApiError(
      422,
      "replay-unprotected",
      "raw_transaction carries no chain id (pre-EIP-155) and could be replayed on any chain; sign it for this chain.",
      { field: FIELD },
    );
  }
  if (parsed.chainId !== chainId) {
    throw new ApiError(
      422,
      "wrong-chain",
      `The transaction is signed for chain ${parsed.chainId} but chain_id is ${chainId}; sign it for chain ${chainId} or send it to chain ${parsed.chainId}.`,
      { field: "chain_id" },
    );
  }
  let sender: Address;
  try {
    sender = await recoverTransactionAddress({ serializedTransaction: raw as TransactionSerialized });
  } catch {
    throw new ApiError(422, "bad-signature", "The signature of raw_transaction does not recover a signer.", {
      field: FIELD,
    });
  }
  return {
    hash: keccak256(raw),
    sender,
    to: parsed.to ? getAddress(parsed.to) : null,
    data: parsed.data ?? "0x",
    value: parsed.value ?? 0n,
    chainId: parsed.chainId,
  };
}

/** Peper contracts that are tokens: only approvals of Peper contracts (and wrapping, delegating) go there. */
const TOKEN_CALLS: Readonly<Record<string, readonly string[]>> = {
  PeperToken: ["approve", "delegate"],
  WETH9: ["approve", "deposit", "withdraw"],
  USDC: ["approve"],
};

/** What a relayed transaction calls. */
export interface RelayTarget {
  /** The Peper contract's name, or "ERC-20 approve" for an approval on another token. */
  readonly contract: string;
  readonly functionName: string;
  /** Every address among the call's arguments (recipients, spenders, path), to be screened too. */
  readonly parties: readonly Address[];
  /** For an approval on a token outside the address book: the token, to be checked as an ERC-20. */
  readonly externalToken?: { readonly token: Address; readonly spender: Address };
}

const isContractName = (name: string): name is ContractName => Object.hasOwn(abis, name);

/** The functions relayed on a named contract: a token's short list, or null for any of a Peper contract's. */
const allowedCalls = (name: string): readonly string[] | null =>
  TOKEN_CALLS[name] ?? (isContractName(name) ? null : ["approve"]);

/** The addresses among decoded arguments (nested arrays and tuples included). */
function addressesIn(value: unknown): Address[] {
  if (typeof value === "string") return /^0x[0-9a-fA-F]{40}$/.test(value) ? [getAddress(value)] : [];
  if (Array.isArray(value)) return value.flatMap(addressesIn);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(addressesIn);
  return [];
}

/**
 * Decides whether the relay may forward a call to `to` with `data` on this endpoint's chain, and
 * what it is. 422 `not-a-peper-contract` (field `raw_transaction`) when it may not.
 */
export function relayTarget(endpoint: ChainEndpoint, to: Address | null, data: Hex, value = 0n): RelayTarget {
  const refuse = (why: string): ApiError =>
    new ApiError(
      422,
      "not-a-peper-contract",
      `This relay only forwards calls to Peper's contracts on chain ${endpoint.chainId} and approvals of them: ${why}.`,
      { field: FIELD },
    );
  if (!to) throw refuse("a contract creation is not one");
  const byAddress = new Map<string, string>();
  for (const [name, address] of Object.entries(endpoint.addresses)) {
    if (address) byAddress.set(address.toLowerCase(), name);
  }
  // tokens are not spenders: approving one token to pull another is never a Peper operation
  const spenders = new Set(
    [...byAddress.entries()].filter(([, name]) => allowedCalls(name) === null).map(([address]) => address),
  );
  const approvedSpender = (): Address | null => {
    try {
      const decoded = decodeFunctionData({ abi: erc20Abi, data });
      if (decoded.functionName !== "approve") return null;
      const [spender] = decoded.args;
      return spenders.has(spender.toLowerCase()) ? getAddress(spender) : null;
    } catch {
      return null;
    }
  };

  const name = byAddress.get(to.toLowerCase());
  // Ether goes only to Peper's own contracts and into WETH: an "approve" that carries value (to a
  // contract that merely looks like a token) or a token call with value is refused.
  const payable = name !== undefined && (allowedCalls(name) === null || name === "WETH9");
  if (value > 0n && !payable) throw refuse("it sends ether with a token call");
  if (name === undefined) {
    const spender = approvedSpender();
    if (!spender) throw refuse(`${to} is not one of them and the call is not an approve of one of them`);
    return {
      contract: "ERC-20 approve",
      functionName: "approve",
      parties: [spender],
      externalToken: { token: to, spender },
    };
  }
  if (data === "0x") {
    if (name === "WETH9") return { contract: name, functionName: "deposit", parties: [] };
    throw refuse(`a plain ether transfer to ${name} is not a call`);
  }
  const abi: Abi = isContractName(name) ? abis[name] : erc20Abi;
  let decoded: { functionName: string; args?: readonly unknown[] };
  try {
    decoded = decodeFunctionData({ abi, data });
  } catch {
    throw refuse(`the calldata is not a call of ${name}'s interface`);
  }
  const allowed = allowedCalls(name);
  if (allowed) {
    if (!allowed.includes(decoded.functionName)) {
      throw refuse(`on the token ${name} only ${allowed.join(", ")} are relayed`);
    }
    if (decoded.functionName === "approve" && !approvedSpender()) {
      throw refuse("the approve's spender is not a Peper contract");
    }
  }
  return { contract: name, functionName: decoded.functionName, parties: addressesIn(decoded.args ?? []) };
}
