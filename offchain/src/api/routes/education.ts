/**
 * `/api/v5/education`: courses (lessons, quizzes, VR scenes), enrolments and progress, and course
 * certificates minted on chain through the durable `certificates_issued` queue (drained by
 * `CertificateIssuer`, `api/certificates.ts`).
 *
 * Storage (the JSON columns are owned by this module):
 * - `educational_courses.modules`: the ordered modules; the chain its certificates are minted on is
 *   `educational_courses.certificate_chain_id` (the API's `chain_id`).
 * - `course_enrolments.progress`: `{ "modules": { "<module id>": { "completed_at": ISO, "score"?: n } } }`.
 * - On completion, `certificates_issued` gets the queued certificate with its `recipient` (the wallet
 *   the learner named, lower-case) and `metadata_cid` (the metadata document minted in the token URI).
 */
import { and, desc, eq, isNotNull, ne, or, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { FastifyPluginAsync, FastifyRequest, onRequestAsyncHookHandler } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { isAddress, zeroAddress, type Address } from "viem";
import { z } from "zod";

import { appendAudit } from "../../compliance/auditStore.ts";
import { screenAddress } from "../../compliance/sanctions.ts";
import {
  certificatesIssued,
  courseEnrolments,
  educationalCourses,
  type CertificateIssued,
  type CourseEnrolment,
  type EducationalCourse,
  CERTIFICATE_STATUSES,
} from "../../db/schema.ts";
import { BEARER, caller, requireAuth } from "../auth/guard.ts";
import type { AccessClaims } from "../auth/tokens.ts";
import { certificateDocument, courseIdOf } from "../certificates.ts";
import { ApiError, notFound, type ApiContext } from "../context.ts";

// ---------------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------------

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const Slug = z
  .string()
  .min(1)
  .max(64)
  .regex(SLUG, "must be lower-case letters and digits joined by single hyphens, like defi-101");
const ModuleId = z
  .string()
  .min(1)
  .max(64)
  .regex(SLUG, "must be lower-case letters and digits joined by single hyphens, like intro-quiz");
const Title = z.string().trim().min(1, "must not be empty").max(200);
const ContentUrl = z
  .url({ protocol: /^(https?|ipfs)$/, error: "must be an https://, http:// or ipfs:// URL" })
  .max(2048);

const LessonModule = z
  .object({
    id: ModuleId,
    title: Title,
    kind: z.literal("lesson"),
    /** The lesson text (Markdown). */
    body: z.string().min(1, "must not be empty").max(20_000),
    /** An optional video or image. */
    media_url: ContentUrl.optional(),
  })
  .strict();

const QuizQuestion = z
  .object({
    prompt: z.string().trim().min(1, "must not be empty").max(1000),
    choices: z.array(z.string().trim().min(1, "must not be empty").max(300)).min(2).max(8),
    /** The index of the right choice (0 for the first); only the course's educator and admins see it. */
    answer: z.number().int().min(0),
  })
  .strict()
  .refine((q) => q.answer < q.choices.length, {
    path: ["answer"],
    message: "must be the index of one of the choices (0 for the first)",
  });

const QuizModule = z
  .object({
    id: ModuleId,
    title: Title,
    kind: z.literal("quiz"),
    questions: z.array(QuizQuestion).min(1).max(50),
    /** The score needed to pass, in percent of the questions answered right. */
    pass_mark: z.number().int().min(1).max(100),
  })
  .strict();

const VrSceneModule = z
  .object({
    id: ModuleId,
    title: Title,
    kind: z.literal("vr-scene"),
    /** The scene to load in the metaverse client (glTF/GLB or a scene description). */
    scene_url: ContentUrl,
    instructions: z.string().max(5000).default(""),
    duration_minutes: z.number().int().min(1).max(600).optional(),
  })
  .strict();

const ModuleSchema = z.discriminatedUnion("kind", [LessonModule, QuizModule, VrSceneModule]);
type Module = z.output<typeof ModuleSchema>;

const MODULE_KINDS = ["lesson", "quiz", "vr-scene"] as const;

/** A chain id as the database stores it (a positive 32-bit integer). */
const ChainId = z.number().int().min(1).max(2_147_483_647);

const CreateCourseBody = z
  .object({
    slug: Slug,
    title: Title,
    description: z.string().max(5000).default(""),
    modules: z.array(ModuleSchema).min(1, "must have at least one module").max(100),
    /** True when the course is meant for the metaverse (it needs at least one vr-scene module). */
    vr: z.boolean().default(false),
    /** The chain certificates of this course are minted on. */
    chain_id: ChainId,
    /** Publish at once (default: a draft only the educator and admins see). */
    publish: z.boolean().default(false),
  })
  .strict()
  .superRefine((course, check) => {
    const seen = new Set<string>();
    course.modules.forEach((m, i) => {
      if (seen.has(m.id)) {
        check.addIssue({ code: "custom", path: ["modules", i, "id"], message: `"${m.id}" is used by another module` });
      }
      seen.add(m.id);
    });
    if (course.vr && !course.modules.some((m) => m.kind === "vr-scene")) {
      check.addIssue({ code: "custom", path: ["vr"], message: "a VR course needs at least one vr-scene module" });
    }
  });

const QuizQuestionView = z.object({
  prompt: z.string(),
  choices: z.array(z.string()),
  answer: z.number().int().optional(),
});
const ModuleView = z.discriminatedUnion("kind", [
  z.object({
    id: z.string(),
    title: z.string(),
    kind: z.literal("lesson"),
    body: z.string(),
    media_url: z.string().optional(),
  }),
  z.object({
    id: z.string(),
    title: z.string(),
    kind: z.literal("quiz"),
    questions: z.array(QuizQuestionView),
    pass_mark: z.number().int(),
  }),
  z.object({
    id: z.string(),
    title: z.string(),
    kind: z.literal("vr-scene"),
    scene_url: z.string(),
    instructions: z.string(),
    duration_minutes: z.number().int().optional(),
  }),
]);

const CourseSummary = z.object({
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  vr: z.boolean(),
  chain_id: z.number().int().nullable(),
  /** The Certificates contract's `courseId`: keccak256 of the slug. */
  certificate_course_id: z.string(),
  module_count: z.number().int(),
  published: z.boolean(),
  published_at: z.string().nullable(),
  /** The author's id; shown to the author and admins only. */
  educator_id: z.uuid().nullable(),
  created_at: z.string(),
});
const CourseView = CourseSummary.extend({ modules: z.array(ModuleView) });

const CertificateView = z.object({
  id: z.uuid(),
  enrolment_id: z.uuid(),
  course: z.object({ id: z.uuid(), slug: z.string(), title: z.string() }),
  chain_id: z.number().int(),
  /** The Certificates contract on that chain, when the API knows it. */
  contract: z.string().nullable(),
  /** The wallet the certificate is minted to, lower-case. */
  recipient: z.string(),
  status: z.enum(CERTIFICATE_STATUSES),
  attempts: z.number().int(),
  tx_hash: z.string().nullable(),
  token_id: z.string().nullable(),
  last_error: z.string().nullable(),
  /** When the issuer tries again (queued) or looks the transaction up (submitted); null when done. */
  next_attempt_at: z.string().nullable(),
  /** The CID of the certificate's metadata document (its token URI is ipfs://<cid>). */
  metadata_cid: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

const EnrolmentView = z.object({
  id: z.uuid(),
  course: z.object({ id: z.uuid(), slug: z.string(), title: z.string() }),
  enrolled_at: z.string(),
  completed_at: z.string().nullable(),
  progress: z.object({
    done: z.number().int(),
    total: z.number().int(),
    modules: z.array(
      z.object({
        module_id: z.string(),
        title: z.string(),
        kind: z.enum(MODULE_KINDS),
        completed_at: z.string().nullable(),
        score: z.number().int().nullable(),
      }),
    ),
  }),
  certificate: z.object({ id: z.uuid(), status: z.enum(CERTIFICATE_STATUSES) }).nullable(),
});

const Page = z
  .object({
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

const CourseIdParams = z.object({ id: z.uuid() });

const ProgressBody = z
  .object({
    module_id: ModuleId,
    /** For a quiz: the index of the chosen answer, one per question in order. */
    answers: z.array(z.number().int().min(0)).max(50).optional(),
  })
  .strict();

const RecipientAddress = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "must be a wallet address: 0x and 40 hex digits")
  .refine((a) => isAddress(a), "has a wrong checksum; copy the address again (or send it in lower case)")
  .refine((a) => a.toLowerCase() !== zeroAddress, "cannot be the zero address")
  .transform((a) => a.toLowerCase() as Address);

const CompleteBody = z.object({ recipient: RecipientAddress }).strict();

// ---------------------------------------------------------------------------------------------------
// Storage shapes
// ---------------------------------------------------------------------------------------------------

/** The modules of a stored course, in order (elements that do not parse are skipped). */
function modulesOf(row: EducationalCourse): Module[] {
  const modules: Module[] = [];
  for (const element of row.modules) {
    const module = ModuleSchema.safeParse(element);
    if (module.success) modules.push(module.data);
  }
  return modules;
}

const StoredProgress = z.object({
  modules: z.record(z.string(), z.object({ completed_at: z.string(), score: z.number().int().optional() })).catch({}),
});
type ModuleProgress = z.output<typeof StoredProgress>["modules"];

function modulesDone(progress: Record<string, unknown>): ModuleProgress {
  const parsed = StoredProgress.safeParse(progress);
  return parsed.success ? parsed.data.modules : {};
}

// ---------------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------------

/** Whether the caller may see a course's drafts and quiz answers and manage it. */
function manages(auth: AccessClaims | null, course: EducationalCourse): boolean {
  return auth !== null && (auth.role === "admin" || (auth.role === "educator" && course.educatorId === auth.sub));
}

function moduleView(module: Module, withAnswers: boolean): z.output<typeof ModuleView> {
  if (module.kind !== "quiz" || withAnswers) return module;
  return { ...module, questions: module.questions.map(({ prompt, choices }) => ({ prompt, choices })) };
}

function courseSummary(row: EducationalCourse, auth: AccessClaims | null): z.output<typeof CourseSummary> {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    vr: row.vr,
    chain_id: row.certificateChainId,
    certificate_course_id: courseIdOf(row.slug),
    module_count: modulesOf(row).length,
    published: row.publishedAt !== null,
    published_at: row.publishedAt?.toISOString() ?? null,
    educator_id: manages(auth, row) ? row.educatorId : null,
    created_at: row.createdAt.toISOString(),
  };
}

function courseView(row: EducationalCourse, auth: AccessClaims | null): z.output<typeof CourseView> {
  const withAnswers = manages(auth, row);
  return {
    ...courseSummary(row, auth),
    modules: modulesOf(row).map((m) => moduleView(m, withAnswers)),
  };
}

function enrolmentView(
  enrolment: CourseEnrolment,
  course: EducationalCourse,
  certificate: Pick<CertificateIssued, "id" | "status"> | null,
): z.output<typeof EnrolmentView> {
  const done = modulesDone(enrolment.progress);
  const rows = modulesOf(course).map((m) => ({
    module_id: m.id,
    title: m.title,
    kind: m.kind,
    completed_at: done[m.id]?.completed_at ?? null,
    score: done[m.id]?.score ?? null,
  }));
  return {
    id: enrolment.id,
    course: { id: course.id, slug: course.slug, title: course.title },
    enrolled_at: enrolment.enrolledAt.toISOString(),
    completed_at: enrolment.completedAt?.toISOString() ?? null,
    progress: { done: rows.filter((r) => r.completed_at !== null).length, total: rows.length, modules: rows },
    certificate: certificate ? { id: certificate.id, status: certificate.status } : null,
  };
}

async function certificateView(
  ctx: ApiContext,
  certificate: CertificateIssued,
  enrolment: CourseEnrolment,
  course: EducationalCourse,
): Promise<z.output<typeof CertificateView>> {
  const endpoint = ctx.chain?.endpoints.find((e) => e.chainId === certificate.chainId);
  // Recorded when the certificate is queued; a row queued without it gets the CID the issuer will mint.
  const metadataCid =
    certificate.metadataCid ??
    (enrolment.completedAt
      ? (await certificateDocument({ slug: course.slug, title: course.title, completedAt: enrolment.completedAt })).cid
      : null);
  const waiting = certificate.status === "queued" || certificate.status === "submitted";
  return {
    id: certificate.id,
    enrolment_id: enrolment.id,
    course: { id: course.id, slug: course.slug, title: course.title },
    chain_id: certificate.chainId,
    contract: endpoint?.addresses.Certificates ?? null,
    recipient: certificate.recipient,
    status: certificate.status,
    attempts: certificate.attempts,
    tx_hash: certificate.txHash,
    token_id: certificate.tokenId,
    last_error: certificate.lastError,
    next_attempt_at: waiting ? certificate.nextAttemptAt.toISOString() : null,
    metadata_cid: metadataCid,
    created_at: certificate.createdAt.toISOString(),
    updated_at: certificate.updatedAt.toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------------------------------

/** An opaque cursor: the last row's sort key (time, id). */
function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

function decodeCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const [at, id, ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const valid =
    rest.length === 0 &&
    at !== undefined &&
    id !== undefined &&
    z.iso.datetime().safeParse(at).success &&
    z.uuid().safeParse(id).success;
  if (!valid) {
    throw new ApiError(
      400,
      "invalid-input",
      "cursor: is not a cursor from a previous page; leave it out to start again.",
      {
        field: "cursor",
      },
    );
  }
  return { at: at!, id: id! };
}

/** `(time, id) < cursor` for a newest-first listing. */
function before(time: AnyPgColumn, id: AnyPgColumn, cursor: { at: string; id: string }): SQL {
  return sql`(${time}, ${id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`;
}

// ---------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------

/** OpenAPI: signing in is optional (it shows more). */
const OPTIONAL_BEARER = [{}, ...BEARER];

/** Admits anyone; a request that sends a token must send a valid one (then `request.auth` is set). */
function optionalAuth(ctx: ApiContext): onRequestAsyncHookHandler {
  const required = requireAuth(ctx);
  return async function (request, reply) {
    if (request.headers.authorization !== undefined) await required.call(this, request, reply);
  };
}

/**
 * `/api/v5/education`: create and publish courses (educators, admins), browse them (anyone), enrol,
 * record progress, complete a course and get its certificate queued for minting (signed-in users, each
 * seeing only their own enrolments and certificates).
 */
export const educationRoutes =
  (ctx: ApiContext): FastifyPluginAsync =>
  async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    const { db } = ctx.database;
    const signedIn = requireAuth(ctx);
    const authors = requireAuth(ctx, ["educator", "admin"]);
    const anyone = optionalAuth(ctx);

    const courseById = async (id: string): Promise<EducationalCourse> => {
      const [course] = await db.select().from(educationalCourses).where(eq(educationalCourses.id, id));
      if (!course) throw notFound("The course");
      return course;
    };

    const ownEnrolment = async (request: FastifyRequest, courseId: string) => {
      const { sub } = caller(request);
      const course = await courseById(courseId);
      const [enrolment] = await db
        .select()
        .from(courseEnrolments)
        .where(and(eq(courseEnrolments.userId, sub), eq(courseEnrolments.courseId, courseId)));
      if (!enrolment) {
        throw new ApiError(
          404,
          "not-enrolled",
          "You are not enrolled in this course; enrol first (POST /api/v5/education/courses/:id/enrol).",
        );
      }
      return { sub, course, enrolment };
    };

    app.post(
      "/create-vr-course",
      {
        onRequest: authors,
        schema: {
          summary: "Create a course of lessons, quizzes and VR scenes (educators and admins)",
          description:
            "Module ids must be unique within the course; a VR course (`vr: true`) needs at least one `vr-scene` module. Certificates of the course are minted on `chain_id`. The course is a draft (visible to you and admins) unless `publish` is true.",
          security: BEARER,
          body: CreateCourseBody,
          response: { 201: CourseView },
        },
      },
      async (request, reply) => {
        const auth = caller(request);
        const body = request.body;
        if (ctx.chain) {
          const endpoint = ctx.chain.endpoints.find((e) => e.chainId === body.chain_id);
          const known = ctx.chain.endpoints.filter((e) => e.addresses.Certificates).map((e) => e.chainId);
          if (!endpoint?.addresses.Certificates) {
            throw new ApiError(
              400,
              "invalid-input",
              `chain_id: certificates cannot be minted on chain ${body.chain_id}; use one of: ${known.join(", ") || "none configured"}.`,
              { field: "chain_id" },
            );
          }
        }
        const now = new Date(ctx.now());
        const created = await db.transaction(async (tx) => {
          const [row] = await tx
            .insert(educationalCourses)
            .values({
              slug: body.slug,
              title: body.title,
              description: body.description,
              educatorId: auth.sub,
              modules: body.modules,
              vr: body.vr,
              certificateChainId: body.chain_id,
              publishedAt: body.publish ? now : null,
              createdAt: now,
            })
            .onConflictDoNothing({ target: educationalCourses.slug })
            .returning();
          if (!row) {
            throw new ApiError(409, "slug-taken", `A course with the slug "${body.slug}" exists; choose another.`, {
              field: "slug",
            });
          }
          await appendAudit(
            tx,
            {
              actor: ctx.pseudonym(auth.sub),
              action: "education.course.create",
              target: row.id,
              details: {
                slug: row.slug,
                modules: body.modules.length,
                vr: body.vr,
                chain_id: body.chain_id,
                published: body.publish,
              },
            },
            now.getTime(),
          );
          return row;
        });
        return reply.status(201).send(courseView(created, auth));
      },
    );

    app.get(
      "/courses",
      {
        onRequest: anyone,
        schema: {
          summary: "Published courses, newest first (signed-in educators also see their drafts)",
          description:
            "Pages of `limit` courses; pass `next_cursor` as `cursor` for the next page. With `mine=true`, only the courses you created. Admins see every draft.",
          security: OPTIONAL_BEARER,
          querystring: Page.extend({ mine: z.enum(["true", "false"]).default("false") }).strict(),
          response: { 200: z.object({ courses: z.array(CourseSummary), next_cursor: z.string().nullable() }) },
        },
      },
      async (request) => {
        const auth = request.auth;
        const cursor = decodeCursor(request.query.cursor);
        const t = educationalCourses;
        const visible =
          auth?.role === "admin"
            ? undefined
            : auth?.role === "educator"
              ? or(isNotNull(t.publishedAt), eq(t.educatorId, auth.sub))
              : isNotNull(t.publishedAt);
        const mine = request.query.mine === "true" ? (auth ? eq(t.educatorId, auth.sub) : sql`false`) : undefined;
        const rows = await db
          .select()
          .from(t)
          .where(and(visible, mine, cursor ? before(t.createdAt, t.id, cursor) : undefined))
          .orderBy(desc(t.createdAt), desc(t.id))
          .limit(request.query.limit + 1);
        const page = rows.slice(0, request.query.limit);
        const last = page.at(-1);
        return {
          courses: page.map((row) => courseSummary(row, auth)),
          next_cursor: rows.length > page.length && last ? encodeCursor(last.createdAt, last.id) : null,
        };
      },
    );

    app.get(
      "/courses/:slug",
      {
        onRequest: anyone,
        schema: {
          summary: "One course with its modules (quiz answers only for its educator and admins)",
          security: OPTIONAL_BEARER,
          params: z.object({ slug: Slug }),
          response: { 200: CourseView },
        },
      },
      async (request) => {
        const [row] = await db
          .select()
          .from(educationalCourses)
          .where(eq(educationalCourses.slug, request.params.slug));
        if (!row || (row.publishedAt === null && !manages(request.auth, row))) throw notFound("The course");
        return courseView(row, request.auth);
      },
    );

    app.post(
      "/courses/:id/publish",
      {
        onRequest: authors,
        schema: {
          summary: "Publish a draft course (its educator or an admin)",
          description: "Publishing an already published course changes nothing.",
          security: BEARER,
          params: CourseIdParams,
          response: { 200: CourseView },
        },
      },
      async (request) => {
        const auth = caller(request);
        const course = await courseById(request.params.id);
        if (!manages(auth, course)) {
          throw new ApiError(403, "forbidden", "Only the course's educator or an admin can publish it.");
        }
        if (course.publishedAt !== null) return courseView(course, auth);
        const now = ctx.now();
        const published = await db.transaction(async (tx) => {
          const [row] = await tx
            .update(educationalCourses)
            .set({ publishedAt: new Date(now) })
            .where(eq(educationalCourses.id, course.id))
            .returning();
          await appendAudit(
            tx,
            { actor: ctx.pseudonym(auth.sub), action: "education.course.publish", target: course.id },
            now,
          );
          return row!;
        });
        return courseView(published, auth);
      },
    );

    app.post(
      "/courses/:id/enrol",
      {
        onRequest: signedIn,
        schema: {
          summary: "Enrol in a published course",
          description: "201 with the new enrolment; 200 with the existing one if you are enrolled already.",
          security: BEARER,
          params: CourseIdParams,
          response: { 200: EnrolmentView, 201: EnrolmentView },
        },
      },
      async (request, reply) => {
        const auth = caller(request);
        const { sub } = auth;
        const course = await courseById(request.params.id);
        if (course.publishedAt === null) {
          // A draft exists only for its educator and admins (as in the catalogue and GET /courses/:slug).
          if (!manages(auth, course)) throw notFound("The course");
          throw new ApiError(409, "course-not-published", "This course is not published yet; enrol once it is.");
        }
        const now = ctx.now();
        const created = await db.transaction(async (tx) => {
          const [row] = await tx
            .insert(courseEnrolments)
            .values({ userId: sub, courseId: course.id, progress: { modules: {} }, enrolledAt: new Date(now) })
            .onConflictDoNothing({ target: [courseEnrolments.userId, courseEnrolments.courseId] })
            .returning();
          if (row) {
            await appendAudit(
              tx,
              {
                actor: ctx.pseudonym(sub),
                action: "education.enrol",
                target: row.id,
                details: { course_id: course.id },
              },
              now,
            );
          }
          return row;
        });
        if (created) return reply.status(201).send(enrolmentView(created, course, null));
        const { enrolment } = await ownEnrolment(request, course.id);
        const [certificate] = await db
          .select({ id: certificatesIssued.id, status: certificatesIssued.status })
          .from(certificatesIssued)
          .where(eq(certificatesIssued.enrolmentId, enrolment.id))
          .limit(1);
        return reply.status(200).send(enrolmentView(enrolment, course, certificate ?? null));
      },
    );

    app.put(
      "/courses/:id/progress",
      {
        onRequest: signedIn,
        schema: {
          summary: "Record a module as done (a quiz: send your answers; it counts at the pass mark)",
          description:
            "A lesson or VR scene is done when you say so. A quiz is graded here: `answers` holds the index of your choice for each question, in order; below the pass mark the answer is 422 `quiz-not-passed` with your score, and nothing is recorded. Repeating a module keeps the first completion (and a quiz's best score).",
          security: BEARER,
          params: CourseIdParams,
          body: ProgressBody,
          response: { 200: EnrolmentView },
        },
      },
      async (request) => {
        const { sub, course } = await ownEnrolment(request, request.params.id);
        const { module_id, answers } = request.body;
        const modules = modulesOf(course);
        const module = modules.find((m) => m.id === module_id);
        if (!module) {
          throw new ApiError(
            400,
            "unknown-module",
            `module_id: the course has no module "${module_id}"; its modules are ${modules.map((m) => m.id).join(", ")}.`,
            { field: "module_id" },
          );
        }
        let score: number | undefined;
        if (module.kind === "quiz") {
          if (!answers || answers.length !== module.questions.length) {
            throw new ApiError(
              400,
              "invalid-input",
              `answers: send one choice index per question: ${module.questions.length} answers for this quiz.`,
              { field: "answers" },
            );
          }
          const right = module.questions.filter((q, i) => q.answer === answers[i]).length;
          score = Math.floor((right * 100) / module.questions.length);
          if (score < module.pass_mark) {
            throw new ApiError(
              422,
              "quiz-not-passed",
              `You scored ${score}%; the pass mark is ${module.pass_mark}%. Review the module and try again.`,
              { field: "answers" },
            );
          }
        } else if (answers !== undefined) {
          throw new ApiError(
            400,
            "invalid-input",
            `answers: only quizzes take answers; "${module_id}" is a ${module.kind}.`,
            {
              field: "answers",
            },
          );
        }
        const now = ctx.now();
        const updated = await db.transaction(async (tx) => {
          const [current] = await tx
            .select()
            .from(courseEnrolments)
            .where(and(eq(courseEnrolments.userId, sub), eq(courseEnrolments.courseId, course.id)))
            .for("update");
          if (!current) throw notFound("The enrolment");
          if (current.completedAt !== null) {
            throw new ApiError(
              409,
              "already-completed",
              "You completed this course already; see GET /api/v5/education/certificates.",
            );
          }
          const done = modulesDone(current.progress);
          const previous = done[module_id];
          const best = previous?.score !== undefined && score !== undefined ? Math.max(previous.score, score) : score;
          if (previous && best === previous.score) return current;
          const entry = {
            completed_at: previous?.completed_at ?? new Date(now).toISOString(),
            ...(best !== undefined ? { score: best } : {}),
          };
          const [row] = await tx
            .update(courseEnrolments)
            .set({ progress: { ...current.progress, modules: { ...done, [module_id]: entry } } })
            .where(eq(courseEnrolments.id, current.id))
            .returning();
          await appendAudit(
            tx,
            {
              actor: ctx.pseudonym(sub),
              action: "education.progress",
              target: current.id,
              details: { course_id: course.id, module_id, ...(score !== undefined ? { score } : {}) },
            },
            now,
          );
          return row!;
        });
        return enrolmentView(updated, course, null);
      },
    );

    app.get(
      "/enrolments",
      {
        onRequest: signedIn,
        schema: {
          summary: "Your enrolments with progress, newest first",
          security: BEARER,
          querystring: Page,
          response: { 200: z.object({ enrolments: z.array(EnrolmentView), next_cursor: z.string().nullable() }) },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const cursor = decodeCursor(request.query.cursor);
        const e = courseEnrolments;
        const rows = await db
          .select({
            enrolment: e,
            course: educationalCourses,
            certificate: { id: certificatesIssued.id, status: certificatesIssued.status },
          })
          .from(e)
          .innerJoin(educationalCourses, eq(educationalCourses.id, e.courseId))
          .leftJoin(certificatesIssued, eq(certificatesIssued.enrolmentId, e.id))
          .where(and(eq(e.userId, sub), cursor ? before(e.enrolledAt, e.id, cursor) : undefined))
          .orderBy(desc(e.enrolledAt), desc(e.id))
          .limit(request.query.limit + 1);
        const page = rows.slice(0, request.query.limit);
        const last = page.at(-1);
        return {
          enrolments: page.map((r) => enrolmentView(r.enrolment, r.course, r.certificate)),
          next_cursor:
            rows.length > page.length && last ? encodeCursor(last.enrolment.enrolledAt, last.enrolment.id) : null,
        };
      },
    );

    app.post(
      "/courses/:id/complete",
      {
        onRequest: signedIn,
        schema: {
          summary: "Complete a course and queue its certificate for minting to your wallet",
          description:
            "Every module must be done. The wallet is screened against the sanctions list (403 `recipient-sanctioned`), and receives at most one certificate of a course (409 `recipient-taken` when another learner's goes to it). The completion and the queued certificate are stored together; the answer is 202 with the certificate's queue state — follow it on GET /api/v5/education/certificates (`queued` → `submitted` → `confirmed` with the token id).",
          security: BEARER,
          params: CourseIdParams,
          body: CompleteBody,
          response: { 202: CertificateView },
        },
      },
      async (request, reply) => {
        const { sub, course, enrolment } = await ownEnrolment(request, request.params.id);
        const recipient = request.body.recipient;
        if (enrolment.completedAt !== null) {
          throw new ApiError(
            409,
            "already-completed",
            "You completed this course already; see GET /api/v5/education/certificates.",
          );
        }
        const chainId = course.certificateChainId;
        const done = modulesDone(enrolment.progress);
        const missing = modulesOf(course)
          .filter((m) => !done[m.id])
          .map((m) => m.id);
        if (missing.length > 0) {
          const shown = missing.slice(0, 5).join(", ") + (missing.length > 5 ? `, and ${missing.length - 5} more` : "");
          throw new ApiError(409, "modules-incomplete", `Finish every module first; still to do: ${shown}.`);
        }
        if (chainId === null) {
          throw new ApiError(
            409,
            "no-certificate-chain",
            "This course names no chain for its certificates; ask its educator.",
          );
        }
        const hit = screenAddress(ctx.sanctions, recipient);
        if (hit) {
          await db.transaction((tx) =>
            appendAudit(
              tx,
              {
                actor: ctx.pseudonym(sub),
                action: "education.certificate.refused",
                target: enrolment.id,
                details: { course_id: course.id, list: hit.list },
              },
              ctx.now(),
            ),
          );
          throw new ApiError(
            403,
            "recipient-sanctioned",
            `This wallet is on a sanctions list (${hit.list}); certificates cannot be issued to it. Name another wallet.`,
            { field: "recipient" },
          );
        }
        const now = ctx.now();
        const completedAt = new Date(now);
        const metadata = await certificateDocument({ slug: course.slug, title: course.title, completedAt });
        const { completed, certificate } = await db.transaction(async (tx) => {
          // One certificate of a course per wallet (the contract mints one per learner and course). The
          // course is the enrolment's, so no constraint on certificates_issued can say it: check here,
          // under a lock on (course, wallet) so that two learners completing at once cannot both pass.
          await tx.execute(
            sql`SELECT pg_advisory_xact_lock(hashtext(${`peper/certificate/${course.id}/${recipient}`}))`,
          );
          const [taken] = await tx
            .select({ id: certificatesIssued.id })
            .from(certificatesIssued)
            .innerJoin(courseEnrolments, eq(courseEnrolments.id, certificatesIssued.enrolmentId))
            .where(
              and(
                eq(certificatesIssued.recipient, recipient),
                eq(courseEnrolments.courseId, course.id),
                ne(courseEnrolments.userId, sub),
              ),
            )
            .limit(1);
          if (taken) {
            throw new ApiError(
              409,
              "recipient-taken",
              "Another learner's certificate for this course goes to this wallet; name a wallet of your own.",
              { field: "recipient" },
            );
          }
          const [row] = await tx
            .update(courseEnrolments)
            .set({ completedAt })
            .where(and(eq(courseEnrolments.id, enrolment.id), sql`${courseEnrolments.completedAt} IS NULL`))
            .returning();
          if (!row) {
            throw new ApiError(
              409,
              "already-completed",
              "You completed this course already; see GET /api/v5/education/certificates.",
            );
          }
          const [queued] = await tx
            .insert(certificatesIssued)
            .values({
              enrolmentId: row.id,
              chainId,
              recipient,
              metadataCid: metadata.cid,
              status: "queued",
              nextAttemptAt: new Date(now),
              createdAt: new Date(now),
            })
            .returning();
          await appendAudit(
            tx,
            {
              actor: ctx.pseudonym(sub),
              action: "education.complete",
              target: row.id,
              details: { course_id: course.id, certificate_id: queued!.id, chain_id: chainId },
            },
            now,
          );
          return { completed: row, certificate: queued! };
        });
        return reply.status(202).send(await certificateView(ctx, certificate, completed, course));
      },
    );

    app.get(
      "/certificates",
      {
        onRequest: signedIn,
        schema: {
          summary: "Your certificates and where each is in the minting queue, newest first",
          description:
            "`status`: `queued` (waiting, see `next_attempt_at`, `attempts` and `last_error`), `submitted` (`tx_hash` sent), `confirmed` (`token_id` minted to `recipient`) or `failed` (gave up; see `last_error`).",
          security: BEARER,
          querystring: Page,
          response: { 200: z.object({ certificates: z.array(CertificateView), next_cursor: z.string().nullable() }) },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const cursor = decodeCursor(request.query.cursor);
        const c = certificatesIssued;
        const rows = await db
          .select({ certificate: c, enrolment: courseEnrolments, course: educationalCourses })
          .from(c)
          .innerJoin(courseEnrolments, eq(courseEnrolments.id, c.enrolmentId))
          .innerJoin(educationalCourses, eq(educationalCourses.id, courseEnrolments.courseId))
          .where(and(eq(courseEnrolments.userId, sub), cursor ? before(c.createdAt, c.id, cursor) : undefined))
          .orderBy(desc(c.createdAt), desc(c.id))
          .limit(request.query.limit + 1);
        const page = rows.slice(0, request.query.limit);
        const last = page.at(-1);
        return {
          certificates: await Promise.all(page.map((r) => certificateView(ctx, r.certificate, r.enrolment, r.course))),
          next_cursor:
            rows.length > page.length && last ? encodeCursor(last.certificate.createdAt, last.certificate.id) : null,
        };
      },
    );
  };
