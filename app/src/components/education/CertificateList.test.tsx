import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Address } from "viem";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { RuntimeConfig } from "../../config/runtime.ts";
import { RuntimeContext } from "../../hooks/useRuntime.ts";
import { CHAIN_CHECK, certificateCourseId, type Certificate } from "../../lib/education.ts";
import { renderWithIntl } from "../../test/render.tsx";
import { CertificateList } from "./CertificateList.tsx";
import { readCertificate } from "./certificateChain.ts";

vi.mock("wagmi", () => ({ usePublicClient: () => ({ mock: "client" }) }));
vi.mock("./certificateChain.ts", () => ({ readCertificate: vi.fn() }));

const read = vi.mocked(readCertificate);
const contract = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address;
const bob = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Address;
const carol = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as Address;
const runtime = { chains: [], deployments: { 31337: { Certificates: contract } } } as unknown as RuntimeConfig;

const certificate = (patch: Partial<Certificate>): Certificate => ({
  id: "c1",
  enrolment_id: "e1",
  course: { id: "k1", slug: "defi-101", title: "DeFi 101" },
  chain_id: 31337,
  contract,
  recipient: bob,
  status: "confirmed",
  attempts: 1,
  tx_hash: null,
  token_id: "1",
  last_error: null,
  next_attempt_at: null,
  metadata_cid: null,
  created_at: "2026-12-01T00:00:00.000Z",
  updated_at: "2026-12-01T00:00:00.000Z",
  ...patch,
});

function renderList(c: Certificate, account: Address | undefined) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  renderWithIntl(
    <QueryClientProvider client={client}>
      <RuntimeContext.Provider value={runtime}>
        <CertificateList
          query={{ isPending: false, isError: false, error: null, data: { certificates: [c] }, refetch: vi.fn() }}
          account={account}
        />
      </RuntimeContext.Provider>
    </QueryClientProvider>,
  );
  return client;
}

beforeEach(() => read.mockReset());
afterEach(() => vi.useRealTimers());

describe("the on-chain check of a certificate", () => {
  it("reads the certificate's recipient, not the connected wallet", async () => {
    read.mockResolvedValue({ held: true, tokenId: 7n, locked: true, cid: "", completedAt: 1n, revoked: false });
    renderList(certificate({ recipient: carol }), bob);
    const held = await screen.findByText(/Held by 0x3C44…93BC: token #7\./);
    expect(held.getAttribute("data-held")).toBe("true");
    expect(read).toHaveBeenCalledWith({ mock: "client" }, contract, carol, certificateCourseId("defi-101"));
    expect(read).not.toHaveBeenCalledWith(expect.anything(), expect.anything(), bob, expect.anything());
  });

  it("says it is in your wallet when you are the recipient", async () => {
    read.mockResolvedValue({ held: true, tokenId: 3n, locked: false, cid: "", completedAt: 1n, revoked: false });
    renderList(certificate({}), bob);
    expect((await screen.findByText("In your wallet: token #3.")).getAttribute("data-held")).toBe("true");
  });

  it("does not read the chain for a certificate that is not minted", async () => {
    renderList(certificate({ status: "failed", token_id: null }), bob);
    expect(screen.getByTestId("certificate-onchain-defi-101").textContent).toMatch(
      /Not minted, so it is not on chain\./,
    );
    renderList(certificate({ id: "c2", status: "submitted", token_id: null }), bob);
    expect(screen.getByText("Looked up on chain once it is minted.")).toBeTruthy();
    await new Promise((r) => setTimeout(r, 20));
    expect(read).not.toHaveBeenCalled();
  });

  it("stops asking after a bounded number of tries, then offers to check again", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    read.mockResolvedValue({ held: false });
    renderList(certificate({}), bob);
    await screen.findByText("Not in the connected wallet yet.");
    for (let i = 0; i < CHAIN_CHECK.tries + 3; i++) await vi.advanceTimersByTimeAsync(CHAIN_CHECK.intervalMs);
    expect(read).toHaveBeenCalledTimes(CHAIN_CHECK.tries);
    const again = await screen.findByRole("button", { name: "Check again" });
    expect(screen.getByText(`Still not found after ${CHAIN_CHECK.tries} checks.`)).toBeTruthy();
    vi.useRealTimers();
    read.mockResolvedValue({ held: true, tokenId: 9n, locked: true, cid: "", completedAt: 1n, revoked: false });
    await userEvent.setup().click(again);
    expect(await screen.findByText(/In your wallet: token #9\./)).toBeTruthy();
    expect(read).toHaveBeenCalledTimes(CHAIN_CHECK.tries + 1);
  });
});
