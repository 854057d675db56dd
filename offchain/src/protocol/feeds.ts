import { keccak256, stringToHex, type Hex } from "viem";

/**
 * The oracle feeds: the name operators and contracts agree on, and its feed id (keccak256 of the
 * name, as contracts/ignition/modules/oracle.ts registers it on the OracleHub).
 */
export const FEED_NAMES = { price: "PEPER/USD", decisions: "DECISIONS", portfolio: "PORTFOLIO" } as const;

export type FeedKind = keyof typeof FEED_NAMES;

/** The feed id of a feed kind. */
export const feedId = (kind: FeedKind): Hex => keccak256(stringToHex(FEED_NAMES[kind]));
