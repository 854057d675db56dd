import { encodeAbiParameters, keccak256, type Address, type Hex } from "viem";

/**
 * What each feed's report carries, ABI-encoded exactly as the feed contracts decode it
 * (contracts/src/oracle/{PriceFeed,DecisionFeed,PortfolioFeed}.sol), and the deterministic
 * observation of a price from an AMM pair's reserves. Pure functions: the same inputs give the
 * same bytes on every operator.
 */

/** PriceFeed answers carry 8 decimals, like Chainlink's USD feeds. */
export const PRICE_DECIMALS = 8;

export interface TwapObservation {
  /** The window: from `fromBlock`'s timestamp to `toBlock`'s, `seconds` long. */
  fromBlock: bigint;
  toBlock: bigint;
  seconds: bigint;
  /** Growth of the pair's cumulative price of the base token in the quote token (UQ112x112 × s). */
  cumulativeDelta: bigint;
  baseDecimals: number;
  quoteDecimals: number;
}

const Q112 = 2n ** 112n;

/**
 * The base token's time-weighted average price in quote units with PRICE_DECIMALS decimals, rounded
 * down: Δcumulative / (seconds · 2^112), scaled for both tokens' decimals. A TWAP over a window of
 * blocks cannot be moved by one trade the way a spot price read from reserves can.
 */
export function priceFromTwap(o: TwapObservation): bigint {
  if (o.seconds <= 0n) throw new RangeError("the TWAP window is empty");
  if (o.cumulativeDelta <= 0n) throw new RangeError("the pair has no liquidity");
  return (
    (o.cumulativeDelta * 10n ** BigInt(PRICE_DECIMALS + o.baseDecimals)) /
    (o.seconds * Q112 * 10n ** BigInt(o.quoteDecimals))
  );
}

/** Hash of a TWAP observation: what every operator can recompute from the chain at those blocks. */
export function twapInputsHash(o: TwapObservation): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "uint256" }, { type: "uint256" }, { type: "uint256" }],
      [o.fromBlock, o.toBlock, o.cumulativeDelta],
    ),
  );
}

/** The largest answer PriceFeed stores (its round is one slot: an int128 answer, as OCR2's). */
export const MAX_PRICE_ANSWER = 2n ** 127n - 1n;

export const encodePricePayload = (answer: bigint): Hex => {
  if (answer <= 0n) throw new RangeError("a price answer must be positive");
  if (answer > MAX_PRICE_ANSWER) throw new RangeError(`a price answer must be at most 2^127 - 1, got ${answer}`);
  return encodeAbiParameters([{ type: "int256" }], [answer]);
};

/** DecisionFeed's payload: (asset, action, sizeBps, confidenceBps, reasoningCid, modelVersion). */
export const DECISION_PAYLOAD = [
  { type: "address" },
  { type: "uint8" },
  { type: "uint16" },
  { type: "uint16" },
  { type: "string" },
  { type: "uint32" },
] as const;

/**
 * PortfolioFeed's payload: (assets, weightsBps, (expectedReturnBps, volatilityBps, varBps, cvarBps,
 * algorithmId, approximationRatioPpm, speedupPpm)).
 */
export const PORTFOLIO_PAYLOAD = [
  { type: "address[]" },
  { type: "uint16[]" },
  {
    type: "tuple",
    components: [
      { type: "int32" },
      { type: "uint32" },
      { type: "uint32" },
      { type: "uint32" },
      { type: "uint8" },
      { type: "uint32" },
      { type: "uint32" },
    ],
  },
] as const;

export type Action = "hold" | "buy" | "sell";
const ACTION_CODE: Record<Action, number> = { hold: 0, buy: 1, sell: 2 };

export interface DecisionPayload {
  asset: Address;
  action: Action;
  sizeBps: number;
  confidenceBps: number;
  reasoningCid: string;
  modelVersion: number;
}

const checkBps = (name: string, v: number) => {
  if (!Number.isInteger(v) || v < 0 || v > 10_000) throw new RangeError(`${name} must be an integer in [0, 10000]`);
};

export function encodeDecisionPayload(d: DecisionPayload): Hex {
  checkBps("sizeBps", d.sizeBps);
  checkBps("confidenceBps", d.confidenceBps);
  return encodeAbiParameters(DECISION_PAYLOAD, [
    d.asset,
    ACTION_CODE[d.action],
    d.sizeBps,
    d.confidenceBps,
    d.reasoningCid,
    d.modelVersion,
  ]);
}

export interface PortfolioPayload {
  assets: Address[];
  weightsBps: number[];
  expectedReturnBps: number;
  volatilityBps: number;
  varBps: number;
  cvarBps: number;
  /** 1 = exact mean-variance, 2 = QAOA on a state-vector simulator. */
  algorithmId: 1 | 2;
  approximationRatioPpm: number;
  /** The measured time ratio × 10^6 — below 10^6 when QAOA was slower. */
  speedupPpm: number;
}

export function encodePortfolioPayload(p: PortfolioPayload): Hex {
  if (p.assets.length === 0 || p.assets.length !== p.weightsBps.length) {
    throw new RangeError("a portfolio needs one weight per asset");
  }
  p.weightsBps.forEach((w) => checkBps("weightsBps", w));
  const sum = p.weightsBps.reduce((a, b) => a + b, 0);
  if (sum !== 10_000) throw new RangeError(`portfolio weights sum to ${sum}, not 10000`);
  return encodeAbiParameters(PORTFOLIO_PAYLOAD, [
    p.assets,
    p.weightsBps,
    [p.expectedReturnBps, p.volatilityBps, p.varBps, p.cvarBps, p.algorithmId, p.approximationRatioPpm, p.speedupPpm],
  ]);
}
