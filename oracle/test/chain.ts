// Test helpers: the shared Hardhat-node helpers (offchain/src/testing/chain.ts) and the oracle's fixtures.
import type { OracleConfig } from "../src/config.ts";

export {
  artifact,
  ChainProxy,
  DEV_KEYS,
  freePort,
  startChain,
  type TestChain,
} from "../../offchain/src/testing/chain.ts";

/** Two markets replaying the shipped data set (DAX, CAC) under made-up token addresses. */
export const TEST_MARKETS: OracleConfig["markets"] = [
  {
    asset: "0x1111111111111111111111111111111111111111",
    symbol: "PEPER",
    history: { source: "dataset", series: "DAX" },
  },
  {
    asset: "0x2222222222222222222222222222222222222222",
    symbol: "WETH",
    history: { source: "dataset", series: "CAC" },
  },
];
