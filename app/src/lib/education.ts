/**
 * The education pages' shapes and checks: the API's course, enrolment and certificate views
 * (GET/POST /api/v5/education/…, offchain/src/api/routes/education.ts), the quiz and course-creation
 * forms checked before anything is sent, and the Certificates contract's course id.
 */
import { keccak256, stringToBytes, type Hex } from "viem";

export type ModuleKind = "lesson" | "quiz" | "vr-scene";

export interface QuizQuestion {
  prompt: string;
  choices: string[];
  /** Only the course's educator and admins see the right answer. */
  answer?: number;
}

export type CourseModule =
  | { id: string; title: string; kind: "lesson"; body: string; media_url?: string }
  | { id: string; title: string; kind: "quiz"; questions: QuizQuestion[]; pass_mark: number }
  | {
      id: string;
      title: string;
      kind: "vr-scene";
      scene_url: string;
      instructions: string;
      duration_minutes?: number;
    };

export interface CourseSummary {
  id: string;
  slug: string;
  title: string;
  description: string;
  vr: boolean;
  chain_id: number | null;
  certificate_course_id: string;
  module_count: number;
  published: boolean;
  published_at: string | null;
  /** Set only when the caller manages the course (its educator, or an admin). */
  educator_id: string | null;
  created_at: string;
}

export interface Course extends CourseSummary {
  modules: CourseModule[];
}

export const CERTIFICATE_STATUSES = ["queued", "submitted", "confirmed", "failed"] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

export interface ModuleProgress {
  module_id: string;
  title: string;
  kind: ModuleKind;
  completed_at: string | null;
  score: number | null;
}

export interface Enrolment {
  id: string;
  course: { id: string; slug: string; title: string };
  enrolled_at: string;
  completed_at: string | null;
  progress: { done: number; total: number; modules: ModuleProgress[] };
  certificate: { id: string; status: CertificateStatus } | null;
}

export interface Certificate {
  id: string;
  enrolment_id: string;
  course: { id: string; slug: string; title: string };
  chain_id: number;
  contract: string | null;
  recipient: string;
  status: CertificateStatus;
  attempts: number;
  tx_hash: string | null;
  token_id: string | null;
  last_error: string | null;
  next_attempt_at: string | null;
  metadata_cid: string | null;
  created_at: string;
  updated_at: string;
}

export interface EnrolmentPage {
  enrolments: Enrolment[];
  next_cursor: string | null;
}

/**
 * Puts an enrolment the API just answered with (enrol, progress) into the cached list before it is
 * refetched; a progress answer carries no certificate, so the cached one is kept.
 */
export function mergeEnrolment(page: EnrolmentPage | undefined, next: Enrolment): EnrolmentPage | undefined {
  if (!page) return page;
  const old = page.enrolments.find((e) => e.id === next.id);
  const merged = { ...next, certificate: next.certificate ?? old?.certificate ?? null };
  return {
    ...page,
    enrolments: old ? page.enrolments.map((e) => (e.id === next.id ? merged : e)) : [merged, ...page.enrolments],
  };
}

export interface CoursePage {
  courses: CourseSummary[];
  next_cursor: string | null;
}

/** Lower-case letters and digits joined by single hyphens (the API's slugs and module ids). */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The Certificates contract's `courseId` of a course: keccak256 of its slug (as the API mints it). */
export function certificateCourseId(slug: string): Hex {
  return keccak256(stringToBytes(slug));
}

/** Whole percent of the modules done, 0 for a course without modules. */
export function progressPercent(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((done * 100) / total)));
}

/** Every module done and not completed yet: the course can be completed (and its certificate queued). */
export function completable(enrolment: Pick<Enrolment, "completed_at" | "progress">): boolean {
  const { done, total } = enrolment.progress;
  return enrolment.completed_at === null && total > 0 && done >= total;
}

/** The issuer still works on it (the page polls until it is confirmed or failed). */
export const certificatePending = (status: CertificateStatus): boolean => status === "queued" || status === "submitted";

