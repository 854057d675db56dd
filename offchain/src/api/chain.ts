import { createPublicClient, http, type Address, type Hex, type PublicClient } from "viem";

import type { ContractName } from "../protocol/generated/abis.ts";
import { deployedAddresses } from "../protocol/generated/addresses.ts";

/** A name in a chain's deployment: a contract name, or a named deployment of one ("USDC"). */
export type DeploymentName = ContractName | "USDC";

/** One chain the API talks to: where its node is and where Peper's contracts are on it. */
export interface ChainEndpoint {
  readonly chainId: number;
  /** The JSON-RPC URL (a local node in `npm start`, a provider in production). */
  readonly rpcUrl: string;
  /**
   * Deployment name → address: the contract names of the generated protocol module ("PeperRouter"),
   * plus deployments of a shared contract under their own name ("USDC" is a DemoToken on local chains).
   */
  readonly addresses: Readonly<Partial<Record<DeploymentName, Address>>>;
}

/** The chains the API reads from and relays to. */
export interface ChainAccess {
  readonly endpoints: readonly ChainEndpoint[];
  /**
   * The key that signs certificate mints (it must hold the Certificates contract's issuer role).
   * Held by the API, never by a user; from PEPER_CERTIFICATE_ISSUER_KEY.
   */
  readonly certificateIssuerKey?: Hex;
}

/** Chain access from the generated deployment addresses and one RPC URL per chain id. */
export function chainAccessFromDeployments(
  rpcUrls: Readonly<Record<number, string>>,
  certificateIssuerKey?: Hex,
): ChainAccess {
  const endpoints = Object.entries(rpcUrls).map(([id, rpcUrl]) => {
    const chainId = Number(id);
    const addresses = (deployedAddresses as Readonly<Record<string, Readonly<Record<string, string>>>>)[id] ?? {};
    return { chainId, rpcUrl, addresses: addresses as ChainEndpoint["addresses"] };
  });
  return { endpoints, ...(certificateIssuerKey ? { certificateIssuerKey } : {}) };
}

const clients = new WeakMap<ChainEndpoint, PublicClient>();

/** A (cached) viem public client for an endpoint. Requests time out after 10 s. */
export function publicClientOf(endpoint: ChainEndpoint): PublicClient {
  let client = clients.get(endpoint);
  if (!client) {
    client = createPublicClient({ transport: http(endpoint.rpcUrl, { timeout: 10_000, retryCount: 0 }) });
    clients.set(endpoint, client);
  }
  return client;
}
