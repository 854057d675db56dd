// Collectibles (ERC-721 + ERC-2981): mints with creator, CID, royalty and kind; transfers.
import { Minted, Transfer } from "../../generated/Collectibles/Collectibles";
import { NftCollection, NftTransfer } from "../../generated/schema";
import { ADDRESS_ZERO } from "../helpers/constants";
import { eventId } from "../helpers/ids";
import { getOrCreateNft } from "../helpers/nft";
import { getOrCreateAccount, getOrCreateProtocol } from "../helpers/protocol";

const KINDS = ["Art", "Strategy"];

export function handleTransfer(event: Transfer): void {
  const from = event.params.from;
  const to = event.params.to;
  const nft = getOrCreateNft(event.address, event.params.tokenId, "Collectibles");
  if (to.equals(ADDRESS_ZERO)) nft.owner = null;
  else nft.owner = getOrCreateAccount(to, event).id;
  if (from.equals(ADDRESS_ZERO)) nft.mintedAt = event.block.timestamp;
  nft.transferCount = nft.transferCount + 1;
  nft.save();

  const transfer = new NftTransfer(eventId(event));
  transfer.nft = nft.id;
  transfer.from = from;
  transfer.to = to;
  transfer.blockNumber = event.block.number;
  transfer.timestamp = event.block.timestamp;
  transfer.transactionHash = event.transaction.hash;
  transfer.save();
}

// Emitted after the mint's Transfer, in the same transaction.
export function handleMinted(event: Minted): void {
  const p = event.params;
  const nft = getOrCreateNft(event.address, p.tokenId, "Collectibles");
  nft.creator = getOrCreateAccount(p.creator, event).id;
  nft.cid = p.cid;
  nft.royaltyBps = p.royaltyBps;
  nft.kind = p.kind >= 0 && p.kind < KINDS.length ? KINDS[p.kind] : "Unknown";
  if (nft.mintedAt === null) nft.mintedAt = event.block.timestamp;
  nft.save();

  const collection = NftCollection.load(event.address)!;
  collection.nftCount = collection.nftCount + 1;
  collection.save();
  const protocol = getOrCreateProtocol();
  protocol.nftCount = protocol.nftCount + 1;
  protocol.save();
}
