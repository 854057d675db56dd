import { keccak256, stringToHex, type Hex } from "viem";

/** Feed ids as the hub registers them: keccak256 of the feed's name (see contracts/ignition/modules/oracle.ts). */
const NAMES = { price: "PEPER/USD", decisions: "DECISIONS", portfolio: "PORTFOLIO" } as const;

export const feedIdOf = (feed: keyof typeof NAMES): Hex => keccak256(stringToHex(NAMES[feed]));
