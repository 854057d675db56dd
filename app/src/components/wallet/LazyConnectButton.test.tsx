import { act, fireEvent, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import type { RainbowConnectProps } from "./RainbowConnect.tsx";
import { LazyConnectButton } from "./LazyConnectButton.tsx";
import { useConnectWallet, WalletProvider } from "./WalletContext.tsx";

let status: "connected" | "reconnecting" | "connecting" | "disconnected" = "disconnected";
const loaded = vi.fn();
vi.mock("wagmi", () => ({ useAccount: () => ({ status }) }));
// RainbowKit's chunk: recorded when it is imported and shown with the props it gets.
vi.mock("./RainbowConnect.tsx", () => {
  loaded();
  return {
    default: (props: RainbowConnectProps) => (
      <p data-testid="rainbow">
        {props.button.label} · {props.locale} · requests {props.requests}
      </p>
    ),
  };
});

function PageButton() {
  const { openConnectModal } = useConnectWallet();
  return openConnectModal ? (
    <button type="button" onClick={openConnectModal}>
      Connect a wallet to swap
    </button>
  ) : (
    <p>connected</p>
  );
}

const renderHeader = () =>
  render(
    <WalletProvider locale="de">
      <LazyConnectButton label="Connect wallet" showBalance={false} />
      <PageButton />
    </WalletProvider>,
  );

beforeEach(() => {
  status = "disconnected";
  loaded.mockClear();
});

describe("LazyConnectButton: RainbowKit on the first click", () => {
  it("shows a plain button and does not load RainbowKit until it is pressed", async () => {
    renderHeader();
    await act(async () => {});
    expect(screen.getByRole("button", { name: "Connect wallet" })).toBeTruthy();
    expect(loaded).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "Connect wallet" }));
    expect((await screen.findByTestId("rainbow")).textContent).toBe("Connect wallet · de · requests 1");
    expect(loaded).toHaveBeenCalledTimes(1);
  });

  it("loads RainbowKit when a page asks for the wallet through useConnectWallet", async () => {
    renderHeader();
    fireEvent.click(screen.getByRole("button", { name: "Connect a wallet to swap" }));
    expect((await screen.findByTestId("rainbow")).textContent).toContain("requests 1");
  });

  it("loads RainbowKit at once for a wallet that is reconnecting, and offers no connect to a connected one", async () => {
    status = "reconnecting";
    const { rerender } = renderHeader();
    expect((await screen.findByTestId("rainbow")).textContent).toContain("requests 0");
    status = "connected";
    rerender(
      <WalletProvider locale="de">
        <PageButton />
      </WalletProvider>,
    );
    expect(screen.getByText("connected")).toBeTruthy();
  });

  it("offers no connect button outside a WalletProvider, as RainbowKit's hook outside its provider", () => {
    render(<PageButton />);
    expect(screen.getByText("connected")).toBeTruthy();
    expect(loaded).not.toHaveBeenCalled();
  });
});
