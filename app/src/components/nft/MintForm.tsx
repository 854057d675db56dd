"use client";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";

import type { NetworkProblem } from "../../hooks/useRuntime.ts";
import type { DecodedError } from "../../lib/decodeError.ts";
import { checkImageFile, checkRoyalty, IMAGE_LIMITS } from "../../lib/nft.ts";
import { ErrorMessage } from "../ErrorMessage.tsx";
import { NetworkNotice } from "../NetworkNotice.tsx";

export interface MintRequest {
  file: File;
  name: string;
  description: string;
  royaltyBps: number;
}

/**
 * Mint a Collectibles token: an image (checked against the gateway's limits before upload), a name,
 * a description and a royalty in percent (at most 10 %). Nothing is uploaded or sent until it all checks.
 */
export function MintForm({
  problem,
  busy,
  error,
  onSubmit,
}: {
  problem?: NetworkProblem;
  busy: boolean;
  error?: DecodedError;
  onSubmit: (request: MintRequest) => void;
}) {
  const t = useTranslations("nft.mint");
  const ids = { file: useId(), name: useId(), description: useId(), royalty: useId() };
  const [file, setFile] = useState<File>();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [royalty, setRoyalty] = useState("5");
  const [touched, setTouched] = useState(false);
  const fileCheck = checkImageFile(file);
  const royaltyCheck = checkRoyalty(royalty);
  const nameOk = name.trim().length > 0 && name.trim().length <= 100;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (problem || !fileCheck.ok || !royaltyCheck.ok || !nameOk || !file) return;
    onSubmit({ file, name: name.trim(), description: description.trim(), royaltyBps: royaltyCheck.bps });
  };
  const fieldError = (id: string, message: string | undefined) =>
    message ? (
      <p id={`${id}-error`} className="field-error" role="alert">
        {message}
      </p>
    ) : null;
  const fileMessage = touched && !fileCheck.ok ? t(fileCheck.key) : undefined;
  const nameMessage = touched && !nameOk ? t("nameMissing") : undefined;
  const royaltyMessage = !royaltyCheck.ok && (touched || royalty !== "") ? t(royaltyCheck.key) : undefined;
  return (
    <form className="card form" onSubmit={submit} noValidate aria-label={t("title")}>
      <h2>{t("title")}</h2>
      <div className="field">
        <label htmlFor={ids.file}>{t("image")}</label>
        <input
          id={ids.file}
          type="file"
          accept={Object.keys(IMAGE_LIMITS).join(",")}
          onChange={(e) => {
            setFile(e.target.files?.[0]);
            setTouched(true);
          }}
          aria-invalid={fileMessage ? true : undefined}
          aria-describedby={fileMessage ? `${ids.file}-error` : `${ids.file}-hint`}
        />
        <div className="hint" id={`${ids.file}-hint`}>
          {t("imageHint")}
        </div>
        {fileMessage && fieldError(ids.file, fileMessage)}
      </div>
      <div className="field">
        <label htmlFor={ids.name}>{t("name")}</label>
        <input
          id={ids.name}
          value={name}
          maxLength={100}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={nameMessage ? true : undefined}
          aria-describedby={nameMessage ? `${ids.name}-error` : undefined}
        />
        {fieldError(ids.name, nameMessage)}
      </div>
      <div className="field">
        <label htmlFor={ids.description}>{t("description")}</label>
        <textarea
          id={ids.description}
          rows={3}
          maxLength={2000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.royalty}>{t("royalty")}</label>
        <div className="amount-row">
          <input
            id={ids.royalty}
            inputMode="decimal"
            autoComplete="off"
            value={royalty}
            onChange={(e) => setRoyalty(e.target.value)}
            aria-invalid={royaltyMessage ? true : undefined}
            aria-describedby={royaltyMessage ? `${ids.royalty}-error` : `${ids.royalty}-hint`}
          />
          <span className="unit">%</span>
        </div>
        <div className="hint" id={`${ids.royalty}-hint`}>
          {t("royaltyHint")}
        </div>
        {fieldError(ids.royalty, royaltyMessage)}
      </div>
      <NetworkNotice problem={problem} />
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="submit" disabled={busy || !!problem}>
          {busy ? t("minting") : t("submit")}
        </button>
      </div>
    </form>
  );
}
