import { bridgePeerModule } from "./BridgePeer.ts";

/** A remote chain connecting to its peer (see BridgePeer.ts): no GovernanceSender to wire. */
export default bridgePeerModule("remote");
