"use client";
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useCallback, useEffect, useId, useMemo, useState, useSyncExternalStore } from "react";
import { zeroAddress, type Address } from "viem";
import { usePublicClient } from "wagmi";

import { readPoolsCandles } from "../../data/candles.ts";
import { readDecisions, readPortfolios } from "../../data/oracle.ts";
import { poolTvlUsd, type Pool } from "../../data/pools.ts";
import { useMarket } from "../../hooks/useMarket.ts";
import { useMoney } from "../../hooks/useMoney.ts";
import { useActiveChain } from "../../hooks/useRuntime.ts";
import { formatAmount } from "../../lib/amounts.ts";
import { poolDepth } from "../../lib/depth.ts";
import type { Instrument } from "../../lib/floor.ts";
import { floorPositionsOf, humanAmount, humanAmounts } from "../../lib/floorPositions.ts";
import { buildScene, candleBoxes, priceChange, type MarketInput } from "../../lib/metaverse.ts";
import type { SwapFormState } from "../hub/SwapForm.tsx";
import { Empty, ErrorState, Loading } from "../States.tsx";
import { usePortfolio, usePortfolioChains } from "../portfolio/usePortfolio.ts";
import type { FloorDepth, FloorPanel, FloorPosition, FloorPositionsState } from "./FloorScene.tsx";
import { FloorRoom, useFloorRoom } from "./FloorRoom.tsx";

const FloorScene = dynamic(() => import("./FloorScene.tsx"), {
  ssr: false,
  loading: () => <Loading />,
});

// The swap form of a pool is loaded when a pool is first selected.
const SwapPanel = dynamic(() => import("../hub/SwapPanel.tsx").then((m) => m.SwapPanel), {
  loading: () => <Loading />,
});

/** The oracle network's feeds, each a tower on the floor. */
const FEEDS = ["PriceFeed", "DecisionFeed", "PortfolioFeed"] as const;

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

