// An EIP-1193 test wallet for the browser tests. The page gets a provider (window.ethereum and an
// EIP-6963 announcement, so RainbowKit lists it as an installed wallet) whose every request goes to
// this Node process through page.exposeFunction: accounts, chain switching and signatures are done
// here with a Hardhat dev key (viem's privateKeyToAccount); everything else is forwarded to the
// chain's RPC. Nothing of the key reaches the page.
import type { Page } from "playwright-core";
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  numberToHex,
  type Hex,
  type TypedDataDefinition,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

export interface TestWalletOptions {
  privateKey: Hex;
  /** chain id → RPC URL of every chain the wallet may switch to. */
  rpcUrls: Record<number, string>;
  /** The chain it starts on. */
  chainId: number;
}

export interface TestWallet {
  address: Hex;
  /** Methods the page asked for, in order (to check that a refused form sent nothing). */
  requests: string[];
}

interface RpcFailure {
  code: number;
  message: string;
  data?: unknown;
}

class WalletRequestError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

interface SendTransactionParams {
  to?: Hex;
  data?: Hex;
  value?: Hex;
  gas?: Hex;
}

export async function installTestWallet(page: Page, options: TestWalletOptions): Promise<TestWallet> {
  const account = privateKeyToAccount(options.privateKey);
  let chainId = options.chainId;
  let connected = false;
  const requests: string[] = [];
  const chainOf = (id: number) =>
    defineChain({
      id,
      name: `chain ${id}`,
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [options.rpcUrls[id]!] } },
    });
  const clients = (id: number) => ({
    public: createPublicClient({ chain: chainOf(id), transport: http(options.rpcUrls[id]) }),
    wallet: createWalletClient({ account, chain: chainOf(id), transport: http(options.rpcUrls[id]) }),
  });

  const handle = async (method: string, params: unknown[]): Promise<unknown> => {
    switch (method) {
      case "eth_requestAccounts":
        connected = true;
        return [account.address];
      case "eth_accounts":
        return connected ? [account.address] : [];
      case "eth_chainId":
        return numberToHex(chainId);
      case "net_version":
        return String(chainId);
      case "wallet_requestPermissions":
        connected = true;
        return [{ parentCapability: "eth_accounts" }];
      case "wallet_getPermissions":
        return connected ? [{ parentCapability: "eth_accounts" }] : [];
      case "wallet_revokePermissions":
        connected = false;
        return null;
      case "wallet_switchEthereumChain": {
        const id = Number((params[0] as { chainId: Hex }).chainId);
        if (!options.rpcUrls[id]) throw new WalletRequestError(4902, `Unrecognized chain ID ${id}.`);
        chainId = id;
        return null;
      }
      case "wallet_addEthereumChain":
        return null;
      case "personal_sign":
        return account.signMessage({ message: { raw: params[0] as Hex } });
      case "eth_signTypedData_v4": {
        const typed = JSON.parse(params[1] as string) as TypedDataDefinition;
        return account.signTypedData(typed);
      }
      case "eth_sendTransaction": {
        if (!connected) throw new WalletRequestError(4100, "The wallet is not connected.");
        const tx = params[0] as SendTransactionParams;
        return clients(chainId).wallet.sendTransaction({
          to: tx.to ?? null,
          ...(tx.data ? { data: tx.data } : {}),
          ...(tx.value ? { value: BigInt(tx.value) } : {}),
          ...(tx.gas ? { gas: BigInt(tx.gas) } : {}),
        });
      }
      default:
        return clients(chainId).public.request({ method, params } as Parameters<
          ReturnType<typeof clients>["public"]["request"]
        >[0]);
    }
  };

  await page.exposeFunction("__peperTestWallet", async (method: string, paramsJson: string): Promise<string> => {
    requests.push(method);
    try {
      const result = await handle(method, JSON.parse(paramsJson) as unknown[]);
      return JSON.stringify({ result: result ?? null });
    } catch (error) {
      // Keep the node's JSON-RPC error (code and revert data) so that viem decodes custom errors.
      let e: unknown = error;
      let failure: RpcFailure = { code: -32603, message: String((error as Error).message ?? error) };
      for (let depth = 0; depth < 6 && e && typeof e === "object"; depth++) {
        const { code, data, shortMessage, message } = e as {
          code?: unknown;
          data?: unknown;
          shortMessage?: string;
          message?: string;
        };
        if (typeof code === "number") {
          failure = {
            code,
            message: shortMessage ?? message ?? failure.message,
            ...(data !== undefined ? { data } : {}),
          };
          break;
        }
        e = (e as { cause?: unknown }).cause;
      }
      return JSON.stringify({ error: failure });
    }
  });

  await page.addInitScript(
    ({ address, startChainId }: { address: string; startChainId: number }) => {
      type Listener = (...args: unknown[]) => void;
      const listeners = new Map<string, Set<Listener>>();
      const emit = (event: string, ...args: unknown[]) => listeners.get(event)?.forEach((l) => l(...args));
      const bridge = (window as unknown as { __peperTestWallet: (m: string, p: string) => Promise<string> })
        .__peperTestWallet;
      const provider = {
        isPeperTestWallet: true,
        async request({ method, params }: { method: string; params?: unknown[] }): Promise<unknown> {
          const out = JSON.parse(await bridge(method, JSON.stringify(params ?? []))) as {
            result?: unknown;
            error?: { code: number; message: string; data?: unknown };
          };
          if (out.error) {
            const error = new Error(out.error.message) as Error & { code: number; data?: unknown };
            error.code = out.error.code;
            if (out.error.data !== undefined) error.data = out.error.data;
            throw error;
          }
          if (method === "wallet_switchEthereumChain") {
            emit("chainChanged", (params?.[0] as { chainId: string }).chainId);
          }
          if (method === "eth_requestAccounts") emit("accountsChanged", [address]);
          return out.result;
        },
        on(event: string, listener: Listener) {
          if (!listeners.has(event)) listeners.set(event, new Set());
          listeners.get(event)!.add(listener);
          return provider;
        },
        removeListener(event: string, listener: Listener) {
          listeners.get(event)?.delete(listener);
          return provider;
        },
      };
      void startChainId;
      (window as unknown as { ethereum: unknown }).ethereum = provider;
      const info = Object.freeze({
        uuid: "6f0e5bd4-5c1b-4a53-9c5e-7e3e0d7a1a11",
        name: "Peper Test Wallet",
        icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='6' fill='%23e8590c'/%3E%3C/svg%3E",
        rdns: "test.peper.wallet",
      });
      const announce = () =>
        window.dispatchEvent(
          new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }),
        );
      window.addEventListener("eip6963:requestProvider", announce);
      announce();
    },
    { address: account.address, startChainId: chainId },
  );
  return { address: account.address, requests };
}
