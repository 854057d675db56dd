/**
 * Free loopback ports for the services a test starts. The kernel hands out a random free port for
 * listen(0), and may hand out the same one again once its listener has closed; a stack asks for a dozen
 * in a row, and two services on one port stop it (EADDRINUSE). So a port is never handed out twice
 * in one process.
 */
import { createServer } from "node:net";

const handedOut = new Set<number>();

function listenOnce(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A loopback port that was free just now and that this process has not handed out before. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await listenOnce();
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}
