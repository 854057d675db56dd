// End to end: the dApp in Debian's Chromium (driven by playwright-core) against the whole local
// stack, with an injected EIP-1193 test wallet holding Hardhat's dev account #1 (Bob: PEPER, USDC
// and 40M delegated votes in the demo state). Connect; swap; add liquidity; stake; delegate and
// vote. A screenshot of every page (desktop and phone width) goes to app/test-results/.
//
// PEPER_E2E_APP_URL + PEPER_E2E_RPC_A/B point it at an app and stack already running (development).
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import {
  createPublicClient,
  createWalletClient,
  decodeFunctionData,
  erc20Abi,
  getAddress,
  http,
  numberToHex,
  pad,
  toEventSelector,
  toFunctionSelector,
  type Address,
  type Hex,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { totpCode } from "../../offchain/src/api/auth/totp.ts";
import { collectiblesAbi, marketplaceAbi } from "../../offchain/src/protocol/generated/abis.ts";

import { formatAmount } from "../src/lib/amounts.ts";
import { APP_DIR, buildIfStale, startApp, startStack, stop, type App, type Stack } from "./servers.ts";
import { installTestWallet, type TestWallet } from "./wallet.ts";

const BOB_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
/** Hardhat's dev account #2, a buyer outside the browser. */
const CAROL_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
const SHOTS = join(APP_DIR, "test-results");
/** Every top-level route of the app (a page.tsx in a folder of app/src/app) and the landing page. */
const ROUTES = [
  "/",
  ...readdirSync(join(APP_DIR, "src", "app"), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(APP_DIR, "src", "app", d.name, "page.tsx")))
    .map((d) => `/${d.name}`),
];
const CHROMIUM = process.env.PEPER_CHROMIUM ?? "/usr/bin/chromium";
/** A 2×2 PNG (red, green, blue, white) for the mint. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFElEQVR4nGP4z8DAAMIM/////w8AH+4F+7C4l8kAAAAASUVORK5CYII=",
  "base64",
);

/** Polls until the locator has a visible match; bounded by attempts, not by a clock. */
async function visible(locator: Locator, attempts = 240): Promise<Locator> {
  for (let i = 0; i < attempts; i++) {
    if ((await locator.count()) > 0 && (await locator.first().isVisible())) return locator.first();
    await new Promise((r) => setTimeout(r, 250));
  }
  // What the page showed instead, for whoever reads the failure (app/test-results/failure-*.png).
  await locator
    .page()
    .screenshot({ path: join(SHOTS, `failure-${Date.now()}.png`), fullPage: true })
    .catch(() => {});
  throw new Error(`not visible after ${attempts} attempts: ${String(locator)}`);
}

/**
 * Waits until an image has loaded (lazy images are scrolled into view first) and returns its natural
 * width: 0 when it failed to load, -1 when it had not finished after `attempts` polls. `complete`
 * read once races the download (CI stop 25 failed on it); awaiting decode() could wait for ever.
 */
async function loadedWidth(img: Locator, attempts = 240): Promise<number> {
  await img.scrollIntoViewIfNeeded();
  for (let i = 0; i < attempts; i++) {
    const width = await img.evaluate((el: HTMLImageElement) => (el.complete ? el.naturalWidth : -1));
    if (width >= 0) return width;
    await new Promise((r) => setTimeout(r, 250));
  }
  return -1;
}

/** The locator's text once it is no longer `transient` (a placeholder such as "Checking approval…"). */
async function textAfter(locator: Locator, transient: string): Promise<string> {
  const element = await visible(locator);
  let text = await element.innerText();
  for (let i = 0; i < 240 && text === transient; i++) {
    await new Promise((r) => setTimeout(r, 250));
    text = await element.innerText();
  }
  return text;
}

