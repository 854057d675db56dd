// Gas of buying from an on-chain listing and filling a signed order on the Marketplace (ETH, a
// token with a 5 % ERC-2981 royalty, 2.5 % protocol fee), and of minting a Collectible; and, for
// comparison, OpenSea's Seaport 1.6 filling the same sale as a signed basic order
// (fulfillBasicOrder, ETH for an ERC-721, the royalty and fee as additional recipients), deployed
// from contracts/test/reference/seaport/ (compiled by scripts/reference/compile-seaport.ts); then,
// after Seaport's fill (so that the figures before it stay what they were), one order of a bulk
// listing filled with fillBulkOrder: a tree of 8 orders (height 3) and one of 2 (height 1), whose
// difference is what the Merkle proof costs per level, and a plain fillOrder in the same state.
//
//   npx hardhat run scripts/bench/nft-gas.ts        (npm run gas writes the snapshot)
import { readFileSync } from "node:fs";

import { network } from "hardhat";
import type { Hex } from "viem";

import { printTable, snapshot, type GasTable } from "./lib/snapshot.ts";
import { bulkOrderTree, type BulkOrderFields } from "../../offchain/src/protocol/bulkOrder.ts";
import { BULK_ORDER_TYPES, ORDER_TYPES } from "../../offchain/src/protocol/typedData.ts";

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

// Seaport 1.6: the same sale (1 ETH; 92.5 % to the seller, 5 % royalty to the creator, 2.5 % fee to
// the treasury) as a signed basic order, the seller having approved Seaport directly (no conduit).
const reference = JSON.parse(
  readFileSync(new URL("../../contracts/test/reference/seaport/seaport-1.6.6.json", import.meta.url), "utf8"),
) as Record<"Seaport" | "ConduitController", { abi: unknown[]; bytecode: string }>;
const deploy = async (name: "Seaport" | "ConduitController", args: unknown[]) => {
  const factory = new ethers.ContractFactory(reference[name].abi as never, reference[name].bytecode, owner);
  const contract = await factory.deploy(...args);
  await contract.waitForDeployment();
  return contract;
};
const conduitController = await deploy("ConduitController", []);
const seaport = await deploy("Seaport", [await conduitController.getAddress()]);
await (await nft.mint(seller.address, 3, creator.address, 500)).wait();
await (await nft.connect(seller).setApprovalForAll(seaport, true)).wait();
const royalty = (E18 * 500n) / 10_000n;
const fee = (E18 * 250n) / 10_000n;
const zero32 = ethers.ZeroHash;
const components = {
  offerer: seller.address,
  zone: ethers.ZeroAddress,
  offer: [{ itemType: 2, token: await nft.getAddress(), identifierOrCriteria: 3n, startAmount: 1n, endAmount: 1n }],
  consideration: [
    [E18 - royalty - fee, seller.address],
    [royalty, creator.address],
    [fee, owner.address],
  ].map(([amount, recipient]) => ({
    itemType: 0,
    token: ethers.ZeroAddress,
    identifierOrCriteria: 0n,
    startAmount: amount,
    endAmount: amount,
    recipient,
  })),
  orderType: 0,
  startTime: 0n,
  endTime: expiry,
  zoneHash: zero32,
  salt: 1n,
  conduitKey: zero32,
  counter: 0n,
};
const seaportSignature = await seller.signTypedData(
  { name: "Seaport", version: "1.6", chainId: domain.chainId, verifyingContract: await seaport.getAddress() },
  {
    OrderComponents: [
      { name: "offerer", type: "address" },
      { name: "zone", type: "address" },
      { name: "offer", type: "OfferItem[]" },
      { name: "consideration", type: "ConsiderationItem[]" },
      { name: "orderType", type: "uint8" },
      { name: "startTime", type: "uint256" },
      { name: "endTime", type: "uint256" },
      { name: "zoneHash", type: "bytes32" },
      { name: "salt", type: "uint256" },
      { name: "conduitKey", type: "bytes32" },
      { name: "counter", type: "uint256" },
    ],
    OfferItem: [
      { name: "itemType", type: "uint8" },
      { name: "token", type: "address" },
      { name: "identifierOrCriteria", type: "uint256" },
      { name: "startAmount", type: "uint256" },
      { name: "endAmount", type: "uint256" },
    ],
    ConsiderationItem: [
      { name: "itemType", type: "uint8" },
      { name: "token", type: "address" },
      { name: "identifierOrCriteria", type: "uint256" },
      { name: "startAmount", type: "uint256" },
      { name: "endAmount", type: "uint256" },
      { name: "recipient", type: "address" },
    ],
  },
  components,
);
const basicOrder = {
  considerationToken: ethers.ZeroAddress,
  considerationIdentifier: 0n,
  considerationAmount: E18 - royalty - fee,
  offerer: seller.address,
  zone: ethers.ZeroAddress,
  offerToken: await nft.getAddress(),
  offerIdentifier: 3n,
  offerAmount: 1n,
  basicOrderType: 0, // ETH_TO_ERC721_FULL_OPEN
  startTime: 0n,
  endTime: expiry,
  zoneHash: zero32,
  salt: 1n,
  offererConduitKey: zero32,
  fulfillerConduitKey: zero32,
  totalOriginalAdditionalRecipients: 2n,
  additionalRecipients: [
    { amount: royalty, recipient: creator.address },
    { amount: fee, recipient: owner.address },
  ],
  signature: seaportSignature,
};
const fill = await seaport.connect(buyer).getFunction("fulfillBasicOrder")(basicOrder, { value: E18 });
const seaportGas = Number((await fill.wait())!.gasUsed);
if ((await nft.ownerOf(3)) !== buyer.address) throw new Error("the Seaport fill did not transfer the token");

