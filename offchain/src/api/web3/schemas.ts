/** Request and response schemas of `/api/v5/web3` (zod; the OpenAPI document is generated from them). */
import { getAddress, isAddress, type Address, type Hex } from "viem";
import { z } from "zod";

import { HUMAN_AMOUNT } from "./amounts.ts";

/** An EVM address; mixed case must be a valid EIP-55 checksum. Answered in checksum form. */
/** Hex of one case is unchecksummed; mixed case must be the EIP-55 checksum. */
const checksumOk = (v: string): boolean => {
  const hex = v.slice(2);
  return hex === hex.toLowerCase() || hex === hex.toUpperCase() || isAddress(v, { strict: true });
};

export const AddressSchema = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed address of 40 hex digits")
  .refine(checksumOk, "has a wrong EIP-55 checksum; send it all lower-case or correctly checksummed")
  .transform((v) => getAddress(v) as Address);

const TokenRef = z
  .string()
  .refine(
    (v) => v === "ETH" || (/^0x[0-9a-fA-F]{40}$/.test(v) && checksumOk(v)),
    'must be a token address (0x…, checksum valid) or "ETH" for native ether',
  )
  .transform((v) => (v === "ETH" ? ("ETH" as const) : (getAddress(v) as Address)));

const HumanAmount = z
  .string()
  .max(100)
  .regex(HUMAN_AMOUNT, 'must be a decimal string in token units, like "1.5" (no exponent, no sign)')
  .refine((v) => /[1-9]/.test(v), "must be greater than zero");

const ChainId = z.number().int().positive().describe("The EIP-155 chain id (31337 for the local chain A)");
const From = AddressSchema.describe("Your wallet address: the account that will sign and send the transactions");
const Pid = z.number().int().min(0).max(63).describe("The farm pool id (Farm.poolInfo index)");

const Swap = z
  .object({
    operation: z.literal("swap"),
    chain_id: ChainId,
    from: From,
    token_in: TokenRef.describe('The token you pay: an ERC-20 address, or "ETH" (wrapped through WETH9 by the router)'),
    token_out: TokenRef.describe('The token you receive: an ERC-20 address, or "ETH"'),
    amount_in: HumanAmount.describe('Exactly this much token_in, in token units ("250.5")'),
    slippage_bps: z
      .number()
      .int()
      .min(0)
      .max(5000)
      .default(50)
      .describe("The most the output may fall short of the quote, in basis points (50 = 0.5 %)"),
    deadline_seconds: z
      .number()
      .int()
      .min(30)
      .max(86_400)
      .default(1200)
      .describe("The swap fails if not mined within this many seconds of the quote's block"),
  })
  .strict();

const Stake = z
  .object({
    operation: z.literal("stake"),
    chain_id: ChainId,
    from: From,
    amount: HumanAmount.describe("How much of the staking token to stake, in token units"),
  })
  .strict();
const Unstake = z
  .object({
    operation: z.literal("unstake"),
    chain_id: ChainId,
    from: From,
    amount: HumanAmount.describe("How much of your stake to withdraw, in token units"),
  })
  .strict();
const Claim = z.object({ operation: z.literal("claim"), chain_id: ChainId, from: From }).strict();
const FarmDeposit = z
  .object({
    operation: z.literal("farm_deposit"),
    chain_id: ChainId,
    from: From,
    pid: Pid,
    amount: HumanAmount.describe("How many LP tokens to deposit, in token units"),
  })
  .strict();
const FarmWithdraw = z
  .object({
    operation: z.literal("farm_withdraw"),
    chain_id: ChainId,
    from: From,
    pid: Pid,
    amount: HumanAmount.describe("How many LP tokens to withdraw, in token units"),
  })
  .strict();
const FarmHarvest = z
  .object({ operation: z.literal("farm_harvest"), chain_id: ChainId, from: From, pid: Pid })
  .strict();

const Bridge = z
  .object({
    operation: z.literal("bridge"),
    chain_id: ChainId.describe("The chain the PEPER leaves from (its BridgeManager sends the message)"),
    from: From,
    destination_chain_id: z
      .number()
      .int()
      .positive()
      .describe("The chain the PEPER arrives on (must be a peer of the source BridgeManager)"),
    amount: HumanAmount.describe('How much PEPER to send, in token units ("250.5")'),
    recipient: AddressSchema.optional().describe("Who receives it on the destination chain (default: from)"),
    queue_if_over_limit: z
      .boolean()
      .default(false)
      .describe(
        "Above the source's outbound limit left: false refuses (409 outbound-limit-exceeded), true queues the transfer for 24 h (BridgeManager.transfer's shouldQueue)",
      ),
  })
  .strict();

