// The WebXR trading floor in Debian's Chromium (playwright-core) against the local stack, with Meta's
// emulated runtime (npm `iwer`: an emulated Quest 3 installed by page.addInitScript before the page
// loads). Entering VR starts a session; a controller's select on a tower opens its panel; a select
// on the floor teleports; two browser contexts in one room see each other's avatar move and leave.
// Screenshots of the desktop view, the emulated headset and a phone width go to app/test-results/xr/.
//
// PEPER_E2E_APP_URL + PEPER_E2E_RPC_A/B point it at an app and stack already running (development).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";

import { APP_DIR, buildIfStale, startApp, startStack, stop, type App, type Stack } from "./servers.ts";

const SHOTS = join(APP_DIR, "test-results", "xr");
const CHROMIUM = process.env.PEPER_CHROMIUM ?? "/usr/bin/chromium";
const require = createRequire(import.meta.url);
/** iwer's browser build (UMD: defines globalThis.IWER). */
const IWER = readFileSync(require.resolve("iwer/build/iwer.min.js"), "utf8");

/** Installs an emulated Quest 3 before any script of the page runs; the device is window.__xrDevice. */
const INSTALL_QUEST3 = `${IWER}
;(() => {
  const device = new IWER.XRDevice(IWER.metaQuest3);
  device.installRuntime({ forceInstall: true });
  device.stereoEnabled = false;
  window.__xrDevice = device;
})();`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function visible(locator: Locator, attempts = 240): Promise<Locator> {
  for (let i = 0; i < attempts; i++) {
    if ((await locator.count()) > 0 && (await locator.first().isVisible())) return locator.first();
    await sleep(250);
  }
  await locator
    .page()
    .screenshot({ path: join(SHOTS, `failure-${Date.now()}.png`), fullPage: true })
    .catch(() => {});
  throw new Error(`not visible after ${attempts} attempts: ${String(locator)}`);
}

/** Polls `read` until `ok` holds (bounded by attempts). */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, attempts = 160): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < attempts; i++) {
    last = await read();
    if (ok(last)) return last;
    await sleep(250);
  }
  throw new Error(`${what}: still ${JSON.stringify(last)}`);
}

