// `npm run deploy -- --network <name> [--yes]`: deploys every Peper contract with Hardhat Ignition,
// then regenerates the protocol module (offchain/src/protocol/generated).
// `npm run deploy -- --network <name> --bridge-peer <peer> [--yes]`: once both are deployed, connects
// the network's bridge to the peer's and hands it to the Timelock (run it on both networks).
import { parseArgs } from "node:util";

import { CHAINS } from "../offchain/src/protocol/chains.ts";
import { connectBridge, deploy, resolveDeploy } from "./lib/deploy.ts";
import { assertNode22, hardhat, main, run, UsageError } from "./lib/runtime.ts";

main(async () => {
  assertNode22();
  let values: { network?: string; yes?: boolean; help?: boolean; "bridge-peer"?: string };
  try {
    ({ values } = parseArgs({
      options: {
        network: { type: "string" },
        yes: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        "bridge-peer": { type: "string" },
      },
    }));
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message}\nUsage: npm run deploy -- --network <name> [--bridge-peer <network>] [--yes]`,
    );
  }
  if (values.help || !values.network) {
    const usage =
      "Usage: npm run deploy -- --network <name> [--yes]\n" +
      "       npm run deploy -- --network <name> --bridge-peer <network> [--yes]   (both deployed: connect the bridges)\n" +
      `Networks: ${CHAINS.map((c) => c.network).join(", ")}\n` +
      "Public networks read <NETWORK>_RPC_URL and DEPLOYER_PRIVATE_KEY from the environment.";
    if (values.help) {
      console.log(usage);
      return;
    }
    throw new UsageError(`Missing --network.\n${usage}`);
  }
  resolveDeploy(values.network, process.env); // fail before compiling when a variable is missing
  if (values["bridge-peer"]) {
    await connectBridge({ network: values.network, peerNetwork: values["bridge-peer"], yes: values.yes ?? false });
    console.log(`${values.network}: bridge connected to ${values["bridge-peer"]} and handed to the Timelock`);
    return;
  }
  const [cmd, args] = hardhat("compile", "--build-profile", "production");
  await run(cmd, args);
  const addresses = await deploy({ network: values.network, yes: values.yes ?? false });
  for (const [id, address] of Object.entries(addresses)) console.log(`${id.padEnd(36)} ${address}`);
  await run(process.execPath, ["scripts/generate-protocol.ts"]);
});
