"use client";
import { parseSignature, type Address, type Hex } from "viem";
import { useConfig } from "wagmi";
import { readContract, signTypedData } from "wagmi/actions";

import { peperTokenAbi } from "@protocol/generated/abis/PeperToken.ts";
import { PERMIT_TYPES } from "@protocol/typedData.ts";

export interface PermitSignature {
  v: number;
  r: Hex;
  s: Hex;
  deadline: bigint;
}

/**
 * Signs an EIP-2612 permit for `token` (PEPER or an LP token: both are OpenZeppelin ERC20Permit,
 * whose EIP-712 domain is read with EIP-5267's eip712Domain()).
 */
export function usePermit(): (args: {
  token: Address;
  owner: Address;
  spender: Address;
  value: bigint;
  deadline: bigint;
  chainId: number;
}) => Promise<PermitSignature> {
  const config = useConfig();
  return async ({ token, owner, spender, value, deadline, chainId }) => {
    const [domain, nonce] = await Promise.all([
      readContract(config, { address: token, abi: peperTokenAbi, functionName: "eip712Domain", chainId }),
      readContract(config, { address: token, abi: peperTokenAbi, functionName: "nonces", args: [owner], chainId }),
    ]);
    const signature = await signTypedData(config, {
      account: owner,
      domain: { name: domain[1], version: domain[2], chainId: Number(domain[3]), verifyingContract: domain[4] },
      types: PERMIT_TYPES,
      primaryType: "Permit",
      message: { owner, spender, value, nonce, deadline },
    });
    const { v, r, s, yParity } = parseSignature(signature);
    return { v: Number(v ?? BigInt(27 + (yParity ?? 0))), r, s, deadline };
  };
}
