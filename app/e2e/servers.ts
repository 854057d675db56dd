// The servers the browser tests need, started the way scripts/stack/start.test.ts starts the stack:
// `npm start` (scripts/start.ts) with its state in a temporary directory and every port moved to a
// free one; the stack also serves the built app (`next start` on 127.0.0.1). Stopped by the PID we started.
import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "../../offchain/src/testing/chain.ts";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const ROOT = resolve(APP_DIR, "..");

export interface Service {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startProcess(args: string[], options: { cwd: string; env: Record<string, string | undefined> }): Service {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return { child, output: () => out, exited };
}

const untilOutput = (service: Service, text: string): Promise<void> =>
  new Promise((resolveWait, reject) => {
    const check = () => {
      if (service.output().includes(text)) resolveWait();
    };
    service.child.stdout!.on("data", check);
    void service.exited.then((code) => reject(new Error(`exited (${code}) before "${text}":\n${service.output()}`)));
    check();
  });

/** Stops a process we started, by its PID: SIGINT (the stack stops its children), then waits. */
export async function stop(service: Service | undefined): Promise<void> {
  if (!service || service.child.exitCode !== null || service.child.signalCode !== null) return;
  service.child.kill("SIGINT");
  await service.exited;
}

export interface Stack extends Service {
  rpcUrls: Record<number, string>;
  apiPort: number;
  /** The dApp the stack serves (`next start`, started by npm start). */
  appUrl: string;
}

export async function startStack(stateDir: string): Promise<Stack> {
  const ports: number[] = [];
  // every service on a free port, so a second stack (another test, CI, a developer's npm start) never collides
  for (let i = 0; i < 12; i++) ports.push(await freePort());
  const [chainA, chainB, ipfs, api, o1, o2, o3, indexerA, indexerB, app, hyperlane, accountant] = ports as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const service = startProcess(["scripts/start.ts", "--fresh"], {
    cwd: ROOT,
    env: {
      PEPER_STATE_DIR: stateDir,
      PEPER_CHAIN_A_PORT: String(chainA),
      PEPER_CHAIN_B_PORT: String(chainB),
      PEPER_IPFS_PORT: String(ipfs),
      PEPER_API_PORT: String(api),
      PEPER_ORACLE_1_PORT: String(o1),
      PEPER_ORACLE_2_PORT: String(o2),
      PEPER_ORACLE_3_PORT: String(o3),
      PEPER_INDEXER_A_PORT: String(indexerA),
      PEPER_INDEXER_B_PORT: String(indexerB),
      PEPER_APP_PORT: String(app),
      PEPER_HYPERLANE_PORT: String(hyperlane),
      PEPER_ACCOUNTANT_PORT: String(accountant),
      // Sign-In with Ethereum: the API accepts messages made for the app's origin only.
      PEPER_WEBAUTHN_ORIGINS: `http://127.0.0.1:${app}`,
      PEPER_WEBAUTHN_RP_ID: "127.0.0.1",
    },
  });
  await untilOutput(service, "Peper is up");
  return {
    ...service,
    appUrl: `http://127.0.0.1:${app}`,
    rpcUrls: { 31337: `http://127.0.0.1:${chainA}`, 31338: `http://127.0.0.1:${chainB}` },
    apiPort: api,
  };
}

export { buildIfStale } from "../scripts/build-if-stale.ts";

export interface App extends Service {
  url: string;
}

/**
 * The app `npm start` serves (`next start` on 127.0.0.1, started after the API and the indexers),
 * checked to answer. It is the stack's process: stopping it stops the stack.
 */
export async function startApp(stack: Stack): Promise<App> {
  const res = await fetch(`${stack.appUrl}/global`);
  if (!res.ok) throw new Error(`the app at ${stack.appUrl} answered ${res.status}:\n${stack.output()}`);
  return { child: stack.child, output: stack.output, exited: stack.exited, url: stack.appUrl };
}
