/**
 * `POST /api/v5/web3/defi-operation` with `operation: "bridge"`, end to end on two Hardhat nodes of
 * the test's own (chain A 31337, PEPER's home; chain B 31338, remote) carrying the real bridge
 * (oracle/test/bridge.ts's deployBridgePair: PeperToken / PeperBridgedToken, BridgeManager, the
 * operators' and Hyperlane's verifiers). The API builds the transfer, a development key signs it,
 * the API relays it, and the chain's MessageSent is checked; every refusal is the contract's own
 * condition, set up on the real contracts.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import {
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  formatEther,
  getAddress,
  http,
  maxUint256,
  parseAbiItem,
  parseEther,
  parseEventLogs,
  type Abi,
  type AbiFunction,
  type Address,
  type Hex,
  type TransactionReceipt,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

import {
  deployBridgePair,
  E18,
  LIMIT,
  type BridgeDeployment,
  type BridgeSide,
} from "../../../../oracle/test/bridge.ts";
import { packSignatures } from "../../../../oracle/src/report.ts";
import { abis } from "../../protocol/generated/abis.ts";
import { attestationTypedData, type BridgeMessage } from "../../protocol/bridge.ts";
import { DEV_KEYS, startChain, type TestChain } from "../../testing/chain.ts";
import type { ChainAccess } from "../chain.ts";
import { testApi, type TestApi, type TestUser } from "../testing.ts";
import type { DefiOperationAnswer } from "../web3/schemas.ts";
import { capacityReachesAt } from "../web3/operations.ts";

const A = 31_337;
const B = 31_338;
const deployer = privateKeyToAccount(DEV_KEYS[0]);
const ALICE_KEY = DEV_KEYS[1];
const alice = privateKeyToAccount(ALICE_KEY).address;
/** Holds no PEPER. */
const bob = privateKeyToAccount(DEV_KEYS[2]).address;
/** Hardhat account #3 is on the shipped test sanctions list. */
const dave = privateKeyToAccount(DEV_KEYS[3]).address;
const LISTED = "0x000000000000000000000000000000000000bad1";
const OPERATOR_KEY = generatePrivateKey();

interface ErrorBody {
  error: string;
  code: string;
  field?: string;
}
type BridgeQuote = Extract<DefiOperationAnswer["quote"], { type: "bridge" }>;

describe("capacityReachesAt (the contract's refill, solved for time)", () => {
  it("counts capacity + ⌊limit · elapsed / 24 h⌋ from the stored update", () => {
    const stored = { capacity: 10n, lastUpdate: 1000n, limit: 86_400n };
    assert.equal(capacityReachesAt(stored, 10n, 2000n), 2000n, "already there");
    assert.equal(capacityReachesAt(stored, 100n, 1000n), 1090n, "one unit a second");
    assert.equal(capacityReachesAt(stored, 100n, 1500n), 1500n, "refilled since");
    assert.equal(capacityReachesAt(stored, 86_401n, 1000n), null, "above the limit: never at once");
    assert.equal(capacityReachesAt({ capacity: 0n, lastUpdate: 0n, limit: 3n }, 1n, 0n), 28_800n, "rounded up");
  });
});

