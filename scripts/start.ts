// `npm start`: the whole local stack on loopback. Starts the two chains, deploys every contract with
// Ignition, loads the demo state, regenerates the protocol module, starts the other services, and
// prints one status line per service. Ctrl-C (or SIGTERM) stops everything it started, by PID.
//
//   npm start               keep state in .peper/ from the last run
//   npm start -- --fresh    wipe .peper/ first
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

import type { PeperChain } from "../offchain/src/protocol/chains.ts";
import { bridgeDemoPeper, describeBridge, type LocalBridgeChain } from "./lib/bridge-demo.ts";
import { connectBridge, deploy } from "./lib/deploy.ts";
import { describeCrossChainGovernance } from "./lib/governance-demo.ts";
import { installMulticall3, MULTICALL3_ADDRESS } from "./lib/multicall3.ts";
import {
  assertNode22,
  hardhat,
  isPortFree,
  main,
  ROOT,
  rpc,
  run,
  seconds,
  UsageError,
  waitFor,
} from "./lib/runtime.ts";
import { localChains, rpcUrlEnvFor, services, type StackContext } from "./stack/services.ts";

interface Running {
  name: string;
  child: ChildProcess;
}

const running: Running[] = [];
const blockTickers: NodeJS.Timeout[] = [];
let stopping = false;

/** Whole PEPER with thousands separators (wei in). */
const formatPeper = (wei: bigint): string => (wei / 10n ** 18n).toLocaleString("en-US");

const line = (name: string, status: string, detail = ""): void =>
  console.log(`  ${name.padEnd(12)} ${status.padEnd(8)} ${detail}`.trimEnd());

/** Stops every child we started, newest first: SIGTERM to its process group, SIGKILL after 5 s. */
async function stopAll(): Promise<void> {
  stopping = true;
  for (const t of blockTickers) clearInterval(t);
  for (const { name, child } of [...running].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) continue;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      continue; // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
    line(name, "stopped");
  }
}

