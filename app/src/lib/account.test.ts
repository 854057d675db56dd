import { describe, expect, it } from "vitest";

import { sessionIsFor } from "./account.ts";

const session = { address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" };

describe("sessionIsFor", () => {
  it("matches the connected wallet whatever the letter case", () => {
    expect(sessionIsFor(session, "0x70997970c51812dc3a010c7d01b50e0d17dc79c8")).toBe(true);
    expect(sessionIsFor(session, session.address)).toBe(true);
  });

  it("does not match another wallet, no wallet or no session", () => {
    expect(sessionIsFor(session, "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC")).toBe(false);
    expect(sessionIsFor(session, undefined)).toBe(false);
    expect(sessionIsFor(undefined, session.address)).toBe(false);
  });
});
