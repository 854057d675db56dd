import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { readFileSync } from "node:fs";
import { join } from "node:path";

import { privateKeyToAccount } from "viem/accounts";

import { chainByNetwork, peperRole } from "../../offchain/src/protocol/chains.ts";
import {
  BRIDGE_PEER_MODULE_PATH,
  BRIDGE_PEER_REMOTE_MODULE_PATH,
  bridgePeerModulePath,
  deployParameters,
  deploymentId,
  homeChainOf,
  LOCAL_MODULE_PATH,
  LOCAL_REMOTE_MODULE_PATH,
  MODULE_PATH,
  missingVariables,
  modulePath,
  parametersFile,
  REMOTE_MODULE_PATH,
  resolveDeploy,
} from "./deploy.ts";
import { LOCAL_OPERATOR_KEYS, LOCAL_VALIDATOR_KEYS } from "./local-keys.ts";
import { ROOT, UsageError } from "./runtime.ts";

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

  it("deploys PEPER's home (local A, Ethereum, Sepolia) with PeperToken and every other chain with bridged PEPER", () => {
    assert.equal(modulePath(chainByNetwork("localA")!), LOCAL_MODULE_PATH);
    assert.equal(modulePath(chainByNetwork("localB")!), LOCAL_REMOTE_MODULE_PATH);
    assert.equal(modulePath(chainByNetwork("ethereum")!), MODULE_PATH);
    assert.equal(modulePath(chainByNetwork("sepolia")!), MODULE_PATH);
    assert.equal(modulePath(chainByNetwork("base")!), REMOTE_MODULE_PATH);
    assert.equal(peperRole(31338), "remote");
    // the bridge's connection to a peer is its own Ignition deployment; chain-<id> stays the protocol's
    assert.equal(deploymentId(31337), "chain-31337");
    assert.equal(deploymentId(31337, 31338), "chain-31337-bridge-31338");
  });
});

describe("npm run deploy: one DAO (remote chains have no Governor)", () => {
  it("a remote chain's receiver names its home: local A, Ethereum for mainnets, Sepolia for testnets", () => {
    assert.equal(homeChainOf(chainByNetwork("localB")!), 31337);
    assert.equal(homeChainOf(chainByNetwork("base")!), 1);
    assert.equal(homeChainOf(chainByNetwork("optimismSepolia")!), 11155111);
  });

  it("the home chain's second step also wires its GovernanceSender; a remote chain's does not", () => {
    assert.equal(bridgePeerModulePath(chainByNetwork("localA")!), BRIDGE_PEER_MODULE_PATH);
    assert.equal(bridgePeerModulePath(chainByNetwork("localB")!), BRIDGE_PEER_REMOTE_MODULE_PATH);
  });

  it("the home chain deploys with its parameters file as it is", () => {
    const file = "contracts/ignition/parameters/local.json";
    assert.deepEqual(
      deployParameters(chainByNetwork("localA")!, file),
      JSON.parse(readFileSync(join(ROOT, file), "utf8")),
    );
  });

  it("a remote chain needs the home chain's GovernanceSender: deploy the home chain first", () => {
    assert.throws(
      () =>
        deployParameters(chainByNetwork("localB")!, "contracts/ignition/parameters/local.json", "no-such-deployment-"),
      (error: unknown) =>
        error instanceof UsageError &&
        /has no Bridge#GovernanceSender\. Deploy the home chain \(31337\) first/.test(error.message),
    );
  });
});

describe("local.json: the bridge's keys are the local stack's", () => {
  const params = JSON.parse(readFileSync(join(ROOT, "contracts/ignition/parameters/local.json"), "utf8")) as {
    PeperLocal: { oracleOperators: string[] };
    Bridge: { operators: string[]; validators: string[]; operatorThreshold: string; validatorThreshold: string };
    BridgePeer: { outboundLimit: string; inboundLimit: string };
  };
  const operators = LOCAL_OPERATOR_KEYS.map((k) => privateKeyToAccount(k).address);
  const validators = LOCAL_VALIDATOR_KEYS.map((k) => privateKeyToAccount(k).address);

  it("the bridge's operators are the oracle operators the stack runs, 2 of 3", () => {
    assert.deepEqual(params.Bridge.operators, operators);
    assert.deepEqual(params.PeperLocal.oracleOperators, operators);
    assert.equal(params.Bridge.operatorThreshold, "2n");
  });

  it("Hyperlane's validators are three other keys, in the order the bootstrap signs, 2 of 3", () => {
    assert.deepEqual(params.Bridge.validators, validators);
    assert.equal(params.Bridge.validatorThreshold, "2n");
    for (const v of validators) assert.ok(!operators.includes(v), `${v} is also an operator`);
  });

  it("rate limits: 10,000,000 PEPER per 24 h each way", () => {
    assert.equal(params.BridgePeer.outboundLimit, `${10_000_000n * 10n ** 18n}n`);
    assert.equal(params.BridgePeer.inboundLimit, `${10_000_000n * 10n ** 18n}n`);
  });
});
