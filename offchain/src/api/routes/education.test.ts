/**
 * The education routes end to end (no chain: the certificate queue itself is tested against a real
 * node in `../certificates.test.ts`): roles, visibility, bad input naming the field, progress and
 * grading, completion queuing a certificate atomically, and each user seeing only their own data.
 * On embedded PGlite and — when PEPER_TEST_DATABASE_URL is set (CI) — on PostgreSQL too.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { eq, sql } from "drizzle-orm";
import { getAddress } from "viem";

import { verifyStoredAuditLog } from "../../compliance/auditStore.ts";
import { auditLog, certificatesIssued, courseEnrolments, educationalCourses } from "../../db/schema.ts";
import { certificateDocument, courseIdOf } from "../certificates.ts";
import { testApi, type TestApi, type TestUser } from "../testing.ts";

const BASE = "/api/v5/education";
const WALLET = "0x1234567890abcdef1234567890abcdef12345678";
const BOB_WALLET = "0xabcdefabcdefabcdefabcdefabcdefabcdefabcd";
/** On the shipped test sanctions list. */
const SANCTIONED = "0x000000000000000000000000000000000000bad1";

interface Course {
  id: string;
  slug: string;
  title: string;
  vr: boolean;
  chain_id: number | null;
  certificate_course_id: string;
  module_count: number;
  published: boolean;
  educator_id: string | null;
  modules: { id: string; kind: string; questions?: { prompt: string; choices: string[]; answer?: number }[] }[];
}
interface Enrolment {
  id: string;
  course: { id: string; slug: string };
  completed_at: string | null;
  progress: {
    done: number;
    total: number;
    modules: { module_id: string; completed_at: string | null; score: number | null }[];
  };
  certificate: { id: string; status: string } | null;
}
interface Certificate {
  id: string;
  enrolment_id: string;
  course: { id: string; slug: string };
  chain_id: number;
  recipient: string | null;
  status: string;
  attempts: number;
  tx_hash: string | null;
  token_id: string | null;
  last_error: string | null;
  next_attempt_at: string | null;
  metadata_cid: string | null;
}
interface ErrorBody {
  error: string;
  code: string;
  field?: string;
}

/** A course body: a lesson, a two-question quiz (pass mark 50 %) and a VR scene. */
function courseBody(slug: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    slug,
    title: `Course ${slug}`,
    description: "What a liquidity pool is, and how impermanent loss happens.",
    modules: [
      { id: "intro", title: "Introduction", kind: "lesson", body: "# Pools\nA pool holds two tokens." },
      {
        id: "check",
        title: "Check yourself",
        kind: "quiz",
        pass_mark: 50,
        questions: [
          { prompt: "What does a pool hold?", choices: ["one token", "two tokens"], answer: 1 },
          { prompt: "Is impermanent loss realised?", choices: ["only on withdrawal", "always"], answer: 0 },
        ],
      },
      { id: "walkthrough", title: "Walk through a pool", kind: "vr-scene", scene_url: "https://example.com/pool.glb" },
    ],
    vr: true,
    chain_id: 31337,
    ...overrides,
  };
}

const backends: [string, string | undefined][] = [["PGlite", undefined]];
if (process.env.PEPER_TEST_DATABASE_URL) backends.push(["PostgreSQL", process.env.PEPER_TEST_DATABASE_URL]);

