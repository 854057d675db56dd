"use client";
import { useSyncExternalStore } from "react";

const noSubscribe = () => () => {};

/** The page's host name (undefined while rendering on the server). */
export function useHostname(): string | undefined {
  return useSyncExternalStore(
    noSubscribe,
    () => window.location.hostname,
    () => undefined,
  );
}

/** The page's origin (undefined while rendering on the server). */
export function useOrigin(): string | undefined {
  return useSyncExternalStore(
    noSubscribe,
    () => window.location.origin,
    () => undefined,
  );
}
