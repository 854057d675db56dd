import { afterEach, describe, expect, it, vi } from "vitest";

import { api, ApiError, isForbidden, parseSession, retryUnlessRefused, setSession } from "./apiClient.ts";

afterEach(() => {
  vi.unstubAllGlobals();
  setSession(undefined);
});

describe("calls answered 204 No Content", () => {
  it("succeed with no body, sending the bearer token and no JSON header", async () => {
    setSession({ accessToken: "access", refreshToken: "refresh", account: "u1", method: "siwe", address: "0x1" });
    const fetch = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal("fetch", fetch);
    await expect(api<undefined>("/tenants/acme", { method: "DELETE", auth: true })).resolves.toBeUndefined();
    expect(fetch).toHaveBeenCalledWith("/api/v5/tenants/acme", {
      method: "DELETE",
      headers: { authorization: "Bearer access" },
    });
  });

  it("still fail with the API's error", async () => {
    setSession({ accessToken: "access", refreshToken: "refresh", account: "u1", method: "siwe", address: "0x1" });
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Response.json({ error: "The tenant acme was not found.", code: "not-found" }, { status: 404 })),
    );
    const error = await api("/tenants/acme", { method: "DELETE", auth: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("not-found");
  });
});

describe("refusals", () => {
  it("tell the API's wrong-role answer (403 forbidden) from other errors", () => {
    expect(isForbidden(new ApiError(403, "forbidden", "This needs the role institutional or admin"))).toBe(true);
    expect(isForbidden(new ApiError(403, "self-review", "not your own"))).toBe(false);
    expect(isForbidden(new ApiError(401, "forbidden", "odd"))).toBe(false);
    expect(isForbidden(new ApiError(401, "unauthenticated", "Sign in first."))).toBe(false);
    expect(isForbidden(new Error("forbidden"))).toBe(false);
  });

  it("are not retried; other failures once", () => {
    expect(retryUnlessRefused(0, new ApiError(403, "forbidden", ""))).toBe(false);
    expect(retryUnlessRefused(0, new ApiError(404, "not-found", ""))).toBe(false);
    expect(retryUnlessRefused(0, new ApiError(502, "http-502", ""))).toBe(true);
    expect(retryUnlessRefused(0, new TypeError("Failed to fetch"))).toBe(true);
    expect(retryUnlessRefused(1, new ApiError(502, "http-502", ""))).toBe(false);
  });
});

describe("a stored session", () => {
  it("is read back with its method, account, wallet and e-mail", () => {
    const stored = { accessToken: "a", refreshToken: "r", account: "u1", method: "password", email: "e@x.test" };
    expect(parseSession(JSON.stringify(stored))).toEqual(stored);
  });

  it("is dropped when an older app wrote it (no account or method) or it is not JSON", () => {
    expect(parseSession(JSON.stringify({ accessToken: "a", refreshToken: "r", address: "0x1" }))).toBeUndefined();
    expect(
      parseSession(JSON.stringify({ accessToken: "a", refreshToken: "r", account: "u1", method: "magic" })),
    ).toBeUndefined();
    expect(parseSession("{")).toBeUndefined();
  });
});
