import type { FastifyRequest, onRequestAsyncHookHandler } from "fastify";

import type { Role } from "../../db/schema.ts";
import { ApiError, type ApiContext } from "../context.ts";
import type { AccessClaims } from "./tokens.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in caller, set by {@link requireAuth}; null on public routes. */
    auth: AccessClaims | null;
  }
}

/** OpenAPI: the routes that need `Authorization: Bearer <access token>`. */
export const BEARER = [{ bearerAuth: [] }];

/**
 * A hook (use it as the route's `onRequest`, so nothing is parsed for a caller who may not call) that admits a request carrying a valid access token and, when `roles` is given, only a
 * caller holding one of them. 401 without a valid token (code "unauthenticated" or "token-expired"),
 * and for a token whose sign-in has ended — account erased, session signed out or its password
 * changed ("unauthenticated"), role changed since it was issued ("token-expired": refresh) — checked
 * per request through `ctx.sessions` (see `auth/sessions.ts`); 403 with the wrong role ("forbidden").
 */
export function requireAuth(
  ctx: ApiContext,
  roles?: readonly Role[],
  options: { maxAuthAgeSeconds?: number } = {},
): AuthHook {
  const hook: onRequestAsyncHookHandler = async (request) => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header) : null;
    if (!match) {
      throw new ApiError(
        401,
        "unauthenticated",
        "Sign in first: send the access token as `Authorization: Bearer <token>`.",
      );
    }
    // Signature and expiry, then whether the sign-in is still live (account, session, role).
    const auth = await ctx.sessions.authenticate(match[1]!);
    if (!auth.ok) throw new ApiError(401, auth.code, auth.message);
    request.auth = auth.claims;
    const maxAge = options.maxAuthAgeSeconds;
    if (maxAge !== undefined && ctx.now() / 1000 - (request.auth.authTime ?? 0) > maxAge) {
      throw new ApiError(
        401,
        "reauthentication-required",
        `This changes how the account signs in: sign in again (within the last ${Math.round(maxAge / 60)} minutes) and retry.`,
      );
    }
    if (roles && !roles.includes(request.auth.role)) {
      throw new ApiError(
        403,
        "forbidden",
        `This needs the role ${roles.join(" or ")}; you are signed in as ${request.auth.role}.`,
      );
    }
  };
  return Object.assign(hook, { peperRoles: roles ?? ("any" as const) });
}

/** The hook {@link requireAuth} returns, tagged with the roles it admits (read by the route registry). */
export type AuthHook = onRequestAsyncHookHandler & { readonly peperRoles: readonly Role[] | "any" };

/** What the server knows about a route's access rule, collected as routes are registered. */
export interface RouteAccess {
  readonly method: string;
  readonly url: string;
  /** null: public. "any": any signed-in user. Otherwise the roles admitted. */
  readonly roles: readonly Role[] | "any" | null;
}

/** The access rule of a route from its hooks (the first {@link AuthHook} among onRequest/preHandler). */
export function accessOf(hooks: unknown): readonly Role[] | "any" | null {
  const list: unknown[] = Array.isArray(hooks) ? hooks : hooks ? [hooks] : [];
  for (const hook of list) {
    if (typeof hook === "function" && "peperRoles" in hook) return (hook as AuthHook).peperRoles;
  }
  return null;
}

/** The signed-in caller of a route guarded by {@link requireAuth}. */
export function caller(request: FastifyRequest): AccessClaims {
  if (!request.auth) throw new ApiError(401, "unauthenticated", "Sign in first.");
  return request.auth;
}

/** Route config for the sign-in routes: a stricter per-IP rate limit (`ApiLimits.authPerMinute`). */
export const authRateLimit = (ctx: ApiContext) => ({
  rateLimit: { max: ctx.limits.authPerMinute, timeWindow: 60_000 },
});

/** How recent a sign-in must be for changes to the account's sign-in methods (step-up). */
export const STEP_UP_SECONDS = 5 * 60;

/**
 * {@link requireAuth} for routes that add a way to sign in (TOTP, passkey, wallet): the session's
 * sign-in must be at most {@link STEP_UP_SECONDS} old, so a stolen access token cannot plant a
 * lasting credential once that window has passed (401 "reauthentication-required").
 */
export const requireFreshAuth = (ctx: ApiContext): AuthHook =>
  requireAuth(ctx, undefined, { maxAuthAgeSeconds: STEP_UP_SECONDS });
