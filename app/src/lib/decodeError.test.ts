import {
  BaseError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  UserRejectedRequestError,
  type Abi,
} from "viem";
import { describe, expect, it } from "vitest";

import { peperGovernorAbi } from "@protocol/generated/abis/PeperGovernor.ts";
import { peperRouterAbi } from "@protocol/generated/abis/PeperRouter.ts";

import messages from "../../messages/en.json";
import { decodeContractError, KNOWN_ERRORS } from "./decodeError.ts";

const abi = [...peperRouterAbi, ...peperGovernorAbi] as Abi;

describe("decodeContractError", () => {
  it("decodes a custom error from raw revert data anywhere in the error chain", () => {
    const data = encodeErrorResult({
      abi: peperRouterAbi,
      errorName: "RouterInsufficientOutputAmount",
      args: [5n, 10n],
    });
    const rpc = Object.assign(new Error("execution reverted"), { code: 3, data });
    const decoded = decodeContractError(new Error("wrapped", { cause: rpc }), abi);
    expect(decoded).toEqual({
      key: "RouterInsufficientOutputAmount",
      name: "RouterInsufficientOutputAmount",
      values: { amountOut: "5", amountOutMin: "10" },
    });
  });

  it("uses viem's decoded ContractFunctionRevertedError", () => {
    const data = encodeErrorResult({
      abi: peperGovernorAbi,
      errorName: "GovernorAlreadyCastVote",
      args: ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"],
    });
    const reverted = new ContractFunctionRevertedError({ abi, data, functionName: "castVote" });
    const error = new ContractFunctionExecutionError(reverted, {
      abi,
      functionName: "castVote",
      args: [1n, 1],
      contractAddress: "0x0000000000000000000000000000000000000001",
    });
    expect(decodeContractError(error, abi).key).toBe("GovernorAlreadyCastVote");
  });

  it("names an error of ours without a sentence, with its arguments", () => {
    const data = encodeErrorResult({
      abi: peperRouterAbi,
      errorName: "RouterEtherNotAccepted",
      args: ["0x0000000000000000000000000000000000000001"],
    });
    expect(decodeContractError({ data }, abi)).toEqual({
      key: "unknownCustom",
      name: "RouterEtherNotAccepted",
      values: { name: "RouterEtherNotAccepted", args: "0x0000000000000000000000000000000000000001" },
    });
  });

  it("recognises the wallet's refusal and missing gas money", () => {
    expect(decodeContractError(new UserRejectedRequestError(new Error("no")), abi).key).toBe("rejected");
    expect(decodeContractError({ code: 4001, message: "User denied" }, abi).key).toBe("rejected");
    expect(decodeContractError(new BaseError("insufficient funds for gas * price + value"), abi).key).toBe(
      "insufficientFunds",
    );
    expect(decodeContractError(new Error("socket hang up"), abi)).toEqual({
      key: "generic",
      values: { message: "socket hang up" },
    });
  });

  it("has a sentence in the catalogue for every error it claims to know", () => {
    for (const name of KNOWN_ERRORS) expect({ ...messages.errors, ...messages.contractErrors }).toHaveProperty(name);
  });
});
