// How many concurrent WebSocket clients one API process holds: the API (with its realtime rooms) in
// this process on a free 127.0.0.1 port; the clients in a child process (so the server's RSS is its
// own), authenticated members of 20-client rooms, each sending a pose per second that the server fans
// out to the 19 others, for 10 s per run. Loopback only, bounded in clients and time.
import { spawn } from "node:child_process";

import { buildApi } from "../../offchain/src/api/app.ts";
import { TEST_PASSWORD } from "../../offchain/src/api/testing.ts";
import { openDatabase } from "../../offchain/src/db/index.ts";
import { createDecisionEngine } from "../../offchain/src/models/decisionModel.ts";
import { createCapacityRooms, type CapacityReport, type CapacityRoom } from "../../offchain/src/realtime/capacity.ts";
import { table } from "./lib/timing.ts";

const ROOM_SIZE = 20;
const RUNS = [500, 2000, 5000];

const database = await openDatabase({ dataDir: "memory://" });
const app = await buildApi(
  {
    decisionEngine: await createDecisionEngine(),
    database,
    secrets: { jwtSecret: "bench-jwt-secret-bench-jwt-secret-0123", dataKey: "bench-data-key-bench-data-key-012345" },
  },
  // Thousands of handshakes from one loopback address would trip the production per-IP limits.
  { limits: { authPerMinute: 1e9, perMinute: 1e9 } },
);
await app.listen({ port: 0, host: "127.0.0.1" });
const address = app.server.address();
const baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

const post = async <T>(path: string, body: unknown): Promise<T> => {
  const res = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};
// ROOM_SIZE members; every room has all of them, and each member connects once per room.
const users: { id: string; accessToken: string }[] = [];
for (let i = 0; i < ROOM_SIZE; i++) {
  const email = `ws-bench-${i}@example.com`;
  await post("/api/v5/auth/register", { email, password: TEST_PASSWORD, region: "DE" });
  const login = await post<{ access_token: string; user_profile: { id: string } }>("/api/v5/auth/global-login", {
    email,
    password: TEST_PASSWORD,
    region: "DE",
  });
  users.push({ id: login.user_profile.id, accessToken: login.access_token });
}

const rssBefore = process.memoryUsage().rss;
const rows: (string | number)[][] = [];
for (const clients of RUNS) {
  const rooms: CapacityRoom[] = [];
  for (let r = 0; r < clients / ROOM_SIZE; r++) rooms.push(...(await createCapacityRooms(baseUrl, users, ROOM_SIZE)));
  const report = await new Promise<CapacityReport>((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/bench/lib/ws-clients.ts"], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    child.stdin.end(
      JSON.stringify({ baseUrl, rooms, clients, posesPerSecond: 1, durationMs: 10_000, serverPid: process.pid }),
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out) as CapacityReport) : reject(new Error(`clients exited ${code}`)),
    );
  });
  rows.push([
    clients,
    report.connected,
    report.closedByServer,
    Number((report.deliveryRatio * 100).toFixed(2)),
    report.messagesDelivered,
    report.latencyMs?.p50 ?? "n/a",
    report.latencyMs?.p99 ?? "n/a",
    report.serverRssBytes === null ? "n/a" : Math.round(report.serverRssBytes / 2 ** 20),
    report.serverRssBytes === null ? "n/a" : Math.round((report.serverRssBytes - rssBefore) / report.connected / 1024),
  ]);
}
await app.close();
await database.close();
table(
  `WebSocket rooms, one API process (${ROOM_SIZE} clients per room, 1 pose/s each fanned out to the room, 10 s)`,
  [
    "clients",
    "connected",
    "closed by server",
    "delivered %",
    "messages delivered",
    "p50 ms",
    "p99 ms",
    "server RSS MiB",
    "KiB per client",
  ],
  rows,
);
