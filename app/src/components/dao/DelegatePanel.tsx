"use client";
import { useLocale, useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { isAddress, zeroAddress, type Abi, type Address } from "viem";
import { useConfig } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";

import { peperTokenAbi } from "@protocol/generated/abis/PeperToken.ts";

import { useVoter } from "../../hooks/useGovernance.ts";
import { useActiveChain } from "../../hooks/useRuntime.ts";
import { useTransactor } from "../../hooks/useTransactor.ts";
import { formatAmount } from "../../lib/amounts.ts";
import { ErrorMessage } from "../ErrorMessage.tsx";
import { NetworkNotice } from "../NetworkNotice.tsx";
import { ErrorState, Loading } from "../States.tsx";
import { Stat, Stats } from "../Stat.tsx";

/** Voting power: PEPER counts only once delegated, to oneself or to someone else. */
export function DelegatePanel() {
  const t = useTranslations("dao.delegate");
  const locale = useLocale();
  const config = useConfig();
  const chain = useActiveChain();
  const voter = useVoter();
  const tx = useTransactor(chain.chainId);
  const inputId = useId();
  const [to, setTo] = useState("");
  const [touched, setTouched] = useState(false);
  const token = chain.address("PeperToken");
  if (voter.isPending) return <Loading />;
  if (voter.isError) return <ErrorState error={voter.error} retry={() => void voter.refetch()} />;
  const v = voter.data;
  const valid = to.trim() === "" || isAddress(to.trim());
  const delegate = (target: Address) => {
    if (!token || !chain.account || chain.problem) return;
    void tx.run(t("label", { to: `${target.slice(0, 6)}…${target.slice(-4)}` }), peperTokenAbi as Abi, async () => {
      const { request } = await simulateContract(config, {
        address: token,
        abi: peperTokenAbi,
        functionName: "delegate",
        args: [target],
        account: chain.account!,
        chainId: chain.chainId,
      });
      return writeContract(config, request);
    });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    const target = to.trim();
    if (!isAddress(target)) return;
    delegate(target);
  };
  return (
    <form className="card form" onSubmit={submit} noValidate aria-label={t("title")}>
      <h2>{t("title")}</h2>
      <Stats>
        <Stat label={t("balance")}>{formatAmount(v.balance, 18, { locale })} PEPER</Stat>
        <Stat label={t("votes")} testId="voting-power">
          {formatAmount(v.votes, 18, { locale })}
        </Stat>
        <Stat label={t("delegate")} testId="current-delegate">
          {v.delegate === zeroAddress ? t("none") : v.delegate === chain.account ? t("self") : v.delegate}
        </Stat>
      </Stats>
      {v.connected && v.delegate === zeroAddress && v.balance > 0n ? <p className="form-warning">{t("hint")}</p> : null}
      <div className="field">
        <label htmlFor={inputId}>{t("to")}</label>
        <input
          id={inputId}
          value={to}
          placeholder="0x…"
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setTo(e.target.value)}
          aria-invalid={(touched && !valid) || undefined}
        />
        {touched && (!valid || to.trim() === "") ? (
          <p className="field-error" role="alert">
            {t("badAddress")}
          </p>
        ) : null}
      </div>
      <NetworkNotice problem={chain.problem} />
      <ErrorMessage error={tx.error} />
      <div className="button-row">
        <button
          type="button"
          disabled={tx.busy || !!chain.problem}
          onClick={() => chain.account && delegate(chain.account)}
        >
          {t("toSelf")}
        </button>
        <button type="submit" className="button-secondary" disabled={tx.busy || !!chain.problem}>
          {t("submit")}
        </button>
      </div>
    </form>
  );
}
