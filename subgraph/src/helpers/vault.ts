// The ERC-4626 IndexVault: the vault, positions, share price and daily data.
import { BigDecimal, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";

import { IndexVault, VaultDayData, VaultPosition, VaultSharePrice } from "../../generated/schema";
import { SECONDS_PER_DAY, VAULT_SHARE_OFFSET, ZERO_BD, ZERO_BI } from "./constants";
import { dayIndex, eventId } from "./ids";
import { getOrCreateAccount, getOrCreateProtocol } from "./protocol";

export function getOrCreateVault(address: Bytes): IndexVault {
  let vault = IndexVault.load(address);
  if (vault == null) {
    vault = new IndexVault(address);
    vault.totalSupply = ZERO_BI;
    vault.totalAssets = ZERO_BI;
    vault.sharePrice = ZERO_BD;
    vault.totalDeposited = ZERO_BI;
    vault.totalWithdrawn = ZERO_BI;
    vault.totalRedeemedInKind = ZERO_BI;
    vault.holderCount = 0;
    vault.rebalanceCount = 0;
    vault.basket = [];
    vault.weightsBps = [];
    const protocol = getOrCreateProtocol();
    protocol.vaultCount = protocol.vaultCount + 1;
    protocol.save();
  }
  return vault;
}

export function getOrCreateVaultPosition(vault: IndexVault, owner: Bytes, event: ethereum.Event): VaultPosition {
  const id = vault.id.concat(owner);
  let position = VaultPosition.load(id);
  if (position == null) {
    position = new VaultPosition(id);
    position.vault = vault.id;
    position.account = getOrCreateAccount(owner, event).id;
    position.shares = ZERO_BI;
    position.totalDeposited = ZERO_BI;
    position.totalWithdrawn = ZERO_BI;
  }
  return position;
}

/** Whole asset per whole share: raw assets * 10^6 / raw shares (shares carry 6 more decimals). */
export function sharePriceOf(assets: BigInt, shares: BigInt): BigDecimal {
  if (shares.isZero()) return ZERO_BD;
  return assets.toBigDecimal().times(VAULT_SHARE_OFFSET).div(shares.toBigDecimal());
}

/** Records a share price point: the vault's latest price, its history and its day's OHLC. */
export function recordSharePrice(vault: IndexVault, price: BigDecimal, source: string, event: ethereum.Event): void {
  vault.sharePrice = price;
  const point = new VaultSharePrice(eventId(event));
  point.vault = vault.id;
  point.source = source;
  point.sharePrice = price;
  point.totalAssets = vault.totalAssets;
  point.totalSupply = vault.totalSupply;
  point.blockNumber = event.block.number;
  point.timestamp = event.block.timestamp;
  point.save();

  const day = getOrCreateVaultDayData(vault, event);
  if (day.sharePriceOpen.digits.isZero()) day.sharePriceOpen = price;
  if (day.sharePriceHigh.digits.isZero() || price.gt(day.sharePriceHigh)) day.sharePriceHigh = price;
  if (day.sharePriceLow.digits.isZero() || price.lt(day.sharePriceLow)) day.sharePriceLow = price;
  day.sharePriceClose = price;
  day.save();
}

/** The vault's day data, with this moment's totals. */
export function getOrCreateVaultDayData(vault: IndexVault, event: ethereum.Event): VaultDayData {
  const index = dayIndex(event.block.timestamp);
  const id = vault.id.concatI32(index);
  let day = VaultDayData.load(id);
  if (day == null) {
    day = new VaultDayData(id);
    day.vault = vault.id;
    day.date = index * SECONDS_PER_DAY;
    day.sharePriceOpen = ZERO_BD;
    day.sharePriceHigh = ZERO_BD;
    day.sharePriceLow = ZERO_BD;
    day.sharePriceClose = vault.sharePrice;
    day.deposited = ZERO_BI;
    day.withdrawn = ZERO_BI;
    day.actionCount = 0;
  }
  day.totalAssets = vault.totalAssets;
  day.totalSupply = vault.totalSupply;
  return day;
}
