"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import type { Abi, Hash, TransactionReceipt } from "viem";
import { useConfig } from "wagmi";
import { waitForTransactionReceipt } from "wagmi/actions";

import { decodeContractError, type DecodedError } from "../lib/decodeError.ts";
import { useNotices } from "./useNotices.tsx";

export interface Transactor {
  /**
   * Sends a transaction (`send` simulates then writes it), shows a pending notice with its hash, then
   * confirmed or failed (with the custom error decoded against `abi`), and refreshes every query.
   * Resolves the receipt, or undefined when it failed.
   */
  run: (
    label: string,
    abi: Abi,
    send: () => Promise<Hash>,
    options?: { keepForm?: boolean },
  ) => Promise<TransactionReceipt | undefined>;
  busy: boolean;
  /** The last failure, for the form that caused it. */
  error?: DecodedError;
  /**
   * How many transactions confirmed so far, approvals (`keepForm`) excepted: a form keyed on it
   * starts empty after each success, and keeps what was typed across the approval before it.
   */
  confirmations: number;
}

export function useTransactor(chainId: number): Transactor {
  const config = useConfig();
  const queryClient = useQueryClient();
  const { push, update } = useNotices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DecodedError>();
  const [confirmations, setConfirmations] = useState(0);

  const run = useCallback(
    async (label: string, abi: Abi, send: () => Promise<Hash>, options?: { keepForm?: boolean }) => {
      setBusy(true);
      setError(undefined);
      const id = push({ label, status: "pending", chainId });
      try {
        const hash = await send();
        update(id, { hash });
        const receipt = await waitForTransactionReceipt(config, { hash, chainId });
        if (receipt.status !== "success") {
          const failure: DecodedError = { key: "reverted", values: {} };
          update(id, { status: "failed", error: failure });
          setError(failure);
          return undefined;
        }
        update(id, { status: "confirmed" });
        if (!options?.keepForm) setConfirmations((n) => n + 1);
        return receipt;
      } catch (e) {
        const decoded = decodeContractError(e, abi);
        update(id, { status: "failed", error: decoded });
        setError(decoded);
        return undefined;
      } finally {
        setBusy(false);
        await queryClient.invalidateQueries();
      }
    },
    [config, chainId, push, update, queryClient],
  );
  return { run, busy, confirmations, ...(error ? { error } : {}) };
}
