/**
 * The certificate queue against a real Hardhat node of the test's own: Certificates deployed from
 * its built artifact, the issuer role held by a development key the API signs with. A course is
 * completed through the API and the worker mints; the chain going down, a crash between recording
 * and broadcasting, a transaction mined while the API was not looking, and two workers at once must
 * neither lose a certificate nor mint one twice. On embedded PGlite, and on PostgreSQL as well when
 * PEPER_TEST_DATABASE_URL is set (real row locks between the workers).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { eq } from "drizzle-orm";
import {
  createPublicClient,
  createWalletClient,
  http,
  parseEventLogs,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { auditLog, certificatesIssued, courseEnrolments } from "../db/schema.ts";
import { createEmbeddedStore } from "../ipfs/store.ts";
import { certificatesAbi } from "../protocol/generated/abis.ts";
import type { ChainAccess } from "./chain.ts";
import {
  CertificateIssuer,
  certificateDocument,
  courseIdOf,
  describeError,
  type CertificateIssuerEvent,
  type CertificateIssuerOptions,
} from "./certificates.ts";
import { ChainProxy, DEV_KEYS, deployCertificates, freePort, startChain, type TestChain } from "../testing/chain.ts";
import { testApi, type TestApi, type TestUser } from "./testing.ts";

const BASE = "/api/v5/education";
const CHAIN_ID = 31337;
const ISSUER_KEY = DEV_KEYS[1];
const issuerAddress = privateKeyToAccount(ISSUER_KEY).address;

interface Certificate {
  id: string;
  course: { slug: string };
  status: string;
  attempts: number;
  tx_hash: string | null;
  token_id: string | null;
  last_error: string | null;
  next_attempt_at: string | null;
  recipient: string;
  metadata_cid: string | null;
  contract: string | null;
}

/**
 * An HTTP JSON-RPC proxy to the node that lets the test change answers: `rewrite(method, result)`
 * returns the result to send back instead (or the same one).
 */
