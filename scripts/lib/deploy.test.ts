import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { chainByNetwork } from "../../offchain/src/protocol/chains.ts";
import { LOCAL_MODULE_PATH, MODULE_PATH, missingVariables, parametersFile, resolveDeploy } from "./deploy.ts";
import { UsageError } from "./runtime.ts";

describe("npm run deploy: configuration checks", () => {
  it("names both missing variables for a public network", () => {
    assert.throws(
      () => resolveDeploy("base", {}),
      (error: unknown) =>
        error instanceof UsageError &&
        /set the environment variables BASE_RPC_URL and DEPLOYER_PRIVATE_KEY/.test(error.message),
    );
  });

  it("names the one variable still missing, and treats blank as missing", () => {
    assert.deepEqual(missingVariables(chainByNetwork("optimismSepolia")!, { OPTIMISM_SEPOLIA_RPC_URL: "http://x" }), [
      "DEPLOYER_PRIVATE_KEY",
    ]);
    assert.deepEqual(
      missingVariables(chainByNetwork("sepolia")!, { SEPOLIA_RPC_URL: " ", DEPLOYER_PRIVATE_KEY: "0x1" }),
      ["SEPOLIA_RPC_URL"],
    );
  });

  it("lists the known networks for an unknown one", () => {
    assert.throws(
      () => resolveDeploy("mainnetz", {}),
      /Unknown network "mainnetz"\. Known networks: localA, localB, ethereum/,
    );
  });

  it("asks for the network's parameters file when it does not exist", () => {
    assert.throws(
      () => resolveDeploy("arbitrum", { ARBITRUM_RPC_URL: "http://127.0.0.1:1", DEPLOYER_PRIVATE_KEY: "0x1" }),
      /contracts\/ignition\/parameters\/arbitrum\.json is missing/,
    );
  });

  it("deploys the local chains with local.json and no variables", () => {
    const { chain, parameters } = resolveDeploy("localB", {});
    assert.equal(chain.chainId, 31338);
    assert.equal(parameters, "contracts/ignition/parameters/local.json");
    assert.equal(parametersFile(chainByNetwork("base")!), "contracts/ignition/parameters/base.json");
    assert.notEqual(LOCAL_MODULE_PATH, MODULE_PATH);
  });
});
