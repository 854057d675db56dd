/**
 * EIP-712 struct types of Peper's contracts, in one place for everything that signs for them (the
 * dApp, the API, tests, benchmarks). The field order is the contracts' type hash; changing it here
 * without the contract breaks every signature, so the contract tests sign with these.
 *
 * viem takes them as they are; ethers' `signTypedData` wants mutable arrays: pass
 * `{ Permit: [...PERMIT_TYPES.Permit] }`.
 */

/** EIP-2612 permit: PeperToken ("Peper", "1") and the AMM's LP tokens ("Peper LP", "1"). */
export const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/** OpenZeppelin Governor's vote by signature (PeperGovernor, domain name = the governor's name). */
export const BALLOT_TYPES = {
  Ballot: [
    { name: "proposalId", type: "uint256" },
    { name: "support", type: "uint8" },
    { name: "voter", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
} as const;

/** A Marketplace sell order signed off chain (gasless listing), filled by a buyer on chain. */
export const ORDER_TYPES = {
  Order: [
    { name: "seller", type: "address" },
    { name: "collection", type: "address" },
    { name: "tokenId", type: "uint256" },
    { name: "currency", type: "address" },
    { name: "price", type: "uint256" },
    { name: "expiry", type: "uint64" },
    { name: "nonce", type: "uint256" },
  ],
} as const;

/**
 * One signature for many Marketplace orders (bulk listing): the root of a Merkle tree whose leaves
 * are the orders' struct hashes (hashStruct(Order)), and the tree's height. See bulkOrder.ts.
 */
export const BULK_ORDER_TYPES = {
  BulkOrder: [
    { name: "root", type: "bytes32" },
    { name: "height", type: "uint8" },
  ],
} as const;
