// Demo NFTs: generated SVG artworks and a strategy NFT with a real backtest, stored in IPFS (the
// embedded store under .peper/ipfs, or Kubo when IPFS_API_URL is set) and minted with royalties;
// two listed on the Marketplace; a course certificate issued to a demo learner.
import { join } from "node:path";

import { backtest } from "../../offchain/src/engines/backtest/backtest.ts";
import { openIpfsStore, type IpfsStore } from "../../offchain/src/ipfs/store.ts";
import { upload, uploadMetadata } from "../../offchain/src/ipfs/upload.ts";
import { loadEuStockMarkets } from "../../offchain/src/market/euStocks.ts";
import { ROOT } from "../lib/runtime.ts";
import type { DemoContext } from "./context.ts";

const ART = 0;
const STRATEGY = 1;

/** A deterministic abstract artwork: rings and a polygon in a palette chosen by `seed`. */
export function artwork(seed: number, title: string): string {
  const palettes = [
    ["#0b132b", "#1c2541", "#3a506b", "#5bc0be", "#f4d35e"],
    ["#2b2d42", "#8d99ae", "#edf2f4", "#ef233c", "#d90429"],
    ["#003049", "#d62828", "#f77f00", "#fcbf49", "#eae2b7"],
    ["#1b4332", "#2d6a4f", "#40916c", "#95d5b2", "#f1faee"],
  ];
  const p = palettes[seed % palettes.length]!;
  const rings = Array.from({ length: 6 }, (_, i) => {
    const r = 180 - i * 26;
    return `<circle cx="200" cy="200" r="${r}" fill="none" stroke="${p[(i + seed) % p.length]}" stroke-width="${10 + ((seed * 7 + i * 3) % 12)}"/>`;
  });
  const sides = 3 + (seed % 5);
  const points = Array.from({ length: sides }, (_, k) => {
    const a = (2 * Math.PI * k) / sides + seed;
    return `${(200 + 70 * Math.cos(a)).toFixed(1)},${(200 + 70 * Math.sin(a)).toFixed(1)}`;
  }).join(" ");
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400">',
    `<title>${title}</title>`,
    `<rect width="400" height="400" fill="${p[0]}"/>`,
    ...rings,
    `<polygon points="${points}" fill="${p[4]}" opacity="0.9"/>`,
    "</svg>",
  ].join("");
}

async function mintArt(ctx: DemoContext, store: IpfsStore, who: number, seed: number) {
  const name = `Peper Genesis #${seed}`;
  const image = await upload(store, new TextEncoder().encode(artwork(seed, name)), "image/svg+xml");
  const metadata = await uploadMetadata(store, {
    name,
    description: "Generative rings from the Peper genesis collection (SVG, stored in IPFS).",
    image: image.uri,
    attributes: [
      { trait_type: "Palette", value: seed % 4 },
      { trait_type: "Polygon sides", value: 3 + (seed % 5) },
    ],
  });
  const collectibles = await ctx.ethers.getContractAt("Collectibles", ctx.address("Collectibles"));
  const minter = ctx.accounts[who]!;
  await (await collectibles.connect(minter).mint(metadata.cid, 500n, ART)).wait();
  return Number(await collectibles.totalMinted());
}