for (const [backend, databaseUrl] of backends) {
  describe(`/api/v5/education on ${backend}`, () => {
    let api: TestApi;
    let educator: TestUser;
    let otherEducator: TestUser;
    let admin: TestUser;
    let alice: TestUser;
    let bob: TestUser;

    before(async () => {
      api = await testApi(databaseUrl ? { databaseUrl } : {});
      educator = await api.user("educator");
      otherEducator = await api.user("educator");
      admin = await api.user("admin");
      alice = await api.user("user");
      bob = await api.user("user");
    });
    after(() => api.close());

    const create = (token: string, body: Record<string, unknown>) =>
      api.call("POST", `${BASE}/create-vr-course`, { token, body });
    const publishedCourse = async (slug: string): Promise<Course> => {
      const res = await create(educator.accessToken, courseBody(slug, { publish: true }));
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as Course;
    };
    /** Alice enrolled in a fresh published course, with every module done. */
    const finishedCourse = async (slug: string, user = alice): Promise<Course> => {
      const course = await publishedCourse(slug);
      assert.equal(
        (await api.call("POST", `${BASE}/courses/${course.id}/enrol`, { token: user.accessToken })).statusCode,
        201,
      );
      for (const body of [
        { module_id: "intro" },
        { module_id: "check", answers: [1, 0] },
        { module_id: "walkthrough" },
      ]) {
        const res = await api.call("PUT", `${BASE}/courses/${course.id}/progress`, { token: user.accessToken, body });
        assert.equal(res.statusCode, 200, res.body);
      }
      return course;
    };

    it("lets educators and admins create courses, and nobody else", async () => {
      const anonymous = await api.call("POST", `${BASE}/create-vr-course`, { body: courseBody("anon-course") });
      assert.equal(anonymous.statusCode, 401);
      const user = await create(alice.accessToken, courseBody("user-course"));
      assert.equal(user.statusCode, 403, user.body);
      assert.equal((user.json() as ErrorBody).code, "forbidden");

      const res = await create(educator.accessToken, courseBody("defi-101"));
      assert.equal(res.statusCode, 201, res.body);
      const course = res.json() as Course;
      assert.equal(course.slug, "defi-101");
      assert.equal(course.published, false, "a draft unless publish is true");
      assert.equal(course.chain_id, 31337);
      assert.equal(course.vr, true);
      assert.equal(course.module_count, 3);
      assert.deepEqual(
        course.modules.map((m) => [m.id, m.kind]),
        [
          ["intro", "lesson"],
          ["check", "quiz"],
          ["walkthrough", "vr-scene"],
        ],
        "the modules in order",
      );
      const [stored] = await api.database.db
        .select()
        .from(educationalCourses)
        .where(eq(educationalCourses.id, course.id));
      assert.equal(stored!.certificateChainId, 31337, "the chain is a column");
      assert.deepEqual(
        (stored!.modules as { id: string }[]).map((m) => m.id),
        ["intro", "check", "walkthrough"],
        "modules holds the modules only",
      );
      assert.equal(course.modules[1]!.questions![0]!.answer, 1, "the author sees the answers");
      assert.equal(course.educator_id, educator.id);
      assert.equal(course.certificate_course_id, courseIdOf("defi-101"));

      const byAdmin = await create(admin.accessToken, courseBody("admin-course"));
      assert.equal(byAdmin.statusCode, 201, byAdmin.body);
      const again = await create(otherEducator.accessToken, courseBody("defi-101"));
      assert.equal(again.statusCode, 409);
      assert.equal((again.json() as ErrorBody).field, "slug");
    });

    it("answers 400 naming the field for bad input", async () => {
      const cases: [string, Record<string, unknown>, string][] = [
        ["bad slug", courseBody("Not A Slug"), "slug"],
        ["missing chain", courseBody("no-chain", { chain_id: undefined }), "chain_id"],
        ["unknown field", courseBody("extra-field", { price: 3 }), "price"],
        [
          "duplicate module id",
          courseBody("dup", {
            modules: [
              { id: "a", title: "A", kind: "lesson", body: "x" },
              { id: "a", title: "B", kind: "lesson", body: "y" },
            ],
          }),
          "modules.1.id",
        ],
        [
          "answer out of range",
          courseBody("bad-answer", {
            vr: false,
            modules: [
              {
                id: "q",
                title: "Q",
                kind: "quiz",
                pass_mark: 50,
                questions: [{ prompt: "?", choices: ["a", "b"], answer: 2 }],
              },
            ],
          }),
          "modules.0.questions.0.answer",
        ],
        [
          "VR course without a scene",
          courseBody("no-scene", { modules: [{ id: "a", title: "A", kind: "lesson", body: "x" }] }),
          "vr",
        ],
        [
          "scene URL not a URL",
          courseBody("bad-url", {
            modules: [{ id: "s", title: "S", kind: "vr-scene", scene_url: "javascript:alert(1)" }],
          }),
          "modules.0.scene_url",
        ],
        ["no modules", courseBody("empty", { modules: [] }), "modules"],
        [
          "oversized lesson",
          courseBody("huge", {
            vr: false,
            modules: [{ id: "a", title: "A", kind: "lesson", body: "x".repeat(20_001) }],
          }),
          "modules.0.body",
        ],
      ];
      for (const [name, body, field] of cases) {
        const res = await create(educator.accessToken, body);
        assert.equal(res.statusCode, 400, `${name}: ${res.body}`);
        const error = res.json() as ErrorBody;
        assert.equal(error.field, field, `${name}: ${res.body}`);
        assert.ok(error.error.length > field.length + 2, `${name}: a message, not just the field`);
      }
      const kind = await create(
        educator.accessToken,
        courseBody("bad-kind", { modules: [{ id: "a", title: "A", kind: "video" }] }),
      );
      assert.equal(kind.statusCode, 400, kind.body);
      assert.match((kind.json() as ErrorBody).field ?? "", /^modules\.0/);
    });

    it("refuses a chain it cannot mint on when chains are configured", async () => {
      const withChain = await testApi({
        ...(databaseUrl ? { databaseUrl } : {}),
        deps: {
          chain: {
            endpoints: [
              {
                chainId: 31337,
                rpcUrl: "http://127.0.0.1:1",
                addresses: { Certificates: "0x5FbDB2315678afecb367f032d93F642f64180aa3" },
              },
            ],
          },
        },
      });
      try {
        const author = await withChain.user("educator");
        const bad = await withChain.call("POST", `${BASE}/create-vr-course`, {
          token: author.accessToken,
          body: courseBody("mainnet-course", { chain_id: 1 }),
        });
        assert.equal(bad.statusCode, 400, bad.body);
        assert.equal((bad.json() as ErrorBody).field, "chain_id");
        assert.match((bad.json() as ErrorBody).error, /31337/, "names the chains that work");
        const good = await withChain.call("POST", `${BASE}/create-vr-course`, {
          token: author.accessToken,
          body: courseBody("local-course"),
        });
        assert.equal(good.statusCode, 201, good.body);
      } finally {
        await withChain.close();
      }
    });

    it("shows drafts only to their educator and admins, and quiz answers only to them", async () => {
      const draft = (await create(educator.accessToken, courseBody("draft-only"))).json() as Course;
      const list = async (token?: string, query = "") =>
        (
          (await api.call("GET", `${BASE}/courses?limit=100${query}`, token ? { token } : {})).json() as {
            courses: Course[];
          }
        ).courses.map((c) => c.slug);

      assert.ok(!(await list()).includes("draft-only"), "not public");
      assert.ok(!(await list(alice.accessToken)).includes("draft-only"), "not for users");
      assert.ok(!(await list(otherEducator.accessToken)).includes("draft-only"), "not for other educators");
      assert.ok((await list(educator.accessToken)).includes("draft-only"), "its educator sees it");
      assert.ok((await list(admin.accessToken)).includes("draft-only"), "admins see it");
      assert.ok(!(await list(otherEducator.accessToken, "&mine=true")).includes("draft-only"));
      assert.equal((await api.call("GET", `${BASE}/courses/draft-only`)).statusCode, 404);
      assert.equal(
        (await api.call("GET", `${BASE}/courses/draft-only`, { token: educator.accessToken })).statusCode,
        200,
      );
      const badToken = await api.call("GET", `${BASE}/courses`, { token: "not-a-token" });
      assert.equal(badToken.statusCode, 401, "a token that is sent must be valid");

      const otherPublish = await api.call("POST", `${BASE}/courses/${draft.id}/publish`, {
        token: otherEducator.accessToken,
      });
      assert.equal(otherPublish.statusCode, 403, otherPublish.body);
      const userPublish = await api.call("POST", `${BASE}/courses/${draft.id}/publish`, { token: alice.accessToken });
      assert.equal(userPublish.statusCode, 403);
      const publish = await api.call("POST", `${BASE}/courses/${draft.id}/publish`, { token: educator.accessToken });
      assert.equal(publish.statusCode, 200, publish.body);
      assert.equal((publish.json() as Course).published, true);

      assert.ok((await list()).includes("draft-only"), "public once published");
      const publicView = (await api.call("GET", `${BASE}/courses/draft-only`)).json() as Course;
      const quiz = publicView.modules.find((m) => m.kind === "quiz")!;
      assert.equal(quiz.questions![0]!.answer, undefined, "the public does not see the answers");
      assert.deepEqual(quiz.questions![0]!.choices, ["one token", "two tokens"]);
      assert.equal(publicView.educator_id, null);
    });

    it("pages through courses with a cursor", async () => {
      for (const slug of ["page-a", "page-b", "page-c"]) await publishedCourse(slug);
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 100; i++) {
        const url: string = `${BASE}/courses?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
        const res = await api.call("GET", url);
        assert.equal(res.statusCode, 200, res.body);
        const page = res.json() as { courses: Course[]; next_cursor: string | null };
        assert.ok(page.courses.length <= 2);
        seen.push(...page.courses.map((c) => c.slug));
        cursor = page.next_cursor;
        if (!cursor) break;
      }
      assert.equal(cursor, null, "the pages end");
      assert.equal(new Set(seen).size, seen.length, "no course twice");
      for (const slug of ["page-a", "page-b", "page-c"]) assert.ok(seen.includes(slug), slug);
      assert.ok(seen.indexOf("page-c") < seen.indexOf("page-a"), "newest first");
      const bad = await api.call("GET", `${BASE}/courses?cursor=garbage`);
      assert.equal(bad.statusCode, 400);
      assert.equal((bad.json() as ErrorBody).field, "cursor");
      const badLimit = await api.call("GET", `${BASE}/courses?limit=1000`);
      assert.equal(badLimit.statusCode, 400);
      assert.equal((badLimit.json() as ErrorBody).field, "limit");
    });

    it("enrols, grades quizzes at the pass mark, and keeps each user's enrolments to themselves", async () => {
      const course = await publishedCourse("progress-course");
      const draft = (await create(educator.accessToken, courseBody("unpublished"))).json() as Course;
      // A draft is not there for anyone but its educator and admins (404); to them it is not published yet.
      assert.equal(
        (await api.call("POST", `${BASE}/courses/${draft.id}/enrol`, { token: alice.accessToken })).statusCode,
        404,
      );
      assert.equal(
        (await api.call("POST", `${BASE}/courses/${draft.id}/enrol`, { token: educator.accessToken })).statusCode,
        409,
      );
      assert.equal(
        (
          await api.call("POST", `${BASE}/courses/00000000-0000-4000-8000-000000000000/enrol`, {
            token: alice.accessToken,
          })
        ).statusCode,
        404,
      );

      const enrol = await api.call("POST", `${BASE}/courses/${course.id}/enrol`, { token: alice.accessToken });
      assert.equal(enrol.statusCode, 201, enrol.body);
      const again = await api.call("POST", `${BASE}/courses/${course.id}/enrol`, { token: alice.accessToken });
      assert.equal(again.statusCode, 200, "enrolling twice returns the enrolment");
      assert.equal((again.json() as Enrolment).id, (enrol.json() as Enrolment).id);

      const progress = (token: string, body: Record<string, unknown>) =>
        api.call("PUT", `${BASE}/courses/${course.id}/progress`, { token, body });

      const lesson = await progress(alice.accessToken, { module_id: "intro" });
      assert.equal(lesson.statusCode, 200, lesson.body);
      assert.equal((lesson.json() as Enrolment).progress.done, 1);

      const failed = await progress(alice.accessToken, { module_id: "check", answers: [0, 1] });
      assert.equal(failed.statusCode, 422, failed.body);
      assert.equal((failed.json() as ErrorBody).code, "quiz-not-passed");
      assert.match((failed.json() as ErrorBody).error, /scored 0%.*pass mark is 50%/);
      const wrongCount = await progress(alice.accessToken, { module_id: "check", answers: [1] });
      assert.equal(wrongCount.statusCode, 400);
      assert.equal((wrongCount.json() as ErrorBody).field, "answers");
      const passed = await progress(alice.accessToken, { module_id: "check", answers: [1, 1] });
      assert.equal(passed.statusCode, 200, passed.body);
      const quizRow = (passed.json() as Enrolment).progress.modules.find((m) => m.module_id === "check")!;
      assert.equal(quizRow.score, 50, "one of two right is the pass mark");
      const better = await progress(alice.accessToken, { module_id: "check", answers: [1, 0] });
      assert.equal((better.json() as Enrolment).progress.modules.find((m) => m.module_id === "check")!.score, 100);

      const answersOnLesson = await progress(alice.accessToken, { module_id: "intro", answers: [0] });
      assert.equal(answersOnLesson.statusCode, 400);
      assert.equal((answersOnLesson.json() as ErrorBody).field, "answers");
      const unknown = await progress(alice.accessToken, { module_id: "nope" });
      assert.equal(unknown.statusCode, 400);
      assert.equal((unknown.json() as ErrorBody).field, "module_id");
      const badId = await progress(alice.accessToken, { module_id: "Bad Id" });
      assert.equal(badId.statusCode, 400);
      assert.equal((badId.json() as ErrorBody).field, "module_id");

      // Bob cannot see or touch Alice's enrolment.
      const bobProgress = await progress(bob.accessToken, { module_id: "intro" });
      assert.equal(bobProgress.statusCode, 404);
      assert.equal((bobProgress.json() as ErrorBody).code, "not-enrolled");
      const bobList = (await api.call("GET", `${BASE}/enrolments`, { token: bob.accessToken })).json() as {
        enrolments: Enrolment[];
      };
      assert.deepEqual(bobList.enrolments, []);
      const aliceList = (await api.call("GET", `${BASE}/enrolments`, { token: alice.accessToken })).json() as {
        enrolments: Enrolment[];
      };
      const mine = aliceList.enrolments.find((e) => e.course.id === course.id)!;
      assert.equal(mine.progress.done, 2);
      assert.equal(mine.progress.total, 3);
      assert.equal((await api.call("GET", `${BASE}/enrolments`)).statusCode, 401);
    });

    it("completes a course: screens the wallet, then stores the completion and a queued certificate together", async () => {
      const course = await publishedCourse("complete-course");
      await api.call("POST", `${BASE}/courses/${course.id}/enrol`, { token: alice.accessToken });
      const complete = (token: string, recipient: string, id = course.id) =>
        api.call("POST", `${BASE}/courses/${id}/complete`, { token, body: { recipient } });

      const early = await complete(alice.accessToken, WALLET);
      assert.equal(early.statusCode, 409, early.body);
      assert.equal((early.json() as ErrorBody).code, "modules-incomplete");
      assert.match((early.json() as ErrorBody).error, /intro, check, walkthrough/);

      for (const body of [
        { module_id: "intro" },
        { module_id: "check", answers: [1, 0] },
        { module_id: "walkthrough" },
      ]) {
        await api.call("PUT", `${BASE}/courses/${course.id}/progress`, { token: alice.accessToken, body });
      }
      for (const [recipient, why] of [
        ["0x1234", "too short"],
        ["0x1234567890ABCDEF1234567890abcdef12345678", "bad checksum"],
        ["0x0000000000000000000000000000000000000000", "zero address"],
      ] as const) {
        const res = await complete(alice.accessToken, recipient);
        assert.equal(res.statusCode, 400, `${why}: ${res.body}`);
        assert.equal((res.json() as ErrorBody).field, "recipient", why);
      }
      const sanctioned = await complete(alice.accessToken, SANCTIONED);
      assert.equal(sanctioned.statusCode, 403, sanctioned.body);
      assert.equal((sanctioned.json() as ErrorBody).code, "recipient-sanctioned");
      assert.equal((sanctioned.json() as ErrorBody).field, "recipient");
      const bobTry = await complete(bob.accessToken, WALLET);
      assert.equal(bobTry.statusCode, 404, "Bob is not enrolled");

      const res = await complete(alice.accessToken, WALLET);
      assert.equal(res.statusCode, 202, res.body);
      const certificate = res.json() as Certificate;
      assert.equal(certificate.status, "queued");
      assert.equal(certificate.attempts, 0);
      assert.equal(certificate.chain_id, 31337);
      assert.equal(certificate.recipient, WALLET);
      assert.equal(certificate.tx_hash, null);
      assert.equal(certificate.token_id, null);
      assert.match(certificate.metadata_cid ?? "", /^bafkrei[a-z2-7]+$/);

      // Stored in the certificate's columns: the wallet lower-case, the CID that will be minted.
      const [row] = await api.database.db
        .select()
        .from(certificatesIssued)
        .where(eq(certificatesIssued.id, certificate.id));
      assert.equal(row!.recipient, WALLET);
      assert.equal(row!.metadataCid, certificate.metadata_cid);
      const [enrolmentRow] = await api.database.db
        .select()
        .from(courseEnrolments)
        .where(eq(courseEnrolments.id, certificate.enrolment_id));
      const expected = await certificateDocument({
        slug: course.slug,
        title: course.title,
        completedAt: enrolmentRow!.completedAt!,
      });
      assert.equal(row!.metadataCid, expected.cid, "the document of the course and completion time");
      assert.deepEqual(Object.keys(enrolmentRow!.progress), ["modules"], "no wallet in the progress JSON");

      const twice = await complete(alice.accessToken, WALLET);
      assert.equal(twice.statusCode, 409);
      assert.equal((twice.json() as ErrorBody).code, "already-completed");
      const late = await api.call("PUT", `${BASE}/courses/${course.id}/progress`, {
        token: alice.accessToken,
        body: { module_id: "intro" },
      });
      assert.equal(late.statusCode, 409);

      const list = (await api.call("GET", `${BASE}/certificates`, { token: alice.accessToken })).json() as {
        certificates: Certificate[];
      };
      assert.deepEqual(
        list.certificates.map((c) => [c.id, c.status, c.course.slug]),
        [[certificate.id, "queued", "complete-course"]],
      );
      const bobCertificates = (await api.call("GET", `${BASE}/certificates`, { token: bob.accessToken })).json() as {
        certificates: Certificate[];
      };
      assert.deepEqual(bobCertificates.certificates, [], "Bob sees none of Alice's certificates");
      const enrolments = (await api.call("GET", `${BASE}/enrolments`, { token: alice.accessToken })).json() as {
        enrolments: Enrolment[];
      };
      const done = enrolments.enrolments.find((e) => e.course.id === course.id)!;
      assert.ok(done.completed_at);
      assert.deepEqual(done.certificate, { id: certificate.id, status: "queued" });

      // Another learner cannot send their certificate for this course to the same wallet.
      const bobCourse = await api.call("GET", `${BASE}/courses/complete-course`);
      const bobEnrol = await api.call("POST", `${BASE}/courses/${(bobCourse.json() as Course).id}/enrol`, {
        token: bob.accessToken,
      });
      assert.equal(bobEnrol.statusCode, 201);
      for (const body of [
        { module_id: "intro" },
        { module_id: "check", answers: [1, 0] },
        { module_id: "walkthrough" },
      ]) {
        await api.call("PUT", `${BASE}/courses/${course.id}/progress`, { token: bob.accessToken, body });
      }
      const shared = await complete(bob.accessToken, WALLET);
      assert.equal(shared.statusCode, 409, shared.body);
      assert.equal((shared.json() as ErrorBody).code, "recipient-taken");
      assert.equal((shared.json() as ErrorBody).field, "recipient");
      const checksummed = await complete(bob.accessToken, getAddress(WALLET));
      assert.equal(checksummed.statusCode, 409, `the same wallet in EIP-55 form: ${checksummed.body}`);
      assert.equal((checksummed.json() as ErrorBody).code, "recipient-taken");
      // Another wallet works here, and the taken wallet still works for another course.
      const bobOwn = await complete(bob.accessToken, BOB_WALLET);
      assert.equal(bobOwn.statusCode, 202, bobOwn.body);
      assert.equal((bobOwn.json() as Certificate).recipient, BOB_WALLET);
      const elsewhere = await finishedCourse("second-course", bob);
      const again = await complete(bob.accessToken, WALLET, elsewhere.id);
      assert.equal(again.statusCode, 202, again.body);

      // The audit log names the changes by pseudonym and holds no wallet address.
      const rows = await api.database.db.select().from(auditLog);
      const actions = rows.map((r) => r.action);
      for (const action of [
        "education.course.create",
        "education.enrol",
        "education.progress",
        "education.certificate.refused",
        "education.complete",
      ]) {
        assert.ok(actions.includes(action), action);
      }
      const text = JSON.stringify(rows.map((r) => [r.actor, r.target, r.details]));
      assert.ok(!text.includes(WALLET) && !text.includes(SANCTIONED), "no wallet in the audit log");
      assert.ok(!text.includes(alice.email), "no e-mail in the audit log");
      assert.equal((await verifyStoredAuditLog(api.database.db)).ok, true);
    });

    it("refuses to complete a course that names no certificate chain", async () => {
      const course = await finishedCourse("no-chain-course");
      await api.database.db
        .update(educationalCourses)
        .set({ certificateChainId: null })
        .where(eq(educationalCourses.id, course.id));
      const shown = (await api.call("GET", `${BASE}/courses/no-chain-course`)).json() as Course;
      assert.equal(shown.chain_id, null);
      const res = await api.call("POST", `${BASE}/courses/${course.id}/complete`, {
        token: alice.accessToken,
        body: { recipient: WALLET },
      });
      assert.equal(res.statusCode, 409, res.body);
      assert.equal((res.json() as ErrorBody).code, "no-certificate-chain");
      const [enrolment] = await api.database.db
        .select()
        .from(courseEnrolments)
        .where(eq(courseEnrolments.courseId, course.id));
      assert.equal(enrolment!.completedAt, null);
    });

    it("stores nothing of a completion whose certificate cannot be queued (one transaction)", async () => {
      const course = await finishedCourse("atomic-course");
      const [enrolment] = await api.database.db
        .select()
        .from(courseEnrolments)
        .where(eq(courseEnrolments.courseId, course.id));
      // A row already holding the (enrolment, chain) slot makes the certificate insert fail.
      await api.database.db
        .insert(certificatesIssued)
        .values({ enrolmentId: enrolment!.id, chainId: 31337, recipient: BOB_WALLET, status: "failed" });
      const res = await api.call("POST", `${BASE}/courses/${course.id}/complete`, {
        token: alice.accessToken,
        body: { recipient: WALLET },
      });
      assert.equal(res.statusCode, 500, res.body);
      const [after] = await api.database.db
        .select()
        .from(courseEnrolments)
        .where(eq(courseEnrolments.id, enrolment!.id));
      assert.equal(after!.completedAt, null, "the completion was rolled back with the failed insert");
      const certificates = await api.database.db
        .select()
        .from(certificatesIssued)
        .where(eq(certificatesIssued.enrolmentId, enrolment!.id));
      assert.deepEqual(
        certificates.map((c) => c.recipient),
        [BOB_WALLET],
        "only the row that was there",
      );
      const completes = await api.database.db.execute(
        sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'education.complete' AND target = ${enrolment!.id}`,
      );
      assert.equal((completes as unknown as { rows: { n: number }[] }).rows[0]!.n, 0, "nor its audit entry");
    });
  });
}
