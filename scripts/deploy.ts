// `npm run deploy -- --network <name> [--yes]`: deploys every Peper contract with Hardhat Ignition,
// then regenerates the protocol module (offchain/src/protocol/generated).
import { parseArgs } from "node:util";

import { CHAINS } from "../offchain/src/protocol/chains.ts";
import { deploy, resolveDeploy } from "./lib/deploy.ts";
import { assertNode22, hardhat, main, run, UsageError } from "./lib/runtime.ts";

main(async () => {
  assertNode22();
  let values: { network?: string; yes?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { network: { type: "string" }, yes: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nUsage: npm run deploy -- --network <name> [--yes]`);
  }
  if (values.help || !values.network) {
    const usage =
      "Usage: npm run deploy -- --network <name> [--yes]\n" +
      `Networks: ${CHAINS.map((c) => c.network).join(", ")}\n` +
      "Public networks read <NETWORK>_RPC_URL and DEPLOYER_PRIVATE_KEY from the environment.";
    if (values.help) {
      console.log(usage);
      return;
    }
    throw new UsageError(`Missing --network.\n${usage}`);
  }
  resolveDeploy(values.network, process.env); // fail before compiling when a variable is missing
  const [cmd, args] = hardhat("compile", "--build-profile", "production");
  await run(cmd, args);
  const addresses = await deploy({ network: values.network, yes: values.yes ?? false });
  for (const [id, address] of Object.entries(addresses)) console.log(`${id.padEnd(36)} ${address}`);
  await run(process.execPath, ["scripts/generate-protocol.ts"]);
});