main(async () => {
  assertNode22();
  let values: { fresh?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { fresh: { type: "boolean" }, help: { type: "boolean", short: "h" } } }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nUsage: npm start [-- --fresh]`);
  }
  if (values.help) {
    console.log("Usage: npm start [-- --fresh]\n  --fresh  wipe the saved state in .peper/ first");
    return;
  }

  // PEPER_STATE_DIR lets tests run a second stack without touching a developer's .peper/.
  const stateDir = process.env.PEPER_STATE_DIR ? resolve(process.env.PEPER_STATE_DIR) : join(ROOT, ".peper");
  if (values.fresh) rmSync(stateDir, { recursive: true, force: true });
  const logDir = join(stateDir, "logs");
  mkdirSync(logDir, { recursive: true });

  // Refuse clearly when a port is taken, before starting anything.
  for (const s of services) {
    if (!(await isPortFree(s.port))) {
      throw new UsageError(
        `Port ${s.port} (${s.name}) is already in use on 127.0.0.1. Another \`npm start\` may be running: stop it ` +
          `with Ctrl-C, or move this service with ${s.portEnv}=<free port>.`,
      );
    }
  }

  const ctx: StackContext = { root: ROOT, stateDir, env: { ...process.env, PEPER_STATE_DIR: stateDir } };
  const chainPorts = new Map<string, number>();
  for (const [i, chain] of localChains.entries()) {
    const port = services[i]!.port;
    chainPorts.set(chain.network, port);
    ctx.env[rpcUrlEnvFor(chain.network)] = `http://127.0.0.1:${port}`;
  }

  const shutdown = (signal: string) => {
    if (stopping) return;
    console.log(`\n${signal}: stopping Peper…`);
    void stopAll().then(() => process.exit(0));
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("exit", () => {
    // Last resort (e.g. an uncaught error): never leave a child behind.
    for (const { child } of running) {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
  });

  console.log("Peper local stack\n");
  let t = Date.now();
  const [hh, compileArgs] = hardhat("compile", "--quiet", "--build-profile", "production");
  await run(hh, compileArgs, { quiet: true, env: ctx.env });
  line("contracts", "compiled", seconds(Date.now() - t));

  for (const s of services) {
    t = Date.now();
    const log = createWriteStream(join(logDir, `${s.name.replace(/\s+/g, "-")}.log`));
    const ownEnv = s.prepare ? await s.prepare(s.port, ctx) : {};
    const [cmd, args] = s.command(s.port, ctx);
    const child = spawn(cmd, args, {
      cwd: ROOT,
      env: { ...ctx.env, ...ownEnv },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    running.push({ name: s.name, child });
    child.on("exit", (code, signal) => {
      if (stopping) return;
      const how = signal ?? `code ${code}`;
      if (s.critical === false) {
        // e.g. one oracle operator: the network is built to go on without it
        line(s.name, "exited", `(${how}); the stack goes on without it — see .peper/logs`);
        return;
      }
      console.error(`\n${s.name} exited unexpectedly (${how}); see .peper/logs. Stopping Peper.`);
      void stopAll().then(() => process.exit(1));
    });
    await waitFor(s.name, () => s.ready(s.port, child), { child });
    line(s.name, "ready", `${s.url(s.port)}  ${s.describe ?? ""}  (${seconds(Date.now() - t)})`);

    // Once both chains are up, deploy and load the demo state before the services that read them:
    // both chains, then the bridge's connection (each chain needs the other's addresses), then the
    // demo PEPER bridged from A (home) to B, then each chain's demo state.
    if (running.length === localChains.length) {
      // Multicall3 where every public chain has it, so the app batches its reads into one eth_call.
      for (const port of chainPorts.values()) await installMulticall3(`http://127.0.0.1:${port}`);
      line("multicall3", "ready", `${MULTICALL3_ADDRESS} on both chains`);
      for (const chain of localChains) {
        t = Date.now();
        const addresses = await deploy({ network: chain.network, quiet: true, env: ctx.env });
        line(
          "deploy",
          "done",
          `${chain.network}: ${Object.keys(addresses).length} contracts (${seconds(Date.now() - t)})`,
        );
      }
      t = Date.now();
      const [home, remote] = localChains.map((chain, i): LocalBridgeChain => ({
        chainId: chain.chainId,
        rpcUrl: ctx.env[rpcUrlEnvFor(chain.network)]!,
        name: String.fromCharCode(65 + i),
      })) as [LocalBridgeChain, LocalBridgeChain];
      const [chainA, chainB] = localChains as [PeperChain, PeperChain];
      for (const [chain, peer] of [
        [chainA, chainB],
        [chainB, chainA],
      ] as const) {
        await connectBridge({ network: chain.network, peerNetwork: peer.network, quiet: true, env: ctx.env });
      }
      // The relayer processes start later; until then the deployment delivers its own messages.
      const bridged = await bridgeDemoPeper(home, remote);
      line(
        "bridge",
        "ready",
        `${await describeBridge(home, remote)}; demo transfer A→B done: ${formatPeper(bridged)} PEPER (${seconds(Date.now() - t)})`,
      );
      // Chain B's demo state includes PIP-3: a proposal on A that launches B's farms and staking
      // through the bridge (B has no Governor); A's live proposal (PIP-2) is made after it.
      for (const chain of localChains) {
        t = Date.now();
        const [dcmd, dargs] = hardhat("run", "--no-compile", "scripts/demo/run.ts", "--network", chain.network);
        await run(dcmd, dargs, { quiet: true, env: ctx.env });
        line("demo", "loaded", `${chain.network}: demo state (${seconds(Date.now() - t)})`);
      }
      const [lcmd, largs] = hardhat("run", "--no-compile", "scripts/demo/live.ts", "--network", chainA.network);
      await run(lcmd, largs, { quiet: true, env: ctx.env });
      line("governance", "ready", `one DAO on A: ${await describeCrossChainGovernance(home, remote)}`);
      await run(process.execPath, ["scripts/generate-protocol.ts"], { quiet: true, env: ctx.env });
      line("protocol", "written", "offchain/src/protocol/generated/ (ABIs + addresses)");
      // Real chains make blocks whether or not anyone trades; automining Hardhat nodes only mine on
      // transactions, so their clock would stand still. An empty block every 2 s keeps chain time
      // (and so oracle rounds and TWAPs) moving — only while the node automines: with automine off
      // someone holds transactions back on purpose (to see a pending state), and evm_mine would
      // include them. The check comes first, so a block mined just after automine went off is empty.
      for (const port of chainPorts.values()) {
        const url = `http://127.0.0.1:${port}`;
        const tick = async () => {
          if ((await rpc<boolean>(url, "hardhat_getAutomine")) === true) await rpc(url, "evm_mine");
        };
        blockTickers.push(setInterval(() => void tick().catch(() => {}), 2000));
      }
    }
  }

  writeFileSync(
    join(stateDir, "stack.json"),
    JSON.stringify(
      {
        pid: process.pid,
        startedAt: new Date().toISOString(),
        services: services.map((s, i) => ({ name: s.name, url: s.url(s.port), pid: running[i]?.child.pid })),
        chains: Object.fromEntries(chainPorts),
      },
      null,
      2,
    ),
  );
  console.log("\nPeper is up. Press Ctrl-C to stop everything.\n");
  // A status line whenever a service reports something new (an oracle's last round), checked every 5 s.
  const lastStatus = new Map<string, string>();
  setInterval(() => {
    for (const s of services) {
      if (!s.status) continue;
      void s
        .status(s.port)
        .then((status) => {
          if (status === undefined || lastStatus.get(s.name) === status) return;
          lastStatus.set(s.name, status);
          line(s.name, "status", status);
        })
        .catch(() => {});
    }
  }, 5000).unref();
  await new Promise<never>(() => {
    // run until a signal arrives
  });
});