async function apiCall<T>(base: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}/api/v5${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** A new API user (e-mail and password) and its tokens, as the page keeps them. */
/** An e-mail account signed in through the API, as the app stores its session (lib/apiClient.ts). */
async function apiUser(
  base: string,
  name: string,
): Promise<{ accessToken: string; refreshToken: string; account: string; method: "password"; email: string }> {
  const who = { email: `${name}-${Date.now()}@floor.test`, password: `floor password of ${name} 42`, region: "DE" };
  const reg = await apiCall(base, "/auth/register", who);
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  const login = await apiCall<{ access_token: string; refresh_token: string; user_profile: { id: string } }>(
    base,
    "/auth/global-login",
    who,
  );
  assert.equal(login.status, 200, JSON.stringify(login.body));
  return {
    accessToken: login.body.access_token,
    refreshToken: login.body.refresh_token,
    account: login.body.user_profile.id,
    method: "password",
    email: who.email,
  };
}

/** Turns a direction into the quaternion that points −Z (a controller's ray) along it. */
function aim(dx: number, dy: number, dz: number): [number, number, number, number] {
  const len = Math.hypot(dx, dy, dz);
  const [x, y, z] = [dx / len, dy / len, dz / len];
  // the rotation taking (0, 0, −1) to (x, y, z): axis (0, 0, −1) × v = (y, −x, 0), angle acos(−z)
  const axis = [y, -x] as const;
  const axisLen = Math.hypot(axis[0], axis[1]);
  const angle = Math.acos(Math.max(-1, Math.min(1, -z)));
  if (axisLen < 1e-9) return z < 0 ? [0, 0, 0, 1] : [0, 1, 0, 0];
  const s = Math.sin(angle / 2) / axisLen;
  return [axis[0] * s, axis[1] * s, 0, Math.cos(angle / 2)];
}

interface DevicePose {
  position: [number, number, number];
  quaternion: [number, number, number, number];
}

/** Places the right controller (in the XR origin's frame) and presses and releases its trigger. */
async function selectWith(page: Page, pose: DevicePose): Promise<void> {
  await page.evaluate((p) => {
    const device = (window as unknown as { __xrDevice: IwerDevice }).__xrDevice;
    const right = device.controllers.right;
    right.position.set(...p.position);
    right.quaternion.set(...p.quaternion);
  }, pose);
  await sleep(400);
  await page.evaluate(() =>
    (window as unknown as { __xrDevice: IwerDevice }).__xrDevice.controllers.right.updateButtonValue("trigger", 1),
  );
  await sleep(400);
  await page.evaluate(() =>
    (window as unknown as { __xrDevice: IwerDevice }).__xrDevice.controllers.right.updateButtonValue("trigger", 0),
  );
  await sleep(400);
}

interface IwerDevice {
  controllers: {
    right: {
      position: { set(x: number, y: number, z: number): void };
      quaternion: { set(x: number, y: number, z: number, w: number): void };
      updateButtonValue(id: string, value: number): void;
    };
  };
}

const origin = async (page: Page): Promise<[number, number]> => {
  const text = (await page.getByTestId("trading-floor").getAttribute("data-origin")) ?? "";
  const [x, z] = text.split(",").map(Number);
  return [x ?? NaN, z ?? NaN];
};

describe("the WebXR trading floor", () => {
  let stateDir: string | undefined;
  let stack: Stack | undefined;
  let app: App | undefined;
  let browser: Browser;
  let url: string;
  const errors: string[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    if (process.env.PEPER_E2E_APP_URL) {
      url = process.env.PEPER_E2E_APP_URL;
    } else {
      buildIfStale();
      stateDir = mkdtempSync(join(tmpdir(), "peper-xr-e2e-"));
      stack = await startStack(stateDir);
      app = await startApp(stack);
      url = app.url;
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
    });
  });

  after(async () => {
    await browser?.close();
    await stop(app);
    await stop(stack);
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  async function floorPage(
    options: { quest?: boolean; width?: number; height?: number; session?: object } = {},
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      locale: "en-GB",
      viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    });
    context.setDefaultTimeout(0);
    if (options.quest) await context.addInitScript(INSTALL_QUEST3);
    if (options.session) {
      await context.addInitScript(
        `sessionStorage.setItem("peper.api.session", ${JSON.stringify(JSON.stringify(options.session))});`,
      );
    }
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${url}/metaverse`);
    await visible(page.getByTestId("trading-floor").locator("canvas"));
    return { context, page };
  }

  it("serves the controller and hand models itself, never from a CDN", async () => {
    const list = await fetch(`${url}/xr-assets/profilesList.json`);
    assert.equal(list.status, 200);
    assert.ok("meta-quest-touch-plus" in ((await list.json()) as object));
    const hand = await fetch(`${url}/xr-assets/generic-hand/left.glb`);
    assert.equal(hand.status, 200);
    assert.equal(hand.headers.get("content-type"), "model/gltf-binary");
    assert.equal((await fetch(`${url}/xr-assets/..%2F..%2Fpackage.json`)).status, 404);
  });

  it("enters VR on an emulated Quest 3: the session starts, with the app's own controller models", async () => {
    const outside: string[] = [];
    const { context, page } = await floorPage({ quest: true });
    page.on("request", (r) => {
      if (!r.url().startsWith(url) && !r.url().startsWith("data:") && !r.url().startsWith("blob:"))
        outside.push(r.url());
    });
    const floor = page.getByTestId("trading-floor");
    const enter = await visible(page.getByTestId("enter-vr"));
    await until(
      () => enter.isEnabled(),
      (ok) => ok,
      "Enter in VR is enabled with the emulated headset",
    );
    await enter.click();
    // A clean-clone CI run (2026-12-06) once saw the press go unanswered (mode still "none" for 40 s).
    // The app now shows a rejected requestSession (data-testid xr-failed, next step): its words go
    // into the log. The second press is what a user would do; two ignored presses fail the step.
    const started = await until(
      () => floor.getAttribute("data-xr-mode"),
      (m) => m === "immersive-vr",
      "the XR session started",
      60,
    ).catch(() => undefined);
    if (!started) {
      const failed = page.getByTestId("xr-failed");
      console.log(
        `the first press did not start VR: ${(await failed.count()) > 0 ? await failed.innerText() : "no error shown"}`,
      );
      await enter.click();
      await until(
        () => floor.getAttribute("data-xr-mode"),
        (m) => m === "immersive-vr",
        "the XR session started after a second press",
      );
    }
    const [ox, oz] = await origin(page);
    assert.ok(Number.isFinite(ox) && Number.isFinite(oz), "the origin is known");
    await sleep(3000);
    await shot(page, "headset");
    assert.deepEqual(outside, [], "nothing was loaded from outside the app");
    await context.close();
  });

  it("in VR, a controller's select on a tower opens its panel; a select on the floor teleports", async () => {
    const outside: string[] = [];
    const { context, page } = await floorPage({ quest: true });
    page.on("request", (r) => {
      if (!r.url().startsWith(url) && !r.url().startsWith("data:") && !r.url().startsWith("blob:"))
        outside.push(r.url());
    });
    const floor = page.getByTestId("trading-floor");
    const enter = await visible(page.getByTestId("enter-vr"));
    await until(
      () => enter.isEnabled(),
      (ok) => ok,
      "Enter in VR is enabled with the emulated headset",
    );
    await shot(page, "desktop-before-vr");
    await enter.click();
    await until(
      () => floor.getAttribute("data-xr-mode"),
      (m) => m === "immersive-vr",
      "the XR session started",
    );
    const [ox, oz] = await origin(page);
    assert.ok(Number.isFinite(ox) && Number.isFinite(oz), "the origin is known");
    // the controllers' input sources and their rays appear a moment after the session starts
    await sleep(2000);

    // Aim the right controller's ray (its pose is in the XR origin's frame) at the tower at world
    // (1.6, y, 1.6) — the third pool by TVL (lib/floor.ts's spiral; the test chain has three pools,
    // then the three feeds) — and press and release the trigger: the ray hits the towers' one
    // InstancedMesh, whose instanceId the scene resolves to that pool. y sweeps, so a short tower
    // or a label in front does not fail the step.
    const hand: [number, number, number] = [0.15, 1.3, -0.2];
    let selected = "";
    for (const y of [0.5, 0.2, 1, 1.5, 0.1, 2]) {
      const target: [number, number, number] = [1.6 - ox, y, 1.6 - oz];
      await selectWith(page, {
        position: hand,
        quaternion: aim(target[0] - hand[0], target[1] - hand[1], target[2] - hand[2]),
      });
      selected = (await floor.getAttribute("data-selected")) ?? "";
      if (selected) break;
    }
    assert.ok(selected, "a controller select on a tower selected it");
    // The table says which pool that is (its row's button is pressed); the panel's DOM mirror, the
    // text screen readers get of the 3D panel, names the same pool.
    const row = await visible(page.getByTestId("market-legend").getByRole("button", { pressed: true }));
    const pool = (await row.innerText()).trim();
    assert.match(pool, /^\S+\/\S+$/, `the selected tower is a pool (${pool})`);
    const panel = await visible(page.getByTestId("floor-panel"));
    assert.equal((await panel.getByRole("heading").innerText()).trim(), pool, "its panel opened, naming the pool");
    assert.match(
      await panel.innerText(),
      /confirm in your wallet/i,
      "in a headset the panel says to confirm in the wallet",
    );
    await shot(page, "headset-panel");

    // Point down at the floor between here and the towers, and select: the origin moves there.
    await selectWith(page, { position: hand, quaternion: aim(0, -1.3, -1.6) });
    const [nx, nz] = await until(
      () => origin(page),
      ([x, z]) => Math.hypot(x - ox, z - oz) > 0.3,
      "teleport moved the origin",
      40,
    );
    // the ray meets the floor 1.3 m down, 1.6 m per 1.3 m ahead: about 1.6 m ahead of the hand
    assert.ok(nz < oz - 1 && nz > oz - 2.5, `teleported about 1.6 m forward (from ${oz} to ${nz})`);
    assert.ok(Math.abs(nx - ox) < 0.5, `and not sideways (x from ${ox} to ${nx})`);
    assert.equal(await floor.getAttribute("data-selected"), selected, "teleporting keeps the selection");
    await shot(page, "headset-teleported");
    assert.deepEqual(outside, [], "nothing was loaded from outside the app");
    await context.close();
  });

  it("says so, with what to do, when the browser refuses the VR session", async () => {
    const { context, page } = await floorPage({ quest: true });
    const floor = page.getByTestId("trading-floor");
    const enter = await visible(page.getByTestId("enter-vr"));
    await until(
      () => enter.isEnabled(),
      (ok) => ok,
      "Enter in VR is enabled with the emulated headset",
    );
    // The next requestSession rejects as a browser does when the headset is asleep or gone.
    await page.evaluate(() => {
      const xr = (navigator as unknown as { xr: { requestSession: (...a: unknown[]) => Promise<unknown> } }).xr;
      const real = xr.requestSession.bind(xr);
      xr.requestSession = () => {
        xr.requestSession = real;
        return Promise.reject(
          new DOMException("The specified session configuration is not supported.", "NotSupportedError"),
        );
      };
    });
    await enter.click();
    const notice = await visible(page.getByTestId("xr-failed"));
    assert.equal(await notice.getAttribute("role"), "alert", "announced to screen readers");
    assert.match(await notice.innerText(), /VR did not start/);
    assert.match(await notice.innerText(), /connected and awake/, "it says what to do");
    assert.equal(await floor.getAttribute("data-xr-mode"), "none");
    await shot(page, "xr-refused");
    // Pressing again is what it advises: the notice goes and the session starts.
    await enter.click();
    await until(
      () => floor.getAttribute("data-xr-mode"),
      (m) => m === "immersive-vr",
      "the XR session started on the second press",
    );
    assert.equal(await page.getByTestId("xr-failed").count(), 0, "the notice went away");
    await context.close();
  });

  it("shows the floor at desktop and phone width, with its figures in the DOM", async () => {
    const { context, page } = await floorPage();
    await visible(page.getByTestId("market-legend").getByTestId("market-row"));
    const towers = Number(await page.getByTestId("trading-floor").getAttribute("data-towers"));
    assert.ok(towers >= 4, `a tower per pool and feed (${towers})`);
    await page.getByTestId("market-legend").getByRole("button").first().click();
    await visible(page.getByTestId("floor-depth"));
    await visible(page.getByRole("form", { name: "Swap" }));
    await shot(page, "desktop");
    await page.setViewportSize({ width: 390, height: 844 });
    await sleep(1500);
    await shot(page, "phone");
    await context.close();
  });

  it("puts two visitors in one room: each sees the other's avatar move, and leave", async () => {
    const alice = await apiUser(url, "alice");
    const bob = await apiUser(url, "bob");
    // an e-mail session (one account, issue 18): the room needs an API account, not a wallet
    const a = await floorPage({ session: alice });
    const b = await floorPage({ session: bob });
    const card = await until(
      () => b.page.getByTestId("room-card").inputValue(),
      (v) => v.startsWith("{"),
      "bob's invitation card",
    );
    const roomA = a.page.getByTestId("floor-room");
    await roomA.getByLabel("Your name in the room").fill("Alice");
    await roomA.getByLabel("Invite: the others' cards, one per line").fill(card);
    await roomA.getByRole("button", { name: "Open a room" }).click();
    const session = await visible(a.page.getByTestId("room-session"));
    const id = /[0-9a-f-]{36}/.exec(await session.innerText())?.[0];
    assert.ok(id, "the room's id is shown to the host");

    const roomB = b.page.getByTestId("floor-room");
    await roomB.getByLabel("Your name in the room").fill("Bob");
    await roomB.getByLabel("Room id (from the host)").fill(id);
    await roomB.getByRole("button", { name: "Join the room" }).click();
    await visible(b.page.getByTestId("room-session"));
    const aliceSeen = b.page.getByTestId("room-people").locator("li", { hasText: "Alice" });
    await visible(aliceSeen);
    await visible(a.page.getByTestId("room-people").locator("li", { hasText: "Bob" }));
    const before = await until(
      () => aliceSeen.getAttribute("data-position"),
      (p) => !!p,
      "alice's avatar has a position for bob",
    );

    // Alice walks forward (W on the focused view); Bob sees her avatar move.
    await a.page.getByTestId("trading-floor").locator("canvas").focus();
    await a.page.keyboard.down("w");
    await sleep(1500);
    await a.page.keyboard.up("w");
    const moved = await until(
      () => aliceSeen.getAttribute("data-position"),
      (p) => !!p && p !== before,
      "alice's avatar moved for bob",
      40,
    );
    const dist = Math.hypot(...moved!.split(",").map((v, i) => Number(v) - Number(before!.split(",")[i])));
    assert.ok(dist > 0.5, `alice moved ${dist.toFixed(2)} m`);
    await shot(b.page, "room-bob-sees-alice");

    // Alice leaves (closes her tab): she disappears for Bob.
    await a.context.close();
    await until(
      () => aliceSeen.count(),
      (n) => n === 0,
      "alice left bob's room",
    );
    await b.context.close();
    assert.deepEqual(errors, [], "no uncaught errors in the pages");
  });
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}