async function rpcProxy(
  target: string,
  rewrite: (method: string, result: unknown) => unknown,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      void fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body })
        .then(async (upstream) => {
          const request = JSON.parse(body) as { method?: string };
          const answer = (await upstream.json()) as { result?: unknown };
          if (!Array.isArray(answer) && request.method && "result" in answer) {
            answer.result = rewrite(request.method, answer.result);
          }
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const backends: [string, string | undefined][] = [["PGlite", undefined]];
if (process.env.PEPER_TEST_DATABASE_URL) backends.push(["PostgreSQL", process.env.PEPER_TEST_DATABASE_URL]);

describe("certificate issuing against a Hardhat node", () => {
  let chain: TestChain;
  let contract: Address;
  let client: PublicClient;
  let chainAccess: ChainAccess;
  const accessAt = (rpcUrl: string): ChainAccess => ({
    endpoints: [{ chainId: CHAIN_ID, rpcUrl, addresses: { Certificates: contract } }],
    certificateIssuerKey: ISSUER_KEY,
  });

  before(async () => {
    chain = await startChain();
    contract = await deployCertificates(chain.url, DEV_KEYS[0], issuerAddress);
    client = createPublicClient({ transport: http(chain.url) });
    chainAccess = accessAt(chain.url);
  });
  after(() => chain?.stop());

  const read = {
    totalIssued: () => client.readContract({ address: contract, abi: certificatesAbi, functionName: "totalIssued" }),
    ownerOf: (tokenId: bigint) =>
      client.readContract({ address: contract, abi: certificatesAbi, functionName: "ownerOf", args: [tokenId] }),
    certificateOf: (learner: Address, slug: string) =>
      client.readContract({
        address: contract,
        abi: certificatesAbi,
        functionName: "certificateOf",
        args: [learner, courseIdOf(slug)],
      }),
    tokenURI: (tokenId: bigint) =>
      client.readContract({ address: contract, abi: certificatesAbi, functionName: "tokenURI", args: [tokenId] }),
  };

  for (const [backend, databaseUrl] of backends) {
    describe(`on ${backend}`, () => {
      let api: TestApi;
      let slugs = 0;

      before(async () => {
        api = await testApi({ ...(databaseUrl ? { databaseUrl } : {}), deps: { chain: chainAccess } });
      });
      after(() => api.close());

      const worker = (options: CertificateIssuerOptions = {}, access: ChainAccess = chainAccess) =>
        new CertificateIssuer({ database: api.database, chain: access, now: api.ctx.now }, options);

      /** A new learner completes a new one-lesson course; returns the queued certificate and the wallet. */
      const completeCourse = async (): Promise<{
        certificate: Certificate;
        recipient: Address;
        slug: string;
        title: string;
        user: TestUser;
      }> => {
        const slug = `chain-course-${backend.toLowerCase()}-${++slugs}`;
        const title = `On-chain course ${slugs}`;
        // Signed in now: earlier tests move the clock past older tokens' expiry.
        const educator = await api.user("educator");
        const created = await api.call("POST", `${BASE}/create-vr-course`, {
          token: educator.accessToken,
          body: {
            slug,
            title,
            modules: [{ id: "only", title: "The only lesson", kind: "lesson", body: "Read me." }],
            chain_id: CHAIN_ID,
            publish: true,
          },
        });
        assert.equal(created.statusCode, 201, created.body);
        const courseId = (created.json() as { id: string }).id;
        const user = await api.user();
        assert.equal(
          (await api.call("POST", `${BASE}/courses/${courseId}/enrol`, { token: user.accessToken })).statusCode,
          201,
        );
        const done = await api.call("PUT", `${BASE}/courses/${courseId}/progress`, {
          token: user.accessToken,
          body: { module_id: "only" },
        });
        assert.equal(done.statusCode, 200, done.body);
        const recipient = privateKeyToAccount(generatePrivateKey()).address;
        const res = await api.call("POST", `${BASE}/courses/${courseId}/complete`, {
          token: user.accessToken,
          body: { recipient },
        });
        assert.equal(res.statusCode, 202, res.body);
        const certificate = res.json() as Certificate;
        assert.equal(certificate.status, "queued");
        return { certificate, recipient, slug, title, user };
      };

      const certificateOf = async (user: TestUser, id: string): Promise<Certificate> => {
        const res = await api.call("GET", `${BASE}/certificates`, { token: user.accessToken });
        assert.equal(res.statusCode, 200, res.body);
        const found = (res.json() as { certificates: Certificate[] }).certificates.find((c) => c.id === id);
        assert.ok(found, "the certificate is listed for its owner");
        return found;
      };

      const rowOf = async (id: string) =>
        (await api.database.db.select().from(certificatesIssued).where(eq(certificatesIssued.id, id)))[0]!;

      it("mints a completed course's certificate to the learner's wallet and confirms it with the token id", async () => {
        const dir = mkdtempSync(join(tmpdir(), "peper-cert-ipfs-"));
        const ipfs = await createEmbeddedStore(dir);
        try {
          const before = await read.totalIssued();
          const { certificate, recipient, slug, user } = await completeCourse();
          const events: CertificateIssuerEvent[] = [];
          const summary = await worker({ ipfs, logger: (e) => events.push(e) }).runOnce();
          assert.equal(summary.claimed, 1);
          assert.equal(summary.confirmed, 1);

          const confirmed = await certificateOf(user, certificate.id);
          assert.equal(confirmed.status, "confirmed", confirmed.last_error ?? "");
          assert.equal(confirmed.attempts, 0, "no failed attempt");
          assert.match(confirmed.tx_hash ?? "", /^0x[0-9a-f]{64}$/);
          assert.equal(confirmed.last_error, null);
          assert.equal(confirmed.next_attempt_at, null);
          assert.equal(confirmed.contract, contract);
          assert.equal(confirmed.recipient, recipient.toLowerCase(), "the wallet, as stored");
          const tokenId = BigInt(confirmed.token_id!);
          assert.equal(await read.totalIssued(), before + 1n);
          assert.equal((await read.ownerOf(tokenId)).toLowerCase(), recipient.toLowerCase(), "the learner owns it");
          assert.equal(await read.certificateOf(recipient, slug), tokenId);
          assert.equal(await read.tokenURI(tokenId), `ipfs://${confirmed.metadata_cid}`);

          // The event in the mint transaction carries the course id and completion time.
          const receipt = await client.getTransactionReceipt({ hash: confirmed.tx_hash as Hex });
          const [log] = parseEventLogs({ abi: certificatesAbi, eventName: "CertificateIssued", logs: receipt.logs });
          assert.equal(log!.args.courseId, courseIdOf(slug));
          assert.equal(log!.args.tokenId, tokenId);
          // The metadata document is in the IPFS store under the minted CID.
          const stored = await ipfs.cat(confirmed.metadata_cid!);
          const doc = JSON.parse(new TextDecoder().decode(stored)) as { course: { slug: string; id: string } };
          assert.equal(doc.course.slug, slug);
          assert.equal(doc.course.id, courseIdOf(slug));

          assert.deepEqual(
            events.filter((e) => e.type !== "run").map((e) => e.type),
            ["submitted", "confirmed"],
          );
          const audit = await api.database.db.select().from(auditLog).where(eq(auditLog.target, certificate.id));
          assert.deepEqual(
            audit.map((a) => a.action),
            ["certificate.confirmed"],
          );
          assert.ok(!JSON.stringify(audit).toLowerCase().includes(recipient.toLowerCase().slice(2)), "no wallet");
        } finally {
          await ipfs.close();
          rmSync(dir, { recursive: true, force: true });
        }
      });

      it("keeps the certificate queued with attempts and an error while the chain is down, then a restarted worker mints it", async () => {
        const proxy = new ChainProxy(await freePort(), chain.port);
        const down = accessAt(`http://user:secret-token@127.0.0.1:${proxy.port}/rpc?key=secret-key`);
        const { certificate, recipient, user } = await completeCourse();
        const first = worker({ backoffBaseMs: 60_000 }, down);

        const summary = await first.runOnce();
        assert.equal(summary.retried, 1);
        let row = await rowOf(certificate.id);
        assert.equal(row.status, "queued");
        assert.equal(row.attempts, 1);
        assert.equal(row.txHash, null);
        assert.match(row.lastError ?? "", /Chain 31337: the node could not be reached \(ECONNREFUSED\)/);
        assert.ok(!/secret|127\.0\.0\.1|http/.test(row.lastError ?? ""), `no URL or credentials: ${row.lastError}`);
        const shown = await certificateOf(user, certificate.id);
        assert.equal(shown.attempts, 1);
        assert.equal(shown.last_error, row.lastError);
        assert.ok(Date.parse(shown.next_attempt_at!) >= api.ctx.now() + 59_000, "backed off by about a minute");

        // Not due yet: nothing happens.
        assert.equal((await first.runOnce()).claimed, 0);
        assert.equal((await rowOf(certificate.id)).attempts, 1);
        // Due again, chain still down: the back-off doubles.
        api.advance(61_000);
        await first.runOnce();
        row = await rowOf(certificate.id);
        assert.equal(row.status, "queued");
        assert.equal(row.attempts, 2);
        assert.ok(row.nextAttemptAt.getTime() >= api.ctx.now() + 119_000, "the second back-off is two minutes");
        await first.stop();

        // The chain comes back; a new worker (as after a restart) picks the row up once it is due.
        await proxy.up();
        try {
          const restarted = worker({}, down);
          assert.equal((await restarted.runOnce()).claimed, 0, "not before its back-off ends");
          api.advance(121_000);
          const done = await restarted.runOnce();
          assert.equal(done.confirmed, 1);
        } finally {
          await proxy.down();
        }
        const confirmed = await certificateOf(user, certificate.id);
        assert.equal(confirmed.status, "confirmed");
        assert.equal(confirmed.attempts, 2, "the failed attempts stay counted");
        assert.equal(confirmed.last_error, null);
        assert.equal((await read.ownerOf(BigInt(confirmed.token_id!))).toLowerCase(), recipient.toLowerCase());
      });

      it("gives up after maxAttempts and marks the certificate failed", async () => {
        const closed = accessAt(`http://127.0.0.1:${await freePort()}`);
        const { certificate } = await completeCourse();
        const events: CertificateIssuerEvent[] = [];
        const w = worker({ maxAttempts: 2, backoffBaseMs: 1000, logger: (e) => events.push(e) }, closed);
        await w.runOnce();
        api.advance(1001);
        const summary = await w.runOnce();
        assert.equal(summary.failed, 1);
        const row = await rowOf(certificate.id);
        assert.equal(row.status, "failed");
        assert.equal(row.attempts, 2);
        assert.match(row.lastError ?? "", /could not be reached/);
        assert.deepEqual(
          events.filter((e) => e.type === "retry" || e.type === "failed").map((e) => e.type),
          ["retry", "failed"],
        );
        api.advance(3_600_000);
        assert.equal((await w.runOnce()).claimed, 0, "a failed row is not taken again");
        const audit = await api.database.db.select().from(auditLog).where(eq(auditLog.target, certificate.id));
        assert.deepEqual(
          audit.map((a) => a.action),
          ["certificate.failed"],
        );
      });

      it("reconciles a row left submitted by a crash: a mined transaction confirms it, an unknown one is sent again", async () => {
        const issuer = createWalletClient({ account: privateKeyToAccount(ISSUER_KEY), transport: http(chain.url) });

        // Crash after broadcasting: the transaction was mined, the row still says submitted.
        const mined = await completeCourse();
        const minedRow = await rowOf(mined.certificate.id);
        const [enrolment] = await api.database.db
          .select()
          .from(courseEnrolments)
          .where(eq(courseEnrolments.id, minedRow.enrolmentId));
        const enrolmentCompletedAt = enrolment!.completedAt!;
        const doc = await certificateDocument({
          slug: mined.slug,
          title: mined.title,
          completedAt: enrolmentCompletedAt,
        });
        const hash = await issuer.writeContract({
          address: contract,
          abi: certificatesAbi,
          functionName: "issue",
          args: [
            mined.recipient,
            courseIdOf(mined.slug),
            BigInt(Math.floor(enrolmentCompletedAt.getTime() / 1000)),
            doc.cid,
          ],
          chain: null,
        });
        await client.waitForTransactionReceipt({ hash });
        const past = new Date(api.ctx.now() - 1000);
        await api.database.db
          .update(certificatesIssued)
          .set({ status: "submitted", txHash: hash, nextAttemptAt: past })
          .where(eq(certificatesIssued.id, mined.certificate.id));

        // Crash between recording and broadcasting: the node never saw the transaction.
        const lost = await completeCourse();
        const unknownHash = `0x${"ab".repeat(32)}` as Hex;
        await api.database.db
          .update(certificatesIssued)
          .set({ status: "submitted", txHash: unknownHash, nextAttemptAt: past })
          .where(eq(certificatesIssued.id, lost.certificate.id));

        const total = await read.totalIssued();
        const events: CertificateIssuerEvent[] = [];
        const w = worker({ backoffBaseMs: 1000, logger: (e) => events.push(e) });
        const summary = await w.runOnce();
        assert.equal(summary.reconciled, 2);

        const reconciled = await certificateOf(mined.user, mined.certificate.id);
        assert.equal(reconciled.status, "confirmed");
        assert.equal(reconciled.tx_hash, hash);
        assert.equal(await read.certificateOf(mined.recipient, mined.slug), BigInt(reconciled.token_id!));
        assert.ok(events.some((e) => e.type === "confirmed" && e.via === "reconcile"));

        const requeued = await rowOf(lost.certificate.id);
        assert.equal(requeued.status, "queued");
        assert.equal(requeued.attempts, 1);
        assert.equal(requeued.txHash, null);
        assert.match(requeued.lastError ?? "", /not known to the node/);
        assert.equal(await read.totalIssued(), total, "nothing minted by the reconciliation itself");

        api.advance(1001);
        await w.runOnce();
        const sentAgain = await certificateOf(lost.user, lost.certificate.id);
        assert.equal(sentAgain.status, "confirmed", sentAgain.last_error ?? "");
        assert.equal((await read.ownerOf(BigInt(sentAgain.token_id!))).toLowerCase(), lost.recipient.toLowerCase());
        assert.equal(await read.totalIssued(), total + 1n);
      });

      it("confirms, without minting again, a certificate that is already on chain (CertificatesAlreadyIssued)", async () => {
        const { certificate, recipient, slug, user } = await completeCourse();
        // A worker minted it, then everything about the attempt was lost: the row is queued again.
        const w = worker();
        await w.runOnce();
        const first = await certificateOf(user, certificate.id);
        assert.equal(first.status, "confirmed");
        await api.database.db
          .update(certificatesIssued)
          .set({ status: "queued", txHash: null, tokenId: null, nextAttemptAt: new Date(api.ctx.now() - 1) })
          .where(eq(certificatesIssued.id, certificate.id));
        const total = await read.totalIssued();

        const events: CertificateIssuerEvent[] = [];
        const summary = await worker({ logger: (e) => events.push(e) }).runOnce();
        assert.equal(summary.confirmed, 1);
        assert.equal(summary.submitted, 0, "no transaction sent");
        const again = await certificateOf(user, certificate.id);
        assert.equal(again.status, "confirmed");
        assert.equal(again.token_id, first.token_id, "the token already held");
        assert.equal(again.tx_hash, first.tx_hash, "and the transaction that minted it, found in the logs");
        assert.equal(await read.totalIssued(), total);
        assert.equal(await read.certificateOf(recipient, slug), BigInt(first.token_id!));
        assert.ok(events.some((e) => e.type === "confirmed" && e.via === "already-issued"));
      });

      it("never mints twice when two workers run at once", async () => {
        const completed = [];
        for (let i = 0; i < 5; i++) completed.push(await completeCourse());
        const total = await read.totalIssued();
        const events: CertificateIssuerEvent[] = [];
        const confirmedBy = [0, 0];
        const workers = [0, 1].map((n) =>
          worker({
            batchSize: 2,
            backoffBaseMs: 1000,
            logger: (e) => {
              events.push(e);
              if (e.type === "confirmed") confirmedBy[n]!++;
            },
          }),
        );
        for (let round = 0; round < 10; round++) {
          await Promise.all(workers.map((w) => w.runOnce()));
          const rows = await Promise.all(completed.map((c) => rowOf(c.certificate.id)));
          if (rows.every((r) => r.status === "confirmed")) break;
          api.advance(2000); // rows re-queued after a nonce clash become due again
        }
        const rows = await Promise.all(completed.map((c) => rowOf(c.certificate.id)));
        assert.deepEqual(
          rows.map((r) => r.status),
          completed.map(() => "confirmed"),
        );
        assert.equal(await read.totalIssued(), total + 5n, "exactly one mint per certificate");
        assert.equal(new Set(rows.map((r) => r.tokenId)).size, 5, "five different tokens");
        for (const [i, c] of completed.entries()) {
          assert.equal((await read.ownerOf(BigInt(rows[i]!.tokenId!))).toLowerCase(), c.recipient.toLowerCase());
        }
        const submittedPerRow = new Map<string, number>();
        for (const e of events) {
          if (e.type === "confirmed")
            submittedPerRow.set(e.certificateId, (submittedPerRow.get(e.certificateId) ?? 0) + 1);
        }
        assert.ok(
          [...submittedPerRow.values()].every((n) => n === 1),
          "each row confirmed by one worker only",
        );
        assert.ok(!events.some((e) => e.type === "lease-lost"), "no worker acted on another's row");
        assert.ok(
          confirmedBy.every((n) => n >= 1),
          `both workers took rows at the same time (batches of 2 of 5): ${confirmedBy.join(", ")}`,
        );
      });

      it("signs again when another issuer process took the nonce, and mints once", async () => {
        // A first mint, so the issuer's nonce is above zero.
        await completeCourse();
        assert.equal((await worker().runOnce()).confirmed, 1);
        // The node answers a stale nonce once, as if another process had just used it.
        let stale = 0;
        const proxy = await rpcProxy(chain.url, (method, result) => {
          if (
            method === "eth_getTransactionCount" &&
            stale === 0 &&
            typeof result === "string" &&
            BigInt(result) > 0n
          ) {
            stale++;
            return `0x${(BigInt(result) - 1n).toString(16)}`;
          }
          return result;
        });
        try {
          const { certificate, recipient, user } = await completeCourse();
          const total = await read.totalIssued();
          const events: CertificateIssuerEvent[] = [];
          const summary = await worker({ logger: (e) => events.push(e) }, accessAt(proxy.url)).runOnce();
          assert.equal(stale, 1, "the clash happened");
          assert.equal(summary.confirmed, 1);
          assert.equal(summary.retried, 0, "a nonce clash is not a failed attempt");
          const confirmed = await certificateOf(user, certificate.id);
          assert.equal(confirmed.status, "confirmed");
          assert.equal(confirmed.attempts, 0);
          assert.equal(await read.totalIssued(), total + 1n);
          assert.equal((await read.ownerOf(BigInt(confirmed.token_id!))).toLowerCase(), recipient.toLowerCase());
          assert.equal(events.filter((e) => e.type === "submitted").length, 1, "only the second signature was sent");
        } finally {
          await proxy.close();
        }
      });

      it("runs on an interval with start() and stop() waits for the current run", async () => {
        const { certificate, user } = await completeCourse();
        const events: CertificateIssuerEvent[] = [];
        const w = worker({ logger: (e) => events.push(e) });
        w.start(20);
        for (let i = 0; i < 3000 && !events.some((e) => e.type === "confirmed"); i++) {
          await new Promise((r) => setTimeout(r, 20));
        }
        await w.stop();
        assert.equal((await certificateOf(user, certificate.id)).status, "confirmed");
        const count = events.length;
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(events.length, count, "nothing runs after stop()");
      });

      it("mints the metadata CID recorded at completion, records a missing one, and refuses one that no longer matches", async () => {
        // A row queued without a CID (as before the column): the view and the mint use the rebuilt one.
        const legacy = await completeCourse();
        const recorded = (await rowOf(legacy.certificate.id)).metadataCid;
        assert.equal(recorded, legacy.certificate.metadata_cid, "recorded when queued");
        await api.database.db
          .update(certificatesIssued)
          .set({ metadataCid: null })
          .where(eq(certificatesIssued.id, legacy.certificate.id));
        assert.equal((await certificateOf(legacy.user, legacy.certificate.id)).metadata_cid, recorded);
        // A row whose recorded CID is not its document's (as if the course's title had changed).
        const changed = await completeCourse();
        const otherCid = (await certificateDocument({ slug: "other", title: "Other", completedAt: new Date(0) })).cid;
        await api.database.db
          .update(certificatesIssued)
          .set({ metadataCid: otherCid })
          .where(eq(certificatesIssued.id, changed.certificate.id));

        const total = await read.totalIssued();
        const summary = await worker({ backoffBaseMs: 60_000 }).runOnce();
        assert.equal(summary.confirmed, 1);
        assert.equal(summary.retried, 1);
        const minted = await rowOf(legacy.certificate.id);
        assert.equal(minted.status, "confirmed", minted.lastError ?? "");
        assert.equal(minted.metadataCid, recorded, "recorded with the mint");
        assert.equal(await read.tokenURI(BigInt(minted.tokenId!)), `ipfs://${recorded}`);
        const refused = await rowOf(changed.certificate.id);
        assert.equal(refused.status, "queued");
        assert.equal(refused.attempts, 1);
        assert.equal(refused.metadataCid, otherCid, "the recorded CID is kept");
        assert.match(refused.lastError ?? "", /not .* as when it was queued/);
        assert.equal(await read.totalIssued(), total + 1n, "only the matching certificate is minted");
        // Out of the queue, so the next tests' workers do not take it.
        await api.database.db
          .update(certificatesIssued)
          .set({ status: "failed" })
          .where(eq(certificatesIssued.id, changed.certificate.id));
      });

      it("does nothing, and says why, without an issuer key", async () => {
        const { certificate } = await completeCourse();
        const events: CertificateIssuerEvent[] = [];
        const w = new CertificateIssuer(
          { database: api.database, chain: { endpoints: chainAccess.endpoints }, now: api.ctx.now },
          { logger: (e) => events.push(e) },
        );
        const summary = await w.runOnce();
        assert.equal(summary.claimed, 0);
        assert.equal(events[0]?.type, "disabled");
        const row = await rowOf(certificate.id);
        assert.equal(row.status, "queued");
        assert.equal(row.attempts, 0, "not counted as an attempt");
        // Leave the queue empty for the next backend's workers and tests.
        await worker().runOnce();
        assert.equal((await rowOf(certificate.id)).status, "confirmed");
      });
    });
  }
});

describe("describeError", () => {
  it("removes URLs (which may carry credentials) from error messages", () => {
    const message = describeError(new Error("request to https://user:pass@rpc.example.com/v3/KEY failed"), 1);
    assert.equal(message, "Chain 1: request to <url> failed");
  });
});
