/**
 * Sign-in throttling (`auth/throttle.ts`) per (account, source address): nobody can lock an owner
 * out by failing on purpose from elsewhere, correct sign-ins never count as failures, guessing from
 * one source is slowed and then refused, and concurrent guesses cannot exceed the allowance. On
 * embedded PGlite and — with PEPER_TEST_DATABASE_URL — on a PostgreSQL server.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { sql } from "drizzle-orm";

import { totpCode } from "../auth/totp.ts";
import { TEST_PASSWORD, testApi, type TestApi } from "../testing.ts";

const backends: [string, string | undefined][] = [["PGlite", undefined]];
if (process.env.PEPER_TEST_DATABASE_URL) backends.push(["PostgreSQL", process.env.PEPER_TEST_DATABASE_URL]);

const WRONG = "wrong password!!";
const X = "198.51.100.7";
const Y = "203.0.113.9";

interface ErrorBody {
  code: string;
}

for (const [backend, databaseUrl] of backends) {
  describe(`sign-in throttling on ${backend}`, () => {
    let api: TestApi;
    before(async () => {
      api = await testApi(databaseUrl ? { databaseUrl } : {});
    });
    after(() => api.close());

    let n = 0;
    const register = async () => {
      const email = `owner${++n}-${process.pid}@example.com`;
      const res = await api.call("POST", "/api/v5/auth/register", {
        body: { email, password: TEST_PASSWORD, region: "DE" },
      });
      assert.equal(res.statusCode, 201, res.body);
      return email;
    };
    const login = (email: string, password: string, from: string, extra: Record<string, unknown> = {}) =>
      api.call("POST", "/api/v5/auth/global-login", {
        body: { email, password, region: "DE", ...extra },
        remoteAddress: from,
      });
    const failuresOf = async (email: string) =>
      (
        (await api.database.db.execute(
          sql`SELECT count(*)::int AS n FROM login_attempts WHERE email = ${email} AND success = false`,
        )) as unknown as { rows: { n: number }[] }
      ).rows[0]!.n;

    it("(a) lets twelve concurrent correct sign-ins all through, counting none as a failure", async () => {
      const email = await register();
      const answers = await Promise.all(Array.from({ length: 12 }, () => login(email, TEST_PASSWORD, X)));
      assert.deepEqual(
        answers.map((r) => r.statusCode),
        Array(12).fill(200),
        answers.map((r) => r.body).join("\n"),
      );
      assert.equal(await failuresOf(email), 0);
      // And a few wrong guesses before them do not make the right password fail either.
      for (let i = 0; i < 4; i++) assert.equal((await login(email, WRONG, X)).statusCode, 401);
      const more = await Promise.all(Array.from({ length: 12 }, () => login(email, TEST_PASSWORD, X)));
      assert.deepEqual(
        more.map((r) => r.statusCode),
        Array(12).fill(200),
      );
    });

    it("(b) does not let wrong passwords from one source stop the owner signing in from another", async () => {
      const email = await register();
      const fromX = [];
      for (let i = 0; i < 20; i++) fromX.push((await login(email, WRONG, X)).statusCode);
      assert.deepEqual(fromX.slice(0, 5), [401, 401, 401, 401, 401]);
      assert.ok(
        fromX.slice(5).every((c) => c === 429),
        fromX.join(","),
      );
      const owner = await login(email, TEST_PASSWORD, Y);
      assert.equal(owner.statusCode, 200, owner.body);
      // X stays throttled, also with the right password (so it learns nothing from the answer).
      const attacker = await login(email, TEST_PASSWORD, X);
      assert.equal(attacker.statusCode, 429);
      assert.equal((attacker.json() as ErrorBody).code, "sign-in-throttled");
    });

    it("(c) slows guessing from one source after 5 failures, with a wait that doubles", async () => {
      const email = await register();
      for (let i = 0; i < 5; i++) assert.equal((await login(email, WRONG, X)).statusCode, 401);
      const sixth = await login(email, WRONG, X);
      assert.equal(sixth.statusCode, 429);
      assert.equal((sixth.json() as ErrorBody).code, "sign-in-throttled");
      const retry = Number(sixth.headers["retry-after"]);
      assert.ok(retry > 50 && retry <= 60, `Retry-After ${retry}: the first wait is a minute`);
      api.advance(61_000);
      assert.equal((await login(email, WRONG, X)).statusCode, 401, "one more try once the wait is over");
      const next = await login(email, WRONG, X);
      assert.equal(next.statusCode, 429);
      const doubled = Number(next.headers["retry-after"]);
      assert.ok(doubled > 110 && doubled <= 120, `Retry-After ${doubled}: the wait doubled`);
      api.advance(121_000);
      assert.equal((await login(email, TEST_PASSWORD, X)).statusCode, 200, "the owner gets in once the wait is over");
      assert.equal((await login(email, WRONG, X)).statusCode, 401, "a success starts the source's count again");
      api.advance(15 * 60_000);
    });

    it("(d) lets at most 5 concurrent guesses from one source reach the password check", async () => {
      const email = await register();
      const answers = await Promise.all(Array.from({ length: 12 }, () => login(email, WRONG, X)));
      const codes = answers.map((r) => r.statusCode);
      assert.equal(codes.filter((c) => c === 401).length, 5, codes.join(","));
      assert.equal(codes.filter((c) => c === 429).length, 7, codes.join(","));
      assert.equal(await failuresOf(email), 5, "exactly 5 reached the check");
      // From several sources at once, each source gets its own 5.
      const spread = await Promise.all(
        ["192.0.2.1", "192.0.2.2", "192.0.2.3"].flatMap((ip) =>
          Array.from({ length: 8 }, () => login(email, WRONG, ip)),
        ),
      );
      assert.equal(spread.filter((r) => r.statusCode === 401).length, 15);
      assert.equal(await failuresOf(email), 20);
      api.advance(15 * 60_000);
    });

    it("refuses a source with too many failures across accounts (ip-throttled)", async () => {
      const local = await testApi({
        ...(databaseUrl ? { databaseUrl } : {}),
        limits: { signInFailuresPerIp: 6 },
      });
      try {
        const codes: number[] = [];
        for (let i = 0; i < 8; i++) {
          const res = await local.call("POST", "/api/v5/auth/global-login", {
            body: { email: `nobody${i}@example.com`, password: WRONG, region: "DE" },
            remoteAddress: X,
          });
          codes.push(res.statusCode);
          if (res.statusCode === 429) assert.equal((res.json() as ErrorBody).code, "ip-throttled");
        }
        assert.deepEqual(codes, [401, 401, 401, 401, 401, 401, 429, 429]);
      } finally {
        await local.close();
      }
    });

    it("under guessing from many sources, asks a new source for the second factor and lets known sources in", async () => {
      const local = await testApi({
        ...(databaseUrl ? { databaseUrl } : {}),
        limits: { signInFailuresPerSource: 2, signInFailuresPerAccount: 6 },
      });
      try {
        const signIn = (email: string, password: string, from: string, extra: Record<string, unknown> = {}) =>
          local.call("POST", "/api/v5/auth/global-login", {
            body: { email, password, region: "DE", ...extra },
            remoteAddress: from,
          });
        const owner = await local.user();
        const known = "192.0.2.50"; // the owner signed in from here before
        assert.equal((await signIn(owner.email, TEST_PASSWORD, known)).statusCode, 200);
        // TOTP on, for the second case.
        const start = await local.call("POST", "/api/v5/auth/mfa/totp", { token: owner.accessToken });
        const { secret } = start.json() as { secret: string };
        await local.call("POST", "/api/v5/auth/mfa/totp/confirm", {
          token: owner.accessToken,
          body: { code: totpCode(secret, local.ctx.now()) },
        });
        const plain = await local.user(); // no TOTP
        for (const email of [owner.email, plain.email]) {
          for (const ip of ["198.18.0.1", "198.18.0.2", "198.18.0.3"]) {
            for (let i = 0; i < 2; i++) assert.equal((await signIn(email, WRONG, ip)).statusCode, 401);
          }
        }
        // A new source: the right password alone is answered like a wrong one.
        const newSource = "198.18.0.99";
        const alone = await signIn(plain.email, TEST_PASSWORD, newSource);
        assert.equal(alone.statusCode, 429, alone.body);
        assert.equal((alone.json() as ErrorBody).code, "account-throttled");
        const wrong = await signIn(plain.email, WRONG, newSource);
        const answer = (r: typeof wrong) => ({
          status: r.statusCode,
          code: (r.json() as ErrorBody).code,
          // The message names the wait in seconds, which moves on between the two calls.
          error: (r.json() as { error: string }).error.replace(/\d+ s/, "N s"),
        });
        assert.deepEqual(answer(wrong), answer(alone), "a wrong password is answered the same");
        // The TOTP owner gets in from a new source with the code; the known source without a new question.
        local.advance(30_000);
        const withCode = await signIn(owner.email, TEST_PASSWORD, newSource, {
          totp_code: totpCode(secret, local.ctx.now()),
        });
        assert.equal(withCode.statusCode, 200, withCode.body);
        local.advance(30_000);
        const fromKnown = await signIn(owner.email, TEST_PASSWORD, known, {
          totp_code: totpCode(secret, local.ctx.now()),
        });
        assert.equal(fromKnown.statusCode, 200, fromKnown.body);
        // A passkey-less, TOTP-less account still signs in from where it did before.
        assert.equal((await signIn(plain.email, TEST_PASSWORD, "127.0.0.1")).statusCode, 200);
      } finally {
        await local.close();
      }
    });

    it("throttles a password re-entered with an access token (password change, erasure) like a sign-in", async () => {
      const user = await api.user();
      const change = (current: string) =>
        api.call("POST", "/api/v5/auth/password", {
          token: user.accessToken,
          body: { current_password: current, new_password: "another long password" },
          remoteAddress: X,
        });
      for (let i = 0; i < 5; i++) assert.equal((await change(WRONG)).statusCode, 403);
      const sixth = await change(TEST_PASSWORD);
      assert.equal(sixth.statusCode, 429, sixth.body);
      const erase = await api.call("POST", "/api/v5/privacy/erase", {
        token: user.accessToken,
        body: { password: TEST_PASSWORD },
        remoteAddress: X,
      });
      assert.equal(erase.statusCode, 429, erase.body);
      api.advance(15 * 60_000);
    });
  });
}