/** A strategy NFT: a 20/60-day moving-average crossover on the DAX, with its real backtest. */
async function mintStrategy(ctx: DemoContext, store: IpfsStore) {
  const closes = loadEuStockMarkets().closes.DAX;
  const days: number[] = [];
  const positions: number[] = [];
  const mean = (from: number, to: number) => closes.slice(from, to + 1).reduce((a, b) => a + b, 0) / (to - from + 1);
  for (let t = 60; t < closes.length - 1; t++) {
    days.push(t);
    positions.push(mean(t - 19, t) > mean(t - 59, t) ? 1 : 0);
  }
  const result = backtest(closes, days, positions, { feeBps: 10, slippageBps: 5 });
  const name = "Strategy: DAX 20/60 trend";
  const image = await upload(store, new TextEncoder().encode(artwork(7, name)), "image/svg+xml");
  const metadata = await uploadMetadata(store, {
    name,
    description:
      "Long the DAX while its 20-day average is above its 60-day average, flat otherwise. Backtested on the real EuStockMarkets data (1991–1998) with 10 bps fees and 5 bps slippage.",
    image: image.uri,
    attributes: [
      { trait_type: "Kind", value: "Strategy" },
      { trait_type: "Sharpe", value: Number(result.metrics.sharpe.toFixed(2)) },
    ],
    strategy: {
      config: { market: "DAX", fast: 20, slow: 60, rule: "long when fast MA > slow MA", feeBps: 10, slippageBps: 5 },
      backtest: {
        days: result.days,
        sharpe: Number(result.metrics.sharpe.toFixed(3)),
        maxDrawdown: Number(result.metrics.maxDrawdown.toFixed(4)),
        totalReturn: Number(result.totalReturn.toFixed(4)),
        annualTurnover: Number(result.annualTurnover.toFixed(2)),
      },
    },
  });
  const collectibles = await ctx.ethers.getContractAt("Collectibles", ctx.address("Collectibles"));
  await (await collectibles.connect(ctx.accounts[2]!).mint(metadata.cid, 750n, STRATEGY)).wait();
  return Number(await collectibles.totalMinted());
}

export async function demoNfts(ctx: DemoContext): Promise<void> {
  const stateDir = process.env.PEPER_STATE_DIR ?? join(ROOT, ".peper");
  const store = await openIpfsStore(join(stateDir, "ipfs"));
  try {
    const { ethers } = ctx;
    const [alice, bob] = ctx.accounts;
    const first = await mintArt(ctx, store, 0, 1);
    await mintArt(ctx, store, 0, 2);
    const third = await mintArt(ctx, store, 1, 3);
    await mintArt(ctx, store, 1, 4);
    const strategy = await mintStrategy(ctx, store);

    // Two fixed-price listings in ETH for 30 days.
    const collectibles = await ethers.getContractAt("Collectibles", ctx.address("Collectibles"));
    const market = await ethers.getContractAt("Marketplace", ctx.address("Marketplace"));
    const expiry = BigInt((await ethers.provider.getBlock("latest"))!.timestamp) + 30n * 86_400n;
    for (const [seller, tokenId, price] of [
      [alice!, first, ethers.parseEther("0.1")],
      [bob!, third, ethers.parseEther("0.05")],
    ] as const) {
      await (await collectibles.connect(seller).setApprovalForAll(ctx.address("Marketplace"), true)).wait();
      await (
        await market.connect(seller).list(ctx.address("Collectibles"), tokenId, ethers.ZeroAddress, price, expiry)
      ).wait();
    }

    // A soulbound certificate: Dave completed "DeFi 101"; the issuer (account #6) records it.
    const certificates = await ethers.getContractAt("Certificates", ctx.address("Certificates"));
    const badge = await upload(store, new TextEncoder().encode(artwork(11, "DeFi 101")), "image/svg+xml");
    const completedAt = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
    const certificate = await uploadMetadata(store, {
      name: "Certificate — DeFi 101",
      description: "Completed Peper Academy's DeFi 101: AMMs, staking, governance and oracles.",
      image: badge.uri,
      attributes: [
        { trait_type: "Course", value: "peper-defi-101" },
        { trait_type: "Completed", value: new Date(Number(completedAt) * 1000).toISOString().slice(0, 10) },
      ],
    });
    await (
      await certificates
        .connect(ctx.accounts[6]!)
        .issue(ctx.accounts[3]!.address, ethers.id("peper-defi-101"), completedAt, certificate.cid)
    ).wait();
    console.log(
      `demo: NFTs #1–#${strategy} minted (images in IPFS, ${store.kind} store), #${first} and #${third} listed, a DeFi 101 certificate issued`,
    );
  } finally {
    await store.close();
  }
}