/** Whether the browser offers immersive VR (WebXR). */
function useXrSupport(): "yes" | "no" | "unknown" {
  const [state, setState] = useState<"yes" | "no" | "unknown">("unknown");
  useEffect(() => {
    const xr = typeof navigator === "undefined" ? undefined : navigator.xr;
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

const label = (p: Pool) => `${p.token0.symbol}/${p.token1.symbol}`;

/**
 * The trading floor: every pool and oracle feed of the active chain as a tower, live (reserves every
 * 10 s, candles every 20 s from the subgraph, feeds every 30 s); choose one (point, click, or in the
 * table) for its candles, depth and a swap through the wallet; enter in VR or AR; meet others in a
 * room. The same figures are in the DOM (table, panel, lists) for keyboards and screen readers.
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
  const [selected, setSelected] = useState<string>();
  const [swapState, setSwapState] = useState<SwapFormState>();
  const formId = useId();
  const pools = useMemo(() => market.data?.pools ?? [], [market.data]);
  // Every pool's candles in one request (the subgraph; the chain only without one), not one per pool.
  const poolCandles = useQuery({
    queryKey: ["pool-candles", chain.chainId, pools.map((p) => p.address).join(",")],
    enabled: !!client && pools.length > 0,
    refetchInterval: 20_000,
    queryFn: () => readPoolsCandles(client!, chain.chainId, pools),
  });
  const candles = pools.map((p) => poolCandles.data?.byPool.get(p.address.toLowerCase()) ?? []);
  const feeds = FEEDS.flatMap((name) => {
    const address = chain.address(name);
    return address ? [{ name, address }] : [];
  });
  const decisionFeed = chain.address("DecisionFeed");
  const portfolioFeed = chain.address("PortfolioFeed");
  const decisions = useQuery({
    queryKey: ["floor-decision", chain.chainId, decisionFeed],
    enabled: !!client && !!decisionFeed,
    refetchInterval: 30_000,
    queryFn: () => readDecisions(client!, decisionFeed!, 1),
  });
  const portfolios = useQuery({
    queryKey: ["floor-portfolio", chain.chainId, portfolioFeed],
    enabled: !!client && !!portfolioFeed,
    refetchInterval: 30_000,
    queryFn: () => readPortfolios(client!, portfolioFeed!, 1),
  });
  // The visitor's own positions on this chain: the /portfolio page's reads and valuation (wallet
  // balances, LP in the wallet and the farm, stake, index vault), the same query and cache.
  const portfolioChains = usePortfolioChains();
  const floorChains = useMemo(
    () => (chain.account ? portfolioChains.filter((c) => c.chainId === chain.chainId) : []),
    [portfolioChains, chain.account, chain.chainId],
  );
  const held = usePortfolio(floorChains, chain.account ?? zeroAddress)[0];
  const [positionsState, setPositionsState] = useState<FloorPositionsState>();
  const room = useFloorRoom();

  // Cheap (pools × MAX_CANDLES candles): rebuilt on every render.
  const scene = buildScene(
    pools.map((p, i): MarketInput => ({
      id: p.address,
      label: label(p),
      tvlUsd: market.data ? poolTvlUsd(p, market.data.usd) : undefined,
      candles: candles[i] ?? [],
    })),
  );
  const candleKey = String(poolCandles.dataUpdatedAt);
  const feedKey = feeds.map((f) => f.address).join(",");
  const instruments = useMemo(
    (): Instrument[] => [
      ...pools.map((p, i): Instrument => ({
        id: p.address,
        label: label(p),
        kind: "pool",
        tvlUsd: market.data ? poolTvlUsd(p, market.data.usd) : undefined,
        change: priceChange(candles[i] ?? []),
      })),
      ...feeds.map((f): Instrument => ({
        id: f.address,
        label: f.name,
        kind: "feed",
        tvlUsd: undefined,
        change: undefined,
      })),
    ],
    // candles are an array rebuilt every render; their update times say when they changed
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [pools, market.data, candleKey, feedKey],
  );

  const pool = pools.find((p) => p.address === selected);
  const poolIndex = pool ? pools.indexOf(pool) : -1;
  const feed = feeds.find((f) => f.address === selected);
  const depth = pool ? poolDepth(pool.reserve0, pool.reserve1) : [];
  const floorDepth: FloorDepth[] = pool
    ? depth.map((d) => ({
        bps: d.bps,
        sell0: pool.reserve0 > 0n ? Number((d.sell0 * 1000n) / pool.reserve0) / 1000 : 0,
        sell1: pool.reserve1 > 0n ? Number((d.sell1 * 1000n) / pool.reserve1) / 1000 : 0,
      }))
    : [];
  const amount = (v: bigint, decimals: number) => formatAmount(v, decimals, { locale, maxFractionDigits: 4 });
  const pct = (x: number | undefined) =>
    x === undefined
      ? t("noTrades")
      : new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2, signDisplay: "exceptZero" }).format(
          x,
        );

  const decision = decisions.data?.[0];
  const portfolio = portfolios.data?.[0];
  const decisionLine = decision
    ? t("decisionLine", {
        action: decision.action.toUpperCase(),
        symbol: decision.symbol,
        size: (decision.sizeBps / 100).toFixed(1),
        confidence: (decision.confidenceBps / 100).toFixed(0),
      })
    : t("noDecision");
  const weightsLine = portfolio
    ? portfolio.weights.map((w) => `${w.symbol} ${(w.bps / 100).toFixed(1)} %`).join(" · ")
    : t("noPortfolio");

  const submitSwap = useCallback(() => {
    const form = document.getElementById(formId);
    if (form instanceof HTMLFormElement) form.requestSubmit();
  }, [formId]);

  const panel: FloorPanel | undefined = pool
    ? {
        title: label(pool),
        lines: [
          `${t("tvl")}: ${money(instruments.find((i) => i.id === pool.address)?.tvlUsd)} · ${t("change")}: ${pct(
            priceChange(candles[poolIndex] ?? []),
          )}`,
          ...depth.map((d) =>
            t("depthLine", {
              band: d.bps / 100,
              sell0: amount(d.sell0, pool.token0.decimals),
              symbol0: pool.token0.symbol,
              sell1: amount(d.sell1, pool.token1.decimals),
              symbol1: pool.token1.symbol,
            }),
          ),
          swapState
            ? t("quoteLine", {
                amountIn: amount(swapState.amountIn, swapState.tokenIn.decimals),
                symbolIn: swapState.tokenIn.symbol,
                out: amount(swapState.out, swapState.tokenOut.decimals),
                symbolOut: swapState.tokenOut.symbol,
                impact: (swapState.impactBps / 100).toFixed(2),
              })
            : t("quoteNone"),
          t("confirmInWallet"),
        ],
        ...(swapState
          ? {
              action: {
                label: swapState.needsApproval
                  ? t("approveAction", { symbol: swapState.tokenIn.symbol })
                  : t("swapAction"),
                disabled: swapState.blocked || !chain.account,
                onPress: submitSwap,
              },
            }
          : {}),
      }
    : feed
      ? {
          title: feed.name,
          lines:
            feed.name === "DecisionFeed"
              ? [decisionLine]
              : feed.name === "PortfolioFeed"
                ? [weightsLine]
                : [t("priceFeedLine")],
        }
      : undefined;

  const heldData = held?.data;
  const positionItems = useMemo(() => (heldData ? floorPositionsOf(heldData) : []), [heldData]);
  // money() is a new function every render; what it prints for $1 says when its currency or rates changed
  const moneyKey = money(1);
  const positions = useMemo(
    (): (FloorPosition & { title: string; lines: readonly string[] })[] =>
      positionItems.map((p) => ({
        id: p.id,
        kind: p.kind,
        label: p.label,
        weight: p.weight,
        title: t("positionTitle", { kind: t(`positionKind.${p.kind}`), label: p.label }),
        lines: [
          humanAmount(p.amount, locale),
          ...p.extras.map((x) => t(`positionExtra.${x.kind}`, { amounts: humanAmounts(x.amounts, locale) })),
          t("positionValue", { value: money(p.usd) }),
        ],
      })),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [positionItems, locale, t, moneyKey],
  );
  const focusedPosition = positions.find((p) => p.id === positionsState?.focused);

  if (!chain.deployed) return <Empty>{t("notDeployed", { chainId: chain.chainId })}</Empty>;
  if (market.isPending) return <Loading />;
  if (market.isError) return <ErrorState error={market.error} retry={() => void market.refetch()} />;
  if (pools.length === 0) return <Empty>{t("noPools")}</Empty>;

  const candlesLoading = poolCandles.isPending;
  const spin = !paused && !reducedMotion;
  const select = (id: string | undefined) => {
    setSelected(id);
    setSwapState(undefined);
  };
  const other = (p: Pool, token: Address) => (p.token0.address === token ? p.token1.address : p.token0.address);

  return (
    <div className="stack">
      <section className="card" aria-labelledby="floor-title">
        <h2 id="floor-title">{t("previewTitle")}</h2>
        <p className="hint">{t("previewHint")}</p>
        <div data-testid="market-scene" data-towers={instruments.length}>
          {webgl === null ? (
            <Loading />
          ) : webgl ? (
            <FloorScene
              instruments={instruments}
              selected={selected}
              onSelect={select}
              candles={pool ? candleBoxes(candles[poolIndex] ?? []) : []}
              depth={floorDepth}
              panel={panel}
              positions={positions}
              onPositions={setPositionsState}
              avatars={room.avatars}
              {...(room.connected ? { onPose: room.sendPose } : {})}
              spin={spin}
              labels={{
                enterVr: t("enterVr"),
                enterAr: t("enterAr"),
                exit: t("exitXr"),
                noXr: t("noXr"),
                controls: t("controls"),
                xrFailed: (failure, mode) => {
                  switch (failure.kind) {
                    case "notSupported":
                      return t("xrFailedNotSupported", { mode });
                    case "security":
                      return t("xrFailedSecurity", { mode });
                    case "notAllowed":
                      return t("xrFailedNotAllowed", { mode });
                    case "busy":
                      return t("xrFailedBusy", { mode });
                    default:
                      return t("xrFailedOther", { mode, error: failure.detail });
                  }
                },
                dismiss: t("xrFailedDismiss"),
              }}
            />
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
        </div>
        {poolCandles.isError ? (
          <ErrorState
            error={new Error(t("candlesFailed", { count: pools.length }))}
            retry={() => void poolCandles.refetch()}
          />
        ) : null}
      </section>
      {panel ? (
        // The 3D panel's text, for screen readers and whoever prefers reading it here.
        <section className="card" aria-live="polite" aria-labelledby="floor-panel-title" data-testid="floor-panel">
          <h2 id="floor-panel-title">{panel.title}</h2>
          <ul className="plain">
            {panel.lines.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
          {pool ? (
            <table className="table" data-testid="floor-depth">
              <caption>{t("depthTitle")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("band")}</th>
                  <th scope="col">{t("sellSide", { symbol: pool.token0.symbol })}</th>
                  <th scope="col">{t("sellSide", { symbol: pool.token1.symbol })}</th>
                </tr>
              </thead>
              <tbody>
                {depth.map((d) => (
                  <tr key={d.bps}>
                    <th scope="row">±{d.bps / 100} %</th>
                    <td>{amount(d.sell0, pool.token0.decimals)}</td>
                    <td>{amount(d.sell1, pool.token1.decimals)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : null}
      {pool && market.data ? (
        <SwapPanel
          key={pool.address}
          market={market.data}
          formId={formId}
          initialIn={pool.token1.address}
          initialOut={other(pool, pool.token1.address)}
          initialAmount="1"
          onStateChange={setSwapState}
        />
      ) : null}
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
            <tr key={row.id} data-testid="market-row" className={row.id === selected ? "row-active" : undefined}>
              <th scope="row">
                <button
                  type="button"
                  className="link-button"
                  aria-pressed={row.id === selected}
                  onClick={() => select(row.id === selected ? undefined : row.id)}
                >
                  {row.label}
                </button>
              </th>
              <td>{money(row.tvlUsd)}</td>
              <td className={!row.change ? undefined : row.change > 0 ? "up" : "down"}>{pct(row.change)}</td>
              <td>{row.candles}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section className="card" aria-labelledby="feeds-title">
        <h2 id="feeds-title">{t("feedsTitle")}</h2>
        <ul className="plain" data-testid="floor-feeds">
          {feeds.map((f) => (
            <li key={f.address}>
              <button
                type="button"
                className="link-button"
                aria-pressed={f.address === selected}
                onClick={() => select(f.address === selected ? undefined : f.address)}
              >
                {f.name}
              </button>
            </li>
          ))}
        </ul>
        <p>{decisionLine}</p>
        <p>
          {t("weights")}: {weightsLine}
        </p>
      </section>
      <section className="card" aria-labelledby="positions-title" data-testid="floor-positions-card">
        <h2 id="positions-title">{t("positionsTitle")}</h2>
        {!chain.account ? (
          <p className="small muted">{t("positionsConnect")}</p>
        ) : !held || held.isPending ? (
          <Loading />
        ) : held.isError && !held.data ? (
          <ErrorState
            error={new Error(t("positionsFailed", { error: held.error.message }))}
            retry={() => void held.refetch()}
          />
        ) : positions.length === 0 ? (
          <p className="small muted">{t("positionsNone")}</p>
        ) : (
          <>
            <p className="small muted">{t("positionsHint")}</p>
            {/* The objects' text for screen readers: what each is, the amount, the value, where it is. */}
            <ul className="plain" data-testid="floor-positions">
              {positions.map((p) => {
                const state = positionsState?.places[p.id];
                return (
                  <li
                    key={p.id}
                    data-testid="floor-position"
                    data-id={p.id}
                    data-kind={p.kind}
                    data-place={state ? state.place.map((v) => v.toFixed(2)).join(",") : ""}
                    data-held={state?.held ? "true" : "false"}
                    aria-current={p.id === focusedPosition?.id ? "true" : undefined}
                  >
                    <strong>{p.title}</strong> — {p.lines.join(" · ")}
                    {state?.held ? ` (${t("positionHeld")})` : ""}
                  </li>
                );
              })}
            </ul>
            {focusedPosition ? (
              // the open 3D panel (pointed at or held), in the DOM
              <div aria-live="polite" data-testid="floor-position-panel">
                <h3>{focusedPosition.title}</h3>
                <ul className="plain">
                  {focusedPosition.lines.map((line, i) => (
                    <li key={i}>{line}</li>
                  ))}
                </ul>
              </div>
            ) : null}
          </>
        )}
      </section>
      <FloorRoom room={room} />
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
