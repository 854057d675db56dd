/**
 * Which chain a request is for, Peper's contracts on it, and the errors a chain answers with, turned
 * into answers a user can act on.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  getAddress,
  HttpRequestError,
  TimeoutError,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";

import type { ContractName } from "../../protocol/generated/abis.ts";
import { publicClientOf, type ChainEndpoint } from "../chain.ts";
import { ApiError, type ApiContext } from "../context.ts";

/** A served chain and its (cached) client. */
export interface ChainHandle {
  readonly endpoint: ChainEndpoint;
  readonly client: PublicClient;
}

/**
 * The endpoint serving `chainId`: 503 `chain-unavailable` when the API has no chain access at all,
 * 422 `unsupported-chain` (field `field`) when this chain is not one it serves.
 */
export function chainFor(ctx: ApiContext, chainId: number, field = "chain_id"): ChainHandle {
  if (!ctx.chain || ctx.chain.endpoints.length === 0) {
    throw new ApiError(
      503,
      "chain-unavailable",
      "DeFi operations are unavailable: this API has no blockchain node configured. Try again later or ask the operator.",
    );
  }
  const endpoint = ctx.chain.endpoints.find((e) => e.chainId === chainId);
  if (!endpoint) {
    const served = ctx.chain.endpoints.map((e) => e.chainId).join(", ");
    throw new ApiError(422, "unsupported-chain", `Chain ${chainId} is not served here; use one of: ${served}.`, {
      field,
    });
  }
  return { endpoint, client: publicClientOf(endpoint) };
}

/** The address of a Peper contract on the endpoint's chain; 422 `contract-not-deployed` when it has none. */
export function contractAddress(endpoint: ChainEndpoint, name: ContractName, field = "chain_id"): Address {
  const address = endpoint.addresses[name];
  if (!address) {
    throw new ApiError(
      422,
      "contract-not-deployed",
      `${name} is not deployed on chain ${endpoint.chainId}; this operation is not available there.`,
      { field },
    );
  }
  return getAddress(address);
}

/** True when the error is the node being unreachable or slow (not an answer from it). */
export function isUnreachable(error: unknown): boolean {
  if (!(error instanceof BaseError)) return false;
  return error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError) !== null;
}

/** 503 `chain-unreachable` for a node that does not answer. */
export function unreachable(endpoint: ChainEndpoint): ApiError {
  return new ApiError(
    503,
    "chain-unreachable",
    `The node for chain ${endpoint.chainId} does not answer; try again in a minute.`,
    { headers: { "retry-after": "60" } },
  );
}

/**
 * What a failed call or estimate says, in words: the decoded custom error when the revert data
 * matches `abi`, else the node's own message.
 */
export function describeRevert(error: unknown, abi: Abi): string {
  if (!(error instanceof BaseError)) return error instanceof Error ? error.message : String(error);
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError && reverted.data) {
    const args = reverted.data.args?.map(String).join(", ") ?? "";
    return `${reverted.data.errorName}(${args})`;
  }
  const withData = error.walk((e) => {
    const data = (e as { data?: unknown }).data;
    return typeof data === "string" && /^0x[0-9a-fA-F]{8,}$/.test(data);
  }) as { data?: Hex } | null;
  if (withData?.data) {
    try {
      const decoded = decodeErrorResult({ abi, data: withData.data });
      return `${decoded.errorName}(${(decoded.args ?? []).map(String).join(", ")})`;
    } catch {
      // not one of this contract's errors: fall through to the node's words
    }
  }
  return (error.details || error.shortMessage).split("\n")[0]!;
}
