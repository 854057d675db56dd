// The feed ids live in the shared protocol module (offchain/src/protocol/feeds.ts); one source.
export { feedId as feedIdOf } from "../../offchain/src/protocol/feeds.ts";
