import { describe, expect, it } from "vitest";

import { hasWallet, isLastWayIn, sessionActive, sessionIsFor } from "./account.ts";

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

describe("sessionActive", () => {
  const wallet = { method: "siwe", address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" };
  it("keeps an e-mail session signed in whichever wallet is connected", () => {
    expect(sessionActive({ method: "password" }, undefined)).toBe(true);
    expect(sessionActive({ method: "password" }, "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC")).toBe(true);
  });
  it("keeps a wallet session while no wallet or that wallet is connected", () => {
    expect(sessionActive(wallet, undefined)).toBe(true);
    expect(sessionActive(wallet, "0x70997970c51812dc3a010c7d01b50e0d17dc79c8")).toBe(true);
    expect(sessionActive(wallet, "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC")).toBe(false);
    expect(sessionActive(undefined, undefined)).toBe(false);
  });
});

describe("the account's ways in", () => {
  const w = (address: string) => ({ id: address, address, chain_id: 1, verified_at: "", created_at: "" });
  it("knows a linked wallet, case-insensitively", () => {
    const account = { wallets: [w("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")] };
    expect(hasWallet(account, "0x70997970c51812dc3a010c7d01b50e0d17dc79c8")).toBe(true);
    expect(hasWallet(account, "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC")).toBe(false);
    expect(hasWallet(undefined, "0x70997970c51812dc3a010c7d01b50e0d17dc79c8")).toBe(false);
  });
  it("calls the only wallet of an account without password or passkey its last way in", () => {
    expect(isLastWayIn({ password: false, passkeys: 0, wallets: [w("0x1")] })).toBe(true);
    expect(isLastWayIn({ password: true, passkeys: 0, wallets: [w("0x1")] })).toBe(false);
    expect(isLastWayIn({ password: false, passkeys: 1, wallets: [w("0x1")] })).toBe(false);
    expect(isLastWayIn({ password: false, passkeys: 0, wallets: [w("0x1"), w("0x2")] })).toBe(false);
  });
});
