"use client";
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import type { Hash } from "viem";

import type { DecodedError } from "../lib/decodeError.ts";

export type NoticeStatus = "pending" | "confirmed" | "failed";

export interface Notice {
  id: number;
  /** What the user did, already translated ("Swap 10 USDC for PEPER"). */
  label: string;
  status: NoticeStatus;
  chainId: number;
  hash?: Hash;
  error?: DecodedError;
}

interface NoticesApi {
  notices: Notice[];
  push: (notice: Omit<Notice, "id">) => number;
  update: (id: number, patch: Partial<Omit<Notice, "id">>) => void;
  dismiss: (id: number) => void;
}

const NoticesContext = createContext<NoticesApi>({
  notices: [],
  push: () => 0,
  update: () => {},
  dismiss: () => {},
});

let nextId = 1;

export function NoticesProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const push = useCallback((notice: Omit<Notice, "id">) => {
    const id = nextId++;
    setNotices((list) => [...list.slice(-4), { ...notice, id }]);
    return id;
  }, []);
  const update = useCallback((id: number, patch: Partial<Omit<Notice, "id">>) => {
    setNotices((list) => list.map((n) => (n.id === id ? { ...n, ...patch } : n)));
  }, []);
  const dismiss = useCallback((id: number) => setNotices((list) => list.filter((n) => n.id !== id)), []);
  const api = useMemo(() => ({ notices, push, update, dismiss }), [notices, push, update, dismiss]);
  return <NoticesContext.Provider value={api}>{children}</NoticesContext.Provider>;
}

export const useNotices = (): NoticesApi => useContext(NoticesContext);
