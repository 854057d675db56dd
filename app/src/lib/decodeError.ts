import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  UserRejectedRequestError,
  type Abi,
  type Hex,
} from "viem";

/**
 * What went wrong with a contract call, as a key of the `errors` message catalogue plus the values
 * its sentence needs. `name` is the Solidity custom error when the call reverted with one.
 */
export interface DecodedError {
  key: string;
  name?: string;
  values: Record<string, string>;
}

/** The custom errors that have their own sentence in the catalogue (messages/<locale>.json → errors). */
export const KNOWN_ERRORS = new Set([
  "ERC20InsufficientAllowance",
  "ERC20InsufficientBalance",
  "ERC2612ExpiredSignature",
  "ERC2612InvalidSigner",
  "ERC4626ExceededMaxDeposit",
  "ERC4626ExceededMaxMint",
  "ERC4626ExceededMaxRedeem",
  "ERC4626ExceededMaxWithdraw",
  "EnforcedPause",
  "FarmInsufficientDeposit",
  "FarmUnknownPool",
  "FarmZeroAmount",
  "GovernorAlreadyCastVote",
  "GovernorAlreadyQueuedProposal",
  "GovernorInsufficientProposerVotes",
  "GovernorInvalidSignature",
  "GovernorInvalidProposalLength",
  "GovernorNonexistentProposal",
  "GovernorOnlyExecutor",
  "GovernorUnexpectedProposalState",
  "InvalidAccountNonce",
  "LibraryInsufficientAmount",
  "LibraryInsufficientLiquidity",
  "PairInsufficientLiquidity",
  "PairInsufficientLiquidityBurned",
  "PairInsufficientLiquidityMinted",
  "PairInsufficientOutputAmount",
  "PairInsufficientInputAmount",
  "PairK",
  "RouterExcessiveInputAmount",
  "RouterExpired",
  "RouterInsufficientAAmount",
  "RouterInsufficientBAmount",
  "RouterInsufficientOutputAmount",
  "RouterInvalidPath",
  "StakingInsufficientStake",
  "StakingZeroAmount",
  "TimelockUnexpectedOperationState",
  "TimelockUnexecutedPredecessor",
  "VaultInsufficientLiquidity",
  "VaultSlippageTooHigh",
  "VotesExpiredSignature",
  // NFT, marketplace and oracle errors: their sentences are in the `contractErrors` catalogue.
  "CollectiblesInvalidCid",
  "CollectiblesRoyaltyTooHigh",
  "ERC721IncorrectOwner",
  "ERC721InsufficientApproval",
  "ERC721NonexistentToken",
  "MarketExpired",
  "MarketInactive",
  "MarketInvalidSignature",
  "MarketOrderUnavailable",
  "MarketUnauthorized",
  "MarketWrongPayment",
  "MarketZeroPrice",
]);

const valuesOf = (abi: Abi, name: string, args: readonly unknown[] | undefined): Record<string, string> => {
  const item = abi.find((x) => x.type === "error" && x.name === name);
  const values: Record<string, string> = {};
  if (!item || item.type !== "error") return values;
  item.inputs.forEach((input, i) => {
    values[input.name || `arg${i}`] = String(args?.[i] ?? "");
  });
  return values;
};

const fromCustomError = (abi: Abi, name: string, args: readonly unknown[] | undefined): DecodedError => {
  const values = valuesOf(abi, name, args);
  if (KNOWN_ERRORS.has(name)) return { key: name, name, values };
  const shown = Object.values(values).join(", ");
  return { key: "unknownCustom", name, values: { name, args: shown } };
};

const HEX = /^0x[0-9a-fA-F]{8,}$/;

/** Finds revert data (the 4-byte selector and arguments) anywhere in an error's chain. */
function revertData(error: unknown): Hex | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current && typeof current === "object"; depth++) {
    const data = (current as { data?: unknown }).data;
    if (typeof data === "string" && HEX.test(data)) return data as Hex;
    if (data && typeof data === "object" && typeof (data as { data?: unknown }).data === "string") {
      const inner = (data as { data: string }).data;
      if (HEX.test(inner)) return inner as Hex;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Turns any error of a contract read, write or signature into a catalogue key: the custom error
 * decoded against `abi` (the ABIs of the contracts involved), or the wallet's refusal, or a short
 * generic sentence with the node's message.
 */
export function decodeContractError(error: unknown, abi: Abi): DecodedError {
  if (error instanceof BaseError) {
    if (error.walk((e) => e instanceof UserRejectedRequestError)) return { key: "rejected", values: {} };
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError) {
      if (reverted.data?.errorName && reverted.data.errorName !== "Error" && reverted.data.errorName !== "Panic") {
        return fromCustomError(abi, reverted.data.errorName, reverted.data.args);
      }
      if (reverted.reason) return { key: "revertedWithReason", values: { reason: reverted.reason } };
    }
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 4001) return { key: "rejected", values: {} };
  const data = revertData(error);
  if (data) {
    try {
      const decoded = decodeErrorResult({ abi, data });
      return fromCustomError(abi, decoded.errorName, decoded.args);
    } catch {
      // not one of ours: fall through
    }
  }
  const message =
    error instanceof BaseError ? error.shortMessage : error instanceof Error ? error.message : String(error);
  if (/insufficient funds/i.test(message)) return { key: "insufficientFunds", values: {} };
  return { key: "generic", values: { message: message.split("\n")[0] ?? "" } };
}
