import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ContractNotDeployedError } from "../errors/protocol.ts";
import { abis } from "./generated/abis.ts";
import { getContract } from "./getContract.ts";

const deployments = {
  31337: { PeperToken: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" },
  31338: { PeperToken: "0x0000000000000000000000000000000000000001" },
};

describe("getContract", () => {
  it("returns the address on the chain asked for and the contract's ABI", () => {
    const token = getContract({ name: "PeperToken", chainId: 31338, deployments });
    assert.equal(token.address, "0x0000000000000000000000000000000000000001");
    assert.equal(token.abi, abis.PeperToken);
    assert.ok(token.abi.some((item) => item.type === "function" && item.name === "delegate"));
  });

  it("throws ContractNotDeployedError naming the chains that have it", () => {
    assert.throws(
      () => getContract({ name: "PeperToken", chainId: 1, deployments }),
      (error: unknown) => {
        assert.ok(error instanceof ContractNotDeployedError);
        assert.equal(error.chainId, 1);
        assert.equal(error.contract, "PeperToken");
        assert.equal(error.retryable, false);
        assert.match(error.message, /deployed on chain ids: 31337, 31338/);
        return true;
      },
    );
  });

  it("tells how to deploy when no chain has the contract", () => {
    assert.throws(
      () => getContract({ name: "PeperGovernor", chainId: 31337, deployments }),
      /No deployment is recorded yet\. Run `npm start`/,
    );
  });
});
