import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Address, Hex } from "viem";
import { beforeEach, describe, expect, it, vi } from "vitest";

import type { BookOrder } from "../../lib/orders.ts";
import { renderWithIntl } from "../../test/render.tsx";
import { SignedOrders, type SignedOrdersProps } from "./SignedOrders.tsx";

const openConnectModal = vi.fn();
const api = vi.fn();
const simulateContract = vi.fn();
const writeContract = vi.fn();
vi.mock("wagmi", () => ({ useConfig: () => ({}) }));
vi.mock("wagmi/actions", () => ({
  getBytecode: () => Promise.resolve("0x"),
  readContract: vi.fn(),
  signTypedData: vi.fn(),
  simulateContract: (...args: unknown[]) => simulateContract(...args),
  writeContract: (...args: unknown[]) => writeContract(...args),
}));
vi.mock("../../lib/apiClient.ts", () => ({
  api: (...args: unknown[]) => api(...args),
  ApiError: class ApiError extends Error {},
}));
vi.mock("../../hooks/useApiSession.ts", () => ({ useApiSession: () => ({ session: undefined }) }));
vi.mock("../../hooks/useApiAccount.ts", () => ({ useAccountMethods: () => ({ data: undefined }) }));
vi.mock("../account/LazySignInPanel.tsx", () => ({ SignInPanel: () => null }));
vi.mock("../wallet/WalletContext.tsx", () => ({ useConnectWallet: () => ({ openConnectModal }) }));

const SELLER: Address = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const BUYER: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const MARKET: Address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const COLLECTION: Address = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const SIGNATURE: Hex = `0x${"ab".repeat(65)}`;
const proofOf = (byte: string): Hex[] => [`0x${byte.repeat(32)}`];

/** Two orders of one bulk listing (one signature, each its proof) at 0.25 ETH. */
const book: BookOrder[] = (["01", "05"] as const).map((id, i) => ({
  digest: `0x${String(i + 1).repeat(64)}`,
  chain_id: 31337,
  marketplace: MARKET,
  order: {
    seller: SELLER,
    collection: COLLECTION,
    token_id: String(Number(id)),
    currency: "0x0000000000000000000000000000000000000000",
    price: "250000000000000000",
    expiry: 1_900_000_000,
    nonce: "0",
  },
  signature: SIGNATURE,
  proof: proofOf(i === 0 ? "aa" : "bb"),
  fill_value: "250000000000000000",
  status: "open",
  listed_at: "2026-12-07T06:00:00Z",
}));

const renderOrders = (account?: Address) => {
  const run = vi.fn((_label: string, _abi: unknown, send: () => Promise<Hex>) => send());
  const props: SignedOrdersProps = {
    chain: { chainId: 31337, address: () => undefined, deployed: true, ...(account ? { account } : {}) },
    marketplace: MARKET,
    collectibles: COLLECTION,
    nfts: new Map(),
    sellable: account ? [{ tokenId: 9n, label: "#9 Mine" }] : [],
    needsApproval: false,
    checkingApproval: false,
    approve: vi.fn(),
    tx: { run, busy: false, confirmations: 0 } as unknown as SignedOrdersProps["tx"],
    abi: [],
    now: () => Promise.resolve(1_800_000_000n),
  };
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  renderWithIntl(
    <QueryClientProvider client={client}>
      <SignedOrders {...props} />
    </QueryClientProvider>,
  );
  return { run, user: userEvent.setup() };
};

beforeEach(() => {
  openConnectModal.mockClear();
  simulateContract.mockReset();
  writeContract.mockReset();
  api.mockReset();
  api.mockResolvedValue({ orders: book, next_cursor: null });
});

describe("SignedOrders", () => {
  it("shows a visitor without a wallet the book (price in ETH, bulk listing); Buy asks for the wallet; no sell forms", async () => {
    const { run, user } = renderOrders();
    const buy = await screen.findByRole("button", { name: "Buy Token #1 for 0.25 ETH (signed order)" });
    expect(screen.getByRole("button", { name: "Buy Token #5 for 0.25 ETH (signed order)" })).toBeTruthy();
    expect(screen.getAllByText("bulk listing")).toHaveLength(2);
    expect(screen.getAllByText("0.25 ETH")).toHaveLength(2);
    expect((buy as HTMLButtonElement).disabled).toBe(false);
    await user.click(buy);
    expect(openConnectModal).toHaveBeenCalledTimes(1);
    expect(run).not.toHaveBeenCalled();
    expect(screen.queryByRole("form", { name: "Sell with a signed order (no gas)" })).toBeNull();
    expect(screen.queryByRole("form", { name: "List several at once (one signature)" })).toBeNull();
  });

  it("fills a bulk-listed order with fillBulkOrder, its own proof and the one signature", async () => {
    simulateContract.mockResolvedValue({ request: { functionName: "fillBulkOrder" } });
    writeContract.mockResolvedValue(`0x${"cd".repeat(32)}`);
    const { run, user } = renderOrders(BUYER);
    await user.click(await screen.findByRole("button", { name: "Buy Token #5 for 0.25 ETH (signed order)" }));
    expect(run).toHaveBeenCalledTimes(1);
    expect(run.mock.calls[0]![0]).toBe("buy “Token #5” for 0.25 ETH (signed order)");
    await vi.waitFor(() => expect(writeContract).toHaveBeenCalledTimes(1));
    const call = simulateContract.mock.calls[0]![1] as { functionName: string; args: unknown[]; value: bigint };
    expect(call.functionName).toBe("fillBulkOrder");
    expect(call.value).toBe(250_000_000_000_000_000n);
    expect(call.args[0]).toMatchObject({ seller: SELLER, tokenId: 5n, price: 250_000_000_000_000_000n });
    expect(call.args[1]).toEqual(proofOf("bb"));
    expect(call.args[2]).toBe(SIGNATURE);
    expect(openConnectModal).not.toHaveBeenCalled();
    // a connected wallet also gets the sell forms
    expect(screen.getByRole("form", { name: "Sell with a signed order (no gas)" })).toBeTruthy();
    expect(screen.getByRole("form", { name: "List several at once (one signature)" })).toBeTruthy();
  });
});
