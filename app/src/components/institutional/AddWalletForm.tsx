"use client";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";

import { shortAddress } from "../../lib/format.ts";
import { checkName, checkWalletToAdd, checksummed, type LinkedWallet } from "../../lib/institutional.ts";

export interface AddWalletRequest {
  name: string;
  walletId: string;
  address: string;
}

/**
 * Add a trading account with a wallet to the portfolio: a name and the wallet's address, which must
 * be a valid address and one of the signed-in user's verified wallets (the API trades from no other).
 * Nothing is sent until both are right.
 */
export function AddWalletForm({
  wallets,
  chainId,
  defaultAddress = "",
  busy,
  error,
  onSubmit,
}: {
  /** The user's linked wallets (GET /auth/siwe/wallets). */
  wallets: readonly LinkedWallet[];
  /** The chain whose link of the address is preferred. */
  chainId: number;
  defaultAddress?: string;
  busy: boolean;
  error?: string | undefined;
  onSubmit: (request: AddWalletRequest) => void;
}) {
  const t = useTranslations("institutional.accounts");
  const te = useTranslations("institutional.errors");
  const id = useId();
  const [name, setName] = useState("");
  const [address, setAddress] = useState(defaultAddress);
  const [touched, setTouched] = useState(false);
  const nameCheck = checkName(name);
  const walletCheck = checkWalletToAdd(address, wallets, chainId);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!nameCheck.ok || !walletCheck.ok || busy) return;
    onSubmit({ name: nameCheck.name, walletId: walletCheck.wallet.id, address: walletCheck.wallet.address });
  };
  const verified = [...new Map(wallets.filter((w) => w.verified_at).map((w) => [w.address.toLowerCase(), w])).values()];
  const nameBad = touched && !nameCheck.ok;
  const addressBad = touched && !walletCheck.ok;
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t("addTitle")}>
      <h3>{t("addTitle")}</h3>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t("name")}</label>
        <input
          id={`${id}-name`}
          value={name}
          maxLength={200}
          placeholder={t("namePlaceholder")}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={nameBad ? true : undefined}
          aria-describedby={nameBad ? `${id}-name-error` : undefined}
        />
      </div>
      {touched && !nameCheck.ok ? (
        <p className="field-error" role="alert" id={`${id}-name-error`}>
          {te(nameCheck.key)}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-address`}>{t("address")}</label>
        <input
          id={`${id}-address`}
          className="mono"
          value={address}
          spellCheck={false}
          autoComplete="off"
          placeholder="0x…"
          onChange={(e) => setAddress(e.target.value)}
          aria-invalid={addressBad ? true : undefined}
          aria-describedby={`${id}-address-hint${addressBad ? ` ${id}-address-error` : ""}`}
        />
        <span className="small muted" id={`${id}-address-hint`}>
          {t("addressHint")}
        </span>
      </div>
      {touched && !walletCheck.ok ? (
        <p className="field-error" role="alert" id={`${id}-address-error`}>
          {te(walletCheck.key)}
        </p>
      ) : null}
      {verified.length > 0 ? (
        <div className="button-row" role="group" aria-label={t("linkedWallets")}>
          <span className="small muted">{t("linkedWallets")}</span>
          {verified.map((w) => (
            <button
              key={w.id}
              type="button"
              className="link-button mono"
              onClick={() => setAddress(checksummed(w.address))}
              aria-label={t("useWallet", { address: checksummed(w.address) })}
            >
              {shortAddress(checksummed(w.address))}
            </button>
          ))}
        </div>
      ) : (
        <p className="small muted">{t("noLinkedWallets")}</p>
      )}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="button-row">
        <button type="submit" disabled={busy}>
          {busy ? t("adding") : t("add")}
        </button>
      </div>
    </form>
  );
}