export type QuizCheck =
  | { ok: true; answers: number[] }
  /** `unanswered`: the questions without a choice, numbered from 1. */
  | { ok: false; key: "quizUnanswered"; unanswered: number[] };

/** One chosen index per question, in order; names the questions left without a choice. */
export function checkQuizAnswers(chosen: readonly (number | undefined)[], questions: number): QuizCheck {
  const unanswered: number[] = [];
  const answers: number[] = [];
  for (let i = 0; i < questions; i++) {
    const choice = chosen[i];
    if (choice === undefined || !Number.isInteger(choice) || choice < 0) unanswered.push(i + 1);
    else answers.push(choice);
  }
  return unanswered.length > 0 || questions === 0
    ? { ok: false, key: "quizUnanswered", unanswered }
    : { ok: true, answers };
}

/** The score and pass mark from the API's 422 `quiz-not-passed` sentence, when it has them. */
export function quizNotPassed(message: string): { score: number; passMark: number } | undefined {
  const match = /scored (\d{1,3})%; the pass mark is (\d{1,3})%/.exec(message);
  return match ? { score: Number(match[1]), passMark: Number(match[2]) } : undefined;
}

/**
 * A link the page may open for a module's media or scene: http(s) as is, `ipfs://<cid>` through the
 * app's gateway (/ipfs/<cid>, which serves whole CIDs, not paths inside them); anything else
 * (javascript:, data:, an IPFS path) is not linked.
 */
export function contentHref(url: string): string | undefined {
  if (url.startsWith("ipfs://")) {
    const cid = url.slice("ipfs://".length);
    return /^[A-Za-z0-9]{1,128}$/.test(cid) ? `/ipfs/${cid}` : undefined;
  }
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.toString() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where a link in a course's Markdown may point: what contentHref allows (http(s), ipfs://<cid> via
 * the gateway) and the app's own pages ("/hub", "#part-2"); anything else (javascript:, data:,
 * protocol-relative "//host") is not linked.
 */
