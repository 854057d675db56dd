"use client";
import { useId, type ButtonHTMLAttributes, type InputHTMLAttributes, type ReactNode } from "react";

/**
 * A labelled input of the account forms: `aria-invalid` while `invalid` (by default, while there is
 * an `error`), and the error under it.
 */
export function Field({
  label,
  error,
  invalid = !!error,
  ...input
}: {
  label: string;
  /** The field's message, already translated; nothing is shown without one. */
  error?: string | undefined;
  invalid?: boolean;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "aria-invalid">) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} {...input} aria-invalid={invalid ? true : undefined} />
      {error ? <p className="field-error">{error}</p> : null}
    </div>
  );
}

/** A message read out as it appears (`role="alert"`): a failure, by default; nothing without one. */
export function Alert({ message, className = "form-error" }: { message: ReactNode; className?: string }) {
  return message ? (
    <p className={className} role="alert">
      {message}
    </p>
  ) : null;
}

/** A button that is off and says `pendingLabel` while its action is under way. */
export function PendingButton({
  pending,
  pendingLabel,
  disabled,
  type = "button",
  children,
  ...button
}: {
  pending: boolean;
  pendingLabel: string;
  children: ReactNode;
} & Omit<ButtonHTMLAttributes<HTMLButtonElement>, "children">) {
  return (
    <button type={type} disabled={pending || !!disabled} {...button}>
      {pending ? pendingLabel : children}
    </button>
  );
}