// Bulk listing, measured after Seaport's fill: one signature over the root of a Merkle tree of
// orders; the buyer fills one leaf with its proof (height elements, the sibling hashes). 8 orders
// (height 3) and 2 orders (height 1): their difference over 2 is the cost of one level. Then a
// plain fillOrder in the same state, the like-for-like reference: the seller still holds other
// tokens afterwards, whereas the fillOrder and Seaport rows above empty the seller's ERC-721
// balance and get the 4,800 refund of clearing a storage slot (EIP-3529).
const bulkFill = async (firstId: bigint, count: number): Promise<number> => {
  const orders: BulkOrderFields[] = [];
  for (let i = 0; i < count; i++) {
    const tokenId = firstId + BigInt(i);
    await (await nft.mint(seller.address, tokenId, creator.address, 500)).wait();
    orders.push({
      ...order,
      seller: seller.address as Hex,
      collection: order.collection as Hex,
      currency: order.currency as Hex,
      tokenId,
    });
  }
  const tree = bulkOrderTree(orders);
  const bulkSignature = await seller.signTypedData(
    domain,
    { BulkOrder: [...BULK_ORDER_TYPES.BulkOrder] },
    { root: tree.root, height: tree.height },
  );
  const used = await gasOf(
    market.connect(buyer).fillBulkOrder(orders[0]!, tree.proofs[0]!, bulkSignature, { value: E18 }),
  );
  if ((await nft.ownerOf(firstId)) !== buyer.address) throw new Error("the bulk fill did not transfer the token");
  return used;
};
gas["Marketplace.fillBulkOrder (8 orders, height 3, ETH)"] = await bulkFill(10n, 8);
gas["Marketplace.fillBulkOrder (2 orders, height 1, ETH)"] = await bulkFill(20n, 2);
{
  await (await nft.mint(seller.address, 30n, creator.address, 500)).wait();
  const single = { ...order, tokenId: 30n };
  gas["Marketplace.fillOrder (signed, ETH, the seller keeps tokens)"] = await gasOf(
    market.connect(buyer).fillOrder(single, await seller.signTypedData(domain, types, single), { value: E18 }),
  );
}

const table: GasTable = { Peper: gas, "Seaport 1.6": { "Marketplace.fillOrder (signed, ETH)": seaportGas } };
printTable("NFT gas (gas used per transaction)", table);
snapshot("nft", table);