export const OPERATIONS = [
  "swap",
  "stake",
  "unstake",
  "claim",
  "farm_deposit",
  "farm_withdraw",
  "farm_harvest",
  "bridge",
] as const;
export type Operation = (typeof OPERATIONS)[number];

export const DefiOperationBody = z.discriminatedUnion(
  "operation",
  [Swap, Stake, Unstake, Claim, FarmDeposit, FarmWithdraw, FarmHarvest, Bridge],
  {
    error: (issue) => (issue.code === "invalid_union" ? `must be one of: ${OPERATIONS.join(", ")}` : undefined),
  },
);
export type DefiOperationRequest = z.infer<typeof DefiOperationBody>;
export type SwapRequest = z.infer<typeof Swap>;
export type StakeRequest = z.infer<typeof Stake> | z.infer<typeof Unstake> | z.infer<typeof Claim>;
export type FarmRequest = z.infer<typeof FarmDeposit> | z.infer<typeof FarmWithdraw> | z.infer<typeof FarmHarvest>;
export type BridgeRequest = z.infer<typeof Bridge>;

const Amount = z.object({
  human: z.string().describe("In token units"),
  base: z.string().describe("In the token's smallest unit (an integer, as a string)"),
});
const Token = z.object({
  address: z.string().describe("The ERC-20 (WETH9 for native ether)"),
  symbol: z.string(),
  decimals: z.number().int(),
  native: z.boolean().describe("True for native ether"),
});
const GasMethodSchema = z.enum([
  "eth_estimateGas",
  "eth_estimateGas with allowance override",
  "eth_call gas search with allowance override",
  "unavailable",
]);

const TransactionSchema = z.object({
  step: z.number().int().describe("Send in this order"),
  kind: z.enum(["approve", ...OPERATIONS]),
  to: z.string(),
  data: z.string().describe("Calldata, hex"),
  value: z.string().describe("Ether to send with it, in wei (integer string)"),
  description: z.string(),
  estimated_gas: z.string().nullable().describe("Gas units measured on the chain; add your wallet's usual margin"),
  gas_estimate_method: GasMethodSchema,
  gas_estimate_note: z.string().optional(),
});

const SwapQuote = z.object({
  type: z.literal("swap"),
  token_in: Token,
  token_out: Token,
  amount_in: Amount,
  amount_out: Amount.describe("What the swap pays at the quote's block"),
  minimum_out: Amount.describe("The least the transaction accepts (amount_out less the slippage)"),
  slippage_bps: z.number().int(),
  path: z.array(z.string()).describe("Token addresses from input to output"),
  route: z.array(z.string()).describe("The same path as symbols"),
  lp_fee_bps: z.number().int().describe("The pools' fee per hop"),
  deadline: z.number().int().describe("Unix seconds (chain time) after which the swap reverts"),
});
const StakingQuote = z.object({
  type: z.literal("staking"),
  staking_token: Token,
  reward_token: Token,
  amount: Amount.nullable(),
  staked_before: Amount,
  staked_after: Amount,
  pending_reward: Amount.describe("Earned and not yet claimed (claim pays it)"),
});
const FarmQuote = z.object({
  type: z.literal("farm"),
  pid: z.number().int(),
  lp_token: Token,
  reward_token: Token,
  amount: Amount.nullable(),
  deposited_before: Amount,
  deposited_after: Amount,
  pending_reward: Amount.describe("Paid out by any deposit, withdraw or harvest in this pool"),
});

