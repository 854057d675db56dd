// PeperFactory: a pair per PairCreated, and a PeperPair data source (template) to index it.
import { BigInt } from "@graphprotocol/graph-ts";

import { PairCreated } from "../../generated/PeperFactory/PeperFactory";
import { Pair } from "../../generated/schema";
import { PeperPair } from "../../generated/templates";
import { createPairScratch, getOrCreateToken } from "../helpers/amm";
import { ZERO_BD, ZERO_BI } from "../helpers/constants";
import { getOrCreateProtocol } from "../helpers/protocol";

export function handlePairCreated(event: PairCreated): void {
  const protocol = getOrCreateProtocol();
  protocol.pairCount = protocol.pairCount + 1;

  const token0 = getOrCreateToken(event.params.token0, protocol);
  token0.pairCount = token0.pairCount + 1;
  token0.save();
  const token1 = getOrCreateToken(event.params.token1, protocol);
  token1.pairCount = token1.pairCount + 1;
  token1.save();

  const pair = new Pair(event.params.pair);
  pair.token0 = token0.id;
  pair.token1 = token1.id;
  pair.reserve0 = ZERO_BI;
  pair.reserve1 = ZERO_BI;
  pair.totalSupply = ZERO_BI;
  pair.token0Price = ZERO_BD;
  pair.token1Price = ZERO_BD;
  pair.reservePeper = ZERO_BD;
  pair.reserveUSD = ZERO_BD;
  pair.volumeToken0 = ZERO_BI;
  pair.volumeToken1 = ZERO_BI;
  pair.volumePeper = ZERO_BD;
  pair.volumeUSD = ZERO_BD;
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
  pair.save();
  createPairScratch(pair.id);

  protocol.save();
  PeperPair.create(event.params.pair);
}
