import { describe, expect, it } from "vitest";

import { creationOptions, fromBase64Url, hostCanUsePasskeys, requestOptions, toBase64Url } from "./passkey.ts";

describe("passkey JSON", () => {
  it("round-trips base64url without padding, including the URL-safe characters", () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0xbf, 0x00, 0x01]);
    const text = toBase64Url(bytes);
    expect(text).toBe("-_-_AAE");
    expect(new Uint8Array(fromBase64Url(text))).toEqual(bytes);
    expect(toBase64Url(fromBase64Url(""))).toBe("");
  });

  it("turns the API's sign-in options into binary challenge and credential ids", () => {
    const o = requestOptions({
      challenge: "AQID",
      rpId: "app.peper.test",
      userVerification: "required",
      allowCredentials: [{ id: "BAU", type: "public-key", transports: ["internal"] }],
    });
    expect(new Uint8Array(o.challenge as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
    expect(o.rpId).toBe("app.peper.test");
    expect(new Uint8Array(o.allowCredentials?.[0]?.id as ArrayBuffer)).toEqual(new Uint8Array([4, 5]));
  });

  it("turns the API's registration options into a binary user handle", () => {
    const o = creationOptions({
      challenge: "AQID",
      rp: { id: "app.peper.test", name: "Peper" },
      user: { id: "BwgJ", name: "ada@example.com", displayName: "ada@example.com" },
      pubKeyCredParams: [{ type: "public-key", alg: -7 }],
    });
    expect(new Uint8Array(o.user.id as ArrayBuffer)).toEqual(new Uint8Array([7, 8, 9]));
    expect(o.user.name).toBe("ada@example.com");
    expect(o.pubKeyCredParams).toEqual([{ type: "public-key", alg: -7 }]);
  });

  it("offers passkeys on a domain name, not on an IP address", () => {
    expect(hostCanUsePasskeys("app.peper.test")).toBe(true);
    expect(hostCanUsePasskeys("localhost")).toBe(true);
    expect(hostCanUsePasskeys("127.0.0.1")).toBe(false);
    expect(hostCanUsePasskeys("::1")).toBe(false);
  });
});
