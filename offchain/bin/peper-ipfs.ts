#!/usr/bin/env node
// peper-ipfs: the local IPFS gateway (embedded store under $PEPER_STATE_DIR/ipfs, or Kubo when
// IPFS_API_URL is set), on 127.0.0.1:$PEPER_IPFS_PORT (default 8180).
import { join } from "node:path";

import { createGateway } from "../src/ipfs/gateway.ts";
import { openIpfsStore } from "../src/ipfs/store.ts";

const port = Number(process.env.PEPER_IPFS_PORT ?? 8180);
const dir = join(process.env.PEPER_STATE_DIR ?? ".peper", "ipfs");
const store = await openIpfsStore(dir);
const server = createGateway(store);
server.listen(port, "127.0.0.1", () => {
  console.log(JSON.stringify({ level: "info", msg: "ipfs gateway listening", port, store: store.kind }));
});
const stop = () => server.close(() => void store.close().then(() => process.exit(0)));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
