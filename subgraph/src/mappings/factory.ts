// PeperFactory: a pair per PairCreated, and a PeperPair data source (template) to index it. A token
// seen for the first time gets its symbol, name, decimals and supply from its contract (erc20.ts).
import { Address, BigInt } from "@graphprotocol/graph-ts";

import { PairCreated } from "../../generated/PeperFactory/PeperFactory";
import { Pair, Protocol, Token } from "../../generated/schema";
import { PeperPair } from "../../generated/templates";
import { createPairScratch, getOrCreateFactory, newToken, saveFactoryTotals, usdPending } from "../helpers/amm";
import { ZERO_BD, ZERO_BI } from "../helpers/constants";
import { fetchTokenDecimals, fetchTokenName, fetchTokenSymbol, fetchTokenTotalSupply } from "../helpers/erc20";
import { getOrCreateProtocol } from "../helpers/protocol";

function getOrCreateToken(address: Address, protocol: Protocol): Token {
  const token = Token.load(address);
  if (token != null) return token;
  return newToken(
    address,
    protocol,
    fetchTokenSymbol(address),
    fetchTokenName(address),
    fetchTokenDecimals(address),
    fetchTokenTotalSupply(address),
  );
}

export function handlePairCreated(event: PairCreated): void {
  const protocol = getOrCreateProtocol();
  protocol.pairCount = protocol.pairCount + 1;
  const factory = getOrCreateFactory(event.address, protocol);
  factory.save();

  const token0 = getOrCreateToken(event.params.token0, protocol);
  token0.pairCount = token0.pairCount + 1;
  token0.save();
  const token1 = getOrCreateToken(event.params.token1, protocol);
  token1.pairCount = token1.pairCount + 1;
  token1.save();

  const pair = new Pair(event.params.pair);
  pair.factory = factory.id;
  pair.token0 = token0.id;
  pair.token1 = token1.id;
  pair.reserve0 = ZERO_BD;
  pair.reserve1 = ZERO_BD;
  pair.reserve0Raw = ZERO_BI;
  pair.reserve1Raw = ZERO_BI;
  pair.totalSupply = ZERO_BD;
  pair.totalSupplyRaw = ZERO_BI;
  pair.token0Price = ZERO_BD;
  pair.token1Price = ZERO_BD;
  pair.reserveETH = ZERO_BD;
  pair.trackedReserveETH = ZERO_BD;
  pair.reservePeper = ZERO_BD;
  pair.reserveUSD = ZERO_BD;
  pair.volumeToken0 = ZERO_BD;
  pair.volumeToken1 = ZERO_BD;
  pair.volumeToken0Raw = ZERO_BI;
  pair.volumeToken1Raw = ZERO_BI;
  pair.volumePeper = ZERO_BD;
  pair.volumeUSD = ZERO_BD;
  pair.untrackedVolumeUSD = ZERO_BD;
  pair.feesToken0 = ZERO_BD;
  pair.feesToken1 = ZERO_BD;
  pair.feesPeper = ZERO_BD;
  pair.feesUSD = ZERO_BD;
  pair.txCount = ZERO_BI;
  pair.swapCount = ZERO_BI;
  pair.liquidityProviderCount = 0;
  pair.pairIndex = event.params.allPairsLength.minus(BigInt.fromI32(1));
  pair.createdAt = event.block.timestamp;
  pair.createdBlock = event.block.number;
  pair.createdAtTimestamp = event.block.timestamp;
  pair.createdAtBlockNumber = event.block.number;
  if (usdPending(protocol)) pair.usdPending = protocol.id;
  pair.save();
  createPairScratch(pair.id);

  protocol.save();
  saveFactoryTotals(protocol);
  PeperPair.create(event.params.pair);
}
