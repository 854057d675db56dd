/**
 * The browser's client of the off-chain API (/api/v5, proxied by the app): JSON in and out, errors as
 * the API's `{ error, code, field? }`, and the session — a 15-minute access token and a one-use
 * refresh token (docs/api.md → Auth) — kept in memory and sessionStorage (gone when the tab closes).
 * An expired access token is refreshed once and the request retried; a failed refresh signs out.
 */

/** How a session signed in: the wallet (Sign-In with Ethereum), the e-mail and password, or a passkey. */
export type SignInMethod = "siwe" | "password" | "passkey";

export interface ApiSession {
  accessToken: string;
  refreshToken: string;
  /** The account (its id): the same whichever way it signed in. */
  account: string;
  method: SignInMethod;
  /** The wallet that signed in (Sign-In with Ethereum only). */
  address?: string;
  /** The account's e-mail, as the sign-in answered it. */
  email?: string;
}

/** A stored session as this version of the app writes it; anything else (an older tab's) is dropped. */
export function parseSession(raw: string): ApiSession | undefined {
  try {
    const v = JSON.parse(raw) as Record<string, unknown>;
    const str = (x: unknown): x is string => typeof x === "string" && x.length > 0;
    if (!str(v.accessToken) || !str(v.refreshToken) || !str(v.account)) return undefined;
    if (v.method !== "siwe" && v.method !== "password" && v.method !== "passkey") return undefined;
    return {
      accessToken: v.accessToken,
      refreshToken: v.refreshToken,
      account: v.account,
      method: v.method,
      ...(str(v.address) ? { address: v.address } : {}),
      ...(str(v.email) ? { email: v.email } : {}),
    };
  } catch {
    return undefined;
  }
}

/** What every sign-in answers (POST /auth/global-login, /auth/siwe/verify). */
export interface LoginResponse {
  access_token: string;
  refresh_token: string;
  user_profile: { id: string; email: string };
}

/** The session a sign-in's answer starts. */
export const sessionOf = (body: LoginResponse, method: SignInMethod, address?: string): ApiSession => ({
  accessToken: body.access_token,
  refreshToken: body.refresh_token,
  account: body.user_profile.id,
  method,
  email: body.user_profile.email,
  ...(address ? { address } : {}),
});

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.status = status;
    this.code = code;
    if (field !== undefined) this.field = field;
  }
}

const KEY = "peper.api.session";
let session: ApiSession | undefined;
let loaded = false;
const listeners = new Set<() => void>();

function storage(): Storage | undefined {
  try {
    return typeof window === "undefined" ? undefined : window.sessionStorage;
  } catch {
    return undefined;
  }
}

export function getSession(): ApiSession | undefined {
  if (!loaded) {
    loaded = true;
    const raw = storage()?.getItem(KEY);
    if (raw) session = parseSession(raw);
  }
  return session;
}

export function setSession(next: ApiSession | undefined): void {
  session = next;
  loaded = true;
  if (next) storage()?.setItem(KEY, JSON.stringify(next));
  else storage()?.removeItem(KEY);
  for (const l of listeners) l();
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function toError(res: Response): Promise<ApiError> {
  let body: { error?: string; code?: string; field?: string } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // not JSON
  }
  return new ApiError(res.status, body.code ?? `http-${res.status}`, body.error ?? res.statusText, body.field);
}

async function raw(path: string, body: unknown, token?: string, method = "POST"): Promise<Response> {
  return fetch(`/api/v5${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

let refreshing: Promise<ApiSession | undefined> | undefined;

/** Rotates the refresh token (each works once); concurrent callers share one rotation. */
async function refresh(current: ApiSession): Promise<ApiSession | undefined> {
  refreshing ??= (async () => {
    const res = await raw("/auth/refresh", { refresh_token: current.refreshToken });
    if (!res.ok) {
      setSession(undefined);
      return undefined;
    }
    const body = (await res.json()) as { access_token: string; refresh_token: string };
    const next = { ...current, accessToken: body.access_token, refreshToken: body.refresh_token };
    setSession(next);
    return next;
  })().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

/** Calls the API; `auth` adds the session's bearer token (refreshing it once when it expired). */
export async function api<T>(
  path: string,
  options: { body?: unknown; auth?: boolean; method?: string } = {},
): Promise<T> {
  const method = options.method ?? (options.body === undefined ? "GET" : "POST");
  let current = options.auth ? getSession() : undefined;
  if (options.auth && !current) throw new ApiError(401, "unauthenticated", "Sign in first.");
  let res = await raw(path, options.body, current?.accessToken, method);
  if (res.status === 401 && current) {
    const error = await toError(res);
    if (error.code !== "token-expired") {
      if (error.code === "unauthenticated") setSession(undefined);
      throw error;
    }
    current = await refresh(current);
    if (!current) throw error;
    res = await raw(path, options.body, current.accessToken, method);
  }
  if (!res.ok) throw await toError(res);
  // 204 No Content (the DELETEs): nothing to read.
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** The API refused the caller's role (403 `forbidden`), as opposed to any other failure. */
export const isForbidden = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 403 && error.code === "forbidden";

/** TanStack Query's retry rule for API reads: a refusal (4xx) is not retried, a failure once. */
export const retryUnlessRefused = (failures: number, error: unknown): boolean =>
  !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 1;

/** Revokes the session on the API (best effort) and forgets it here. */
export async function signOut(): Promise<void> {
  const current = getSession();
  setSession(undefined);
  if (current) await raw("/auth/logout", { refresh_token: current.refreshToken }, current.accessToken).catch(() => {});
}
