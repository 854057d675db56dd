// Constants of the mappings. Every value is built in AssemblyScript itself (no host call), so the
// module's start function needs nothing from its host.
import { Address, BigDecimal, BigInt, Bytes } from "@graphprotocol/graph-ts";

export const ZERO_BI = BigInt.fromI32(0);
export const ONE_BI = BigInt.fromI32(1);
export const ZERO_BD = BigDecimal.zero();
export const ONE_BD = new BigDecimal(BigInt.fromI32(1));
export const ADDRESS_ZERO = Address.zero();

/** 0x…dEaD: PeperPair mints the locked MINIMUM_LIQUIDITY there. */
export const DEAD_ADDRESS = Bytes.fromHexString("0x000000000000000000000000000000000000dead");

/** The id of the Protocol singleton. */
export const PROTOCOL_ID = Bytes.fromHexString("0x01");

/** 10^n as a BigDecimal. */
export function exp10(n: i32): BigDecimal {
  const d = new BigDecimal(BigInt.fromI32(1));
  d.exp = BigInt.fromI32(n);
  return d;
}

/** 10^18: PEPER's decimals. */
export const PEPER_UNIT = exp10(18);
/** 10^8: the PriceFeed's decimals (contracts/ignition/modules/oracle.ts deploys it with 8). */
export const PRICE_UNIT = exp10(8);
/** 10^6: IndexVault shares have the asset's decimals + 6 (_decimalsOffset). */
export const VAULT_SHARE_OFFSET = exp10(6);
/** The Governor's quorum denominator (GovernorVotesQuorumFraction): percent. */
export const QUORUM_DENOMINATOR = BigInt.fromI32(100);

/** 0.003: PeperPair's swap fee (the `* 3 / 1000` of its K check). */
export function swapFeeRate(): BigDecimal {
  const d = new BigDecimal(BigInt.fromI32(3));
  d.exp = BigInt.fromI32(-3);
  return d;
}

/** 2^112 as a BigDecimal: the scale of the TWAP's UQ112x112 prices. */
export function q112(): BigDecimal {
  const bytes = new Bytes(15);
  bytes[14] = 1; // little-endian: 2^(8*14) = 2^112
  return new BigDecimal(BigInt.fromUnsignedBytes(bytes));
}

export const SECONDS_PER_DAY = 86400;
export const SECONDS_PER_HOUR = 3600;
