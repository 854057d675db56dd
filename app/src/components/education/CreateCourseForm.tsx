"use client";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent, type ReactNode } from "react";

import {
  checkCourse,
  parseChoices,
  type CourseField,
  type CourseForm,
  type CreateCourseBody,
} from "../../lib/education.ts";
import { ErrorState } from "../States.tsx";

/**
 * Create a course (educators and admins): a slug, a title, one lesson and one single-question quiz,
 * and the chain its certificates are minted on. Every field is checked as the API will before the
 * draft is sent; it is published afterwards.
 */
export function CreateCourseForm({
  chains,
  busy,
  error,
  onSubmit,
}: {
  /** The chains with a Certificates contract (the first is preselected). */
  chains: readonly { chainId: number; name: string }[];
  busy: boolean;
  error?: unknown;
  onSubmit: (body: CreateCourseBody) => void;
}) {
  const t = useTranslations("education.create");
  const base = useId();
  const [form, setForm] = useState<CourseForm>({
    slug: "",
    title: "",
    description: "",
    lessonTitle: "",
    lessonBody: "",
    quizTitle: "",
    quizPrompt: "",
    quizChoices: "",
    quizAnswer: "",
    passMark: "100",
    chainId: chains[0] ? String(chains[0].chainId) : "",
  });
  const [touched, setTouched] = useState(false);
  const check = checkCourse(
    form,
    chains.map((c) => c.chainId),
  );
  const errors = touched && !check.ok ? check.errors : {};
  const choices = parseChoices(form.quizChoices);
  const set = (field: CourseField) => (value: string) => setForm((f) => ({ ...f, [field]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (busy || !check.ok) return;
    onSubmit(check.body);
  };
  const field = (name: CourseField, label: string, control: (props: ControlProps) => ReactNode, hint?: string) => {
    const id = `${base}-${name}`;
    const message = errors[name] ? t(`errors.${errors[name]}`) : undefined;
    const describedBy = message ? `${id}-error` : hint ? `${id}-hint` : undefined;
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {control({
          id,
          "aria-invalid": message ? true : undefined,
          ...(describedBy ? { "aria-describedby": describedBy } : {}),
        })}
        {hint ? (
          <div className="hint" id={`${id}-hint`}>
            {hint}
          </div>
        ) : null}
        {message ? (
          <p id={`${id}-error`} className="field-error" role="alert">
            {message}
          </p>
        ) : null}
      </div>
    );
  };
  const input =
    (name: CourseField, extra: { maxLength?: number; inputMode?: "numeric" } = {}) =>
    (props: ControlProps) => (
      <input {...props} {...extra} value={form[name]} onChange={(e) => set(name)(e.target.value)} />
    );
  const textarea = (name: CourseField, rows: number) => (props: ControlProps) => (
    <textarea {...props} rows={rows} value={form[name]} onChange={(e) => set(name)(e.target.value)} />
  );
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t("title")}>
      {field("slug", t("slug"), input("slug", { maxLength: 64 }), t("slugHint"))}
      {field("title", t("courseTitle"), input("title", { maxLength: 200 }))}
      {field("description", t("description"), textarea("description", 2))}
      {field("lessonTitle", t("lessonTitle"), input("lessonTitle", { maxLength: 200 }))}
      {field("lessonBody", t("lessonBody"), textarea("lessonBody", 4))}
      {field("quizTitle", t("quizTitle"), input("quizTitle", { maxLength: 200 }))}
      {field("quizPrompt", t("quizPrompt"), input("quizPrompt", { maxLength: 1000 }))}
      {field("quizChoices", t("quizChoices"), textarea("quizChoices", 3), t("quizChoicesHint"))}
      {field("quizAnswer", t("quizAnswer"), (props) => (
        <select {...props} value={form.quizAnswer} onChange={(e) => set("quizAnswer")(e.target.value)}>
          <option value="">{t("chooseAnswer")}</option>
          {choices.map((c, i) => (
            <option key={i} value={String(i)}>
              {c}
            </option>
          ))}
        </select>
      ))}
      <div className="field-row">
        {field("passMark", t("passMark"), input("passMark", { maxLength: 3, inputMode: "numeric" }))}
        {field("chainId", t("chain"), (props) => (
          <select {...props} value={form.chainId} onChange={(e) => set("chainId")(e.target.value)}>
            {chains.map((c) => (
              <option key={c.chainId} value={String(c.chainId)}>
                {c.name} ({c.chainId})
              </option>
            ))}
          </select>
        ))}
      </div>
      {error ? <ErrorState error={error} /> : null}
      <div className="button-row">
        <button type="submit" disabled={busy || chains.length === 0}>
          {busy ? t("submitting") : t("submit")}
        </button>
      </div>
    </form>
  );
}

interface ControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby"?: string;
}
