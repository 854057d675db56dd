// The client side of the WebSocket capacity benchmark (scripts/bench/websocket.ts), in a process of
// its own so that the server's process holds only the server. Reads its options as JSON on stdin,
// prints the capacity report as JSON on stdout.
import { measureRoomCapacity, type CapacityOptions } from "../../../offchain/src/realtime/capacity.ts";

let input = "";
for await (const chunk of process.stdin) input += String(chunk);
const options = JSON.parse(input) as CapacityOptions;
const report = await measureRoomCapacity(options);
process.stdout.write(`${JSON.stringify(report)}\n`);
