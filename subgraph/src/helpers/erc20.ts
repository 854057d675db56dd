// A token's metadata, read from its contract (ethereum.call at the event's block) when its first
// pair is created, as the Uniswap v2 subgraph reads it: symbol() and name() as strings or, for
// early tokens that return bytes32, decoded from those bytes; decimals() and totalSupply(). A call
// that reverts (or whose answer does not decode) leaves the default: "unknown", 0 decimals (amounts
// then stay in base units), supply 0.
import { Address, BigInt, Bytes } from "@graphprotocol/graph-ts";

import { ERC20 } from "../../generated/PeperFactory/ERC20";
import { ERC20NameBytes } from "../../generated/PeperFactory/ERC20NameBytes";
import { ERC20SymbolBytes } from "../../generated/PeperFactory/ERC20SymbolBytes";
import { ZERO_BI } from "./constants";

/** A bytes32 string: the bytes up to the first NUL, or null when empty or not printable ASCII. */
function bytes32ToString(value: Bytes): string | null {
  let end = 0;
  while (end < value.length && value[end] != 0) {
    const c = value[end];
    if (c < 0x20 || c > 0x7e) return null;
    end++;
  }
  if (end == 0) return null;
  return Bytes.fromUint8Array(value.subarray(0, end)).toString();
}

export function fetchTokenSymbol(address: Address): string {
  const result = ERC20.bind(address).try_symbol();
  if (!result.reverted) return result.value;
  const bytes = ERC20SymbolBytes.bind(address).try_symbol();
  if (!bytes.reverted) {
    const text = bytes32ToString(bytes.value);
    if (text !== null) return text;
  }
  return "unknown";
}

export function fetchTokenName(address: Address): string {
  const result = ERC20.bind(address).try_name();
  if (!result.reverted) return result.value;
  const bytes = ERC20NameBytes.bind(address).try_name();
  if (!bytes.reverted) {
    const text = bytes32ToString(bytes.value);
    if (text !== null) return text;
  }
  return "unknown";
}

export function fetchTokenDecimals(address: Address): BigInt {
  const result = ERC20.bind(address).try_decimals();
  return result.reverted ? ZERO_BI : BigInt.fromI32(result.value);
}

export function fetchTokenTotalSupply(address: Address): BigInt {
  const result = ERC20.bind(address).try_totalSupply();
  return result.reverted ? ZERO_BI : result.value;
}
