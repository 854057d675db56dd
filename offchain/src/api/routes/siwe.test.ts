import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { and, eq } from "drizzle-orm";
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount, type LocalAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";

import { screenAddress } from "../../compliance/sanctions.ts";
import { auditLog, globalUsers, web3Wallets } from "../../db/schema.ts";
import { testApi, type TestApi, type TestUser } from "../testing.ts";

const RP = { rpId: "app.peper.test", rpName: "Peper", origins: ["https://app.peper.test"] } as const;
const BASE = "/api/v5/auth/siwe";

type MessageFields = Partial<Parameters<typeof createSiweMessage>[0]>;

const newWallet = (): LocalAccount => privateKeyToAccount(generatePrivateKey());

async function nonce(api: TestApi): Promise<string> {
  const res = await api.call("POST", `${BASE}/nonce`);
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json<{ nonce: string; expires_at: string }>();
  assert.match(body.nonce, /^[0-9a-f]{32}$/);
  assert.ok(Math.abs(Date.parse(body.expires_at) - (api.ctx.now() + 10 * 60_000)) < 5_000, body.expires_at);
  return body.nonce;
}

/** A signed EIP-4361 message for this API (fields overridable) with a fresh nonce unless one is given. */
async function signed(api: TestApi, wallet: LocalAccount, fields: MessageFields = {}) {
  const message = createSiweMessage({
    address: wallet.address,
    chainId: 1,
    domain: "app.peper.test",
    nonce: fields.nonce ?? (await nonce(api)),
    uri: "https://app.peper.test/sign-in",
    version: "1",
    statement: "Sign in to Peper.",
    issuedAt: new Date(api.ctx.now()),
    ...fields,
  });
  return { message, signature: await wallet.signMessage({ message }) };
}

async function verify(api: TestApi, body: { message: string; signature: string; email?: string }) {
  return api.call("POST", `${BASE}/verify`, { body: { region: "DE", ...body } });
}

async function link(api: TestApi, user: TestUser, wallet: LocalAccount, fields: MessageFields = {}) {
  return api.call("POST", `${BASE}/link`, { token: user.accessToken, body: await signed(api, wallet, fields) });
}

const code = (res: { json<T>(): T }): string => res.json<{ code: string }>().code;