/** Waits for a transaction notice whose label contains `text` to be confirmed (fails fast on failed). */
async function confirmed(page: Page, text: string | RegExp): Promise<void> {
  const notice = page.locator(".notice", { hasText: text }).last();
  for (let i = 0; i < 480; i++) {
    const status = (await notice.count()) > 0 ? await notice.getAttribute("data-status") : null;
    if (status === "confirmed") return;
    if (status === "failed") throw new Error(`transaction failed: ${await notice.innerText()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no confirmed notice for ${String(text)}`);
}

/** Chooses a token in the swap form's picker ("You pay" / "You receive"), by its symbol. */
async function pickToken(form: Locator, side: "You pay" | "You receive", symbol: string): Promise<void> {
  await (await visible(form.getByRole("button", { name: new RegExp(`^${side} `) }))).click();
  const dialog = await visible(form.page().getByRole("dialog", { name: `${side}: choose a token` }));
  await dialog.getByRole("button", { name: new RegExp(`^${symbol} `) }).click();
}

let chainRpc = "";

/** Moves the local chain's clock (a node-side call, as a test would: not through the app). */
async function chainTime(seconds: number): Promise<void> {
  for (const [method, params] of [
    ["evm_increaseTime", [seconds]],
    ["evm_mine", []],
  ] as const) {
    const res = await fetch(chainRpc, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    assert.ok(res.ok, `${method}: ${res.status}`);
  }
}

/** The API through the app's /api/v5 proxy, as an admin would use it from a script (not the page). */
async function apiCall<T>(
  base: string,
  path: string,
  options: { method?: string; body?: unknown; token?: string } = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}/api/v5${path}`, {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers: {
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** npm start's bootstrap admin: registering admin@peper.test while no admin exists makes it one. */
const ADMIN = { email: "admin@peper.test", password: "e2e admin password 42", region: "DE" };
async function adminToken(base: string): Promise<string> {
  const reg = await apiCall(base, "/auth/register", { body: ADMIN });
  assert.ok(reg.status === 201 || reg.status === 409, `register the admin: ${reg.status} ${JSON.stringify(reg.body)}`);
  const login = await apiCall<{ access_token: string }>(base, "/auth/global-login", { body: ADMIN });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  return login.body.access_token;
}

/** Gives the e2e wallet's account a role (as the admin), for the pages that need one. */
async function grantRole(base: string, email: string, role: string): Promise<void> {
  const token = await adminToken(base);
  const users = await apiCall<{ users: { id: string; email: string }[] }>(base, "/admin/users", { token });
  const user = users.body.users.find((u) => u.email === email);
  assert.ok(user, `${email} has an account`);
  const put = await apiCall(base, `/admin/users/${user.id}/role`, { method: "PUT", body: { role }, token });
  assert.equal(put.status, 200, JSON.stringify(put.body));
}

/** A new role arrives with a new sign-in: sign out and in again with the wallet (no e-mail now). */
async function signInAgain(page: Page): Promise<void> {
  // A role change ends the account's sessions (issue 21): the page may find its token refused and sign
  // out by itself before or after it shows the session, so either state leads to the sign-in form.
  const signOut = page.getByTestId("signed-in").getByRole("button", { name: "Sign out" });
  const form = page.getByRole("form", { name: "Sign in with your wallet" });
  for (let i = 0; i < 240; i++) {
    if ((await form.count()) > 0 && (await form.first().isVisible())) break;
    if ((await signOut.count()) > 0 && (await signOut.first().isVisible())) {
      // a refused token may sign the page out between the check and the click: click it only if it is
      // still there (a locator's click would wait for a button that is gone)
      await page.evaluate(() => {
        const buttons = document.querySelectorAll<HTMLButtonElement>('[data-testid="signed-in"] button');
        Array.from(buttons)
          .find((b) => b.textContent?.trim() === "Sign out")
          ?.click();
      });
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const signIn = await visible(form);
  await signIn.getByRole("button", { name: "Sign in" }).click();
  await visible(page.getByTestId("signed-in"));
}

/**
 * How far the page scrolls sideways, and the deepest elements that stick out (for the message), once
 * the layout has settled after a resize: read again (bounded) while it overflows, since charts and
 * canvases follow the viewport through a ResizeObserver a frame or more later.
 */
async function sideways(page: Page): Promise<{ overflow: number; culprits: string }> {
  let last = await sidewaysNow(page);
  for (let i = 0; i < 20 && last.overflow > 1; i++) {
    await new Promise((r) => setTimeout(r, 250));
    last = await sidewaysNow(page);
  }
  return last;
}

async function sidewaysNow(page: Page): Promise<{ overflow: number; culprits: string }> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const out: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const r = el.getBoundingClientRect();
      if (r.right <= width + 1 || r.width === 0) continue;
      // only the innermost: none of its children sticks out too
      if (Array.from(el.children).some((c) => c.getBoundingClientRect().right > width + 1)) continue;
      // clipped by a scrolling or hidden-overflow box that itself fits: not what scrolls the page
      let clipped = false;
      for (let a = el.parentElement; a && !clipped; a = a.parentElement) {
        clipped =
          getComputedStyle(el).position !== "absolute" &&
          getComputedStyle(a).overflowX !== "visible" &&
          a.getBoundingClientRect().right <= width + 1;
      }
      if (clipped) continue;
      const id = el.getAttribute("data-testid") ?? el.className.toString().split(" ")[0] ?? "";
      out.push(
        `${el.tagName.toLowerCase()}${id ? `.${id}` : ""} (${Math.round(r.right - width)}px: ${(el.textContent ?? "").slice(0, 40)})`,
      );
      if (out.length >= 5) break;
    }
    return { overflow: document.documentElement.scrollWidth - width, culprits: out.join("; ") };
  });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

describe("the dApp against the local stack", () => {
  let stateDir: string | undefined;
  let stack: Stack | undefined;
  let app: App | undefined;
  let browser: Browser;
  let page: Page;
  let wallet: TestWallet;
  let url: string;
  const errors: string[] = [];
  const consoleErrors: string[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    let rpcUrls: Record<number, string>;
    if (process.env.PEPER_E2E_APP_URL) {
      url = process.env.PEPER_E2E_APP_URL;
      rpcUrls = { 31337: process.env.PEPER_E2E_RPC_A!, 31338: process.env.PEPER_E2E_RPC_B! };
    } else {
      buildIfStale();
      stateDir = mkdtempSync(join(tmpdir(), "peper-app-e2e-"));
      stack = await startStack(stateDir);
      app = await startApp(stack);
      url = app.url;
      rpcUrls = stack.rpcUrls;
    }
    chainRpc = rpcUrls[31337]!;
    // WebGL (the /metaverse preview) in headless Chromium: the SwiftShader software renderer.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
    });
    const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(0); // every wait below is bounded by an attempt count instead
    page = await context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(`${m.text()} ${m.location().url}`);
    });
    wallet = await installTestWallet(page, { privateKey: BOB_KEY, rpcUrls, chainId: 31337 });
  });

  after(async () => {
    await browser?.close();
    await stop(app);
    await stop(stack);
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it("shows the markets with prices read from chain, before any wallet is connected", async () => {
    await page.goto(`${url}/global`);
    await visible(page.getByRole("heading", { name: "A DeFi protocol its token holders run" }));
    const tvl = await visible(page.getByTestId("total-tvl"));
    for (let i = 0; i < 120 && !/\$/.test(await tvl.innerText()); i++) await new Promise((r) => setTimeout(r, 250));
    assert.match(await tvl.innerText(), /^\$[\d,]+/);
    await visible(page.getByRole("row", { name: /PEPER.*USDC/ }));
    await visible(page.getByTestId("candle-chart").locator("canvas"));
    await shot(page, "global");
  });

  it("shows a visitor without a wallet the real data of the NFT, market, oracle, learning and institution pages", async () => {
    // A context of its own: no injected wallet at all, as a first-time visitor arrives.
    const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(0);
    const visitor = await context.newPage();
    const visitorErrors: string[] = [];
    visitor.on("pageerror", (e) => visitorErrors.push(e.message));
    const signIn = () => visitor.getByRole("form", { name: "Sign in with your wallet" });
    const until = async (read: () => Promise<string>, pattern: RegExp): Promise<string> => {
      let text = await read();
      for (let i = 0; i < 480 && !pattern.test(text); i++) {
        await new Promise((r) => setTimeout(r, 250));
        text = await read();
      }
      return text;
    };
    const checks: Record<string, () => Promise<void>> = {
      "/nft": async () => {
        assert.match(await (await visible(visitor.getByTestId("collection-count"))).innerText(), /^5 tokens minted/);
        const genesis = await visible(visitor.getByRole("article", { name: "Peper Genesis #1" }));
        assert.ok((await loadedWidth(await visible(genesis.locator("img")))) > 0, "Genesis #1's image loads");
        await visible(visitor.getByRole("article", { name: "Strategy: DAX 20/60 trend" }));
        await genesis.getByRole("button", { name: "Details of Peper Genesis #1" }).click();
        const detail = await visible(visitor.getByTestId("nft-detail"));
        const history = await visible(detail.getByTestId("nft-history"));
        assert.match(await history.innerText(), /Minted to 0x/);
        assert.match(await history.innerText(), /Listed by 0x\S+ for 0\.1 ETH \(open\)/);
        assert.match(await (await visible(detail.getByTestId("nft-open-orders"))).innerText(), /Listed for 0\.1 ETH/);
        await visible(visitor.getByTestId("mint-gate").getByRole("button", { name: "Mint an NFT" }));
        assert.equal(
          await visitor.getByRole("form", { name: "Mint an NFT" }).count(),
          0,
          "the mint form waits for a wallet",
        );
      },
      "/marketplace": async () => {
        assert.match(await (await visible(visitor.getByTestId("market-summary"))).innerText(), /^2 listings/);
        const buy = await visible(visitor.getByRole("button", { name: "Buy Peper Genesis #1 for 0.1 ETH" }));
        assert.ok(await buy.isEnabled(), "Buy asks for the wallet when pressed");
        await visible(visitor.getByRole("button", { name: "Buy Peper Genesis #3 for 0.05 ETH" }));
        await visible(visitor.getByRole("heading", { name: "Strategy: DAX 20/60 trend" }));
        await visible(visitor.getByTestId("market-gate").getByRole("button", { name: "Sell or make an offer" }));
        assert.equal(
          await visitor.getByRole("form", { name: "List an NFT" }).count(),
          0,
          "no column of disabled forms",
        );
      },
      "/ai-center": async () => {
        const feed = await visible(visitor.getByTestId("decision-feed"), 480);
        assert.match(await feed.innerText(), /report \d+ of the decision feed/);
        assert.match(await (await visible(visitor.getByTestId("decision-model"))).innerText(), /peper-decision-lr-1/);
        await feed.getByRole("button", { name: "Read the reasoning" }).first().click();
        assert.ok((await (await visible(visitor.getByTestId("reasoning"))).innerText()).length > 20);
        await visible(visitor.getByTestId("decision-gate").getByRole("button", { name: "Ask for a decision" }));
      },
      "/quantum": async () => {
        const latest = await visible(visitor.getByTestId("portfolio-latest"), 480);
        assert.match(await latest.innerText(), /Last measured optimisation: report \d+ of \d+/);
        assert.match(await visitor.getByTestId("feed-expected-return").innerText(), /%$/);
        await visible(visitor.getByTestId("optimiser-gate").getByRole("button", { name: "Run the optimiser" }));
      },
      "/institutional": async () => {
        assert.match(
          await (await visible(visitor.getByTestId("about-desk-role"))).innerText(),
          /institutional client role/,
        );
        await visible(visitor.getByTestId("desk-gate").getByRole("button", { name: "Sign in to the desk" }));
      },
      "/compliance": async () => {
        const about = await visible(visitor.getByTestId("about-compliance"));
        const text = await about.innerText();
        assert.match(text, /KYC review queue\s+Review submitted cases[^\n]*compliance officer/);
        assert.match(text, /Audit log\s+[^\n]*compliance officer or admin/);
      },
      "/education": async () => {
        const course = await visible(visitor.getByTestId("course-peper-defi-101"));
        assert.match(await course.innerText(), /DeFi 101/);
        // Dave's demo certificate (scripts/demo/nft.ts), counted by the subgraph.
        assert.match(await until(() => course.innerText(), /1 certificate on chain/), /1 certificate on chain/);
        await course.getByRole("button", { name: "Open course" }).click();
        assert.match(
          await (await visible(visitor.getByTestId("course-detail"))).innerText(),
          /How an AMM prices a swap/,
        );
      },
      "/analytics": async () => {
        const block = await visible(visitor.getByTestId("indexed-block"), 480);
        assert.ok(Number(await block.getAttribute("data-block")) > 0);
        await visible(visitor.getByTestId("analytics-proposal"));
      },
      "/partnerships": async () => {
        assert.match(await (await visible(visitor.getByTestId("feed-DecisionFeed"))).innerText(), /0x[0-9a-fA-F]{40}/);
        await visible(visitor.getByTestId("tenants-gate"));
      },
      "/portfolio?address=0x70997970C51812dc3A010C7d01b50e0d17dc79C8": async () => {
        // Bob's holdings, read-only: the PEPER row says what the token says
        const bob = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Address;
        const peper = await visible(visitor.getByTestId("balance-31337-PEPER").getByTestId("amount"), 480);
        const onChain = await createPublicClient({ transport: http(chainRpc) }).readContract({
          address: (await peper.getAttribute("data-token")) as Address,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [bob],
        });
        assert.ok(onChain > 0n, "Bob holds PEPER");
        assert.equal(await until(async () => String(await peper.getAttribute("data-raw")), /./), onChain.toString());
        assert.equal(await peper.innerText(), formatAmount(onChain, 18, { maxFractionDigits: 4 }));
        await visible(visitor.getByTestId("portfolio-chain-31338").getByTestId("balance-31338-ETH"), 480);
        assert.match(await visitor.getByTestId("portfolio-viewing").innerText(), new RegExp(bob));
        assert.equal(await visitor.getByTestId("portfolio-gate").count(), 0, "no connect prompt over an address");
        // a bad address is refused with a clear error; without one, a single connect prompt
        await visitor.goto(`${url}/portfolio?address=0x1234`);
        assert.match(
          await (await visible(visitor.getByTestId("portfolio-address-error"))).innerText(),
          /“0x1234” is not an address/,
        );
        await visitor.goto(`${url}/portfolio`);
        await visible(visitor.getByTestId("portfolio-gate").getByRole("button", { name: "Connect a wallet" }));
        assert.equal(
          await visitor.getByRole("button", { name: "Connect a wallet", exact: true }).count(),
          1,
          "one connect prompt",
        );
        await visitor.goto(`${url}/portfolio?address=${bob}`);
        await visible(visitor.getByTestId("balance-31337-PEPER"), 480);
      },
      "/global": async () => {
        const tvl = await visible(visitor.getByTestId("total-tvl"));
        assert.match(await until(() => tvl.innerText(), /^\$[\d,]+/), /^\$[\d,]+/);
        // the PriceFeed's own round (1, 2, 3, …) and the feed's name, not the hub's raw round id
        const round = await visible(visitor.getByTestId("oracle-round"), 480);
        assert.match(await round.innerText(), /^round \d{1,6} of the PEPER\/USD feed, answered \w{3} \d/);
      },
      "/dao": async () => {
        // Tally's view: proposals with a status, a countdown (or "ended") and a quorum bar in figures
        const cards = visitor.getByTestId("proposal-card");
        const pip2 = await visible(cards.filter({ hasText: "PIP-2: Fund the community grants programme" }));
        assert.match(
          await pip2.locator(".badge").innerText(),
          /^(Pending|Active|Canceled|Defeated|Succeeded|Queued|Expired|Executed)$/,
        );
        for (const card of await cards.all()) {
          assert.match(await card.locator(".badge").innerText(), /^[A-Z][a-z]+$/, "every proposal has a status");
        }
        const quorum = await visible(visitor.getByTestId("quorum-bar").filter({ hasText: /%/ }));
        assert.match(await quorum.innerText(), /\d+(\.\d)?% of the quorum|Quorum reached \(\d+(\.\d)?%\)/);
        await visible(quorum.getByRole("meter", { name: "Quorum" }));
        const deadline = await visible(pip2.getByTestId("deadline"));
        assert.match(
          await deadline.innerText(),
          /^Voting (starts|ends) in \d+ (d \d+ h|h \d+ min|min \d+ s)$|^Voting ended$/,
        );
        // the delegate leaderboard, for anyone: Bob (40M votes) or Alice among the top delegates
        const board = await visible(visitor.getByTestId("delegate-leaderboard"));
        await visible(board.getByTestId("leaderboard-row"), 480);
        const delegates = await board
          .getByTestId("leaderboard-row")
          .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-address")));
        const bob = privateKeyToAccount(BOB_KEY).address.toLowerCase();
        const alice = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
        assert.ok(delegates.includes(bob) || delegates.includes(alice), `Bob or Alice: ${delegates.join(", ")}`);
        // nothing personal without a wallet: one button to delegate instead of "Your PEPER 0"
        await visible(visitor.getByTestId("delegate-gate").getByRole("button", { name: "Delegate your votes" }));
        // (exactly the panel's label: the gate's hint "Your PEPER counts in votes once delegated…" stays)
        assert.equal(
          await visitor.getByText("Your PEPER", { exact: true }).count(),
          0,
          "no personal panel for a visitor",
        );
        assert.equal(await visitor.getByText(/Delegated to/).count(), 0, "no delegation of nobody");
      },
    };
    // every other route (and any added later) at least shows its page, at both widths
    const covered = new Set(Object.keys(checks).map((r) => r.split("?")[0]!));
    for (const route of ROUTES.filter((r) => !covered.has(r))) {
      checks[route] = async () => {
        await visible(visitor.locator("h1"), 480);
      };
    }
    try {
      for (const [route, check] of Object.entries(checks)) {
        await visitor.setViewportSize({ width: 1280, height: 900 });
        await visitor.goto(`${url}${route}`);
        await check();
        assert.equal(await signIn().count(), 0, `${route}: no sign-in form before the action`);
        const name = `visitor-${route.split("?")[0]!.slice(1) || "home"}`;
        await shot(visitor, name);
        await visitor.setViewportSize({ width: 390, height: 844 });
        await new Promise((r) => setTimeout(r, 300));
        const { overflow, culprits } = await sideways(visitor);
        assert.ok(overflow <= 1, `${route} at 390 px scrolls sideways by ${overflow}px: ${culprits}`);
        await shot(visitor, `${name}-phone`);
      }
      for (const route of ROUTES) {
        const name = `visitor-${route.slice(1) || "home"}`;
        for (const file of [name, `${name}-phone`]) {
          assert.ok(existsSync(join(SHOTS, `${file}.png`)), `a screenshot of ${route}: ${file}.png`);
        }
      }
      assert.deepEqual(visitorErrors, [], "no uncaught errors in the pages");
    } finally {
      await context.close();
    }
  });

  it("lands on / with what Peper is and the protocol's live figures from the stack, without a wallet", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${url}/`);
    assert.equal(new URL(page.url()).pathname, "/", "/ is a page, not a redirect");
    await visible(page.getByRole("heading", { level: 1, name: "Peper: trade, earn and govern on chain" }));
    const figure = async (id: string, pattern: RegExp, attempts = 240) => {
      const el = await visible(page.getByTestId(id));
      for (let i = 0; i < attempts && !pattern.test(await el.innerText()); i++)
        await new Promise((r) => setTimeout(r, 250));
      const text = await el.innerText();
      assert.match(text, pattern, id);
      return text;
    };
    // the same numbers as the chain's subgraph answers (through the app's proxy)
    const res = await fetch(`${url}/subgraph/31337`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: '{ protocol(id: "0x01") { proposalCount pairCount totalLiquidityUSD } }' }),
    });
    const { data } = (await res.json()) as {
      data: { protocol: { proposalCount: number; pairCount: number; totalLiquidityUSD: string } };
    };
    assert.ok(data.protocol.pairCount > 0 && Number(data.protocol.totalLiquidityUSD) > 0, JSON.stringify(data));
    const liquidity = await figure("landing-liquidity", /^\$[\d,]+/);
    assert.ok(Number(liquidity.replace(/[^\d.]/g, "")) > 0, `liquidity ${liquidity}`);
    await figure("landing-volume", /^\$[\d,.]+/);
    await figure("landing-staked", /^[\d,]+ PEPER$/);
    await figure("landing-vault", /^[\d,.]+ USDC( \(at its last deposit, withdrawal or rebalance\))?$/);
    await figure("landing-price", /^\$[\d,.]+$/, 480);
    await figure("landing-oracle", /^\d+ (second|minute|hour|day)s? ago \([\d,]+ reports in all\)$/, 480);
    const proposals = await figure("landing-proposals", /^\d+ proposals?, \d+ open for votes$/);
    assert.ok(
      proposals.startsWith(`${data.protocol.proposalCount} proposal`),
      `${proposals} vs the subgraph's ${data.protocol.proposalCount}`,
    );
    await figure("landing-swaps", new RegExp(`in ${data.protocol.pairCount} pools?$`));
    // a way into each group
    const explore = page.locator(".landing-groups");
    assert.equal(await explore.locator(".landing-group").count(), 7);
    await visible(explore.getByRole("link", { name: "Trading floor" }));
    await shot(page, "landing");
  });

  it("fits the grouped menu on one line at 1280 px (keyboard, Escape, active group) and opens a drawer at 390 px", async () => {
    await page.goto(`${url}/dao`);
    const nav = await visible(page.getByRole("navigation", { name: "Main" }));
    const groups = nav.locator(".nav-group-button");
    const label = (text: string) => text.replace("▾", "").trim();
    assert.deepEqual((await groups.allInnerTexts()).map(label), [
      "Trade",
      "Earn",
      "Govern",
      "NFTs",
      "Intelligence",
      "Learn",
      "Institutions",
    ]);
    const boxes = await groups.evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
      }),
    );
    assert.equal(boxes.length, 7);
    assert.equal(new Set(boxes.map((b) => Math.round(b.top))).size, 1, `one line: ${JSON.stringify(boxes)}`);
    const navBox = (await nav.boundingBox())!;
    assert.ok(navBox.height <= boxes[0]!.bottom - boxes[0]!.top + 2, `the menu is one line high: ${navBox.height}px`);
    const row = (await page.locator(".header-row").boundingBox())!;
    assert.ok(row.height < 80, `the header is one row at 1280 px: ${row.height}px`);
    assert.ok(
      boxes.every((b) => b.right <= 1280),
      "nothing past the right edge",
    );
    assert.equal(label(await nav.locator(".nav-group[data-active] > button").innerText()), "Govern");
    // keyboard: ArrowDown opens Trade on its first page, Escape closes it and gives the focus back
    const trade = nav.getByRole("button", { name: /^Trade/ });
    await trade.focus();
    await page.keyboard.press("ArrowDown");
    assert.equal(await trade.getAttribute("aria-expanded"), "true");
    await visible(nav.getByRole("link", { name: "Trading floor" }));
    const focused = () => page.evaluate(() => document.activeElement?.textContent);
    for (let i = 0; i < 40 && (await focused()) !== "Markets"; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(await focused(), "Markets");
    await page.keyboard.press("Escape");
    assert.equal(await trade.getAttribute("aria-expanded"), "false");
    assert.equal(await trade.evaluate((el) => el === document.activeElement), true);
    // one name per page: the menu's "Trading floor" opens the page titled so
    await trade.click();
    await nav.getByRole("link", { name: "Trading floor" }).click();
    await visible(page.getByRole("heading", { level: 1, name: "Trading floor", exact: true }));
    await shot(page, "nav-1280");
    // phone: a drawer with every group
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${url}/`);
    assert.equal(await page.getByRole("navigation", { name: "Main" }).count(), 0, "no inline menu on a phone");
    const menu = await visible(page.getByRole("button", { name: /Menu$/ }));
    await menu.click();
    assert.equal(await menu.getAttribute("aria-expanded"), "true");
    const drawer = await visible(page.getByRole("navigation", { name: "Main" }));
    assert.equal(await drawer.locator("h2").count(), 7);
    await visible(drawer.getByRole("link", { name: "Web3 hub" }));
    const { overflow, culprits } = await sideways(page);
    assert.ok(overflow <= 1, `the drawer scrolls sideways by ${overflow}px at 390px: ${culprits}`);
    await shot(page, "phone-drawer");
    await page.keyboard.press("Escape");
    assert.equal(await menu.getAttribute("aria-expanded"), "false");
    await menu.click();
    await (
      await visible(page.getByRole("navigation", { name: "Main" }))
    )
      .getByRole("link", { name: "Web3 hub" })
      .click();
    await visible(page.getByRole("heading", { level: 1, name: "Web3 hub" }));
    assert.equal(await page.getByRole("navigation", { name: "Main" }).count(), 0, "the drawer closes on a page change");
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("quotes a swap for a visitor without a wallet: route, price impact, LP fee, minimum; a wallet only at the action", async () => {
    await page.goto(`${url}/web3-hub`);
    const form = await visible(page.getByRole("form", { name: "Swap" }));
    await form.getByLabel("Amount to pay").fill("100");
    const out = await visible(form.getByTestId("quote-out"));
    assert.match(await out.innerText(), /^[\d,.]+ PEPER$/);
    assert.match(await form.getByTestId("swap-route").innerText(), /^USDC → (.+ → )?PEPER$/);
    assert.match(await form.getByTestId("price-impact").innerText(), /^\d+\.\d\d %$/);
    // the LP fee: 0.3 % per pool crossed, of 100 USDC
    const hops = (await form.getByTestId("swap-route").innerText()).split(" → ").length - 1;
    const fee = await form.getByTestId("lp-fee").innerText();
    assert.match(fee, /^[\d.]+ USDC \(0\.3 % per pool\)$/);
    assert.equal(Number(fee.split(" ")[0]), Number((100 * (1 - 0.997 ** hops)).toFixed(6)), fee);
    assert.match(await form.getByTestId("quote-limit").innerText(), /^[\d,.]+ PEPER$/);
    await visible(form.getByRole("button", { name: "Connect a wallet to swap" }));
    assert.equal(await form.getByText(/Connect a wallet to continue/).count(), 0, "no wall before the action");
    assert.ok(!wallet.requests.includes("eth_requestAccounts"), "the wallet was not asked");
    // the token picker: search by name
    await form.getByRole("button", { name: /^You receive / }).click();
    const dialog = await visible(page.getByRole("dialog", { name: "You receive: choose a token" }));
    await dialog.getByLabel("Search by name, symbol or address").fill("wrapped");
    await visible(dialog.getByRole("button", { name: /^WETH / }));
    assert.equal(await dialog.locator(".token-option").count(), 1);
    await shot(page, "web3-hub-visitor-quote");
    await page.keyboard.press("Escape");
    assert.equal(await page.getByRole("dialog").count(), 0);
  });

  it("connects the injected wallet through RainbowKit", async () => {
    await (await visible(page.getByRole("button", { name: "Connect wallet" }))).click();
    await (await visible(page.getByRole("button", { name: /Peper Test Wallet/ }))).click();
    await visible(page.getByRole("button", { name: /0x70.*79C8/i }));
    assert.ok(wallet.requests.includes("eth_requestAccounts"));
    await shot(page, "connected");
  });

  it("swaps 100 USDC for PEPER: approve, then swap, with quote and price impact", async () => {
    await page.goto(`${url}/web3-hub`);
    await visible(page.getByRole("button", { name: /0x70.*79C8/i }));
    const form = await visible(page.getByRole("form", { name: "Swap" }));
    await form.getByLabel("Amount to pay").fill("100");
    await visible(form.getByTestId("quote-out"));
    assert.match(await form.getByTestId("quote-out").innerText(), /PEPER$/);
    await shot(page, "web3-hub-swap");
    const submit = form.getByRole("button", { name: /^(Approve USDC|Swap)$/ });
    if ((await (await visible(submit)).innerText()) === "Approve USDC") {
      await submit.click();
      await confirmed(page, "approve USDC");
      await visible(form.getByRole("button", { name: "Swap", exact: true }));
    }
    const sendsBefore = wallet.requests.filter((m) => m === "eth_sendTransaction").length;
    await form.getByRole("button", { name: "Swap", exact: true }).click();
    await confirmed(page, "swap 100 USDC for PEPER");
    assert.equal(wallet.requests.filter((m) => m === "eth_sendTransaction").length, sendsBefore + 1);
    await shot(page, "web3-hub-swap-confirmed");
  });

  it("swaps 0.5 ETH for PEPER through WETH, with its route shown and no approval", async () => {
    const form = await visible(page.getByRole("form", { name: "Swap" }));
    await pickToken(form, "You pay", "ETH");
    await pickToken(form, "You receive", "PEPER");
    await form.getByLabel("Amount to pay").fill("0.5");
    const route = await visible(form.getByTestId("swap-route"));
    assert.match(await route.innerText(), /^ETH → (.+ → )?PEPER$/);
    const sends = wallet.requests.filter((m) => m === "eth_sendTransaction").length;
    await form.getByRole("button", { name: "Swap", exact: true }).click();
    await confirmed(page, "swap 0.5 ETH for PEPER");
    assert.equal(wallet.requests.filter((m) => m === "eth_sendTransaction").length, sends + 1, "one transaction");
    await shot(page, "web3-hub-swap-eth");
    // back to USDC → PEPER for the next step
    await pickToken(form, "You pay", "USDC");
  });

  it("refuses a bad amount and an amount above the balance without sending anything", async () => {
    const form = page.getByRole("form", { name: "Swap" });
    const sends = wallet.requests.filter((m) => m === "eth_sendTransaction").length;
    await form.getByLabel("Amount to pay").fill("12abc");
    await visible(form.getByText("Enter a number, like 12.5."));
    await form.getByLabel("Amount to pay").fill("999999999999");
    await visible(form.getByText("Insufficient balance: you have less than that."));
    assert.equal(wallet.requests.filter((m) => m === "eth_sendTransaction").length, sends);
  });

  it("buys exactly 500 PEPER with USDC (exact output): the maximum sold after slippage, and 500 PEPER arrive", async () => {
    const form = await visible(page.getByRole("form", { name: "Swap" }));
    await form.getByLabel("Amount to receive").fill("500");
    assert.match(await (await visible(form.getByTestId("quote-in"))).innerText(), /^[\d,.]+ USDC$/);
    assert.match(await form.getByTestId("quote-limit").innerText(), /^[\d,.]+ USDC$/);
    assert.match(await form.getByLabel("Amount to pay").inputValue(), /^\d+(\.\d+)?$/);
    await shot(page, "web3-hub-swap-exact-out");
    const submit = form.locator("button[type=submit]");
    if ((await (await visible(submit)).innerText()) === "Approve USDC") {
      await submit.click();
      for (let i = 0; i < 240 && (await submit.innerText()) !== "Swap"; i++)
        await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(await submit.innerText(), "Swap");
    await submit.click();
    await confirmed(page, "buy 500 PEPER with USDC");
    // on chain: swapTokensForExactTokens, and exactly 500 PEPER reached the wallet
    const client = createPublicClient({ transport: http(chainRpc) });
    const bob = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    const latest = await client.getBlockNumber();
    let swap: { hash: Hex; input: Hex } | undefined;
    for (let n = latest; n >= 0n && n > latest - 20n && !swap; n--) {
      const block = await client.getBlock({ blockNumber: n, includeTransactions: true });
      swap = block.transactions.find((x) => x.from.toLowerCase() === bob.toLowerCase());
    }
    assert.ok(swap, "the swap's transaction");
    assert.equal(
      swap.input.slice(0, 10),
      toFunctionSelector("swapTokensForExactTokens(uint256,uint256,address[],address,uint256)"),
    );
    const receipt = await client.getTransactionReceipt({ hash: swap.hash });
    const transfer = toEventSelector("Transfer(address,address,uint256)");
    const toBob = receipt.logs.filter(
      (l) => l.topics[0] === transfer && l.topics[2]?.toLowerCase() === pad(bob as Hex).toLowerCase(),
    );
    assert.deepEqual(
      toBob.map((l) => BigInt(l.data)),
      [500n * 10n ** 18n],
    );
  });

  it("adds liquidity to PEPER/USDC at the pool's ratio", async () => {
    await page.getByRole("tab", { name: "Liquidity" }).click();
    const form = await visible(page.getByRole("form", { name: "Liquidity" }));
    const pool = form.getByLabel("Pool");
    const option = await pool.locator("option", { hasText: /PEPER\/USDC|USDC\/PEPER/ }).getAttribute("value");
    await pool.selectOption(option!);
    const amount = form.getByLabel(/^Amount of/);
    await amount.fill("50");
    await visible(form.getByTestId("paired-amount"));
    const submit = form.locator("button[type=submit]");
    for (let step = 0; step < 3; step++) {
      const label = await (await visible(submit)).innerText();
      if (label === "Add liquidity") break;
      assert.match(label, /^Approve (PEPER|USDC)$/);
      await submit.click();
      await confirmed(page, `approve ${label.slice("Approve ".length)}`);
      for (let i = 0; i < 120 && (await submit.innerText()) === label; i++)
        await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(await submit.innerText(), "Add liquidity");
    await submit.click();
    await confirmed(page, /add liquidity to (PEPER\/USDC|USDC\/PEPER)/);
    await shot(page, "web3-hub-liquidity");
  });

  it("stakes 1,000 PEPER in one transaction with a permit, and shows the APR", async () => {
    await page.getByRole("tab", { name: "Stake" }).click();
    const form = await visible(page.getByRole("form", { name: "Stake PEPER" }));
    await form.getByLabel("Amount to Stake").fill("1000");
    await form.getByRole("button", { name: "Stake", exact: true }).click();
    await confirmed(page, "stake 1,000 PEPER");
    assert.ok(wallet.requests.includes("eth_signTypedData_v4"), "the permit was signed");
    const staked = form.getByTestId("stake-staked");
    for (let i = 0; i < 120 && !(await staked.innerText()).startsWith("1,000"); i++)
      await new Promise((r) => setTimeout(r, 250));
    assert.match(await staked.innerText(), /^1,000 PEPER/);
    // With a stake in the pool, the period's reward rate gives an APR.
    assert.match(await form.getByTestId("stake-apr").innerText(), /^[\d,.]+ %$/);
    await shot(page, "web3-hub-stake");
  });

  it("farms the new LP tokens (approve, deposit) and shows the pool's APR", async () => {
    await page.getByRole("tab", { name: "Farm" }).click();
    const form = await visible(page.getByRole("form", { name: "Farm" }));
    const pool = form.getByLabel("Pool");
    const option = await pool.locator("option", { hasText: /PEPER\/USDC|USDC\/PEPER/ }).getAttribute("value");
    await pool.selectOption(option!);
    await form.getByRole("button", { name: "Max" }).click();
    const submit = form.locator("button[type=submit]");
    if ((await (await visible(submit)).innerText()) === "Approve LP tokens") {
      await submit.click();
      await confirmed(page, /approve (PEPER\/USDC|USDC\/PEPER) LP tokens for the farm/);
      for (let i = 0; i < 120 && (await submit.innerText()) !== "Deposit"; i++)
        await new Promise((r) => setTimeout(r, 250));
    }
    await submit.click();
    await confirmed(page, /deposit (PEPER\/USDC|USDC\/PEPER) LP tokens/);
    const apr = page.getByTestId(`farm-apr-${option}`);
    for (let i = 0; i < 120 && !(await apr.innerText()).endsWith("%"); i++)
      await new Promise((r) => setTimeout(r, 250));
    assert.match(await apr.innerText(), /^[\d,.]+ %$/);
    await shot(page, "web3-hub-farm");
  });

  it("shows the index vault", async () => {
    await page.getByRole("tab", { name: "Index vault" }).click();
    await visible(page.getByRole("form", { name: "Index vault" }));
    await shot(page, "web3-hub-vault");
  });

  it("delegates votes to another address and back to itself", async () => {
    await page.goto(`${url}/dao`);
    const form = await visible(page.getByRole("form", { name: "Voting power" }));
    await visible(page.getByRole("link", { name: /PIP-2: Fund the community grants programme/ }));
    await shot(page, "dao");
    const current = form.getByTestId("current-delegate");
    // Bob delegates to himself in the demo state: away first, so that coming back is a change to see
    assert.equal(await textAfter(current, ""), "yourself");
    const carol = privateKeyToAccount(CAROL_KEY).address;
    await form.getByLabel("Delegate to address").fill(carol);
    await form.getByRole("button", { name: "Delegate", exact: true }).click();
    await confirmed(page, `delegate votes to ${carol.slice(0, 6)}…${carol.slice(-4)}`);
    assert.equal(await textAfter(current, "yourself"), carol);
    await (await visible(form.getByRole("button", { name: "Delegate to myself" }))).click();
    await confirmed(page, `delegate votes to ${wallet.address.slice(0, 6)}…${wallet.address.slice(-4)}`);
    assert.equal(await textAfter(current, carol), "yourself");
  });

  it("shows the wallet's portfolio on both chains: PEPER as on chain, the PEPER/USDC share, stake, farm, self-delegation", async () => {
    await page.goto(`${url}/portfolio`);
    const portfolio = await visible(page.getByTestId("portfolio"), 480);
    const peper = await visible(portfolio.getByTestId("balance-31337-PEPER").getByTestId("amount"), 480);
    const client = createPublicClient({ transport: http(chainRpc) });
    const onChain = await client.readContract({
      address: (await peper.getAttribute("data-token")) as Address,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [wallet.address],
    });
    // the page reads again every 10 s: wait for the read after the last transaction
    for (let i = 0; i < 120 && (await peper.getAttribute("data-raw")) !== onChain.toString(); i++)
      await new Promise((r) => setTimeout(r, 250));
    assert.equal(await peper.getAttribute("data-raw"), onChain.toString());
    assert.equal(await peper.innerText(), formatAmount(onChain, 18, { maxFractionDigits: 4 }));
    const lp = await visible(portfolio.locator('[data-testid^="lp-31337-"]', { hasText: /PEPER\/USDC|USDC\/PEPER/ }));
    assert.ok(Number(await lp.getByTestId("lp-share").getAttribute("data-share")) > 0, "a share of PEPER/USDC");
    assert.match(await (await visible(portfolio.getByTestId("stake-31337"))).innerText(), /^1,000 PEPER/);
    await visible(portfolio.locator('[data-testid^="farm-31337-"]', { hasText: /PEPER\/USDC|USDC\/PEPER/ }));
    const delegate = await visible(portfolio.getByTestId("delegate-31337"));
    assert.equal((await delegate.getAttribute("data-delegate"))?.toLowerCase(), wallet.address.toLowerCase());
    assert.match(await delegate.innerText(), /^yourself/);
    // chain B at the same time, with its own client (the wallet stays on A)
    await visible(portfolio.getByTestId("portfolio-chain-31338").getByTestId("balance-31338-ETH"), 480);
    assert.match(await portfolio.getByTestId("portfolio-total").innerText(), /^\$[\d,]+/);
    await shot(page, "portfolio");
    await page.goto(`${url}/dao`);
    await visible(page.getByRole("link", { name: /PIP-2/ }));
  });

  it("opens PIP-2 (markdown description, votes, quorum) and votes for it with a reason", async () => {
    await page.getByRole("link", { name: /PIP-2/ }).click();
    await visible(page.getByTestId("proposal-title"));
    assert.equal(await page.getByTestId("proposal-title").innerText(), "PIP-2: Fund the community grants programme");
    await visible(page.locator(".markdown strong", { hasText: "250,000 PEPER" }));
    await visible(page.getByTestId("quorum"));
    const form = await visible(page.getByRole("form", { name: "Cast your vote" }));
    await form.getByLabel("For", { exact: true }).check();
    await form.getByLabel("Reason (optional, public)").fill("Grants bring builders.");
    await form.getByRole("button", { name: "Vote", exact: true }).click();
    await confirmed(page, "vote on “PIP-2");
    await visible(page.getByTestId("has-voted"));
    // Carol's 20M and Bob's 40M (his own 30M and Dave's delegated 10M at the snapshot)
    const votesFor = page.getByTestId("votes-for");
    for (let i = 0; i < 120 && !(await votesFor.innerText()).startsWith("60,000,000"); i++) {
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.match(await votesFor.innerText(), /^60,000,000/);
    await shot(page, "dao-proposal");
  });

  it("creates a two-action treasury proposal, votes by signature, queues and executes both", async () => {
    await page.goto(`${url}/dao/new`);
    const form = await visible(page.getByRole("form", { name: "New proposal" }));
    await shot(page, "dao-new");
    const erin = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
    const balance = async () => {
      const res = await fetch(chainRpc, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_getBalance", params: [erin, "latest"] }),
      });
      return BigInt(((await res.json()) as { result: string }).result);
    };
    const before = await balance();
    await form.getByLabel("Recipient").fill(erin);
    await form.getByLabel("Amount").fill("1.5");
    await form.getByRole("button", { name: "Add another action" }).click();
    await visible(form.getByTestId("proposal-actions").locator("li"));
    assert.equal(await form.getByLabel("Amount").inputValue(), "", "the editor starts afresh");
    await form.getByLabel("Recipient").fill(erin);
    await form.getByLabel("Amount").fill("0.5");
    await form.getByLabel("Title").fill("E2E: pay Erin 1.5 ETH");
    await form.getByLabel("Description (markdown)").fill("Pays **Erin** for the *end-to-end* test.");
    await form.getByRole("button", { name: "Propose" }).click();
    await confirmed(page, "propose “E2E: pay Erin 1.5 ETH”");
    await visible(page.getByRole("heading", { name: "E2E: pay Erin 1.5 ETH" }));
    // Chain time is the stack's: move it past the voting delay, the voting period and the Timelock delay.
    await chainTime(61);
    const ballot = await visible(page.getByRole("form", { name: "Cast your vote" }));
    await ballot.getByLabel("For", { exact: true }).check();
    await ballot.getByRole("button", { name: "Sign ballot (vote by signature)" }).click();
    await visible(page.getByTestId("ballot-signature"));
    await shot(page, "dao-ballot-signed");
    await page.getByRole("button", { name: "Submit signed ballot" }).click();
    await confirmed(page, "submit a signed ballot on “E2E: pay Erin 1.5 ETH”");
    await visible(page.getByTestId("has-voted"));
    await chainTime(3 * 24 * 3600 + 1);
    await (await visible(page.getByRole("button", { name: "Queue" }))).click();
    await confirmed(page, "queue “E2E: pay Erin 1.5 ETH”");
    await chainTime(61);
    const execute = await visible(page.getByRole("button", { name: "Execute" }));
    for (let i = 0; i < 120 && (await execute.isDisabled()); i++) await new Promise((r) => setTimeout(r, 250));
    await execute.click();
    await confirmed(page, "execute “E2E: pay Erin 1.5 ETH”");
    await visible(page.locator(".badge", { hasText: "Executed" }));
    assert.equal((await balance()) - before, 2n * 10n ** 18n, "both actions paid Erin: 1.5 + 0.5 ETH");
    await shot(page, "dao-executed");
  });

  it("switches the wallet and the pages between the two local chains; chain B is governed from A", async () => {
    await page.goto(`${url}/dao`);
    await visible(page.getByRole("link", { name: /PIP-2/ }));
    await page.getByLabel("Network").selectOption({ label: "Peper Local B" });
    // Chain B has no Governor (one DAO, decision 0013): /dao there says A governs it and lists the
    // governance messages B received — PIP-3's, executed on B's Timelock by npm start.
    const remote = await visible(page.getByTestId("remote-governance"));
    await visible(remote.getByText(/Peper Local B has no Governor of its own: the DAO on Peper Local A governs it/));
    await visible(remote.getByText(/executed on the Timelock/));
    assert.equal(await page.getByRole("link", { name: /PIP-2/ }).count(), 0, "no proposal list on B");
    assert.ok(wallet.requests.includes("wallet_switchEthereumChain"), "the wallet was asked to switch");
    await shot(page, "dao-chain-b");
    // the page's own way home: the wallet switches back to A and the proposals are there
    await remote.getByRole("button", { name: "Switch to Peper Local A to see and vote on proposals" }).click();
    await visible(page.getByRole("link", { name: /PIP-2/ }));
  });

  it("speaks the visitor's languages", async () => {
    await page.goto(`${url}/dao/new`);
    await visible(page.getByRole("form", { name: "New proposal" }));
    await page.getByLabel("Language").selectOption("ru");
    await visible(page.getByRole("heading", { name: "Новое предложение" }));
    await page.goto(`${url}/global`);
    await visible(page.getByRole("heading", { name: "DeFi-протокол, которым управляют держатели токена" }));
    await visible(page.getByTestId("candle-chart").locator("canvas"));
    await shot(page, "global-ru");
    for (const [locale, heading] of [
      ["zh", "由代币持有者运营的 DeFi 协议"],
      ["de", "Ein DeFi-Protokoll, das seine Tokenhalter betreiben"],
      ["es", "Un protocolo DeFi gobernado por quienes tienen su token"],
      ["en", "A DeFi protocol its token holders run"],
    ] as const) {
      await page.getByLabel(/Language|Язык|语言|Sprache|Idioma/).selectOption(locale);
      await visible(page.getByRole("heading", { name: heading }));
    }
  });

  it("fits a phone screen", async (t) => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [path, name] of [
      ["/global", "phone-global"],
      ["/web3-hub", "phone-web3-hub"],
      ["/dao", "phone-dao"],
    ] as const) {
      await page.goto(`${url}${path}`);
      await visible(page.locator("h1"));
      await new Promise((r) => setTimeout(r, 1000));
      const { overflow, culprits } = await sideways(page);
      assert.ok(overflow <= 1, `${path} scrolls sideways by ${overflow}px at 390px: ${culprits}`);
      await shot(page, name);
    }
    assert.deepEqual(errors, [], "no uncaught errors in the page");
    // Logged, not failed on: the wallet libraries log their own network probes.
    for (const e of new Set(consoleErrors)) t.diagnostic(`console error: ${e.slice(0, 300)}`);
  });

  it("mints an NFT: image to IPFS, metadata to IPFS, Collectibles.mint with a 5 % royalty", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${url}/nft`);
    const form = await visible(page.getByRole("form", { name: "Mint an NFT" }));
    const sends = wallet.requests.filter((m) => m === "eth_sendTransaction").length;
    await form.getByRole("button", { name: "Upload and mint" }).click();
    await visible(form.getByText("Choose an image to mint."));
    assert.equal(wallet.requests.filter((m) => m === "eth_sendTransaction").length, sends, "nothing sent");
    await form.getByLabel("Image").setInputFiles({ name: "e2e.png", mimeType: "image/png", buffer: PNG });
    await form.getByLabel("Name").fill("E2E art");
    await form.getByLabel("Description").fill("Minted by the browser test.");
    await form.getByLabel("Royalty").fill("5");
    await form.getByRole("button", { name: "Upload and mint" }).click();
    await confirmed(page, "mint “E2E art”");
    const mine = await visible(page.getByTestId("my-nfts").getByRole("article", { name: "E2E art" }));
    assert.ok((await loadedWidth(await visible(mine.locator("img")))) > 0, "the minted NFT's image loads");
    await visible(page.getByRole("article", { name: "Peper Genesis #1" }).locator("img"));
    await shot(page, "nft");
  });

  it("lists the new NFT (Bob approved the marketplace before) and buys Alice's listing on the marketplace", async () => {
    await page.goto(`${url}/marketplace`);
    const form = await visible(page.getByRole("form", { name: "List an NFT" }));
    await visible(page.getByRole("heading", { name: "Strategy: DAX 20/60 trend" }));
    assert.match(await page.getByTestId("backtest-return").first().innerText(), /%$/);
    const token = form.getByLabel("Token");
    const option = await token.locator("option", { hasText: "E2E art" }).getAttribute("value");
    await token.selectOption(option!);
    await form.getByLabel("Price").fill("0.2");
    const submit = form.locator("button[type=submit]");
    // Bob approved the marketplace in the demo state: once read, the form lists at once
    assert.equal(await textAfter(submit, "Checking approval…"), "List");
    await form.getByLabel("Price").fill("0.2");
    await submit.click();
    await confirmed(page, `list #${option} for 0.2 ETH`);
    await visible(page.getByRole("button", { name: "Cancel listing" }));
    await page.getByRole("button", { name: "Buy Peper Genesis #1 for 0.1 ETH" }).click();
    await confirmed(page, "buy “Peper Genesis #1” for 0.1 ETH");
    for (let i = 0; i < 120 && (await page.getByRole("button", { name: /^Buy Peper Genesis #1 / }).count()) > 0; i++)
      await new Promise((r) => setTimeout(r, 250));
    assert.equal(await page.getByRole("button", { name: /^Buy Peper Genesis #1 / }).count(), 0, "sold");
    await shot(page, "marketplace");
  });

  it("sells Peper Genesis #1 with a signed order (no gas); another account fills it on chain", async () => {
    await page.goto(`${url}/marketplace`);
    const form = await visible(page.getByRole("form", { name: "Sell with a signed order (no gas)" }));
    const token = form.getByLabel("Token");
    const option = await token.locator("option", { hasText: "Peper Genesis #1" }).getAttribute("value");
    await token.selectOption(option!);
    await form.getByLabel("Price").fill("0.15");
    const sends = wallet.requests.filter((m) => m === "eth_sendTransaction").length;
    await form.getByRole("button", { name: "Sign order" }).click();
    assert.match(await (await visible(page.getByTestId("signed-notice"))).innerText(), /Signed and published/);
    assert.equal(
      wallet.requests.filter((m) => m === "eth_sendTransaction").length,
      sends,
      "no transaction: a signature",
    );
    const card = await visible(page.getByTestId(`signed-order-${option}`));
    await visible(card.getByRole("button", { name: "Withdraw from the book" }));
    await shot(page, "marketplace-signed-order");

    // Carol, outside the browser, takes the order from the book and fills it on chain.
    const book = await apiCall<{
      orders: { order: Record<string, string | number>; signature: Hex; fill_value: string; marketplace: Address }[];
    }>(url, `/market/orders?chain_id=31337`);
    const entry = book.body.orders.find((o) => String(o.order["token_id"]) === option);
    assert.ok(entry, "the order is in the book");
    const carol = privateKeyToAccount(CAROL_KEY);
    const chainClient = createPublicClient({ transport: http(chainRpc) });
    const o = entry.order;
    const hash = await createWalletClient({ account: carol, transport: http(chainRpc) }).writeContract({
      chain: null,
      address: entry.marketplace,
      abi: marketplaceAbi,
      functionName: "fillOrder",
      args: [
        {
          seller: o["seller"] as Address,
          collection: o["collection"] as Address,
          tokenId: BigInt(o["token_id"]!),
          currency: o["currency"] as Address,
          price: BigInt(o["price"]!),
          expiry: BigInt(o["expiry"]!),
          nonce: BigInt(o["nonce"]!),
        },
        entry.signature,
      ],
      value: BigInt(entry.fill_value),
    });
    assert.equal((await chainClient.waitForTransactionReceipt({ hash })).status, "success");
    const owner = await chainClient.readContract({
      address: o["collection"] as Address,
      abi: collectiblesAbi,
      functionName: "ownerOf",
      args: [BigInt(option!)],
    });
    assert.equal(owner, carol.address);
    // The book re-checks on read: the filled order is gone from the page.
    await page.reload();
    await visible(page.getByRole("form", { name: "Sell with a signed order (no gas)" }));
    for (let i = 0; i < 120 && (await page.getByTestId(`signed-order-${option}`).count()) > 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(await page.getByTestId(`signed-order-${option}`).count(), 0, "filled orders leave the book");
    assert.deepEqual(errors, [], "no uncaught errors in the page");
  });

  it("lists two NFTs with one signature (bulk listing); a visitor sees both; Bob fills one with fillBulkOrder, the other stays fillable", async () => {
    // Carol (Peper Genesis #1 from the step above, and the strategy NFT of the demo) sells in a browser of her own.
    const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(0);
    const seller = await context.newPage();
    const sellerErrors: string[] = [];
    seller.on("pageerror", (e) => sellerErrors.push(e.message));
    const carolWallet = await installTestWallet(seller, {
      privateKey: CAROL_KEY,
      rpcUrls: { 31337: chainRpc },
      chainId: 31337,
    });
    const client = createPublicClient({ transport: http(chainRpc) });
    const rpc = async (method: string, params: unknown[] = []): Promise<unknown> => {
      const res = await fetch(chainRpc, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      });
      const body = (await res.json()) as { result?: unknown; error?: { message: string } };
      assert.ok(!body.error, `${method}: ${body.error?.message}`);
      return body.result;
    };
    const visitorContext = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
    visitorContext.setDefaultTimeout(0);
    try {
      await seller.goto(`${url}/marketplace`);
      await (
        await visible(seller.getByTestId("market-gate").getByRole("button", { name: "Sell or make an offer" }))
      ).click();
      await (await visible(seller.getByRole("button", { name: /Peper Test Wallet/ }))).click();
      const form = await visible(seller.getByRole("form", { name: "List several at once (one signature)" }));
      const tick = async () => {
        await form.getByRole("checkbox", { name: /^#1 Peper Genesis #1$/ }).check();
        await form.getByRole("checkbox", { name: /^#5 Strategy: DAX 20\/60 trend$/ }).check();
        await form.getByLabel("Price for each (ETH)").fill("0.3");
      };
      await visible(form.getByRole("checkbox", { name: /^#1 Peper Genesis #1$/ }));
      await tick();
      const submit = form.locator("button[type=submit]");
      // Carol has never approved the marketplace (the demo state): the form says so once it has read it
      assert.equal(await textAfter(submit, "Checking approval…"), "Approve marketplace");
      await submit.click();
      await confirmed(seller, "approve the marketplace for your Collectibles");
      assert.match(await textAfter(submit, "Approve marketplace"), /^Sign once for/);
      await tick();
      assert.equal(await submit.innerText(), "Sign once for 2 orders");
      const count = (method: string) => carolWallet.requests.filter((m) => m === method).length;
      const [sends, signatures] = [count("eth_sendTransaction"), count("eth_signTypedData_v4")];
      await submit.click();
      assert.match(
        await (await visible(seller.getByTestId("signed-notice"))).innerText(),
        /^Signed once and published 2 orders \(#(1, 5|5, 1)\) at 0\.3 ETH each\.$/,
      );
      assert.equal(count("eth_sendTransaction"), sends, "no transaction");
      assert.equal(count("eth_signTypedData_v4"), signatures + 1, "one signature for both orders");
      await visible(seller.getByTestId("signed-order-1").getByRole("button", { name: "Withdraw from the book" }));
      await visible(seller.getByTestId("signed-order-5").getByRole("button", { name: "Withdraw from the book" }));
      await shot(seller, "marketplace-bulk-signed");

      // The book (node-side, as any buyer's script reads it): two orders of Carol's under one signature,
      // each with its Merkle proof.
      type Entry = {
        order: Record<string, string | number>;
        signature: Hex;
        proof: Hex[] | null;
        fill_value: string;
        marketplace: Address;
      };
      const book = await apiCall<{ orders: Entry[] }>(url, `/market/orders?chain_id=31337`);
      const carol = privateKeyToAccount(CAROL_KEY).address;
      const bulk = (id: string) => {
        const entry = book.body.orders.find(
          (o) => String(o.order["token_id"]) === id && String(o.order["seller"]).toLowerCase() === carol.toLowerCase(),
        );
        assert.ok(entry, `#${id} is in the book`);
        assert.ok(entry.proof && entry.proof.length === 1, `#${id} has its proof: ${JSON.stringify(entry.proof)}`);
        assert.equal(entry.order["price"], "300000000000000000");
        return entry;
      };
      const [sold, kept] = [bulk("1"), bulk("5")];
      assert.equal(sold.signature, kept.signature, "one signature");
      assert.notDeepEqual(sold.proof, kept.proof);
      const args = (e: Entry) =>
        ({
          seller: getAddress(String(e.order["seller"])),
          collection: getAddress(String(e.order["collection"])),
          tokenId: BigInt(e.order["token_id"]!),
          currency: getAddress(String(e.order["currency"])),
          price: BigInt(e.order["price"]!),
          expiry: BigInt(e.order["expiry"]!),
          nonce: BigInt(e.order["nonce"]!),
        }) as const;

      // A visitor without a wallet sees both in the book: the price in ETH, the bulk badge, a Buy button.
      const visitor = await visitorContext.newPage();
      const visitorErrors: string[] = [];
      visitor.on("pageerror", (e) => visitorErrors.push(e.message));
      await visitor.goto(`${url}/marketplace`);
      for (const [id, name] of [
        ["1", "Peper Genesis #1"],
        ["5", "Strategy: DAX 20/60 trend"],
      ] as const) {
        const card = await visible(visitor.getByTestId(`signed-order-${id}`), 480);
        const text = await card.innerText();
        assert.ok(text.startsWith(`${formatAmount(300000000000000000n, 18)} ETH`), text);
        assert.match(text, /^0\.3 ETH signed\s+bulk listing\s+seller 0x3C44…93BC · until /i);
        const buy = card.getByRole("button", { name: `Buy ${name} for 0.3 ETH (signed order)`, exact: true });
        assert.ok(await (await visible(buy)).isEnabled(), "Buy asks for the wallet when pressed");
      }
      assert.equal(await visitor.getByRole("form", { name: "List several at once (one signature)" }).count(), 0);
      await visible(visitor.getByTestId("market-gate"));
      await shot(visitor, "marketplace-bulk-visitor");
      assert.deepEqual(visitorErrors, [], "no uncaught errors in the visitor's page");

      // Bob buys Peper Genesis #1 from the bulk listing: pending (the chain holds the block back), then done.
      await page.goto(`${url}/marketplace`);
      // connected again after the page load (a visitor's Buy would open the wallet dialog instead)
      await visible(page.getByRole("form", { name: "List several at once (one signature)" }));
      const buy = await visible(
        page
          .getByTestId("signed-order-1")
          .getByRole("button", { name: "Buy Peper Genesis #1 for 0.3 ETH (signed order)", exact: true }),
        480,
      );
      const label = "buy “Peper Genesis #1” for 0.3 ETH (signed order)";
      await rpc("evm_setAutomine", [false]);
      let hash: Hex;
      try {
        await buy.click();
        const notice = page.locator(".notice", { hasText: label }).last();
        const sent = await visible(notice.locator("span[title^='0x']"));
        assert.equal(await notice.getAttribute("data-status"), "pending");
        assert.match(await notice.innerText(), /^Pending/);
        hash = (await sent.getAttribute("title")) as Hex;
        const pending = (await rpc("eth_getTransactionByHash", [hash])) as { blockNumber: Hex | null; input: Hex };
        assert.equal(pending.blockNumber, null, "in the mempool, not mined yet");
        // What the page sent: fillBulkOrder with the order, its own proof from the book and the one signature.
        const call = decodeFunctionData({ abi: marketplaceAbi, data: pending.input });
        assert.equal(call.functionName, "fillBulkOrder");
        const lower = (hexes: readonly Hex[]) => hexes.map((h) => h.toLowerCase());
        assert.deepEqual(call.args[0], args(sold));
        assert.deepEqual(lower(call.args[1] as readonly Hex[]), lower(sold.proof!), "its proof from the book");
        assert.equal(String(call.args[2]).toLowerCase(), sold.signature.toLowerCase(), "the one signature");
        await rpc("evm_mine");
      } finally {
        await rpc("evm_setAutomine", [true]);
      }
      await confirmed(page, label);
      assert.equal((await client.getTransactionReceipt({ hash })).status, "success");
      const ownerOf = (tokenId: bigint) =>
        client.readContract({
          address: sold.order["collection"] as Address,
          abi: collectiblesAbi,
          functionName: "ownerOf",
          args: [tokenId],
        });
      assert.equal(await ownerOf(1n), wallet.address, "Bob owns Peper Genesis #1 on chain");
      assert.equal(await ownerOf(5n), carol, "Carol still owns the strategy NFT");
      // The filled order leaves the book; the other stays, still for sale.
      for (let i = 0; i < 480 && (await page.getByTestId("signed-order-1").count()) > 0; i++)
        await new Promise((r) => setTimeout(r, 250));
      assert.equal(await page.getByTestId("signed-order-1").count(), 0, "the filled order left the book");
      const other = await visible(page.getByTestId("signed-order-5"));
      assert.match(await other.innerText(), /^0\.3 ETH signed\s+bulk listing/);
      const buyOther = other.getByRole("button", {
        name: "Buy Strategy: DAX 20/60 trend for 0.3 ETH (signed order)",
        exact: true,
      });
      for (let i = 0; i < 120 && !(await buyOther.isEnabled()); i++) await new Promise((r) => setTimeout(r, 250));
      assert.ok(await buyOther.isEnabled(), "the other order can still be bought");
      // On chain too: its fill with its proof would go through; without the proof (fillOrder) it would not.
      const fillKept = {
        address: kept.marketplace,
        abi: marketplaceAbi,
        account: wallet.address,
        value: BigInt(kept.fill_value),
      } as const;
      await client.simulateContract({
        ...fillKept,
        functionName: "fillBulkOrder",
        args: [args(kept), kept.proof!, kept.signature],
      });
      await assert.rejects(
        client.simulateContract({ ...fillKept, functionName: "fillOrder", args: [args(kept), kept.signature] }),
        "the bulk signature does not fill an order without its proof",
      );
      await shot(page, "marketplace-bulk-filled");
      assert.deepEqual(sellerErrors, [], "no uncaught errors in the seller's page");
      assert.deepEqual(errors, [], "no uncaught errors in the page");
    } finally {
      await visitorContext.close();
      await context.close();
    }
  });

  it("signs in with the wallet (SIWE) and runs the portfolio optimiser with QAOA", async () => {
    await page.goto(`${url}/quantum`);
    const signIn = await visible(page.getByRole("form", { name: "Sign in with your wallet" }));
    await signIn.getByLabel("E-mail (only the first time)").fill("bob-e2e@peper.test");
    await signIn.getByRole("button", { name: "Sign in" }).click();
    await visible(page.getByTestId("signed-in"));
    assert.ok(wallet.requests.includes("personal_sign"), "the SIWE message was signed");
    const form = await visible(page.getByRole("form", { name: "Optimise" }));
    await form.getByLabel("QAOA (quantum selection) + exact weights").check();
    await form.getByLabel("Assets to hold").fill("2");
    await form.getByRole("button", { name: "Run" }).click();
    await visible(page.getByTestId("optimiser-result"), 480);
    assert.match(await page.getByTestId("quantum-speedup").innerText(), /^[\d.,]+×$/);
    await visible(page.getByTestId("speedup-explanation"));
    await visible(page.getByTestId("frontier-chart").locator("svg"));
    await shot(page, "quantum");
  });

  it("reads an oracle decision and its reasoning from IPFS, and asks for one with its own limits", async () => {
    await page.goto(`${url}/ai-center`);
    await visible(page.getByTestId("decision-feed"), 480);
    await page.getByRole("button", { name: "Read the reasoning" }).first().click();
    const reasoning = await visible(page.getByTestId("reasoning"));
    assert.ok((await reasoning.innerText()).length > 20);
    await visible(page.getByTestId("signed-in"));
    const form = await visible(page.getByRole("form", { name: "A decision for your risk limits" }));
    await form.getByLabel("Largest position").fill("150");
    await visible(form.getByText("The largest position must be above 0 and at most 100 %."));
    await form.getByLabel("Largest position").fill("50");
    await form.getByRole("button", { name: "Ask for a decision" }).click();
    await visible(page.getByTestId("my-decision"), 480);
    await shot(page, "ai-center");
  });

  it("takes a course on /education: enrol, lesson, quiz, complete, and the certificate lands in the wallet", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const token = await adminToken(url);
    const slug = `e2e-defi-101-${Date.now().toString(36)}`;
    const title = `DeFi 101 (${slug})`;
    const created = await apiCall(url, "/education/create-vr-course", {
      token,
      body: {
        slug,
        title,
        description: "How an AMM prices a swap.",
        chain_id: 31337,
        publish: true,
        modules: [
          {
            id: "lesson-1",
            kind: "lesson",
            title: "Reserves and prices",
            body: "An AMM prices from its **reserves**.",
          },
          {
            id: "quiz-1",
            kind: "quiz",
            title: "Check yourself",
            pass_mark: 100,
            questions: [
              { prompt: "What prices a swap in an AMM?", choices: ["The pool's reserves", "An order book"], answer: 0 },
            ],
          },
        ],
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await page.goto(`${url}/education`);
    await visible(page.getByRole("heading", { name: "Education", exact: true }));
    await visible(page.getByTestId("signed-in"));
    const card = await visible(page.getByRole("article", { name: title }));
    await card.getByRole("button", { name: "Open course" }).click();
    const detail = await visible(page.getByTestId("course-detail"));
    await (await visible(detail.getByRole("button", { name: "Enrol" }))).click();
    await (await visible(detail.getByRole("button", { name: "Mark as done: Reserves and prices" }))).click();
    await visible(detail.getByTestId("module-done-lesson-1"));
    const quiz = await visible(detail.getByRole("form", { name: "Check yourself" }));
    await quiz.getByRole("button", { name: "Submit answers" }).click();
    await visible(quiz.getByRole("alert"));
    await quiz.getByLabel("The pool's reserves").check();
    await quiz.getByRole("button", { name: "Submit answers" }).click();
    assert.match(await (await visible(detail.getByTestId("module-done-quiz-1"))).innerText(), /100/);
    await (await visible(detail.getByRole("button", { name: "Complete the course" }))).click();
    await visible(page.getByTestId("course-completed"));
    // The API's issuer mints the certificate on chain A (every 5 s); the page polls until it is there.
    const status = page.getByTestId(`certificate-status-${slug}`);
    for (let i = 0; i < 480 && !/Minted/.test((await status.count()) ? await status.innerText() : ""); i++) {
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.match(await status.innerText(), /Minted/);
    const held = await visible(page.getByTestId(`certificate-onchain-${slug}`).locator('[data-held="true"]'), 480);
    assert.match(await held.innerText(), /#\d+/);
    await shot(page, "education");
    assert.deepEqual(errors, [], "no uncaught errors in the page");
  });

  it("shows KYC status on /compliance, submits for review, and downloads the GDPR export", async () => {
    await page.goto(`${url}/compliance`);
    await visible(page.getByRole("heading", { name: "Compliance and privacy", exact: true }));
    const kyc = await visible(page.getByTestId("kyc-status"));
    assert.match(await kyc.innerText(), /Not submitted/);
    await page.getByLabel("Case reference from your KYC provider").fill("e2e-case-0001");
    await page.getByRole("button", { name: "Submit for review" }).click();
    for (let i = 0; i < 120 && !/Pending review/.test(await kyc.innerText()); i++) {
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.match(await kyc.innerText(), /Pending review/);
    await visible(page.getByTestId("audit-role"));
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download my data" }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^peper-export-\d{4}-\d{2}-\d{2}\.json$/);
    const file = await download.path();
    const exported = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    assert.match(JSON.stringify(exported), /bob-e2e@peper\.test/);
    await visible(page.getByTestId("export-done"));
    await shot(page, "compliance");
  });

  it("verifies the audit log on /compliance as a compliance officer", async () => {
    await grantRole(url, "bob-e2e@peper.test", "compliance_officer");
    await page.goto(`${url}/compliance`);
    await signInAgain(page);
    await (await visible(page.getByRole("button", { name: "Verify the audit log" }))).click();
    const result = await visible(page.locator('[data-testid="audit-verify-result"][data-intact="true"]'));
    assert.match(await result.innerText(), /^Intact/);
    // the entries are a read of their own, apart from the verification: wait for it
    await visible(page.getByTestId("audit-entry"));
    await shot(page, "compliance-officer");
    assert.deepEqual(errors, [], "no uncaught errors in the page");
  });

  it("keeps an institutional portfolio on /institutional: the wallet as an account, positions and P&L", async () => {
    await page.goto(`${url}/institutional`);
    await visible(page.getByRole("heading", { name: "Institutional", exact: true }));
    await visible(page.getByTestId("role-needed"));
    await grantRole(url, "bob-e2e@peper.test", "institutional");
    await signInAgain(page);
    const create = await visible(page.getByRole("form", { name: "New portfolio" }));
    await create.getByLabel("Portfolio name").fill("E2E desk");
    await create.getByRole("button", { name: "Create portfolio" }).click();
    await (await visible(page.getByRole("button", { name: /^E2E desk/ }))).click();
    const detail = await visible(page.getByTestId("portfolio-detail"));
    await visible(detail.getByRole("heading", { name: /E2E desk/ }));
    const add = await visible(page.getByRole("form", { name: "Add a wallet" }));
    await add.getByLabel("Account name").fill("Bob hot wallet");
    assert.match(await add.getByLabel("Wallet address").inputValue(), /^0x70997970C51812dc3A010C7d01b50e0d17dc79C8$/i);
    await add.getByRole("button", { name: "Add wallet" }).click();
    await visible(page.getByTestId("trading-accounts").getByText("Bob hot wallet"));
    const value = await visible(page.getByRole("form", { name: "Value the positions" }));
    await value.getByRole("button", { name: "Show positions" }).click();
    await visible(page.getByTestId("positions"), 480);
    assert.match(await page.getByTestId("value-now").innerText(), /[\d,.]+/);
    assert.match(await page.getByTestId("pnl-total").innerText(), /[\d,.]+/);
    await visible(page.getByTestId("pnl-note"));
    await visible(page.getByTestId("account-positions-Bob hot wallet"));
    // Bob holds PEPER (the demo state and the swap above): its row is in the account's positions.
    assert.match(await page.getByTestId("account-positions-Bob hot wallet").innerText(), /PEPER/);
    await shot(page, "institutional");
    assert.deepEqual(errors, [], "no uncaught errors in the page");
  });

  it("one account: an e-mail user reaches a role page, links a wallet and signs in with it to the same account", async () => {
    // A visitor of her own, with a new wallet that is not connected yet: Ada signs up with her e-mail.
    const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(0);
    const ada = await context.newPage();
    const adaErrors: string[] = [];
    ada.on("pageerror", (e) => adaErrors.push(e.message));
    const adaWallet = await installTestWallet(ada, {
      privateKey: generatePrivateKey(),
      rpcUrls: { 31337: chainRpc },
      chainId: 31337,
    });
    const email = `ada-${Date.now()}@peper.test`;
    const password = "Ada's e2e password 42";
    const emailForm = () => ada.getByRole("form", { name: "Sign in with e-mail" });
    const openDesk = async () => (await visible(ada.getByTestId("desk-gate").getByRole("button"))).click();
    const signedIn = () => ada.getByTestId("signed-in");
    const signOut = async () => (await visible(signedIn().getByRole("button", { name: "Sign out" }))).click();

    await ada.goto(`${url}/institutional`);
    await openDesk();
    const signUp = await visible(emailForm());
    await shot(ada, "one-account-sign-in");
    await signUp.getByRole("button", { name: "No account yet? Create one" }).click();
    await signUp.getByLabel("E-mail", { exact: true }).fill(email);
    await signUp.getByLabel("Password").fill(password);
    await signUp.getByLabel("Region (ISO country code)").fill("DE");
    await signUp.getByRole("button", { name: "Create account", exact: true }).click();
    assert.match(await (await visible(signedIn())).innerText(), new RegExp(`${email} \\(with e-mail\\)`));
    // The desk says which role it needs and how to get it, naming her e-mail.
    assert.match(await (await visible(ada.getByTestId("role-needed"))).innerText(), new RegExp(email));

    await grantRole(url, email, "institutional");
    await signOut();
    await openDesk();
    const signIn = await visible(emailForm());
    await signIn.getByLabel("E-mail", { exact: true }).fill(email);
    await signIn.getByLabel("Password").fill(password);
    await signIn.getByRole("button", { name: "Sign in", exact: true }).click();
    await visible(ada.getByRole("form", { name: "New portfolio" }));
    await shot(ada, "one-account-email");

    // She turns on the authenticator app; from then on her e-mail sign-in asks for its code.
    await signedIn().getByRole("button", { name: "Your account" }).click();
    await (await visible(ada.getByRole("button", { name: "Turn on the authenticator app" }))).click();
    const secret = await (await visible(ada.getByTestId("totp-secret"))).getAttribute("data-secret");
    assert.ok(secret, "the authenticator key is shown");
    const setup = await visible(ada.getByRole("form", { name: "Turn on the authenticator app" }));
    const first = totpCode(secret);
    await setup.getByLabel("Code from the app").fill(first);
    await setup.getByRole("button", { name: "Turn on", exact: true }).click();
    await visible(ada.getByTestId("account-panel").getByText("authenticator app on"));
    await signOut();
    await openDesk();
    const withCode = await visible(emailForm());
    await withCode.getByLabel("E-mail", { exact: true }).fill(email);
    await withCode.getByLabel("Password").fill(password);
    await withCode.getByRole("button", { name: "Sign in", exact: true }).click();
    const codeField = await visible(withCode.getByLabel("Authenticator code"));
    // Each code works once: wait for the next time step's.
    let next = totpCode(secret);
    for (let i = 0; i < 120 && next === first; i++) {
      await new Promise((r) => setTimeout(r, 500));
      next = totpCode(secret);
    }
    await codeField.fill(next);
    await withCode.getByRole("button", { name: "Sign in", exact: true }).click();
    await visible(ada.getByRole("form", { name: "New portfolio" }));

    // She connects her wallet (the e-mail session stays) and links it from her account panel.
    await (await visible(ada.getByRole("button", { name: "Connect wallet" }))).click();
    await (await visible(ada.getByRole("button", { name: /Peper Test Wallet/ }))).click();
    await visible(signedIn());
    await signedIn().getByRole("button", { name: "Your account" }).click();
    const panel = await visible(ada.getByTestId("account-panel"));
    assert.equal(await (await visible(panel.getByTestId("account-email"))).innerText(), `${email} password set`);
    await visible(panel.getByText("No wallet is linked yet."));
    await panel.getByRole("button", { name: /^Link 0x/ }).click();
    await visible(panel.getByTestId(`linked-wallet-${adaWallet.address}`));
    assert.ok(adaWallet.requests.includes("personal_sign"), "the wallet signed the link");
    await shot(ada, "one-account-linked");

    // Signed out, the wallet comes first and signs in to the same account, with its role.
    await signOut();
    const walletSignIn = await visible(ada.getByRole("form", { name: "Sign in with your wallet" }));
    await walletSignIn.getByRole("button", { name: "Sign in", exact: true }).click();
    assert.match(await (await visible(signedIn())).innerText(), /\(with a wallet\)/);
    await visible(ada.getByRole("form", { name: "New portfolio" }));
    await signedIn().getByRole("button", { name: "Your account" }).click();
    assert.match(await (await visible(ada.getByTestId("account-email"))).innerText(), new RegExp(`^${email} `));
    await shot(ada, "one-account-wallet");
    await ada.setViewportSize({ width: 390, height: 844 });
    const { overflow, culprits } = await sideways(ada);
    assert.ok(overflow <= 1, `the account panel scrolls sideways by ${overflow}px at 390px: ${culprits}`);
    await shot(ada, "one-account-phone");
    assert.deepEqual(adaErrors, [], "no uncaught errors in the page");
    await context.close();
  });

  it("shows partners the integration on /partnerships and lets an admin create a white-label tenant", async () => {
    await page.goto(`${url}/partnerships`);
    await visible(page.getByRole("heading", { name: "Partnerships", exact: true }));
    const integration = await visible(page.getByTestId("integration"));
    assert.equal(await integration.getAttribute("data-chain-id"), "31337");
    for (const feed of ["feed-PriceFeed", "feed-DecisionFeed", "feed-PortfolioFeed"]) {
      assert.match(await (await visible(page.getByTestId(feed))).innerText(), /0x[0-9a-fA-F]{40}/);
    }
    await visible(page.getByTestId("openapi-docs"));
    await visible(page.getByTestId("subgraph-status"));
    await grantRole(url, "bob-e2e@peper.test", "admin");
    await signInAgain(page);
    const slug = `acme-${Date.now().toString(36)}`;
    const domain = `${slug}.example.com`;
    await (await visible(page.getByRole("button", { name: "New tenant" }))).click();
    const form = await visible(page.getByRole("form", { name: "New tenant" }));
    await form.getByLabel("Slug").fill(slug);
    await form.getByLabel("Name").fill("Acme Capital");
    await form.getByLabel("Domain (optional)").fill(domain);
    await form.getByLabel("Primary").fill("#0b7285");
    await form.getByRole("button", { name: "Create tenant" }).click();
    assert.match(await (await visible(page.getByTestId("tenant-notice"))).innerText(), /Acme Capital/);
    await visible(page.getByTestId(`tenant-row-${slug}`));
    const lookup = await visible(page.getByRole("form", { name: "Look up a domain" }));
    await lookup.getByLabel("Domain").fill(domain);
    await lookup.getByRole("button", { name: "Look up" }).click();
    const found = await visible(page.locator(`[data-testid="tenant-by-domain"][data-domain="${domain}"]`));
    assert.match(await found.getByTestId("tenant-name").innerText(), /Acme Capital/);
    // What the white-label deployment on that domain will load: the same tenant, from the API.
    const byDomain = await apiCall<{ slug: string; name: string }>(url, `/tenants/by-domain/${domain}`);
    assert.equal(byDomain.status, 200);
    assert.equal(byDomain.body.slug, slug);
    await shot(page, "partnerships");
    assert.deepEqual(errors, [], "no uncaught errors in the page");
  });

  it("shows the new pages in German and at phone width", async () => {
    await page.goto(`${url}/marketplace`);
    await page.getByLabel("Language").selectOption("de");
    await visible(page.getByRole("heading", { name: "Marktplatz", exact: true }));
    await shot(page, "marketplace-de");
    await page.getByLabel("Sprache").selectOption("en");
    await visible(page.getByRole("heading", { name: "Marketplace", exact: true }));
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of [
      "/nft",
      "/marketplace",
      "/quantum",
      "/ai-center",
      "/education",
      "/compliance",
      "/institutional",
      "/partnerships",
    ]) {
      await page.goto(`${url}${path}`);
      await visible(page.locator("h1"));
      await new Promise((r) => setTimeout(r, 1500));
      const { overflow, culprits } = await sideways(page);
      assert.ok(overflow <= 1, `${path} scrolls sideways by ${overflow}px at 390px: ${culprits}`);
      await shot(page, `phone${path.replace("/", "-")}`);
    }
    assert.deepEqual(errors, [], "no uncaught errors in the page");
  });

  it("shows the subgraph's analytics: charts, every proposal of chain A, the indexed block", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const rpc = async (method: string, params: unknown[]): Promise<unknown> => {
      const res = await fetch(chainRpc, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      });
      return ((await res.json()) as { result: unknown }).result;
    };
    const head = Number(await rpc("eth_blockNumber", []));
    const topic = toEventSelector(
      "ProposalCreated(uint256,address,address[],uint256[],string[],bytes[],uint256,uint256,string)",
    );
    const created = (await rpc("eth_getLogs", [
      { fromBlock: "0x0", toBlock: numberToHex(head), topics: [topic] },
    ])) as unknown[];
    assert.ok(created.length >= 2, `chain A has its proposals (${created.length})`);
    await page.goto(`${url}/analytics`);
    await visible(page.getByRole("heading", { name: "Analytics", exact: true }));
    const indexed = await visible(page.getByTestId("indexed-block"), 480);
    // The page refetches every 10 s; wait until the indexer has passed the block read from chain.
    for (let i = 0; i < 240 && Number(await indexed.getAttribute("data-block")) < head; i++) {
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(Number(await indexed.getAttribute("data-block")) >= head, "indexed up to the chain's block");
    assert.match(await indexed.innerText(), /Indexed up to block [\d,]+/);
    assert.equal(await page.getByTestId("analytics-proposal").count(), created.length, "one row per ProposalCreated");
    assert.equal(await page.getByTestId("analytics-proposal-count").innerText(), String(created.length));
    assert.match(await page.getByTestId("analytics-tvl").innerText(), /^\$[\d,]+/);
    for (const chart of ["chart-tvl", "chart-volume", "chart-pair", "chart-governance"]) {
      await visible(page.getByTestId(chart).locator("svg.recharts-surface"));
    }
    await shot(page, "analytics");
    await page.setViewportSize({ width: 390, height: 844 });
    await new Promise((r) => setTimeout(r, 1500));
    const { overflow, culprits } = await sideways(page);
    assert.ok(overflow <= 1, `/analytics scrolls sideways by ${overflow}px at 390px: ${culprits}`);
    await shot(page, "phone-analytics");
    assert.deepEqual(errors, [], "no uncaught errors in the page");
  });

  it("draws the markets in 3D on /metaverse, a tower per pool, with the same figures in a table", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${url}/metaverse`);
    await visible(page.getByRole("heading", { name: "Trading floor", exact: true }));
    // Every pair the factory created (its PairCreated logs, read from the node) is a row of the table.
    const pairTopic = toEventSelector("PairCreated(address,address,address,uint256)");
    const res = await fetch(chainRpc, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "eth_getLogs",
        params: [{ fromBlock: "0x0", toBlock: "latest", topics: [pairTopic] }],
      }),
    });
    const pairs = ((await res.json()) as { result: unknown[] }).result.length;
    assert.ok(pairs >= 3, `chain A has its pools (${pairs})`);
    const legend = await visible(page.getByTestId("market-legend"));
    const rows = legend.getByTestId("market-row");
    await visible(rows);
    await visible(legend.getByRole("row", { name: /PEPER\/USDC|USDC\/PEPER/ }));
    assert.equal(await rows.count(), pairs, "a table row per pool on chain");
    const scene = page.getByTestId("market-scene");
    assert.ok(Number(await scene.getAttribute("data-towers")) >= pairs, "a tower per pool (and per oracle feed)");
    const canvas = await visible(scene.locator("canvas"));
    // Wait for the candles, then check that WebGL drew something: many colours, not a blank canvas.
    for (let i = 0; i < 240 && (await page.getByText("Loading candles…").count()) > 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(await page.getByText("Loading candles…").count(), 0, "the candles loaded");
    const candleCounts = await rows.locator("td:last-child").allInnerTexts();
    assert.ok(
      candleCounts.some((c) => Number(c) > 0),
      `candles drawn behind the towers (${candleCounts.join(", ")})`,
    );
    await page.getByRole("button", { name: "Stop turning" }).click();
    await visible(page.getByRole("button", { name: "Turn the floor" }));
    const png = (await canvas.screenshot()).toString("base64");
    const colours = await page.evaluate(async (data) => {
      const img = new Image();
      img.src = `data:image/png;base64,${data}`;
      await img.decode();
      const c = document.createElement("canvas");
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext("2d")!;
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < px.length; i += 4 * 7) seen.add((px[i]! << 16) | (px[i + 1]! << 8) | px[i + 2]!);
      return seen.size;
    }, png);
    assert.ok(colours > 20, `the 3D scene drew ${colours} colours`);
    await shot(page, "metaverse");
    await page.setViewportSize({ width: 390, height: 844 });
    await new Promise((r) => setTimeout(r, 1500));
    const { overflow, culprits } = await sideways(page);
    assert.ok(overflow <= 1, `/metaverse scrolls sideways by ${overflow}px at 390px: ${culprits}`);
    await shot(page, "phone-metaverse");
    await page.setViewportSize({ width: 1280, height: 900 });
    assert.deepEqual(errors, [], "no uncaught errors in the page");
  });
});
