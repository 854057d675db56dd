// End to end: /bridge in Debian's Chromium (playwright-core) against the whole local stack, whose
// relayer processes (the oracle operators' relay and peper-hyperlane) deliver every message. A
// visitor without a wallet sees each route's fee, limit left and expected time and the recent
// transfers; the injected test wallet (Hardhat's dev account #1, Bob), started on chain B, switches to
// A, approves and bridges 1,000 PEPER A → B, follows the stages and sees the balance arrive on B;
// the page fits a 390 px phone. On /dao, PIP-3 (npm start's proposal on A that launches B's farms
// and staking through the bridge) shows its cross-chain action decoded and executed on B's Timelock.
// Screenshots go to app/test-results/bridge/.
//
// PEPER_E2E_APP_URL + PEPER_E2E_RPC_A/B point it at an app and stack already running (development).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { chromium, type Browser, type Locator, type Page } from "playwright-core";

import { APP_DIR, buildIfStale, startApp, startStack, stop, type App, type Stack } from "./servers.ts";
import { installTestWallet, type TestWallet } from "./wallet.ts";

const BOB_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const SHOTS = join(APP_DIR, "test-results", "bridge");
const CHROMIUM = process.env.PEPER_CHROMIUM ?? "/usr/bin/chromium";
const A_TO_B = "31337-31338";
const B_TO_A = "31338-31337";

/** Polls until the locator has a visible match; bounded by attempts, not by a clock. */
async function visible(locator: Locator, attempts = 240): Promise<Locator> {
  for (let i = 0; i < attempts; i++) {
    if ((await locator.count()) > 0 && (await locator.first().isVisible())) return locator.first();
    await new Promise((r) => setTimeout(r, 250));
  }
  await locator
    .page()
    .screenshot({ path: join(SHOTS, `failure-${Date.now()}.png`), fullPage: true })
    .catch(() => {});
  throw new Error(`not visible after ${attempts} attempts: ${String(locator)}`);
}

