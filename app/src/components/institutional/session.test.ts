import { afterEach, describe, expect, it, vi } from "vitest";

import { ApiError, setSession } from "../../lib/apiClient.ts";
import { apiNoContent, isForbidden } from "./session.ts";

afterEach(() => {
  vi.unstubAllGlobals();
  setSession(undefined);
});

describe("calls answered 204 No Content", () => {
  it("succeed with no body, sending the bearer token and no JSON header", async () => {
    setSession({ accessToken: "access", refreshToken: "refresh", address: "0x1" });
    const fetch = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal("fetch", fetch);
    await expect(apiNoContent("/tenants/acme", { method: "DELETE" })).resolves.toBeUndefined();
    expect(fetch).toHaveBeenCalledWith("/api/v5/tenants/acme", {
      method: "DELETE",
      headers: { authorization: "Bearer access" },
    });
  });

  it("still fail with the API's error", async () => {
    setSession({ accessToken: "access", refreshToken: "refresh", address: "0x1" });
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Response.json({ error: "The tenant acme was not found.", code: "not-found" }, { status: 404 })),
    );
    const error = await apiNoContent("/tenants/acme", { method: "DELETE" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("not-found");
  });

  it("recognise the API's wrong-role answer", () => {
    expect(isForbidden(new ApiError(403, "forbidden", "This needs the role institutional or admin"))).toBe(true);
    expect(isForbidden(new ApiError(401, "unauthenticated", "Sign in first."))).toBe(false);
    expect(isForbidden(new Error("forbidden"))).toBe(false);
  });
});
