import {
  WaitForTransactionReceiptTimeoutError,
  type Account,
  type Hash,
  type PublicClient,
  type TransactionReceipt,
  type WalletClient,
} from "viem";

/** A transaction the node wants mined: the call, without nonce or fees (the submitter owns those). */
export interface SubmitRequest {
  to: `0x${string}`;
  data: `0x${string}`;
  gas?: bigint;
}

export interface SubmitOptions {
  /** How long to wait for a receipt before replacing the transaction with higher fees. */
  replaceAfterMs: number;
  /** Fee bump per replacement, in percent (nodes require at least 10% to accept a replacement). */
  bumpPercent: number;
  /** Replacements before giving up (the round is then left to the next leader). */
  maxReplacements: number;
  log?: (msg: string, fields: Record<string, unknown>) => void;
  /** Called with each transaction hash as it is sent. */
  onSent?: (hash: Hash, attempt: number) => void;
}

export const DEFAULT_SUBMIT: SubmitOptions = { replaceAfterMs: 8_000, bumpPercent: 25, maxReplacements: 4 };

export class SubmissionError extends Error {
  override name = "SubmissionError";
}

/**
 * Sends a transaction so that it cannot stay stuck: it takes the account's next *confirmed* nonce
 * (so a transaction left pending by an earlier attempt or an earlier run is replaced, not queued
 * behind), and when no receipt arrives within `replaceAfterMs` it sends the same call again with the
 * same nonce and fees raised by `bumpPercent` (EIP-1559: both the max fee and the priority fee).
 * Whichever of the attempts is mined is returned; a "nonce too low" answer means one already was.
 */
export async function submitWithReplacement(
  client: PublicClient,
  wallet: WalletClient,
  account: Account,
  request: SubmitRequest,
  options: SubmitOptions = DEFAULT_SUBMIT,
): Promise<{ receipt: TransactionReceipt; replacements: number }> {
  // An operator node sends oracle reports and bridge attestations from one key, possibly on the same
  // chain at the same moment: both would take the same nonce. One transaction at a time per account
  // and chain in this process.
  const chainId = await client.getChainId();
  return serialized(`${account.address.toLowerCase()}:${chainId}`, () =>
    submitOnce(client, wallet, account, request, options),
  );
}

const inFlight = new Map<string, Promise<unknown>>();

/** Runs `task` after every earlier task of the same key has settled. */
async function serialized<T>(key: string, task: () => Promise<T>): Promise<T> {
  const run = (inFlight.get(key) ?? Promise.resolve()).then(task, task);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  inFlight.set(key, settled);
  try {
    return await run;
  } finally {
    if (inFlight.get(key) === settled) inFlight.delete(key);
  }
}

async function submitOnce(
  client: PublicClient,
  wallet: WalletClient,
  account: Account,
  request: SubmitRequest,
  options: SubmitOptions,
): Promise<{ receipt: TransactionReceipt; replacements: number }> {
  const nonce = await client.getTransactionCount({ address: account.address, blockTag: "latest" });
  const estimate = await client.estimateFeesPerGas();
  let maxFeePerGas = estimate.maxFeePerGas;
  let maxPriorityFeePerGas = estimate.maxPriorityFeePerGas;
  const sent: Hash[] = [];

  const minedEarlier = async (): Promise<TransactionReceipt | undefined> => {
    for (const hash of sent) {
      const receipt = await client.getTransactionReceipt({ hash }).catch(() => undefined);
      if (receipt) return receipt;
    }
    return undefined;
  };

  for (let attempt = 0; attempt <= options.maxReplacements; attempt++) {
    let hash: Hash;
    try {
      hash = await wallet.sendTransaction({
        account,
        chain: null,
        to: request.to,
        data: request.data,
        nonce,
        maxFeePerGas,
        maxPriorityFeePerGas,
        ...(request.gas === undefined ? {} : { gas: request.gas }),
      });
    } catch (error) {
      const message = (error as Error).message.toLowerCase();
      if (message.includes("nonce too low") || message.includes("nonce has already been used")) {
        const receipt = await minedEarlier();
        if (receipt) return { receipt, replacements: attempt - 1 };
      }
      throw error;
    }
    sent.push(hash);
    options.onSent?.(hash, attempt);
    try {
      const receipt = await client.waitForTransactionReceipt({ hash, timeout: options.replaceAfterMs });
      return { receipt, replacements: attempt };
    } catch (error) {
      if (!(error instanceof WaitForTransactionReceiptTimeoutError)) throw error;
      const earlier = await minedEarlier();
      if (earlier) return { receipt: earlier, replacements: attempt };
      maxFeePerGas = (maxFeePerGas * BigInt(100 + options.bumpPercent)) / 100n + 1n;
      maxPriorityFeePerGas = (maxPriorityFeePerGas * BigInt(100 + options.bumpPercent)) / 100n + 1n;
      options.log?.("transaction not mined; replacing it with higher fees", {
        hash,
        nonce,
        attempt: attempt + 1,
        maxFeePerGas: maxFeePerGas.toString(),
      });
    }
  }
  throw new SubmissionError(
    `transaction with nonce ${nonce} was not mined after ${options.maxReplacements} replacements`,
  );
}
