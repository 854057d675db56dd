// IndexVault (ERC-4626): shares, deposits, withdrawals, in-kind redemptions, rebalances, basket.
import { BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";

import {
  BasketChanged,
  Deposit,
  Rebalanced,
  RedeemedInKind,
  Transfer,
  Withdraw,
} from "../../generated/IndexVault/IndexVault";
import { IndexVault, VaultAction, VaultBasketChange, VaultRebalance } from "../../generated/schema";
import { ADDRESS_ZERO, ZERO_BI } from "../helpers/constants";
import { eventId } from "../helpers/ids";
import {
  getOrCreateVault,
  getOrCreateVaultDayData,
  getOrCreateVaultPosition,
  recordSharePrice,
  sharePriceOf,
} from "../helpers/vault";

/** 10^6: the virtual shares of OpenZeppelin's ERC-4626 with _decimalsOffset 6. */
const VIRTUAL_SHARES = BigInt.fromI32(1000000);

function moveShares(vault: IndexVault, owner: Bytes, delta: BigInt, event: ethereum.Event): void {
  const position = getOrCreateVaultPosition(vault, owner, event);
  const before = position.shares;
  position.shares = before.plus(delta);
  if (before.isZero() && position.shares.gt(ZERO_BI)) vault.holderCount = vault.holderCount + 1;
  if (before.gt(ZERO_BI) && position.shares.isZero()) vault.holderCount = vault.holderCount - 1;
  position.save();
}

export function handleTransfer(event: Transfer): void {
  const vault = getOrCreateVault(event.address);
  const from = event.params.from;
  const to = event.params.to;
  const value = event.params.value;
  if (from.equals(ADDRESS_ZERO)) vault.totalSupply = vault.totalSupply.plus(value);
  else moveShares(vault, from, value.neg(), event);
  if (to.equals(ADDRESS_ZERO)) vault.totalSupply = vault.totalSupply.minus(value);
  else moveShares(vault, to, value, event);
  vault.save();
}

function recordAction(
  vault: IndexVault,
  kind: string,
  sender: Bytes | null,
  owner: Bytes,
  receiver: Bytes | null,
  assets: BigInt | null,
  shares: BigInt,
  event: ethereum.Event,
): void {
  const action = new VaultAction(eventId(event));
  action.vault = vault.id;
  action.kind = kind;
  action.sender = sender;
  action.owner = owner;
  action.receiver = receiver;
  action.assets = assets;
  action.shares = shares;
  if (assets !== null) action.sharePrice = sharePriceOf(assets, shares);
  action.blockNumber = event.block.number;
  action.timestamp = event.block.timestamp;
  action.transactionHash = event.transaction.hash;
  action.save();
}

export function handleDeposit(event: Deposit): void {
  const p = event.params;
  const vault = getOrCreateVault(event.address);
  vault.totalAssets = vault.totalAssets.plus(p.assets);
  vault.totalDeposited = vault.totalDeposited.plus(p.assets);
  const position = getOrCreateVaultPosition(vault, p.owner, event);
  position.totalDeposited = position.totalDeposited.plus(p.assets);
  position.save();
  recordAction(vault, "Deposit", p.sender, p.owner, null, p.assets, p.shares, event);
  if (!p.shares.isZero()) recordSharePrice(vault, sharePriceOf(p.assets, p.shares), "Deposit", event);
  const day = getOrCreateVaultDayData(vault, event);
  day.deposited = day.deposited.plus(p.assets);
  day.actionCount = day.actionCount + 1;
  day.save();
  vault.save();
}

export function handleWithdraw(event: Withdraw): void {
  const p = event.params;
  const vault = getOrCreateVault(event.address);
  vault.totalAssets = vault.totalAssets.gt(p.assets) ? vault.totalAssets.minus(p.assets) : ZERO_BI;
  vault.totalWithdrawn = vault.totalWithdrawn.plus(p.assets);
  const position = getOrCreateVaultPosition(vault, p.owner, event);
  position.totalWithdrawn = position.totalWithdrawn.plus(p.assets);
  position.save();
  recordAction(vault, "Withdraw", p.sender, p.owner, p.receiver, p.assets, p.shares, event);
  if (!p.shares.isZero()) recordSharePrice(vault, sharePriceOf(p.assets, p.shares), "Withdraw", event);
  const day = getOrCreateVaultDayData(vault, event);
  day.withdrawn = day.withdrawn.plus(p.assets);
  day.actionCount = day.actionCount + 1;
  day.save();
  vault.save();
}

export function handleRedeemedInKind(event: RedeemedInKind): void {
  const p = event.params;
  const vault = getOrCreateVault(event.address);
  // The shares were burnt just before (Transfer to zero): every holding paid out pro rata by
  // shares / (supply before + 10^6 virtual shares), and so is the estimate of total assets.
  const denominator = vault.totalSupply.plus(p.shares).plus(VIRTUAL_SHARES);
  const paidOut = vault.totalAssets.times(p.shares).div(denominator);
  vault.totalAssets = vault.totalAssets.minus(paidOut);
  vault.totalRedeemedInKind = vault.totalRedeemedInKind.plus(p.shares);
  recordAction(vault, "RedeemedInKind", null, p.owner, p.receiver, null, p.shares, event);
  const day = getOrCreateVaultDayData(vault, event);
  day.actionCount = day.actionCount + 1;
  day.save();
  vault.save();
}

export function handleRebalanced(event: Rebalanced): void {
  const p = event.params;
  const vault = getOrCreateVault(event.address);
  vault.totalAssets = p.totalAssetsAfter;
  vault.rebalanceCount = vault.rebalanceCount + 1;
  const price = sharePriceOf(p.totalAssetsAfter, vault.totalSupply);

  const rebalance = new VaultRebalance(eventId(event));
  rebalance.vault = vault.id;
  rebalance.caller = p.caller;
  rebalance.totalAssetsBefore = p.totalAssetsBefore;
  rebalance.totalAssetsAfter = p.totalAssetsAfter;
  rebalance.assetsDelta = p.totalAssetsAfter.minus(p.totalAssetsBefore);
  rebalance.sharePrice = price;
  rebalance.blockNumber = event.block.number;
  rebalance.timestamp = event.block.timestamp;
  rebalance.transactionHash = event.transaction.hash;
  rebalance.save();

  if (!vault.totalSupply.isZero()) recordSharePrice(vault, price, "Rebalanced", event);
  vault.save();
}

export function handleBasketChanged(event: BasketChanged): void {
  const vault = getOrCreateVault(event.address);
  const tokens = changetype<Bytes[]>(event.params.tokens);
  const weights = event.params.weightsBps;
  vault.basket = tokens;
  vault.weightsBps = weights;
  vault.save();

  const change = new VaultBasketChange(eventId(event));
  change.vault = vault.id;
  change.tokens = tokens;
  change.weightsBps = weights;
  change.blockNumber = event.block.number;
  change.timestamp = event.block.timestamp;
  change.transactionHash = event.transaction.hash;
  change.save();
}