describe("Sign-In with Ethereum", () => {
  let api: TestApi;
  before(async () => {
    api = await testApi({ deps: { webauthn: RP } });
  });
  after(async () => api.close());

  it("links a wallet to a signed-in account and then signs that account in with it", async () => {
    const user = await api.user();
    const wallet = newWallet();
    const linked = await link(api, user, wallet);
    assert.equal(linked.statusCode, 201, linked.body);
    const view = linked.json<{ id: string; address: string; chain_id: number; verified_at: string | null }>();
    assert.equal(view.address, wallet.address);
    assert.equal(view.chain_id, 1);
    assert.ok(view.verified_at);
    const again = await link(api, user, wallet);
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json<{ id: string }>().id, view.id);

    const res = await verify(api, await signed(api, wallet));
    assert.equal(res.statusCode, 200, res.body);
    const session = res.json<{ access_token: string; user_profile: { id: string } }>();
    assert.equal(session.user_profile.id, user.id);
    const me = await api.call("GET", "/api/v5/auth/me", { token: session.access_token });
    assert.equal(me.statusCode, 200, me.body);
    assert.equal(me.json<{ user_profile: { id: string } }>().user_profile.id, user.id);

    // The same key on another chain is the same owner.
    const optimism = await verify(api, await signed(api, wallet, { chainId: 10 }));
    assert.equal(optimism.statusCode, 200, optimism.body);
    assert.equal(optimism.json<{ user_profile: { id: string } }>().user_profile.id, user.id);

    const list = await api.call("GET", `${BASE}/wallets`, { token: user.accessToken });
    assert.deepEqual(
      list.json<{ wallets: { id: string }[] }>().wallets.map((w) => w.id),
      [view.id],
    );
    const logins = await api.database.db.select().from(auditLog).where(eq(auditLog.action, "auth.login"));
    assert.ok(logins.some((e) => e.actor === api.ctx.pseudonym(user.id) && e.details.method === "siwe"));
  });

  it("creates a wallet-only account when an unknown wallet comes with an e-mail", async () => {
    const wallet = newWallet();
    const unknown = await verify(api, await signed(api, wallet));
    assert.equal(unknown.statusCode, 404, unknown.body);
    assert.equal(code(unknown), "wallet-not-linked");
    assert.match(unknown.json<{ error: string }>().error, /e-mail/);

    const email = `wallet-${Date.now()}@example.com`;
    const created = await verify(api, { ...(await signed(api, wallet)), email: email.toUpperCase() });
    assert.equal(created.statusCode, 201, created.body);
    const body = created.json<{
      access_token: string;
      user_profile: { id: string; email: string; region: string };
      regional_settings: { compliance_jurisdiction: string; currency: string };
      compliance_status: { kyc: string };
    }>();
    assert.equal(body.user_profile.email, email);
    assert.equal(body.user_profile.region, "DE");
    assert.equal(body.regional_settings.compliance_jurisdiction, "EU-MiCA");
    assert.equal(body.compliance_status.kyc, "not_submitted");
    const [row] = await api.database.db.select().from(globalUsers).where(eq(globalUsers.id, body.user_profile.id));
    assert.equal(row?.passwordHash, null);
    const [stored] = await api.database.db
      .select()
      .from(web3Wallets)
      .where(eq(web3Wallets.userId, body.user_profile.id));
    assert.equal(stored?.address, wallet.address.toLowerCase());
    assert.ok(stored?.verifiedAt);
    const registered = await api.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "user.register"), eq(auditLog.target, api.ctx.pseudonym(body.user_profile.id))));
    assert.deepEqual(registered[0]?.details, { region: "DE", method: "siwe" });

    // No password to sign in with; the wallet signs the same account in again.
    const password = await api.call("POST", "/api/v5/auth/global-login", {
      body: { email, password: "correct horse battery staple", region: "DE" },
    });
    assert.equal(password.statusCode, 401);
    const back = await verify(api, await signed(api, wallet));
    assert.equal(back.statusCode, 200, back.body);
    assert.equal(back.json<{ user_profile: { id: string } }>().user_profile.id, body.user_profile.id);

    // Its only wallet cannot be unlinked: the account would have no way to sign in.
    const last = await api.call("DELETE", `${BASE}/wallets/${stored!.id}`, { token: body.access_token });
    assert.equal(last.statusCode, 409, last.body);
    assert.equal(code(last), "last-sign-in-method");

    // The e-mail is taken now: another wallet cannot create an account with it, and is not linked.
    const other = newWallet();
    const taken = await verify(api, { ...(await signed(api, other)), email });
    assert.equal(taken.statusCode, 409, taken.body);
    assert.equal(code(taken), "email-taken");
    const orphan = await api.database.db
      .select()
      .from(web3Wallets)
      .where(eq(web3Wallets.address, other.address.toLowerCase()));
    assert.deepEqual(orphan, []);
  });

  it("rejects a message made for another domain, scheme or URI", async () => {
    const wallet = newWallet();
    const user = await api.user();
    const n = await nonce(api);
    for (const [fields, expected] of [
      [{ domain: "evil.example" }, "siwe-wrong-domain"],
      [{ domain: "app.peper.test:8443" }, "siwe-wrong-domain"],
      [{ scheme: "http" }, "siwe-wrong-domain"],
      [{ uri: "https://evil.example/sign-in" }, "siwe-wrong-uri"],
      [{ uri: "http://app.peper.test/sign-in" }, "siwe-wrong-uri"],
    ] as const) {
      const res = await verify(api, await signed(api, wallet, { ...fields, nonce: n }));
      assert.equal(res.statusCode, 401, `${JSON.stringify(fields)}: ${res.body}`);
      assert.equal(code(res), expected);
      const linked = await api.call("POST", `${BASE}/link`, {
        token: user.accessToken,
        body: await signed(api, wallet, { ...fields, nonce: n }),
      });
      assert.equal(code(linked), expected);
    }
    // Those checks come before the nonce, which is still good for a correct message.
    const ok = await api.call("POST", `${BASE}/link`, {
      token: user.accessToken,
      body: await signed(api, wallet, { scheme: "https", nonce: n }),
    });
    assert.equal(ok.statusCode, 201, ok.body);
  });

  it("rejects an expired, a not-yet-valid message and a nonce older than 10 minutes", async () => {
    const user = await api.user();
    const wallet = newWallet();
    await link(api, user, wallet);
    const now = api.ctx.now();
    for (const [fields, expected] of [
      [{ expirationTime: new Date(now - 1_000) }, "siwe-expired"],
      [{ issuedAt: new Date(now - 3_600_000), expirationTime: new Date(now - 1) }, "siwe-expired"],
      [{ issuedAt: new Date(now + 10 * 60_000) }, "siwe-not-yet-valid"],
      [{ notBefore: new Date(now + 10 * 60_000) }, "siwe-not-yet-valid"],
    ] as const) {
      const res = await verify(api, await signed(api, wallet, fields));
      assert.equal(res.statusCode, 401, `${JSON.stringify(fields)}: ${res.body}`);
      assert.equal(code(res), expected);
    }
    const inTime = await verify(api, await signed(api, wallet, { expirationTime: new Date(now + 60_000) }));
    assert.equal(inTime.statusCode, 200, inTime.body);

    const n = await nonce(api);
    api.advance(10 * 60_000 + 1_000);
    const stale = await verify(api, await signed(api, wallet, { nonce: n }));
    assert.equal(stale.statusCode, 401, stale.body);
    assert.equal(code(stale), "nonce-invalid");
  });

  it("accepts each nonce once, and only nonces it issued", async () => {
    const user = await api.user();
    const wallet = newWallet();
    await link(api, user, wallet);
    const body = await signed(api, wallet);
    assert.equal((await verify(api, body)).statusCode, 200);
    const replay = await verify(api, body);
    assert.equal(replay.statusCode, 401);
    assert.equal(code(replay), "nonce-invalid");
    const invented = await verify(api, await signed(api, wallet, { nonce: "abcdef0123456789" }));
    assert.equal(code(invented), "nonce-invalid");
    // A failed sign-in burns the nonce too (the message cannot be retried with an e-mail added).
    const stranger = newWallet();
    const strangerBody = await signed(api, stranger);
    assert.equal((await verify(api, strangerBody)).statusCode, 404);
    const retried = await verify(api, { ...strangerBody, email: `retry-${Date.now()}@example.com` });
    assert.equal(code(retried), "nonce-invalid");
  });

  it("rejects a signature that is not the address's signature of the message", async () => {
    const user = await api.user();
    const wallet = newWallet();
    await link(api, user, wallet);
    const n = await nonce(api);
    const { message } = await signed(api, wallet, { nonce: n });
    const cases = {
      "another key": await newWallet().signMessage({ message }),
      "another message": await wallet.signMessage({ message: message.replace("Sign in to Peper.", "Pay me.") }),
      "not a signature": `0x${"11".repeat(65)}`,
      "too short": "0x1234",
    };
    for (const [name, signature] of Object.entries(cases)) {
      const res = await verify(api, { message, signature });
      assert.equal(res.statusCode, 401, `${name}: ${res.body}`);
      assert.equal(code(res), "invalid-signature");
    }
    // A tampered message with the original signature.
    const tampered = message.replace("Sign in to Peper.", "Sign in to Peper!");
    const res = await verify(api, { message: tampered, signature: await wallet.signMessage({ message }) });
    assert.equal(code(res), "invalid-signature");
    // The nonce was not consumed by those failures.
    assert.equal((await verify(api, { message, signature: await wallet.signMessage({ message }) })).statusCode, 200);
  });

  it("rejects messages that are not EIP-4361", async () => {
    const wallet = newWallet();
    const { message } = await signed(api, wallet);
    const lower = message.replace(wallet.address, wallet.address.toLowerCase());
    const cases: [string, string, string][] = [
      ["free text", "hello", "siwe-malformed"],
      ["extra line", `${message}\nNote: anything`, "siwe-malformed"],
      ["text before", `Hi!\n${message}`, "siwe-malformed"],
      ["lower-case address", lower, "siwe-malformed"],
      ["version 2", message.replace("Version: 1", "Version: 2"), "siwe-malformed"],
      ["bad date", message.replace(/Issued At: .*/, "Issued At: yesterday"), "siwe-malformed"],
      ["chain 0", message.replace("Chain ID: 1", "Chain ID: 0"), "siwe-chain-id"],
      ["huge chain", message.replace("Chain ID: 1", "Chain ID: 99999999999"), "siwe-chain-id"],
    ];
    for (const [name, text, expected] of cases) {
      const res = await verify(api, { message: text, signature: await wallet.signMessage({ message: text }) });
      assert.equal(res.statusCode, 400, `${name}: ${res.body}`);
      assert.equal(code(res), expected, name);
    }
    const strict = await api.call("POST", `${BASE}/verify`, {
      body: { ...(await signed(api, wallet)), region: "DE", admin: true },
    });
    assert.equal(strict.statusCode, 400);
    assert.equal(strict.json<{ field: string }>().field, "admin");
  });

  it("refuses a sanctioned address (Hardhat test account #3 is on the shipped test list)", async () => {
    // The well-known Hardhat/Anvil test mnemonic: public test keys, never used for real funds.
    const listed = mnemonicToAccount("test test test test test test test test test test test junk", {
      addressIndex: 3,
    });
    assert.ok(screenAddress(api.ctx.sanctions, listed.address), "the shipped test list has Hardhat #3");
    const res = await verify(api, { ...(await signed(api, listed)), email: `listed-${Date.now()}@example.com` });
    assert.equal(res.statusCode, 403, res.body);
    assert.equal(code(res), "sanctioned-address");
    const user = await api.user();
    const linked = await link(api, user, listed);
    assert.equal(linked.statusCode, 403, linked.body);
    assert.equal(code(linked), "sanctioned-address");
    const rows = await api.database.db
      .select()
      .from(web3Wallets)
      .where(eq(web3Wallets.address, listed.address.toLowerCase()));
    assert.deepEqual(rows, []);
    const hits = await api.database.db.select().from(auditLog).where(eq(auditLog.action, "siwe.sanctioned"));
    assert.equal(hits.length, 2);
    assert.ok(hits.some((h) => h.actor === api.ctx.pseudonym(user.id)));
    assert.ok(hits.every((h) => !JSON.stringify(h).toLowerCase().includes(listed.address.toLowerCase().slice(2))));
  });

  it("refuses to link a wallet that another account has (409), on any chain", async () => {
    const alice = await api.user();
    const bob = await api.user();
    const wallet = newWallet();
    assert.equal((await link(api, alice, wallet)).statusCode, 201);
    for (const chainId of [1, 137]) {
      const res = await link(api, bob, wallet, { chainId });
      assert.equal(res.statusCode, 409, res.body);
      assert.equal(code(res), "wallet-linked-elsewhere");
    }
    // With an e-mail, the wallet still signs in its owner rather than creating an account.
    const res = await verify(api, { ...(await signed(api, wallet)), email: `bob-too-${Date.now()}@example.com` });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<{ user_profile: { id: string } }>().user_profile.id, alice.id);
  });

  it("replaces another account's unverified claim with a signed link", async () => {
    const squatter = await api.user();
    const owner = await api.user();
    const wallet = newWallet();
    await api.database.db
      .insert(web3Wallets)
      .values({ userId: squatter.id, address: wallet.address.toLowerCase(), chainId: 1 });
    const res = await link(api, owner, wallet);
    assert.equal(res.statusCode, 201, res.body);
    const [row] = await api.database.db
      .select()
      .from(web3Wallets)
      .where(eq(web3Wallets.address, wallet.address.toLowerCase()));
    assert.equal(row?.userId, owner.id);
  });

  it("lists and unlinks only the caller's own wallets", async () => {
    const alice = await api.user();
    const bob = await api.user();
    const wallet = newWallet();
    const id = (await link(api, alice, wallet)).json<{ id: string }>().id;
    const bobsList = await api.call("GET", `${BASE}/wallets`, { token: bob.accessToken });
    assert.deepEqual(bobsList.json<{ wallets: unknown[] }>().wallets, []);
    const stolen = await api.call("DELETE", `${BASE}/wallets/${id}`, { token: bob.accessToken });
    assert.equal(stolen.statusCode, 404);
    assert.equal((await api.database.db.select().from(web3Wallets).where(eq(web3Wallets.id, id))).length, 1);

    const removed = await api.call("DELETE", `${BASE}/wallets/${id}`, { token: alice.accessToken });
    assert.equal(removed.statusCode, 200, removed.body);
    const unlinked = await verify(api, await signed(api, wallet));
    assert.equal(code(unlinked), "wallet-not-linked");
    // Now Bob may link it.
    assert.equal((await link(api, bob, wallet)).statusCode, 201);
  });
});
