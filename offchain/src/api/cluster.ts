import cluster from "node:cluster";

/**
 * Several API processes on one port (PEPER_API_WORKERS): the primary process forks `workers` worker
 * processes (node:cluster; the primary accepts connections and hands them round-robin to the
 * workers) and does nothing else; each worker is a whole API — its own event loop, database pool,
 * session cache and audit group commit — sharing PostgreSQL and Redis with the others. What must be
 * one across processes is kept in PostgreSQL: the audit chain's head (an advisory lock around every
 * append), refresh-token claims, sign-in throttling (advisory locks per account and IP); the
 * realtime rooms and the rate-limit counters are in Redis.
 *
 * A worker that dies is replaced (at most once per second); SIGINT/SIGTERM stop the workers, each
 * finishing its requests, and then the primary.
 */

/** A running API process. */
export interface ApiProcess {
  /** Stops accepting, finishes what is under way, closes the database. */
  stop(): Promise<void>;
}

export interface ApiProcessesOptions {
  /** How many worker processes; 1 runs the API in this process (no cluster). */
  readonly workers: number;
  /** Starts the API in this process (a worker, or the only process). `index` counts from 0. */
  readonly start: (index: number) => Promise<ApiProcess>;
  /** Where the primary's own lines go (a worker died, all stopped). */
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
}

/** The index (from 0) of this worker, passed by the primary; 0 outside a cluster. */
export function workerIndex(): number {
  return Number(process.env.PEPER_API_WORKER_INDEX ?? 0);
}

/**
 * Runs the API in `workers` processes (see above). In the primary, resolves once every worker has
 * said it is ready (a `{ peper: "ready" }` message); in a worker or with one process, once its API
 * is started.
 */
export async function runApiProcesses(options: ApiProcessesOptions): Promise<void> {
  const log = options.log ?? (() => {});
  if (options.workers <= 1 || cluster.isWorker) {
    const api = await options.start(workerIndex());
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      void api.stop().then(() => process.exit(0));
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    if (cluster.isWorker) process.send?.({ peper: "ready" });
    return;
  }

  let stopping = false;
  const lastFork = new Map<number, number>();
  const fork = (index: number) => {
    lastFork.set(index, Date.now());
    const worker = cluster.fork({ PEPER_API_WORKER_INDEX: String(index) });
    worker.on("exit", (code, signal) => {
      if (stopping) return;
      log("API worker died; starting another", { index, code, signal });
      const wait = Math.max(0, 1000 - (Date.now() - (lastFork.get(index) ?? 0)));
      setTimeout(() => fork(index), wait).unref();
    });
    return worker;
  };
  const workers = Array.from({ length: options.workers }, (_, i) => fork(i));
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          const onMessage = (message: unknown) => {
            if ((message as { peper?: unknown } | null)?.peper === "ready") {
              worker.off("message", onMessage);
              worker.off("exit", onExit);
              resolve();
            }
          };
          const onExit = (code: number | null) =>
            reject(new Error(`An API worker exited with code ${code} before it was ready; see its log above.`));
          worker.on("message", onMessage);
          worker.once("exit", onExit);
        }),
    ),
  );
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    const check = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        clearInterval(check);
        log("API workers stopped");
        process.exit(0);
      }
    }, 50);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
