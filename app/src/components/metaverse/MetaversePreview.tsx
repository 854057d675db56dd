"use client";
import { useQueries } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { usePublicClient } from "wagmi";

import { readPoolCandles } from "../../data/candles.ts";
import { poolTvlUsd } from "../../data/pools.ts";
import { useMarket } from "../../hooks/useMarket.ts";
import { useMoney } from "../../hooks/useMoney.ts";
import { useActiveChain } from "../../hooks/useRuntime.ts";
import { buildScene, type MarketInput } from "../../lib/metaverse.ts";
import { Empty, ErrorState, Loading } from "../States.tsx";

const MarketScene = dynamic(() => import("./MarketScene.tsx"), {
  ssr: false,
  loading: () => <Loading />,
});

let webglSupport: boolean | undefined;
/** Whether this browser can draw WebGL (asked once per page load). */
function canDrawWebGl(): boolean {
  if (webglSupport === undefined) {
    try {
      const canvas = document.createElement("canvas");
      webglSupport = !!(canvas.getContext("webgl2") ?? canvas.getContext("webgl"));
    } catch {
      webglSupport = false;
    }
  }
  return webglSupport;
}
const noSubscribe = () => () => {};

/** Whether this browser can draw WebGL (null on the server). */
function useWebGl(): boolean | null {
  return useSyncExternalStore(noSubscribe, canDrawWebGl, () => null);
}

/** Whether the browser offers immersive VR (WebXR), for the trading floor to come. */
function useXrSupport(): "yes" | "no" | "unknown" {
  const [state, setState] = useState<"yes" | "no" | "unknown">("unknown");
  useEffect(() => {
    const xr = (navigator as Navigator & { xr?: { isSessionSupported(mode: string): Promise<boolean> } }).xr;
    let live = true;
    Promise.resolve(xr ? xr.isSessionSupported("immersive-vr") : false).then(
      (ok) => live && setState(ok ? "yes" : "no"),
      () => live && setState("no"),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}

const reducedMotionQuery = "(prefers-reduced-motion: reduce)";
function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(
    (notify) => {
      const mq = window.matchMedia(reducedMotionQuery);
      mq.addEventListener("change", notify);
      return () => mq.removeEventListener("change", notify);
    },
    () => window.matchMedia(reducedMotionQuery).matches,
    () => true,
  );
}

/**
 * The entry to the trading floor: every pool of the active chain in 3D, live (reserves every 10 s,
 * candles every 20 s, from chain), with the same figures in a table for keyboards and screen readers.
 */
export function MetaversePreview() {
  const t = useTranslations("metaverse");
  const locale = useLocale();
  const money = useMoney();
  const chain = useActiveChain();
  const client = usePublicClient({ chainId: chain.chainId });
  const market = useMarket();
  const webgl = useWebGl();
  const xr = useXrSupport();
  const reducedMotion = usePrefersReducedMotion();
  const [paused, setPaused] = useState(false);
  const [active, setActive] = useState<string>();
  const pools = useMemo(() => market.data?.pools ?? [], [market.data]);
  const candles = useQueries({
    queries: pools.map((pool) => ({
      queryKey: ["candles", chain.chainId, pool.address],
      enabled: !!client,
      refetchInterval: 20_000,
      queryFn: () => readPoolCandles(client!, pool),
    })),
  });
  // Cheap (at most MAX_LANES pools × MAX_CANDLES candles): rebuilt on every render.
  const scene = buildScene(
    pools.map((p, i): MarketInput => ({
      id: p.address,
      label: `${p.token0.symbol}/${p.token1.symbol}`,
      tvlUsd: market.data ? poolTvlUsd(p, market.data.usd) : undefined,
      candles: candles[i]?.data ?? [],
    })),
  );

  if (!chain.deployed) return <Empty>{t("notDeployed", { chainId: chain.chainId })}</Empty>;
  if (market.isPending) return <Loading />;
  if (market.isError) return <ErrorState error={market.error} retry={() => void market.refetch()} />;
  if (pools.length === 0) return <Empty>{t("noPools")}</Empty>;

  const pct = (x: number | undefined) =>
    x === undefined
      ? t("noTrades")
      : new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2, signDisplay: "exceptZero" }).format(
          x,
        );
  const candlesLoading = candles.some((q) => q.isPending);
  const candlesFailed = candles.filter((q) => q.isError);
  const spin = !paused && !reducedMotion;

  return (
    <div className="stack">
      <section className="card" aria-labelledby="floor-title">
        <h2 id="floor-title">{t("previewTitle")}</h2>
        <p className="hint">{t("previewHint")}</p>
        <div className="scene" data-testid="market-scene" data-lanes={scene.lanes.length}>
          {webgl === null ? (
            <Loading />
          ) : webgl ? (
            <MarketScene scene={scene} active={active} onActive={setActive} spin={spin} />
          ) : (
            <Empty>{t("noWebgl")}</Empty>
          )}
        </div>
        <div className="button-row">
          <button
            type="button"
            className="button-secondary"
            aria-pressed={!spin}
            disabled={reducedMotion}
            onClick={() => setPaused((p) => !p)}
          >
            {spin ? t("pause") : t("turn")}
          </button>
          {candlesLoading ? <span className="small muted">{t("loadingCandles")}</span> : null}
          {scene.omitted > 0 ? <span className="small muted">{t("omitted", { count: scene.omitted })}</span> : null}
        </div>
        {candlesFailed.length > 0 ? (
          <ErrorState
            error={new Error(t("candlesFailed", { count: candlesFailed.length }))}
            retry={() => candlesFailed.forEach((q) => void q.refetch())}
          />
        ) : null}
      </section>
      <table className="table" data-testid="market-legend">
        <caption>{t("legend")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("pool")}</th>
            <th scope="col">{t("tvl")}</th>
            <th scope="col">{t("change")}</th>
            <th scope="col">{t("candles")}</th>
          </tr>
        </thead>
        <tbody>
          {scene.rows.map((row) => (
            <tr
              key={row.id}
              data-testid="market-row"
              data-on-floor={row.onFloor}
              className={row.id === active ? "row-active" : undefined}
              onMouseEnter={() => setActive(row.id)}
              onMouseLeave={() => setActive(undefined)}
            >
              <th scope="row">
                {row.onFloor ? (
                  <button
                    type="button"
                    className="link-button"
                    aria-pressed={row.id === active}
                    onClick={() => setActive(row.id === active ? undefined : row.id)}
                  >
                    {row.label}
                  </button>
                ) : (
                  row.label
                )}
              </th>
              <td>{money(row.tvlUsd)}</td>
              <td className={!row.change ? undefined : row.change > 0 ? "up" : "down"}>{pct(row.change)}</td>
              <td>{row.candles}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section className="card" aria-labelledby="xr-title">
        <h2 id="xr-title">{t("floorTitle")}</h2>
        <p>{t("floorText")}</p>
        <p className="small" data-testid="xr-support">
          {xr === "unknown" ? t("xrChecking") : xr === "yes" ? t("xrYes") : t("xrNo")}
        </p>
      </section>
    </div>
  );
}
