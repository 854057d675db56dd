import { describe, expect, it } from "vitest";

import {
  CHAIN_CHECK,
  chainCheckable,
  chainCheckInterval,
  certificateCourseId,
  checkCourse,
  checkQuizAnswers,
  completable,
  contentHref,
  markdownHref,
  mergeEnrolment,
  parseChoices,
  progressPercent,
  quizNotPassed,
  type CourseForm,
  type Enrolment,
} from "./education.ts";

const form: CourseForm = {
  slug: "defi-101",
  title: " DeFi 101 ",
  description: "Swaps and pools.",
  lessonTitle: "What is an AMM",
  lessonBody: "x · y = k",
  quizTitle: "Check",
  quizPrompt: "What stays constant?",
  quizChoices: "x + y\n\n  x · y  \n",
  quizAnswer: "1",
  passMark: "100",
  chainId: "31337",
};

describe("certificate course id", () => {
  it("is keccak256 of the slug's UTF-8 bytes, as the API mints it", () => {
    expect(certificateCourseId("")).toBe("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    expect(certificateCourseId("defi-101")).toBe("0x838d9f1f0d897fe4dd3c53dc789f74c67e8991ff46efb627a17f16e5709e602b");
  });
});

describe("progress", () => {
  it("is whole percent of the modules done, 0 without modules", () => {
    expect(progressPercent(1, 3)).toBe(33);
    expect(progressPercent(3, 3)).toBe(100);
    expect(progressPercent(0, 0)).toBe(0);
    expect(progressPercent(5, 3)).toBe(100);
  });

  it("is completable once every module is done and only once", () => {
    const base = { completed_at: null, progress: { done: 2, total: 2, modules: [] } };
    expect(completable(base)).toBe(true);
    expect(completable({ ...base, progress: { done: 1, total: 2, modules: [] } })).toBe(false);
    expect(completable({ ...base, completed_at: "2026-01-01T00:00:00.000Z" })).toBe(false);
    expect(completable({ ...base, progress: { done: 0, total: 0, modules: [] } })).toBe(false);
  });
});

describe("quiz answers", () => {
  it("sends one choice per question, in order", () => {
    expect(checkQuizAnswers([2, 0, 1], 3)).toEqual({ ok: true, answers: [2, 0, 1] });
  });

  it("names the questions left without a choice, from 1", () => {
    expect(checkQuizAnswers([undefined, 1], 3)).toEqual({ ok: false, key: "quizUnanswered", unanswered: [1, 3] });
    expect(checkQuizAnswers([], 1)).toEqual({ ok: false, key: "quizUnanswered", unanswered: [1] });
  });

  it("reads the score and pass mark from the API's refusal", () => {
    expect(quizNotPassed("You scored 50%; the pass mark is 80%. Review the module and try again.")).toEqual({
      score: 50,
      passMark: 80,
    });
    expect(quizNotPassed("something else")).toBeUndefined();
  });
});

describe("content links", () => {
  it("opens http(s) as is and an ipfs:// CID through the app's gateway, nothing else", () => {
    expect(contentHref("https://example.org/a.mp4")).toBe("https://example.org/a.mp4");
    expect(contentHref("ipfs://bafyabc")).toBe("/ipfs/bafyabc");
    expect(contentHref("ipfs://bafyabc/scene.glb")).toBeUndefined();
    expect(contentHref("javascript:alert(1)")).toBeUndefined();
    expect(contentHref("data:text/html,hi")).toBeUndefined();
    expect(contentHref("not a url")).toBeUndefined();
  });
});

describe("course form", () => {
  it("builds a draft with a lesson and a graded quiz", () => {
    const check = checkCourse(form, [31337]);
    expect(check).toEqual({
      ok: true,
      body: {
        slug: "defi-101",
        title: "DeFi 101",
        description: "Swaps and pools.",
        modules: [
          { id: "lesson-1", title: "What is an AMM", kind: "lesson", body: "x · y = k" },
          {
            id: "quiz-1",
            title: "Check",
            kind: "quiz",
            questions: [{ prompt: "What stays constant?", choices: ["x + y", "x · y"], answer: 1 }],
            pass_mark: 100,
          },
        ],
        vr: false,
        chain_id: 31337,
        publish: false,
      },
    });
  });

  it("parses choices one per line, without blanks", () => {
    expect(parseChoices(" a \r\n\nb\n ")).toEqual(["a", "b"]);
  });

  it("names every field the API would refuse", () => {
    const check = checkCourse(
      {
        ...form,
        slug: "DeFi 101",
        title: " ",
        lessonBody: "",
        quizChoices: "only one",
        quizAnswer: "",
        passMark: "0",
        chainId: "1",
      },
      [31337],
    );
    expect(check).toEqual({
      ok: false,
      errors: {
        slug: "slugInvalid",
        title: "titleMissing",
        lessonBody: "lessonBodyMissing",
        quizChoices: "quizChoicesCount",
        quizAnswer: "quizAnswerMissing",
        passMark: "passMarkInvalid",
        chainId: "chainMissing",
      },
    });
  });

  it("refuses slugs with double or edge hyphens, a right answer beyond the choices, and a pass mark above 100", () => {
    const errors = (patch: Partial<CourseForm>) => {
      const check = checkCourse({ ...form, ...patch }, [31337]);
      return check.ok ? {} : check.errors;
    };
    expect(errors({ slug: "defi--101" }).slug).toBe("slugInvalid");
    expect(errors({ slug: "-defi" }).slug).toBe("slugInvalid");
    expect(errors({ slug: "a".repeat(65) }).slug).toBe("slugInvalid");
    expect(errors({ quizAnswer: "2" }).quizAnswer).toBe("quizAnswerMissing");
    expect(errors({ passMark: "101" }).passMark).toBe("passMarkInvalid");
    expect(errors({ passMark: "7.5" }).passMark).toBe("passMarkInvalid");
    expect(errors({ quizChoices: "a\n" + "b".repeat(301) }).quizChoices).toBe("quizChoiceTooLong");
  });
});

describe("cached enrolments", () => {
  const enrolment = (id: string, done: number, certificate: Enrolment["certificate"] = null): Enrolment => ({
    id,
    course: { id: `c-${id}`, slug: `s-${id}`, title: id },
    enrolled_at: "2026-12-01T00:00:00.000Z",
    completed_at: null,
    progress: { done, total: 2, modules: [] },
    certificate,
  });

  it("replaces the enrolment the API answered with, keeping its certificate", () => {
    const cert = { id: "cert", status: "queued" as const };
    const page = { enrolments: [enrolment("a", 0), enrolment("b", 1, cert)], next_cursor: null };
    const next = mergeEnrolment(page, enrolment("b", 2));
    expect(next?.enrolments.map((e) => [e.id, e.progress.done, e.certificate])).toEqual([
      ["a", 0, null],
      ["b", 2, cert],
    ]);
  });

  it("puts a new enrolment first, and leaves an unloaded list alone", () => {
    const page = { enrolments: [enrolment("a", 0)], next_cursor: null };
    expect(mergeEnrolment(page, enrolment("c", 0))?.enrolments.map((e) => e.id)).toEqual(["c", "a"]);
    expect(mergeEnrolment(undefined, enrolment("c", 0))).toBeUndefined();
  });
});

describe("links in course Markdown", () => {
  it("keeps http(s), IPFS through the gateway and the app's own pages", () => {
    expect(markdownHref("https://docs.example/amm")).toBe("https://docs.example/amm");
    expect(markdownHref("ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi")).toBe(
      "/ipfs/bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
    );
    expect(markdownHref("/hub")).toBe("/hub");
    expect(markdownHref("#quiz")).toBe("#quiz");
  });

  it("drops script, data and protocol-relative links", () => {
    expect(markdownHref("javascript:alert(1)")).toBeUndefined();
    expect(markdownHref("data:text/html,<b>x</b>")).toBeUndefined();
    expect(markdownHref("//tracker.example/p")).toBeUndefined();
    expect(markdownHref("/\\tracker.example/p")).toBeUndefined();
  });
});

describe("the on-chain check of a certificate", () => {
  it("is made only for a minted certificate", () => {
    expect(chainCheckable("confirmed")).toBe(true);
    expect(chainCheckable("queued")).toBe(false);
    expect(chainCheckable("submitted")).toBe(false);
    expect(chainCheckable("failed")).toBe(false);
  });

  it("stops once the certificate is held", () => {
    expect(chainCheckInterval({ held: true, tries: 1 })).toBe(false);
  });

  it("asks again every 5 s until the tries run out", () => {
    expect(chainCheckInterval({ held: undefined, tries: 0 })).toBe(5_000);
    expect(chainCheckInterval({ held: false, tries: CHAIN_CHECK.tries - 1 })).toBe(5_000);
    expect(chainCheckInterval({ held: false, tries: CHAIN_CHECK.tries })).toBe(false);
    expect(chainCheckInterval({ held: false, tries: CHAIN_CHECK.tries + 5 })).toBe(false);
  });
});
