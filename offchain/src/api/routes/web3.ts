import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { erc20Abi, type Address } from "viem";

import { appendAudit } from "../../compliance/auditStore.ts";
import { screenAddress } from "../../compliance/sanctions.ts";
import { assertTradingAllowed } from "../auth/session.ts";
import { BEARER, caller, requireAuth } from "../auth/guard.ts";
import type { ChainEndpoint } from "../chain.ts";
import { ApiError, type ApiContext } from "../context.ts";
import { chainFor, isUnreachable, unreachable, type ChainHandle } from "../web3/endpoint.ts";
import { buildDefiOperation } from "../web3/operations.ts";
import { inspectRawTransaction, relayTarget } from "../web3/relay.ts";
import { DefiOperationBody, DefiOperationResponse, RelayBody, RelayResponse } from "../web3/schemas.ts";

/** Runs chain reads, turning a node that does not answer into 503 `chain-unreachable`. */
async function onChain<T>(endpoint: ChainEndpoint, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ApiError) && isUnreachable(error)) throw unreachable(endpoint);
    throw error;
  }
}

/**
 * `/api/v5/web3`: non-custodial DeFi. `POST /defi-operation` builds swaps (PeperRouter), staking
 * (StakingPool), farming (Farm) and bridge (BridgeManager) transactions for the user's wallet to sign, with quote, price
 * impact, gas and yield read from the chain; `POST /relay` forwards a transaction the user signed
 * to the node, only if it calls Peper's contracts. Both screen the wallet against sanctions.
 */
