// Gas of buying from an on-chain listing and filling a signed order on the Marketplace (ETH, a
// token with a 5 % ERC-2981 royalty, 2.5 % protocol fee), and of minting a Collectible.
//
//   npx hardhat run scripts/bench/nft-gas.ts        (npm run gas writes the snapshot)
import { network } from "hardhat";

import { printTable, snapshot, type GasTable } from "./lib/snapshot.ts";
import { ORDER_TYPES } from "../../offchain/src/protocol/typedData.ts";

const { ethers, networkHelpers } = await network.create();
const [owner, seller, buyer, creator] = await ethers.getSigners();
if (!owner || !seller || !buyer || !creator) throw new Error("need 4 accounts");
const E18 = 10n ** 18n;
const gasOf = async (tx: Promise<{ wait: () => Promise<{ gasUsed: bigint } | null> }>): Promise<number> =>
  Number((await (await tx).wait())!.gasUsed);

const market = await ethers.deployContract("Marketplace", [owner.address, owner.address, owner.address, 250]);
const nft = await ethers.deployContract("RoyaltyNFT");
for (const id of [1, 2]) await (await nft.mint(seller.address, id, creator.address, 500)).wait();
await (await nft.connect(seller).setApprovalForAll(market, true)).wait();
// a fixed clock, so that the signed order (and its calldata gas) is the same every run
await networkHelpers.time.increaseTo(2_000_000_000);
const expiry = 2_000_000_000n + 3600n;
const gas: Record<string, number> = {};

gas["Marketplace.list"] = await gasOf(market.connect(seller).list(nft, 1, ethers.ZeroAddress, E18, expiry));
gas["Marketplace.buy (listing, ETH)"] = await gasOf(market.connect(buyer).buy(1, { value: E18 }));

const order = {
  seller: seller.address,
  collection: await nft.getAddress(),
  tokenId: 2n,
  currency: ethers.ZeroAddress,
  price: E18,
  expiry,
  nonce: 0n,
};
const domain = {
  name: "Peper Marketplace",
  version: "1",
  chainId: (await ethers.provider.getNetwork()).chainId,
  verifyingContract: await market.getAddress(),
};
const types = { Order: [...ORDER_TYPES.Order] };
const signature = await seller.signTypedData(domain, types, order);
gas["Marketplace.fillOrder (signed, ETH)"] = await gasOf(
  market.connect(buyer).fillOrder(order, signature, { value: E18 }),
);

const collectibles = await ethers.deployContract("Collectibles");
gas["Collectibles.mint"] = await gasOf(
  collectibles.connect(creator).mint("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", 500, 0),
);

const table: GasTable = { Peper: gas };
printTable("NFT gas (gas used per transaction)", table);
snapshot("nft", table);
