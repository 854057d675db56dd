import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import Governance from "./Governance.ts";

/**
 * Everything Peper deploys on one chain. `npm run deploy -- --network <name>` deploys this module;
 * each part of the protocol is its own module, used here.
 */
export default buildModule("Peper", (m) => {
  const { token, timelock, governor } = m.useModule(Governance);
  return { token, timelock, governor };
});