/** Polls a reading until it passes `ok`; bounded by attempts. */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, attempts = 240): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < attempts; i++) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: still ${JSON.stringify(last)} after ${attempts} attempts`);
}

/** Waits for a transaction notice whose label contains `text` to be confirmed (fails fast on failed). */
async function confirmed(page: Page, text: string | RegExp): Promise<void> {
  const notice = page.locator(".notice", { hasText: text }).last();
  const status = await until(
    async () => ((await notice.count()) > 0 ? await notice.getAttribute("data-status") : null),
    (s) => s === "confirmed" || s === "failed",
    `the notice for ${String(text)}`,
    480,
  );
  if (status === "failed") throw new Error(`transaction failed: ${await notice.innerText()}`);
}

/** How far the page scrolls sideways at its width, and what sticks out. */
async function sideways(page: Page): Promise<{ overflow: number; culprits: string }> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const out: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const r = el.getBoundingClientRect();
      if (r.right <= width + 1 || r.width === 0) continue;
      if (Array.from(el.children).some((c) => c.getBoundingClientRect().right > width + 1)) continue;
      out.push(
        `${el.tagName.toLowerCase()} (${Math.round(r.right - width)}px: ${(el.textContent ?? "").slice(0, 40)})`,
      );
      if (out.length >= 5) break;
    }
    return { overflow: document.documentElement.scrollWidth - width, culprits: out.join("; ") };
  });
}

/** Moves a local chain's clock forward and mines a block (JSON-RPC to the node, not through the app). */
async function chainTime(rpc: string, seconds: number): Promise<void> {
  for (const [method, params] of [
    ["evm_increaseTime", [seconds]],
    ["evm_mine", []],
  ] as const) {
    const res = await fetch(rpc, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    assert.ok(res.ok, `${method}: ${res.status}`);
  }
}

/** "1,234.5 PEPER" → hundredths of a PEPER (the page shows at most two fraction digits, cut). */
function hundredths(text: string): bigint {
  const m = /^([\d,]+)(?:\.(\d{1,2}))? PEPER$/.exec(text.trim());
  assert.ok(m, `an amount of PEPER: ${text}`);
  return BigInt(m[1]!.replaceAll(",", "")) * 100n + BigInt((m[2] ?? "").padEnd(2, "0"));
}

describe("/bridge against the local stack", () => {
  let stateDir: string | undefined;
  let stack: Stack | undefined;
  let app: App | undefined;
  let browser: Browser;
  let url: string;
  let rpcUrls: Record<number, string>;
  const errors: string[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    if (process.env.PEPER_E2E_APP_URL) {
      url = process.env.PEPER_E2E_APP_URL;
      rpcUrls = { 31337: process.env.PEPER_E2E_RPC_A!, 31338: process.env.PEPER_E2E_RPC_B! };
    } else {
      buildIfStale();
      stateDir = mkdtempSync(join(tmpdir(), "peper-bridge-e2e-"));
      stack = await startStack(stateDir);
      app = await startApp(stack);
      url = app.url;
      rpcUrls = stack.rpcUrls;
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  });

  after(async () => {
    await browser?.close();
    await stop(app);
    await stop(stack);
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  const newPage = async (width = 1280): Promise<Page> => {
    const context = await browser.newContext({ locale: "en-GB", viewport: { width, height: 900 } });
    context.setDefaultTimeout(0); // every wait is bounded by an attempt count instead
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    return page;
  };

  it("shows a visitor without a wallet each route's fee, limit left and expected time, and the recent transfers", async () => {
    const page = await newPage();
    await page.goto(`${url}/bridge`);
    await visible(page.getByRole("heading", { level: 1, name: "Bridge" }));
    for (const route of [A_TO_B, B_TO_A]) {
      const fee = await visible(page.getByTestId(`fee-${route}`), 480);
      assert.match(await fee.innerText(), /^[\d,.]+ ETH$/, `${route} fee`);
      const left = await page.getByTestId(`limit-${route}`).innerText();
      assert.ok(hundredths(left) > 0n, `${route} has a limit left: ${left}`);
      assert.match(await page.getByTestId(`expected-${route}`).innerText(), /^about \d+ s$/);
      assert.match(
        await page.getByTestId(`expected-source-${route}`).innerText(),
        /^(Median of the last|No transfer this way yet: the median of the bridge latency benchmark)/,
      );
    }
    // npm start bridged the demo PEPER to B through the same contracts: delivered transfers are listed
    const recent = await visible(page.getByTestId("bridge-recent"), 480);
    await visible(recent.locator('[data-stage="executed"]'));
    // the form asks for a wallet at the action only
    const form = page.getByRole("form", { name: "Send PEPER" });
    await visible(form.getByText("Connect a wallet to continue."));
    assert.equal(await form.getByRole("button", { name: "Send" }).isDisabled(), true);
    await page.screenshot({ path: join(SHOTS, "visitor.png"), fullPage: true });
    await page.context().close();
  });

  let wallet: TestWallet;
  let page: Page;

  it("bridges 1,000 PEPER from A to B with the injected wallet: chain switch, approve, send, stages, the balance arrives on B", async () => {
    page = await newPage();
    // the wallet starts on chain B: sending from A needs the wallet's chain switched
    wallet = await installTestWallet(page, { privateKey: BOB_KEY, rpcUrls, chainId: 31338 });
    await page.goto(`${url}/bridge`);
    await (await visible(page.getByRole("button", { name: "Connect wallet" }))).click();
    await (await visible(page.getByRole("button", { name: /Peper Test Wallet/ }))).click();
    await visible(page.getByRole("button", { name: /0x70.*79C8/i }));
    const form = await visible(page.getByRole("form", { name: "Send PEPER" }), 480);
    await form.getByLabel("From", { exact: true }).selectOption({ label: "Peper Local A" });
    assert.equal(await form.getByLabel("To", { exact: true }).inputValue(), "31338");
    await (await visible(form.getByRole("button", { name: "Switch the wallet to Peper Local A" }))).click();
    await until(
      async () => wallet.requests.includes("wallet_switchEthereumChain"),
      (asked) => asked,
      "the wallet was asked to switch chains",
    );
    const onB = await visible(form.getByTestId("bridge-balance-31338"));
    const before = hundredths(await onB.innerText());
    await form.getByLabel("Amount", { exact: true }).fill("1000");
    assert.equal(
      await form.getByLabel("Recipient", { exact: true }).inputValue(),
      "",
      "the recipient defaults to the sender",
    );
    await page.screenshot({ path: join(SHOTS, "send-form.png"), fullPage: true });
    const submit = form.locator("button[type=submit]");
    if ((await (await visible(submit)).innerText()) === "Approve PEPER") {
      await submit.click();
      await confirmed(page, "approve 1,000 PEPER for the bridge on Peper Local A");
      await until(
        () => submit.innerText(),
        (l) => l === "Send",
        "the button after the approval",
      );
    }
    const sends = wallet.requests.filter((m) => m === "eth_sendTransaction").length;
    await submit.click();
    await confirmed(page, "bridge 1,000 PEPER from Peper Local A to Peper Local B");
    assert.equal(wallet.requests.filter((m) => m === "eth_sendTransaction").length, sends + 1, "one transaction");
    // sent → attested k/n → executed, delivered by the stack's relayers
    const tracked = await visible(page.getByTestId("tracked-transfer"), 480);
    await page.screenshot({ path: join(SHOTS, "sent.png"), fullPage: true });
    await until(
      () => tracked.getAttribute("data-stage"),
      (s) => s === "executed",
      "the transfer's stage",
      2400,
    );
    assert.match(await page.getByTestId("tracked-transfer-stage").innerText(), /^Delivered on Peper Local B\./);
    assert.match(await tracked.innerText(), /Attested 2\/2/);
    const after = await until(
      async () => hundredths(await onB.innerText()),
      (v) => v === before + 100_000n,
      "Bob's PEPER on B",
    );
    assert.equal(after - before, 100_000n);
    // the wallet's history on both chains lists it
    await visible(page.getByTestId("bridge-history").locator('[data-stage="executed"]', { hasText: "1,000 PEPER" }));
    await page.screenshot({ path: join(SHOTS, "delivered.png"), fullPage: true });
  });

  it("refuses a bad recipient and an amount above the balance without asking the wallet", async () => {
    const form = page.getByRole("form", { name: "Send PEPER" });
    const sends = wallet.requests.filter((m) => m === "eth_sendTransaction").length;
    await form.getByLabel("Amount", { exact: true }).fill("1000");
    await form.getByLabel("Recipient", { exact: true }).fill("0x1234");
    await visible(form.getByText("Enter an address: 0x and 40 hexadecimal digits."));
    assert.equal(await form.locator("button[type=submit]").isDisabled(), true);
    await form.getByLabel("Recipient", { exact: true }).fill("");
    await form.getByLabel("Amount", { exact: true }).fill("99999999");
    await visible(form.getByText("Insufficient balance: you have less than that."));
    assert.equal(wallet.requests.filter((m) => m === "eth_sendTransaction").length, sends);
  });

  it("shows PIP-3's cross-chain action on /dao: B's launch decoded, delivered and executed on B's Timelock", async () => {
    await page.goto(`${url}/dao`);
    const link = page.getByRole("link", { name: "PIP-3: Launch liquidity mining and staking on chain B" });
    await (await visible(link, 480)).click();
    const section = await visible(page.getByTestId("cross-chain-actions"), 480);
    await visible(section.getByRole("heading", { name: "Action 1: to Peper Local B through the bridge" }));
    // the inner calls decoded with the ABIs of B's deployment
    await visible(
      section
        .getByTestId("cross-chain-call")
        .filter({ hasText: /^Farm\.setRewardPerSecond\(200000000000000000\) on Farm \(0x/ }),
    );
    await visible(section.getByTestId("cross-chain-call").filter({ hasText: /^StakingPool\.startRewardPeriod\(/ }));
    const delivery = await visible(section.getByTestId("cross-chain-delivery"), 480);
    await until(
      () => delivery.getAttribute("data-stage"),
      (s) => s === "executed",
      "PIP-3's delivery on B",
    );
    assert.equal(await delivery.innerText(), "Executed on Peper Local B.");
    await page.screenshot({ path: join(SHOTS, "dao-pip3.png"), fullPage: true });
  });

  it("holds a transfer above B's inbound limit left until 24 h of B's chain time, then anyone completes it", async () => {
    await page.goto(`${url}/bridge`);
    const form = await visible(page.getByRole("form", { name: "Send PEPER" }), 480);
    await form.getByLabel("From", { exact: true }).selectOption({ label: "Peper Local A" });
    const limit = (await visible(page.getByTestId(`limit-${A_TO_B}`), 480)).locator("span");
    const inbound = BigInt((await limit.getAttribute("data-inbound"))!);
    const outbound = BigInt((await limit.getAttribute("data-outbound"))!);
    // 100,000 PEPER above what B takes in now (it refills ~116 PEPER a second), within what leaves A
    const amount = inbound / 10n ** 18n + 100_000n;
    assert.ok(amount * 10n ** 18n <= outbound, `A lets ${amount} PEPER leave (${outbound} wei left)`);
    const onB = await visible(form.getByTestId("bridge-balance-31338"));
    const before = hundredths(await onB.innerText());
    await form.getByLabel("Amount", { exact: true }).fill(amount.toString());
    const submit = form.locator("button[type=submit]");
    if ((await (await visible(submit)).innerText()) === "Approve PEPER") {
      await submit.click();
      await confirmed(page, /approve [\d,]+ PEPER for the bridge on Peper Local A/);
      await until(
        () => submit.innerText(),
        (l) => l === "Send",
        "the button after the approval",
      );
    }
    await submit.click();
    await confirmed(page, /bridge [\d,]+ PEPER from Peper Local A to Peper Local B/);
    const tracked = await visible(page.getByTestId("tracked-transfer"), 480);
    await until(
      () => tracked.getAttribute("data-stage"),
      (s) => s === "queued-in",
      "the transfer's stage on B",
      2400,
    );
    assert.match(
      await page.getByTestId("tracked-transfer-stage").innerText(),
      /^Arrived, held by the inbound limit until /,
    );
    assert.equal(hundredths(await onB.innerText()), before, "nothing arrives while held");
    await page.screenshot({ path: join(SHOTS, "held.png"), fullPage: true });
    // 24 h of B's chain time (a node-side call, as a test would), then anyone may complete it on B
    await chainTime(rpcUrls[31338]!, 86_400 + 60);
    await (await visible(tracked.getByRole("button", { name: "Switch the wallet to Peper Local B" }), 480)).click();
    await (await visible(tracked.getByRole("button", { name: "Complete", exact: true }))).click();
    await confirmed(page, /complete the queued transfer of [\d,]+ PEPER/);
    await until(
      () => tracked.getAttribute("data-stage"),
      (s) => s === "executed",
      "the completed transfer's stage",
    );
    await until(
      async () => hundredths(await onB.innerText()),
      (v) => v === before + amount * 100n,
      "Bob's PEPER on B after completing",
    );
    await page.screenshot({ path: join(SHOTS, "completed.png"), fullPage: true });
  });

  it("fits a 390 px phone screen", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${url}/bridge`);
    await visible(page.getByTestId(`fee-${A_TO_B}`), 480);
    await visible(page.getByTestId("bridge-history"), 480);
    const { overflow, culprits } = await sideways(page);
    assert.ok(overflow <= 1, `/bridge scrolls sideways by ${overflow}px at 390px: ${culprits}`);
    await page.screenshot({ path: join(SHOTS, "phone.png"), fullPage: true });
    assert.deepEqual(errors, [], "no uncaught page errors");
  });
});