describe("/api/v5/web3 bridge operation on two Hardhat nodes with the real bridge", () => {
  let chainA: TestChain;
  let chainB: TestChain;
  let bridge: BridgeDeployment;
  let api: TestApi;
  let user: TestUser;

  before(async () => {
    [chainA, chainB] = await Promise.all([
      startChain(undefined, { chainId: A }),
      startChain(undefined, { chainId: B }),
    ]);
    const deployed = await deployBridgePair(
      { url: chainA.url, chainId: A },
      { url: chainB.url, chainId: B },
      {
        deployerKey: DEV_KEYS[0],
        guardian: deployer.address,
        operators: [privateKeyToAccount(OPERATOR_KEY).address],
        operatorThreshold: 1,
        validators: [privateKeyToAccount(OPERATOR_KEY).address],
        validatorThreshold: 1,
        holders: [
          { address: deployer.address, amount: 10_000_000n * E18 },
          { address: alice, amount: 1_000_000n * E18 },
        ],
      },
    );
    // the fixture answers lower-case addresses; the API answers checksummed ones
    const checksummed = (s: BridgeSide): BridgeSide => ({
      ...s,
      token: getAddress(s.token),
      manager: getAddress(s.manager),
      operatorVerifier: getAddress(s.operatorVerifier),
    });
    bridge = { a: checksummed(deployed.a), b: checksummed(deployed.b) };
    const access: ChainAccess = {
      endpoints: [bridge.a, bridge.b].map((s) => ({
        chainId: s.chainId,
        rpcUrl: s.url,
        addresses: { BridgeManager: s.manager, PeperToken: s.token },
      })),
    };
    api = await testApi({ deps: { chain: access } });
    user = await api.user("user", { kyc: "verified" });
  });
  after(async () => {
    await api?.close();
    await chainA?.stop();
    await chainB?.stop();
  });

  const operation = (body: Record<string, unknown>) =>
    api.call("POST", "/api/v5/web3/defi-operation", {
      token: user.accessToken,
      body: { operation: "bridge", chain_id: A, destination_chain_id: B, from: alice, amount: "1", ...body },
    });
  const built = async (body: Record<string, unknown>): Promise<DefiOperationAnswer & { quote: BridgeQuote }> => {
    const res = await operation(body);
    assert.equal(res.statusCode, 200, res.body);
    const answer = res.json() as DefiOperationAnswer;
    assert.equal(answer.quote.type, "bridge");
    return answer as DefiOperationAnswer & { quote: BridgeQuote };
  };
  const refused = async (body: Record<string, unknown>, status: number, code: string): Promise<ErrorBody> => {
    const res = await operation(body);
    assert.equal(res.statusCode, status, res.body);
    const error = res.json() as ErrorBody;
    assert.equal(error.code, code, res.body);
    return error;
  };
  const side = (chainId: number): BridgeSide => (chainId === A ? bridge.a : bridge.b);
  /** The deployer (owner and guardian of everything) calls the manager. */
  const admin = async (s: BridgeSide, functionName: string, args: readonly unknown[] = []): Promise<void> => {
    const hash = await s.deployer.writeContract({
      address: s.manager,
      abi: abis.BridgeManager,
      functionName: functionName as "pause",
      args: args as [],
      chain: null,
      account: s.deployer.account!,
    });
    const receipt = await s.client.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success", `${functionName} mined`);
  };
  const wallet = (key: Hex, chainId: number) =>
    createWalletClient({
      account: privateKeyToAccount(key),
      chain: { ...hardhat, id: chainId },
      transport: http(side(chainId).url),
    });
  /** Signs every built transaction with `key` (gas: the API's estimate) and relays it through the API. */
  const execute = async (key: Hex, answer: DefiOperationAnswer): Promise<TransactionReceipt[]> => {
    const receipts: TransactionReceipt[] = [];
    const w = wallet(key, answer.chain_id);
    for (const tx of answer.transactions) {
      assert.ok(tx.estimated_gas, `step ${tx.step} has a gas estimate`);
      const request = await w.prepareTransactionRequest({
        to: tx.to as Address,
        data: tx.data as Hex,
        value: BigInt(tx.value),
        gas: BigInt(tx.estimated_gas),
      });
      const raw = await w.signTransaction(request);
      const res = await api.call("POST", "/api/v5/web3/relay", {
        token: user.accessToken,
        body: { chain_id: answer.chain_id, raw_transaction: raw },
      });
      assert.equal(res.statusCode, 202, res.body);
      const { transaction_hash } = res.json() as { transaction_hash: Hex };
      const receipt = await side(answer.chain_id).client.waitForTransactionReceipt({ hash: transaction_hash });
      assert.equal(receipt.status, "success", `step ${tx.step} (${tx.kind}) mined`);
      assert.ok(receipt.gasUsed <= BigInt(tx.estimated_gas), "the estimate covered the gas used");
      receipts.push(receipt);
    }
    return receipts;
  };
  const sentMessage = (receipt: TransactionReceipt): BridgeMessage => {
    const [sent] = parseEventLogs({ abi: abis.BridgeManager, eventName: "MessageSent", logs: receipt.logs });
    assert.ok(sent, "the transfer emitted MessageSent");
    return sent.args.message as BridgeMessage;
  };
  /** Delivers a message on its destination with the operator's signature (threshold 1). */
  const deliver = async (message: BridgeMessage): Promise<void> => {
    const dst = side(Number(message.dstChainId));
    const operator = privateKeyToAccount(OPERATOR_KEY);
    const signature = await operator.signTypedData(attestationTypedData(message, dst.operatorVerifier, 1));
    const operators = await dst.client.readContract({
      address: dst.operatorVerifier,
      abi: abis.OperatorVerifier,
      functionName: "operators",
    });
    // the verifier takes a signer bitmap and EIP-2098 compact signatures, as the relayer packs them
    const { signers, signatures } = packSignatures(operators, [{ signer: operator.address, signature }]);
    const hash = await dst.deployer.writeContract({
      address: dst.operatorVerifier,
      abi: abis.OperatorVerifier,
      functionName: "attest",
      args: [message, signers, signatures],
      chain: null,
      account: dst.deployer.account!,
    });
    const receipt = await dst.client.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success", "the attestation executed the message");
  };
  /** Moves a chain's clock forward and mines a block. */
  const chainTime = async (chainId: number, seconds: number): Promise<void> => {
    const rpc = (method: string, params: unknown[]) =>
      fetch(side(chainId).url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      });
    await rpc("evm_increaseTime", [seconds]);
    await rpc("evm_mine", []);
  };
  const peperOf = (chainId: number, who: Address) =>
    side(chainId).client.readContract({
      address: side(chainId).token,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [who],
    });

  it("bridges A → B with an exact approve first, and the message carries the amount (then B → A without an approve)", async () => {
    const answer = await built({ amount: "1500.5" });
    const amount = 1500n * E18 + E18 / 2n;
    assert.equal(answer.operation, "bridge");
    assert.equal(answer.transactions.length, 2, "alice has no allowance: approve first");
    const [approve, transfer] = answer.transactions;
    assert.equal(approve!.kind, "approve");
    assert.equal(approve!.to, bridge.a.token);
    assert.equal(approve!.gas_estimate_method, "eth_estimateGas");
    assert.equal(transfer!.kind, "bridge");
    assert.equal(transfer!.to, bridge.a.manager);
    assert.match(transfer!.gas_estimate_method, /allowance override/);
    const fee = await bridge.a.client.readContract({
      address: bridge.a.manager,
      abi: abis.BridgeManager,
      functionName: "quoteTransfer",
      args: [BigInt(B)],
    });
    assert.equal(transfer!.value, fee.toString(), "the verifiers' fee is the value");

    const q = answer.quote;
    assert.equal(q.amount.base, amount.toString());
    assert.equal(q.amount.human, "1500.5");
    assert.equal(q.source_is_home, true);
    assert.equal(q.recipient, alice, "the recipient defaults to from");
    assert.equal(q.manager, bridge.a.manager);
    assert.equal(q.destination_manager, bridge.b.manager);
    assert.equal(q.fee.wei, fee.toString());
    assert.equal(q.outbound_limit.limit.base, LIMIT.toString());
    assert.equal(q.outbound_limit.left.base, LIMIT.toString(), "nothing sent yet");
    assert.equal(q.outbound_limit.full_at, null);
    assert.ok(q.inbound_limit, "chain B is served: its inbound limit is read");
    assert.equal(q.inbound_limit.left.base, LIMIT.toString());
    assert.equal(q.queued, false);
    assert.equal(q.queued_until, null);
    assert.equal(q.queued_on_arrival, false);
    assert.deepEqual(q.warnings, []);
    assert.equal(q.expected_delivery.p50_seconds, 5);
    assert.equal(q.expected_delivery.p95_seconds, 7);
    assert.equal(q.expected_delivery.plus_queue_seconds, 0);
    assert.match(q.expected_delivery.basis, /BENCHMARKS\.md/);

    const before = await peperOf(A, alice);
    const receipts = await execute(ALICE_KEY, answer);
    const message = sentMessage(receipts[1]!);
    assert.equal(message.amount, amount, "the message carries the amount");
    assert.equal(message.recipient, alice);
    assert.equal(message.sender, alice);
    assert.equal(message.dstChainId, BigInt(B));
    assert.equal(message.dstManager, bridge.b.manager);
    assert.equal(await peperOf(A, alice), before - amount, "locked on A");

    // the outbound limit left went down by the amount
    const again = await built({ amount: "1" });
    assert.equal(again.quote.outbound_limit.left.base, (LIMIT - amount).toString());
    assert.ok(again.quote.outbound_limit.full_at, "it refills back to the limit over 24 h");

    // delivered on B; from B the remote manager burns, so there is no approve
    await deliver(message);
    assert.equal(await peperOf(B, alice), amount, "minted on B");
    const back = await built({ chain_id: B, destination_chain_id: A, amount: "500" });
    assert.equal(back.transactions.length, 1, "a remote chain burns: no approve");
    assert.equal(back.transactions[0]!.gas_estimate_method, "eth_estimateGas");
    assert.equal(back.quote.source_is_home, false);
    const [receipt] = await execute(ALICE_KEY, back);
    const returning = sentMessage(receipt!);
    assert.equal(returning.amount, 500n * E18);
    assert.equal(await peperOf(B, alice), amount - 500n * E18, "burned on B");
  });

  it("sends in one transaction when the allowance is already enough", async () => {
    const w = wallet(ALICE_KEY, A);
    await bridge.a.client.waitForTransactionReceipt({
      hash: await w.writeContract({
        address: bridge.a.token,
        abi: erc20Abi,
        functionName: "approve",
        args: [bridge.a.manager, maxUint256],
      }),
    });
    const answer = await built({ amount: "10", recipient: bob });
    assert.equal(answer.transactions.length, 1);
    assert.equal(answer.transactions[0]!.gas_estimate_method, "eth_estimateGas");
    assert.equal(answer.quote.recipient, bob);
    const [receipt] = await execute(ALICE_KEY, answer);
    assert.equal(sentMessage(receipt!).recipient, bob);
  });

  it("refuses a paused source manager (409 paused) and builds again once it is unpaused", async () => {
    await admin(bridge.a, "pause");
    try {
      const error = await refused({ amount: "1" }, 409, "paused");
      assert.match(error.error, /paused/);
    } finally {
      await admin(bridge.a, "unpause");
    }
    await built({ amount: "1" });
  });

  it("refuses a destination without a peer (422 unknown-peer) and the source chain as destination", async () => {
    const error = await refused({ destination_chain_id: 31_339 }, 422, "unknown-peer");
    assert.equal(error.field, "destination_chain_id");
    assert.match(error.error, /31339/);
    await refused({ destination_chain_id: A, amount: "1" }, 422, "same-chain");
  });

  it("refuses above the outbound limit left unless queueing is asked, saying what is left and when it fits", async () => {
    const limit = 100n * E18;
    await admin(bridge.a, "setOutboundLimit", [BigInt(B), limit]);
    try {
      // what was sent before is above the new limit: nothing left; 0.6 day later, 60 PEPER
      assert.equal((await built({ amount: "1", queue_if_over_limit: true })).quote.outbound_limit.left.base, "0");
      await chainTime(A, 51_840);
      const left = (await built({ amount: "1" })).quote.outbound_limit.left.base;
      assert.ok(BigInt(left) < 61n * E18, left);
      const error = await refused({ amount: "150" }, 409, "outbound-limit-exceeded");
      assert.equal(error.field, "amount");
      assert.match(error.error, /never fits at once/, "150 is above the whole limit");
      assert.match(error.error, /queue_if_over_limit/);

      // within the limit but above what is left: when it fits
      const stored = await bridge.a.client.readContract({
        address: bridge.a.manager,
        abi: abis.BridgeManager,
        functionName: "outboundRateLimit",
        args: [BigInt(B)],
      });
      const amount = BigInt(left) + 5n * E18;
      const fits = capacityReachesAt(
        { capacity: stored.capacity, lastUpdate: BigInt(stored.lastUpdate), limit: stored.limit },
        amount,
        0n,
      )!;
      const partial = await refused({ amount: formatEther(amount) }, 409, "outbound-limit-exceeded");
      assert.ok(partial.error.includes(new Date(Number(fits) * 1000).toISOString()), partial.error);

      // queued: no fee as value, released 24 h after the block, and the chain queues it
      const answer = await built({ amount: "150", queue_if_over_limit: true });
      assert.equal(answer.quote.queued, true);
      assert.ok(answer.quote.queued_until);
      assert.equal(
        Date.parse(answer.quote.queued_until) / 1000,
        answer.block_timestamp + 86_400,
        "24 h after the quote's block",
      );
      assert.equal(answer.quote.expected_delivery.plus_queue_seconds, 86_400);
      assert.equal(answer.transactions.at(-1)!.value, "0");
      assert.match(answer.quote.warnings[0]!, /queued/);
      const receipts = await execute(ALICE_KEY, answer);
      const [queued] = parseEventLogs({
        abi: abis.BridgeManager,
        eventName: "OutboundTransferQueued",
        logs: receipts.at(-1)!.logs,
      });
      assert.equal(queued?.args.amount, 150n * E18, "the chain queued the amount");
    } finally {
      await admin(bridge.a, "setOutboundLimit", [BigInt(B), LIMIT]);
    }
  });

  it("warns, and does not refuse, above the destination's inbound limit (queued on arrival, as the contract does)", async () => {
    await admin(bridge.b, "setInboundLimit", [BigInt(A), 10n * E18]);
    try {
      const answer = await built({ amount: "50" });
      assert.equal(answer.quote.queued, false);
      assert.equal(answer.quote.queued_on_arrival, true);
      assert.ok(BigInt(answer.quote.inbound_limit!.left.base) <= 10n * E18);
      assert.equal(answer.quote.expected_delivery.plus_queue_seconds, 86_400);
      assert.match(answer.quote.warnings.join(" "), /wait 24 h/);
      // a paused destination records attestations and executes after the pause: a warning too
      await admin(bridge.b, "pause");
      try {
        const paused = await built({ amount: "1" });
        assert.match(paused.quote.warnings.join(" "), /chain 31338 is paused/);
      } finally {
        await admin(bridge.b, "unpause");
      }
    } finally {
      await admin(bridge.b, "setInboundLimit", [BigInt(A), LIMIT]);
    }
  });

  it("refuses what the wallet cannot pay: PEPER (insufficient-balance) and native token (insufficient-native-balance)", async () => {
    const noPeper = await refused({ from: bob, amount: "1" }, 422, "insufficient-balance");
    assert.equal(noPeper.field, "amount");
    const held = await peperOf(A, alice);
    const tooMuch = await refused({ amount: formatEther(held + E18) }, 422, "insufficient-balance");
    assert.match(tooMuch.error, /holds/);

    // a fresh account with PEPER but no ether for gas
    const poor = privateKeyToAccount(generatePrivateKey()).address;
    const hash = await bridge.a.deployer.writeContract({
      address: bridge.a.token,
      abi: erc20Abi,
      functionName: "transfer",
      args: [poor, 5n * E18],
      chain: null,
      account: bridge.a.deployer.account!,
    });
    await bridge.a.client.waitForTransactionReceipt({ hash });
    const error = await refused({ from: poor, amount: "1" }, 422, "insufficient-native-balance");
    assert.equal(error.field, "from");
    assert.match(error.error, /fee/);
  });

  it("refuses zero amounts, the zero recipient and bad fields", async () => {
    const zero = await operation({ amount: "0" });
    assert.equal(zero.statusCode, 400, zero.body);
    assert.equal((zero.json() as ErrorBody).field, "amount");
    const decimals = await refused({ amount: "0.0000000000000000001" }, 422, "too-many-decimals");
    assert.equal(decimals.field, "amount");
    const huge = await refused({ amount: "79228162514.264337593543950336" }, 422, "amount-too-large");
    assert.match(huge.error, /2\^96/, "one base unit above what a transfer carries");
    const recipient = await refused({ recipient: "0x0000000000000000000000000000000000000000" }, 422, "zero-recipient");
    assert.equal(recipient.field, "recipient");
    const missing = await operation({ destination_chain_id: undefined, amount: "1" });
    assert.equal(missing.statusCode, 400, missing.body);
    const unknown = await operation({ amount: "1", shouldQueue: true });
    assert.equal(unknown.statusCode, 400, unknown.body);
  });

  it("screens the wallet and the recipient against sanctions (403)", async () => {
    const listedFrom = await refused({ from: dave, amount: "1" }, 403, "sanctioned-address");
    assert.equal(listedFrom.field, "from");
    const listedTo = await refused({ amount: "1", recipient: LISTED }, 403, "sanctioned-address");
    assert.equal(listedTo.field, "recipient");
  });

  it("refuses when the destination manager would not accept the message (409 destination-peer-mismatch)", async () => {
    const stranger = privateKeyToAccount(generatePrivateKey()).address;
    await admin(bridge.b, "setPeer", [BigInt(A), stranger]);
    try {
      const error = await refused({ amount: "1" }, 409, "destination-peer-mismatch");
      assert.equal(error.field, "destination_chain_id");
      assert.match(error.error, /never arrive/);
    } finally {
      await admin(bridge.b, "setPeer", [BigInt(A), bridge.a.manager]);
    }
    await built({ amount: "1" });
  });

  it("says so, and builds, when it does not serve the destination chain", async () => {
    const onlyA = await testApi({
      deps: {
        chain: {
          endpoints: [
            {
              chainId: A,
              rpcUrl: bridge.a.url,
              addresses: { BridgeManager: bridge.a.manager, PeperToken: bridge.a.token },
            },
          ],
        },
      },
    });
    try {
      const someone = await onlyA.user("user", { kyc: "verified" });
      const res = await onlyA.call("POST", "/api/v5/web3/defi-operation", {
        token: someone.accessToken,
        body: { operation: "bridge", chain_id: A, destination_chain_id: B, from: alice, amount: "1" },
      });
      assert.equal(res.statusCode, 200, res.body);
      const quote = (res.json() as DefiOperationAnswer).quote as BridgeQuote;
      assert.equal(quote.inbound_limit, null);
      assert.equal(quote.queued_on_arrival, null);
      assert.match(quote.inbound_limit_note ?? "", /does not serve chain 31338/);
    } finally {
      await onlyA.close();
    }
  });

  it("asks the verifiers' fee as the value (a Hyperlane protocol-fee hook) and refuses a wallet that cannot pay it", async () => {
    // Hyperlane's ProtocolFee hook as chain A's Mailbox default hook: 0.01 ETH a message
    const url = new URL(
      "typechain/factories/contracts/hooks/ProtocolFee__factory.js",
      import.meta.resolve("@hyperlane-xyz/core"),
    );
    const { ProtocolFee__factory: factory } = (await import(url.href)) as {
      ProtocolFee__factory: { abi: Abi; bytecode: Hex };
    };
    const protocolFee = parseEther("0.01");
    const a = bridge.a;
    const account = a.deployer.account!;
    const hookTx = await a.deployer.deployContract({
      abi: factory.abi,
      bytecode: factory.bytecode,
      args: [protocolFee, protocolFee, deployer.address, deployer.address],
      chain: null,
      account,
    });
    const hook = (await a.client.waitForTransactionReceipt({ hash: hookTx })).contractAddress!;
    const ownerCall = async (address: Address, signature: string, args: readonly unknown[]) => {
      const item = parseAbiItem(signature) as AbiFunction;
      const hash = await a.deployer.writeContract({
        address,
        abi: [item],
        functionName: item.name,
        args,
        chain: null,
        account,
      } as never);
      assert.equal((await a.client.waitForTransactionReceipt({ hash })).status, "success", signature);
    };
    await ownerCall(a.mailbox, "function setDefaultHook(address)", [hook]);
    await ownerCall(a.manager, "function setVerifiers(address[] verifiers, uint8 threshold)", [
      [a.operatorVerifier, a.hyperlaneVerifier],
      1,
    ]);

    const answer = await built({ amount: "3" });
    assert.equal(answer.quote.fee.wei, protocolFee.toString(), "both verifiers' quotes: 0 + the hook's fee");
    assert.equal(answer.quote.fee.quoted, protocolFee.toString());
    assert.equal(answer.transactions.at(-1)!.value, protocolFee.toString());
    const before = await a.client.getBalance({ address: hook });
    const receipts = await execute(ALICE_KEY, answer);
    assert.equal(sentMessage(receipts.at(-1)!).amount, 3n * E18);
    assert.equal(await a.client.getBalance({ address: hook }), before + protocolFee, "the fee was paid");

    // a wallet with PEPER and some ether, but less than the fee
    const poorKey = generatePrivateKey();
    const poor = privateKeyToAccount(poorKey).address;
    const fund = async (to: Address, value: bigint, data?: Hex) =>
      a.client.waitForTransactionReceipt({
        hash: await a.deployer.sendTransaction({ to, value, data, chain: null, account }),
      });
    await fund(poor, protocolFee / 2n);
    await fund(a.token, 0n, encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [poor, 5n * E18] }));
    const error = await refused({ from: poor, amount: "1" }, 422, "insufficient-native-balance");
    assert.match(error.error, /fee 0\.01/);
  });

  it("documents the bridge operation in the OpenAPI document", async () => {
    const res = await api.call("GET", "/api/v5/docs/json");
    const doc = res.json() as { paths: Record<string, { post?: { summary?: string; description?: string } }> };
    const post = doc.paths["/api/v5/web3/defi-operation"]?.post;
    assert.match(post?.summary ?? "", /bridge/);
    assert.match(post?.description ?? "", /outbound-limit-exceeded/);
    assert.match(JSON.stringify(doc), /destination_chain_id/);
  });
});
