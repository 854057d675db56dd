import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { screen, within } from "@testing-library/react";
import type { Address, Hex } from "viem";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { RuntimeConfig } from "../../config/runtime.ts";
import { RuntimeContext } from "../../hooks/useRuntime.ts";
import { renderWithIntl } from "../../test/render.tsx";
import { RemoteGovernance } from "./RemoteGovernance.tsx";

const RECEIVER = "0x000000000000000000000000000000000000Ab9e" as Address;
const digest = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as Hex;

/**
 * Chain B at block 50,000 (timestamp 2,000,000, 200 s blocks: the last 10,000 blocks cover more than the
 * Timelock's delay plus the margin); message 1 executed, message 2 ready at 1,000,000.
 */
const client = {
  readContract: vi.fn(async ({ functionName, args }: { functionName: string; args?: readonly unknown[] }) => {
    if (functionName === "homeChainId") return 31337n;
    if (functionName === "timelock") return "0x00000000000000000000000000000000000000f1";
    if (functionName === "getMinDelay") return 3_600n;
    if (functionName === "isOperationDone") return args![0] === digest(0xf1);
    throw new Error(`unexpected ${functionName}`);
  }),
  getBlock: vi.fn(async (query?: { blockNumber?: bigint }) => {
    const number = query?.blockNumber ?? 50_000n;
    return { number, timestamp: 2_000_000n - (50_000n - number) * 200n };
  }),
  getContractEvents: vi.fn(async ({ fromBlock }: { fromBlock: bigint }) =>
    [
      { at: 44_000n, args: { nonce: 1n, digest: digest(1), readyAt: 900_000n, operationId: digest(0xf1) } },
      { at: 49_000n, args: { nonce: 2n, digest: digest(2), readyAt: 1_000_000n, operationId: digest(0xf2) } },
    ].filter((e) => e.at >= fromBlock),
  ),
};

vi.mock("wagmi", () => ({
  useAccount: () => ({ isConnected: false }),
  useConfig: () => ({}),
  useSwitchChain: () => ({ switchChain: vi.fn(), isPending: false }),
}));
vi.mock("wagmi/actions", () => ({ getPublicClient: () => client }));

const runtime = {
  chains: [
    { chainId: 31337, name: "Peper Local A", nativeSymbol: "ETH", kind: "local" },
    { chainId: 31338, name: "Peper Local B", nativeSymbol: "ETH", kind: "local" },
  ],
  deployments: { 31338: { GovernanceReceiver: RECEIVER } },
} as unknown as RuntimeConfig;

function show() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  renderWithIntl(
    <QueryClientProvider client={queryClient}>
      <RuntimeContext.Provider value={runtime}>
        <RemoteGovernance chainId={31338} />
      </RuntimeContext.Provider>
    </QueryClientProvider>,
  );
}

const subgraph = vi.fn<(url: string, init: RequestInit) => Promise<Response>>();
beforeEach(() => {
  vi.stubGlobal("fetch", subgraph);
  for (const f of [client.readContract, client.getBlock, client.getContractEvents]) f.mockClear();
});
afterEach(() => {
  vi.unstubAllGlobals();
  subgraph.mockReset();
});

/** The list as the visitor reads it, newest first. */
async function listed(): Promise<string[]> {
  const section = await screen.findByTestId("remote-governance");
  await within(section).findByText("Message 2:");
  return within(section)
    .getAllByRole("listitem")
    .map((li) => li.textContent ?? "");
}

describe("RemoteGovernance", () => {
  it("without a subgraph, lists the receiver's messages from the blocks that cover the Timelock's delay, not from block 0", async () => {
    subgraph.mockResolvedValue(Response.json({ error: "no subgraph for chain 31338" }, { status: 404 }));
    show();
    expect(await listed()).toEqual([
      `Message 2: ready: anyone can execute it on the Timelock.${digest(2)}`,
      `Message 1: executed on the Timelock.${digest(1)}`,
    ]);
    expect(screen.getByText(/Peper Local B has no Governor of its own: the DAO on Peper Local A governs it/));
    expect(client.getContractEvents).toHaveBeenCalled();
    for (const [query] of client.getContractEvents.mock.calls) expect(query.fromBlock).toBeGreaterThan(0n);
  });

  it("with a subgraph, shows the same list from it and reads no event from the chain", async () => {
    subgraph.mockResolvedValue(
      Response.json({
        data: {
          governanceMessages: [
            { id: digest(2), nonce: "2", readyAt: "1000000", scheduledAt: "1999000", status: "Scheduled" },
            { id: digest(1), nonce: "1", readyAt: "900000", scheduledAt: "1990000", status: "Executed" },
          ],
        },
      }),
    );
    show();
    expect(await listed()).toEqual([
      `Message 2: ready: anyone can execute it on the Timelock.${digest(2)}`,
      `Message 1: executed on the Timelock.${digest(1)}`,
    ]);
    expect(subgraph.mock.calls[0]![0]).toBe("/subgraph/31338");
    expect(client.getContractEvents).not.toHaveBeenCalled();
    expect(screen.queryByTestId("remote-governance-truncated")).toBeNull();
  });

  it("says so when the read stopped at its limit before the Timelock's delay plus the margin", async () => {
    subgraph.mockResolvedValue(Response.json({ error: "no subgraph for chain 31338" }, { status: 404 }));
    // a chain of 100 blocks a second at block 10,000,000: 50 windows of 10,000 blocks cover 5,000 s only
    const slow = client.getBlock.getMockImplementation()!;
    client.getBlock.mockImplementation(async (query?: { blockNumber?: bigint }) => {
      const number = query?.blockNumber ?? 10_000_000n;
      return { number, timestamp: 2_000_000n - (10_000_000n - number) / 100n };
    });
    try {
      show();
      expect((await screen.findByTestId("remote-governance-truncated")).textContent).toBe(
        "The list stops at its limit: older messages, some perhaps still waiting on the Timelock, are not shown.",
      );
      expect(screen.getByText("No governance message has arrived yet.")).toBeTruthy();
    } finally {
      client.getBlock.mockImplementation(slow);
    }
  });
});