export function markdownHref(url: string): string | undefined {
  const text = url.trim();
  if (/^#[^\s]*$/.test(text) || /^\/(?![/\\])[^\s]*$/.test(text)) return text;
  return contentHref(text);
}

/** How often and how long the page asks the Certificates contract about a minted certificate. */
export const CHAIN_CHECK = { intervalMs: 5_000, tries: 12 } as const;

/**
 * The on-chain check of a certificate: only once the API says it is minted (confirmed); asked again
 * every 5 s until the recipient is seen holding it, at most `CHAIN_CHECK.tries` times (then a button
 * asks again). Answers the refetch interval, false to stop.
 */
export function chainCheckInterval(state: { held: boolean | undefined; tries: number }): number | false {
  if (state.held) return false;
  return state.tries < CHAIN_CHECK.tries ? CHAIN_CHECK.intervalMs : false;
}

/** Only a minted certificate is looked for on chain (a queued, submitted or failed one is not there). */
export const chainCheckable = (status: CertificateStatus): boolean => status === "confirmed";

// ---------------------------------------------------------------------------------------------------
// Creating a course (POST /education/create-vr-course): one lesson and one quiz, kept simple.
// ---------------------------------------------------------------------------------------------------

export interface CourseForm {
  slug: string;
  title: string;
  description: string;
  lessonTitle: string;
  lessonBody: string;
  quizTitle: string;
  quizPrompt: string;
  /** One choice per line. */
  quizChoices: string;
  /** The index of the right choice (as the select's value), "" when none is chosen. */
  quizAnswer: string;
  /** Percent of the questions to get right. */
  passMark: string;
  /** The chain the course's certificates are minted on (a select's value). */
  chainId: string;
}

export type CourseField = keyof CourseForm;

export type CourseErrorKey =
  | "slugInvalid"
  | "titleMissing"
  | "titleTooLong"
  | "descriptionTooLong"
  | "lessonTitleMissing"
  | "lessonBodyMissing"
  | "lessonBodyTooLong"
  | "quizTitleMissing"
  | "quizPromptMissing"
  | "quizChoicesCount"
  | "quizChoiceTooLong"
  | "quizAnswerMissing"
  | "passMarkInvalid"
  | "chainMissing";

export interface CreateCourseBody {
  slug: string;
  title: string;
  description: string;
  modules: CourseModule[];
  vr: false;
  chain_id: number;
  publish: false;
}

export type CourseCheck =
  { ok: true; body: CreateCourseBody } | { ok: false; errors: Partial<Record<CourseField, CourseErrorKey>> };

/** The choices typed one per line: trimmed, blank lines dropped. */
export function parseChoices(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/**
 * Checks the course form as the API will (slug, lengths, 2–8 choices, a right answer among them, a
 * pass mark of 1–100 %, a chain the app knows a Certificates contract on) and builds the body: a draft
 * with the lesson `lesson-1` and the quiz `quiz-1`, published afterwards.
 */
export function checkCourse(form: CourseForm, certificateChains: readonly number[]): CourseCheck {
  const errors: Partial<Record<CourseField, CourseErrorKey>> = {};
  const slug = form.slug.trim();
  if (slug.length === 0 || slug.length > 64 || !SLUG_PATTERN.test(slug)) errors.slug = "slugInvalid";
  const title = form.title.trim();
  if (title.length === 0) errors.title = "titleMissing";
  else if (title.length > 200) errors.title = "titleTooLong";
  const description = form.description.trim();
  if (description.length > 5000) errors.description = "descriptionTooLong";
  const lessonTitle = form.lessonTitle.trim();
  if (lessonTitle.length === 0) errors.lessonTitle = "lessonTitleMissing";
  else if (lessonTitle.length > 200) errors.lessonTitle = "titleTooLong";
  const lessonBody = form.lessonBody.trim();
  if (lessonBody.length === 0) errors.lessonBody = "lessonBodyMissing";
  else if (lessonBody.length > 20_000) errors.lessonBody = "lessonBodyTooLong";
  const quizTitle = form.quizTitle.trim();
  if (quizTitle.length === 0) errors.quizTitle = "quizTitleMissing";
  else if (quizTitle.length > 200) errors.quizTitle = "titleTooLong";
  const prompt = form.quizPrompt.trim();
  if (prompt.length === 0 || prompt.length > 1000) errors.quizPrompt = "quizPromptMissing";
  const choices = parseChoices(form.quizChoices);
  if (choices.length < 2 || choices.length > 8) errors.quizChoices = "quizChoicesCount";
  else if (choices.some((c) => c.length > 300)) errors.quizChoices = "quizChoiceTooLong";
  const answer = /^\d+$/.test(form.quizAnswer) ? Number(form.quizAnswer) : undefined;
  if (answer === undefined || answer >= choices.length) errors.quizAnswer = "quizAnswerMissing";
  const passMark = /^\d{1,3}$/.test(form.passMark.trim()) ? Number(form.passMark.trim()) : undefined;
  if (passMark === undefined || passMark < 1 || passMark > 100) errors.passMark = "passMarkInvalid";
  const chainId = /^\d+$/.test(form.chainId) ? Number(form.chainId) : undefined;
  if (chainId === undefined || !certificateChains.includes(chainId)) errors.chainId = "chainMissing";
  if (Object.keys(errors).length > 0 || answer === undefined || passMark === undefined || chainId === undefined) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    body: {
      slug,
      title,
      description,
      modules: [
        { id: "lesson-1", title: lessonTitle, kind: "lesson", body: lessonBody },
        {
          id: "quiz-1",
          title: quizTitle,
          kind: "quiz",
          questions: [{ prompt, choices, answer }],
          pass_mark: passMark,
        },
      ],
      vr: false,
      chain_id: chainId,
      publish: false,
    },
  };
}
