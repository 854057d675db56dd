import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { eq } from "drizzle-orm";
import { generatePrivateKey, privateKeyToAccount, type LocalAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";

import { auditLog } from "../../db/schema.ts";
import { testApi, TEST_PASSWORD, type TestApi } from "../testing.ts";

const RP = { rpId: "app.peper.test", rpName: "Peper", origins: ["https://app.peper.test"] } as const;
const NEW_PASSWORD = "a wallet user's new password";

interface AccountBody {
  id: string;
  email: string;
  password: boolean;
  totp: boolean;
  passkeys: number;
  wallets: { id: string; address: string; chain_id: number }[];
}

const newWallet = (): LocalAccount => privateKeyToAccount(generatePrivateKey());
const code = (res: { json<T>(): T }): string => res.json<{ code: string }>().code;

async function signed(api: TestApi, wallet: LocalAccount) {
  const res = await api.call("POST", "/api/v5/auth/siwe/nonce");
  assert.equal(res.statusCode, 200, res.body);
  const message = createSiweMessage({
    address: wallet.address,
    chainId: 1,
    domain: "app.peper.test",
    nonce: res.json<{ nonce: string }>().nonce,
    uri: "https://app.peper.test/",
    version: "1",
    issuedAt: new Date(api.ctx.now()),
  });
  return { message, signature: await wallet.signMessage({ message }) };
}

/** A wallet-only account (made by Sign-In with Ethereum with an e-mail) and its session. */
async function walletAccount(api: TestApi, wallet: LocalAccount, email: string) {
  const res = await api.call("POST", "/api/v5/auth/siwe/verify", {
    body: { ...(await signed(api, wallet)), region: "DE", email },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json<{ access_token: string; user_profile: { id: string } }>();
}

describe("One account for e-mail and wallets (/api/v5/account)", () => {
  let api: TestApi;
  before(async () => {
    api = await testApi({ deps: { webauthn: RP } });
  });
  after(async () => api.close());

  it("lists an e-mail account's sign-in methods, with the wallet it links", async () => {
    const user = await api.user();
    const first = await api.call("GET", "/api/v5/account", { token: user.accessToken });
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json<AccountBody>(), {
      id: user.id,
      email: user.email,
      password: true,
      totp: false,
      passkeys: 0,
      wallets: [],
    });
    const wallet = newWallet();
    const linked = await api.call("POST", "/api/v5/auth/siwe/link", {
      token: user.accessToken,
      body: await signed(api, wallet),
    });
    assert.equal(linked.statusCode, 201, linked.body);
    const after = (await api.call("GET", "/api/v5/account", { token: user.accessToken })).json<AccountBody>();
    assert.deepEqual(
      after.wallets.map((w) => [w.address, w.chain_id]),
      [[wallet.address, 1]],
    );
    // The linked wallet signs in to the same account.
    const viaWallet = await api.call("POST", "/api/v5/auth/siwe/verify", {
      body: { ...(await signed(api, wallet)), region: "DE" },
    });
    assert.equal(viaWallet.statusCode, 200, viaWallet.body);
    assert.equal(viaWallet.json<{ user_profile: { id: string } }>().user_profile.id, user.id);
    assert.equal((await api.call("GET", "/api/v5/account")).statusCode, 401);
  });

  it("gives a wallet account e-mail and password sign-in to the same account", async () => {
    const wallet = newWallet();
    const made = `made-${Date.now()}@example.com`;
    const session = await walletAccount(api, wallet, made);
    const before = (await api.call("GET", "/api/v5/account", { token: session.access_token })).json<AccountBody>();
    assert.equal(before.password, false);
    assert.equal(before.email, made);
    assert.equal(before.wallets.length, 1);

    // Without a password the wallet is the last way in.
    const unlink = await api.call("DELETE", `/api/v5/auth/siwe/wallets/${before.wallets[0]?.id}`, {
      token: session.access_token,
    });
    assert.equal(unlink.statusCode, 409, unlink.body);
    assert.equal(code(unlink), "last-sign-in-method");

    const email = `Chosen-${Date.now()}@Example.com`;
    const added = await api.call("POST", "/api/v5/account/email", {
      token: session.access_token,
      body: { email, password: NEW_PASSWORD },
    });
    assert.equal(added.statusCode, 200, added.body);
    const body = added.json<AccountBody>();
    assert.equal(body.email, email.toLowerCase());
    assert.equal(body.password, true);
    assert.equal(body.id, session.user_profile.id);

    const login = await api.call("POST", "/api/v5/auth/global-login", {
      body: { email, password: NEW_PASSWORD, region: "DE" },
    });
    assert.equal(login.statusCode, 200, login.body);
    assert.equal(login.json<{ user_profile: { id: string } }>().user_profile.id, session.user_profile.id);
    const old = await api.call("POST", "/api/v5/auth/global-login", {
      body: { email: made, password: NEW_PASSWORD, region: "DE" },
    });
    assert.equal(old.statusCode, 401, old.body);

    const entries = await api.database.db.select().from(auditLog).where(eq(auditLog.action, "account.email-add"));
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.actor, api.ctx.pseudonym(session.user_profile.id));
    assert.deepEqual(entries[0]?.details, { email_changed: true });
    assert.ok(!JSON.stringify(entries[0]).includes(email.toLowerCase()), "the audit log holds no e-mail");

    const again = await api.call("POST", "/api/v5/account/email", {
      token: session.access_token,
      body: { email, password: "yet another long password" },
    });
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(code(again), "has-password");
    assert.match(again.json<{ error: string }>().error, /auth\/password/);

    // Now the password is another way in: the wallet can go.
    const gone = await api.call("DELETE", `/api/v5/auth/siwe/wallets/${before.wallets[0]?.id}`, {
      token: session.access_token,
    });
    assert.equal(gone.statusCode, 200, gone.body);
    const unlinks = await api.database.db.select().from(auditLog).where(eq(auditLog.action, "wallet.unlink"));
    assert.ok(unlinks.some((e) => e.actor === api.ctx.pseudonym(session.user_profile.id)));
  });

  it("keeps the account's own e-mail when asked to, and refuses another account's", async () => {
    const other = await api.user();
    const own = `own-${Date.now()}@example.com`;
    const session = await walletAccount(api, newWallet(), own);
    const taken = await api.call("POST", "/api/v5/account/email", {
      token: session.access_token,
      body: { email: other.email, password: NEW_PASSWORD },
    });
    assert.equal(taken.statusCode, 409, taken.body);
    assert.equal(code(taken), "email-taken");
    assert.equal(taken.json<{ field: string }>().field, "email");
    const still = (await api.call("GET", "/api/v5/account", { token: session.access_token })).json<AccountBody>();
    assert.equal(still.email, own);
    assert.equal(still.password, false);

    const short = await api.call("POST", "/api/v5/account/email", {
      token: session.access_token,
      body: { email: own, password: "too short" },
    });
    assert.equal(short.statusCode, 400, short.body);
    assert.equal(short.json<{ field: string }>().field, "password");

    const kept = await api.call("POST", "/api/v5/account/email", {
      token: session.access_token,
      body: { email: own, password: NEW_PASSWORD },
    });
    assert.equal(kept.statusCode, 200, kept.body);
    assert.equal(kept.json<AccountBody>().email, own);
    const [entry] = (
      await api.database.db.select().from(auditLog).where(eq(auditLog.action, "account.email-add"))
    ).filter((e) => e.actor === api.ctx.pseudonym(session.user_profile.id));
    assert.deepEqual(entry?.details, { email_changed: false });
  });

  it("asks for a recent sign-in before adding a password, and refuses an e-mail account", async () => {
    const session = await walletAccount(api, newWallet(), `stale-${Date.now()}@example.com`);
    const user = await api.user();
    const withPassword = await api.call("POST", "/api/v5/account/email", {
      token: user.accessToken,
      body: { email: user.email, password: TEST_PASSWORD },
    });
    assert.equal(withPassword.statusCode, 409, withPassword.body);
    assert.equal(code(withPassword), "has-password");

    api.advance(6 * 60_000);
    const stale = await api.call("POST", "/api/v5/account/email", {
      token: session.access_token,
      body: { email: `stale-new-${Date.now()}@example.com`, password: NEW_PASSWORD },
    });
    assert.equal(stale.statusCode, 401, stale.body);
    assert.equal(code(stale), "reauthentication-required");
  });
});