export const web3Routes =
  (ctx: ApiContext): FastifyPluginAsync =>
  async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    const { db } = ctx.database;

    /** 403 `sanctioned-address` (audited, without the address) when the address is listed. */
    const screen = async (userId: string, address: Address, route: string, field: string): Promise<void> => {
      const hit = screenAddress(ctx.sanctions, address);
      if (!hit) return;
      await db.transaction(async (tx) => {
        await appendAudit(
          tx,
          {
            actor: ctx.pseudonym(userId),
            action: "web3.sanctions-refused",
            target: "",
            details: { route, list: hit.list },
          },
          ctx.now(),
        );
      });
      throw new ApiError(
        403,
        "sanctioned-address",
        `${address} is on a sanctions list (${hit.list}); Peper cannot build or relay transactions for it. Contact support if you think this is wrong.`,
        { field },
      );
    };

    app.post(
      "/defi-operation",
      {
        onRequest: requireAuth(ctx),
        schema: {
          summary: "Build a swap, stake, farm or bridge operation for your wallet to sign",
          description:
            "Non-custodial: answers the transactions to sign, in order — an exact ERC-20 approve first when your allowance (read from the chain) is short — with the quote (amounts in token units and base units, route, minimum out after slippage), the price impact from the pools' live reserves, gas measured on the chain (a call that needs the approve first is measured against the approved state via a state override of the allowance slot; see gas_estimation), and for stake and farm_deposit a yield projection from the contracts' live reward rates (formula in the answer). Sign the transactions with your wallet and send them yourself or through POST /api/v5/web3/relay. Operations: swap (PeperRouter, exact in; token_in/token_out an ERC-20 address or \"ETH\"), stake / unstake / claim (StakingPool), farm_deposit / farm_withdraw / farm_harvest (Farm, by pool id), bridge (BridgeManager.transfer: PEPER to destination_chain_id; an approve first on the home chain, which locks PEPER, none on a remote chain, which burns it; the verifiers' fee from quoteTransfer as the value). A bridge transfer is checked as the contract checks it and refused with the reason before you sign: 409 paused (source manager), 422 unknown-peer (no peer for the destination), 409 outbound-limit-exceeded (above the outbound limit left unless queue_if_over_limit, with the amount left and when it fits), 422 insufficient-balance, 422 insufficient-native-balance (fee plus gas), 422 zero-recipient, 409 destination-peer-mismatch (the destination would not accept the message); a transfer above the destination's inbound limit left is built with a warning (queued 24 h on arrival, as the contract does). The answer's quote gives the fee, the outbound limit left on the source and the inbound limit left on the destination (read from that chain when this API serves it), whether it is queued and until when, and the expected delivery time measured in BENCHMARKS.md. The message's sequence and digest are not predicted (another transfer mined first would change them): read them from the MessageSent event of your receipt.",
          security: BEARER,
          body: DefiOperationBody,
          response: { 200: DefiOperationResponse },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const body = request.body;
        await screen(sub, body.from, "defi-operation", "from");
        if (body.operation === "bridge" && body.recipient) {
          await screen(sub, body.recipient, "defi-operation", "recipient");
        }
        const chain = chainFor(ctx, body.chain_id);
        await assertTradingAllowed(ctx.database.db, sub);
        // the other chains this API serves (a bridge transfer's destination is read when served)
        const chainOf = (chainId: number): ChainHandle | null =>
          ctx.chain?.endpoints.some((e) => e.chainId === chainId) ? chainFor(ctx, chainId) : null;
        return onChain(chain.endpoint, () => buildDefiOperation(chain, body, { chainOf }));
      },
    );

    app.post(
      "/relay",
      {
        onRequest: requireAuth(ctx),
        schema: {
          summary: "Send a transaction you signed to the chain",
          description:
            "Forwards your signed transaction with eth_sendRawTransaction and answers its hash (202: accepted by the node, not yet mined — watch the hash). Only transactions for a chain this API serves, signed for that chain id, that call one of Peper's contracts there (or approve one of them on a token) are relayed; the signer must not be on a sanctions list. The API never holds your key.",
          security: BEARER,
          body: RelayBody,
          response: { 202: RelayResponse },
        },
      },
      async (request, reply) => {
        const { sub } = caller(request);
        const { chain_id: chainId, raw_transaction: raw } = request.body;
        const chain = chainFor(ctx, chainId);
        await assertTradingAllowed(ctx.database.db, sub);
        const tx = await inspectRawTransaction(raw, chainId);
        await screen(sub, tx.sender, "relay", "raw_transaction");
        const target = relayTarget(chain.endpoint, tx.to, tx.data, tx.value);
        // a recipient (or any other address) in the call must not be listed either
        for (const party of target.parties) await screen(sub, party, "relay", "raw_transaction");
        const hash = await onChain(chain.endpoint, async () => {
          if (target.externalToken) {
            // an approve on a token outside the address book: it must at least be an ERC-20
            try {
              await chain.client.readContract({
                address: target.externalToken.token,
                abi: erc20Abi,
                functionName: "allowance",
                args: [tx.sender, target.externalToken.spender],
              });
            } catch (error) {
              if (isUnreachable(error)) throw error;
              throw new ApiError(
                422,
                "not-a-peper-contract",
                `${target.externalToken.token} is not an ERC-20 token, so this approve is not relayed.`,
                { field: "raw_transaction" },
              );
            }
          }
          const seen = await chain.client.getTransaction({ hash: tx.hash }).catch((error: unknown) => {
            if (isUnreachable(error)) throw error;
            return null;
          });
          if (seen) {
            throw new ApiError(
              409,
              "already-sent",
              `This transaction was already sent (${tx.hash}); nothing was sent again. Watch that hash for its receipt.`,
              { field: "raw_transaction" },
            );
          }
          try {
            return await chain.client.sendRawTransaction({ serializedTransaction: raw });
          } catch (error) {
            if (isUnreachable(error)) throw error;
            // Hardhat's automine mines a reverting transaction and still answers an error: if the
            // chain knows the transaction now (it did not before), this call sent it.
            const known = await chain.client.getTransaction({ hash: tx.hash }).catch(() => null);
            if (known) return tx.hash;
            const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
            throw new ApiError(422, "rejected-by-node", `The node refused the transaction: ${why}`, {
              field: "raw_transaction",
            });
          }
        });
        await db.transaction(async (dbtx) => {
          await appendAudit(
            dbtx,
            {
              actor: ctx.pseudonym(sub),
              action: "web3.relay",
              target: hash,
              details: { chain_id: chainId, contract: target.contract, function: target.functionName },
            },
            ctx.now(),
          );
        });
        return reply.status(202).send({
          transaction_hash: hash,
          chain_id: chainId,
          from: tx.sender,
          to: tx.to!,
          contract: target.contract,
          function: target.functionName,
        });
      },
    );
  };