const RateLimitView = z.object({
  limit: Amount.describe("The most the capacity refills to; it refills by this much per 24 h, linearly"),
  left: Amount.describe("What can pass now without queueing (read from the contract at the quote's block)"),
  full_at: z
    .string()
    .nullable()
    .describe("When the capacity is back at the limit if nothing else passes (ISO 8601; null when full now)"),
});
const BridgeQuote = z.object({
  type: z.literal("bridge"),
  token: Token.describe("PEPER on the source chain (PeperToken at home, PeperBridgedToken elsewhere)"),
  amount: Amount,
  source_chain_id: z.number().int(),
  destination_chain_id: z.number().int(),
  recipient: z.string().describe("Who receives the PEPER on the destination chain"),
  manager: z.string().describe("The source chain's BridgeManager (the transfer's `to`)"),
  destination_manager: z.string().describe("Its peer on the destination chain (BridgeManager.peers)"),
  source_is_home: z
    .boolean()
    .describe(
      "True: the home chain locks PEPER (needs an ERC-20 allowance); false: the remote chain burns it (no approve)",
    ),
  fee: z.object({
    wei: z
      .string()
      .describe("Native token sent as the transfer's value (0 when it is queued: whoever completes it pays)"),
    ether: z.string(),
    quoted: z.string().describe("BridgeManager.quoteTransfer(destination): the sum of every verifier's quoteSend"),
    basis: z.string(),
  }),
  outbound_limit: RateLimitView.describe("The source manager's limit towards the destination"),
  inbound_limit: RateLimitView.nullable().describe(
    "The destination manager's limit for arrivals from the source, read from the destination chain; null when this API cannot read it (see inbound_limit_note)",
  ),
  inbound_limit_note: z.string().optional(),
  queued: z.boolean().describe("True: above the outbound limit left, the transfer is queued on the source chain"),
  queued_until: z
    .string()
    .nullable()
    .describe(
      "When anyone can complete a queued transfer (24 h after the block that includes it; estimated from the quote's block)",
    ),
  queued_on_arrival: z
    .boolean()
    .nullable()
    .describe(
      "True: above the destination's inbound limit left, the tokens wait 24 h there after the message executes",
    ),
  expected_delivery: z.object({
    p50_seconds: z.number().describe("Median time from the sending block to the executing block"),
    p95_seconds: z.number(),
    plus_queue_seconds: z.number().int().describe("Added by an outbound or inbound queue (86400 each), else 0"),
    basis: z.string().describe("Where the figures come from"),
  }),
  warnings: z.array(z.string()).describe("What will not stop the transfer but delays it"),
});

const PriceImpact = z.object({
  percent: z
    .number()
    .describe("How much worse the execution price is than the pools' mid price, in percent (includes the LP fee)"),
  mid_price: z.string().describe("token_out per token_in at the current reserves, before the trade"),
  execution_price: z.string().describe("token_out per token_in this trade gets (amount_out / amount_in)"),
  reserves: z.array(
    z.object({ pair: z.string(), reserve_in: Amount, reserve_out: Amount }).describe("Each hop's live reserves"),
  ),
});

const YieldProjection = z.object({
  reward_token: Token,
  pool_reward_per_second: Amount.describe("What the whole pool pays per second now"),
  total_staked_before: Amount,
  share: z.number().describe("Your amount's share of the pool after it joins, 0..1"),
  reward_per_second: Amount,
  daily: Amount,
  thirty_days: Amount,
  apr: z.number().nullable().describe("Simple annual rate as a fraction (0.12 = 12 %), null when not measurable"),
  apr_basis: z.string(),
  rewards_end: z.string().nullable().describe("When the rewards stop at the current rate (ISO 8601), if known"),
  seconds_left: z.number().nullable(),
  formula: z.string(),
});

export const DefiOperationResponse = z.object({
  operation: z.enum(OPERATIONS),
  chain_id: z.number().int(),
  from: z.string(),
  block_number: z.string().describe("The block the quote and rates were read at"),
  block_timestamp: z.number().int(),
  transactions: z.array(TransactionSchema),
  estimated_gas: z.string().nullable().describe("Sum over the transactions; null when one cannot be measured"),
  gas_estimation: z.string().describe("How the estimates were measured"),
  quote: z.discriminatedUnion("type", [SwapQuote, StakingQuote, FarmQuote, BridgeQuote]),
  price_impact: PriceImpact.nullable(),
  yield_projection: YieldProjection.nullable(),
});
export type DefiOperationAnswer = z.infer<typeof DefiOperationResponse>;
export type TokenView = z.infer<typeof Token>;
export type QuoteView = z.infer<typeof DefiOperationResponse>["quote"];
export type PriceImpactView = z.infer<typeof PriceImpact>;
export type YieldView = z.infer<typeof YieldProjection>;
export type TransactionView = z.infer<typeof TransactionSchema>;

export const RelayBody = z
  .object({
    chain_id: ChainId,
    raw_transaction: z
      .string()
      .max(262_146)
      .regex(/^0x([0-9a-fA-F]{2})+$/, "must be the signed transaction as 0x-prefixed hex (RLP / EIP-2718)")
      .transform((v) => v as Hex),
  })
  .strict();

export const RelayResponse = z.object({
  transaction_hash: z.string(),
  chain_id: z.number().int(),
  from: z.string().describe("The signer, recovered from the signature"),
  to: z.string(),
  contract: z.string().describe('The Peper contract called, or "ERC-20 approve" for a token approval'),
  function: z.string(),
});
