"use client";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";

import { ApiError } from "../../lib/apiClient.ts";
import { checkQuizAnswers, quizNotPassed, type QuizQuestion } from "../../lib/education.ts";
import { ErrorState } from "../States.tsx";

/**
 * A quiz module: one choice per question (radio buttons), checked here (every question answered)
 * before the answers go to the API, which grades them; a score below the pass mark comes back as 422
 * `quiz-not-passed` and is shown with the score.
 */
export function QuizForm({
  title,
  questions,
  busy,
  error,
  disabled,
  onSubmit,
}: {
  title: string;
  questions: readonly QuizQuestion[];
  busy: boolean;
  error?: unknown;
  /** Why the answers cannot be sent now (not enrolled, not signed in). */
  disabled?: string;
  onSubmit: (answers: number[]) => void;
}) {
  const t = useTranslations("education.quiz");
  const id = useId();
  const [chosen, setChosen] = useState<(number | undefined)[]>([]);
  const [touched, setTouched] = useState(false);
  const check = checkQuizAnswers(chosen, questions.length);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (disabled || busy || !check.ok) return;
    onSubmit(check.answers);
  };
  const failed =
    error instanceof ApiError && error.code === "quiz-not-passed" ? quizNotPassed(error.message) : undefined;
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={title}>
      {questions.map((q, i) => (
        <fieldset key={i}>
          <legend>
            {t("question", { number: i + 1 })}: {q.prompt}
          </legend>
          {q.choices.map((choice, c) => (
            <label key={c} className="radio">
              <input
                type="radio"
                name={`${id}-q${i}`}
                value={c}
                checked={chosen[i] === c}
                onChange={() => {
                  const next = [...chosen];
                  next[i] = c;
                  setChosen(next);
                }}
              />
              {choice}
            </label>
          ))}
        </fieldset>
      ))}
      {touched && !check.ok ? (
        <p className="field-error" role="alert">
          {t("unanswered", { questions: check.unanswered.join(", ") })}
        </p>
      ) : null}
      {disabled ? <p className="form-warning">{disabled}</p> : null}
      {failed ? (
        <p className="form-error" role="alert" data-testid="quiz-not-passed">
          {t("notPassed", { score: failed.score, passMark: failed.passMark })}
        </p>
      ) : error ? (
        <ErrorState error={error} />
      ) : null}
      <div className="button-row">
        <button type="submit" disabled={busy || !!disabled}>
          {busy ? t("submitting") : t("submit")}
        </button>
      </div>
    </form>
  );
}
