import { fireEvent, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { renderWithIntl } from "../../test/render.tsx";
import { ActionGate } from "./ActionGate.tsx";

let connected = false;
const openConnectModal = vi.fn();
vi.mock("wagmi", () => ({ useAccount: () => ({ isConnected: connected }) }));
vi.mock("../wallet/WalletContext.tsx", () => ({ useConnectWallet: () => ({ openConnectModal }) }));

beforeEach(() => {
  connected = false;
  openConnectModal.mockClear();
});

describe("ActionGate: read first, sign last", () => {
  it("shows a visitor one button instead of the forms, and asks for the wallet only when pressed", () => {
    renderWithIntl(
      <ActionGate title="Sell" label="Sell or make an offer">
        <form aria-label="List an NFT" />
      </ActionGate>,
    );
    expect(screen.queryByRole("form", { name: "List an NFT" })).toBeNull();
    expect(openConnectModal).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "Sell or make an offer" }));
    expect(openConnectModal).toHaveBeenCalledTimes(1);
  });

  it("shows the forms to a connected wallet", () => {
    connected = true;
    renderWithIntl(
      <ActionGate label="Sell or make an offer">
        <form aria-label="List an NFT" />
      </ActionGate>,
    );
    expect(screen.getByRole("form", { name: "List an NFT" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Sell or make an offer" })).toBeNull();
  });
});
