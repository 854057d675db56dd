import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";

import { DecisionInputSchema } from "../../engines/decision/decide.ts";
import { ACTIONS } from "../../engines/decision/model.ts";
import { PositionStateSchema, RiskParametersSchema } from "../../engines/decision/risk.ts";
import { randomUUID } from "node:crypto";

import { desc, eq } from "drizzle-orm";

import { aiDecisions } from "../../db/schema.ts";
import { storeDecisions } from "../durable.ts";
import { BEARER, caller, requireAuth } from "../auth/guard.ts";
import type { ApiContext } from "../context.ts";
import { closesOf, MarketReferenceSchema } from "./market.ts";

const DecisionRequestSchema = z.union([
  DecisionInputSchema,
  z
    .object({
      asset: z.string().min(1).max(32),
      history: MarketReferenceSchema,
      risk: RiskParametersSchema,
      state: PositionStateSchema.optional(),
    })
    .strict(),
]);

const Action = z.enum(ACTIONS);
const DecisionResponseSchema = z.object({
  decision_id: z.uuid(),
  created_at: z.string(),
  decision: z.object({
    action: Action,
    size: z.number(),
    stop_loss: z.number().nullable(),
    take_profit: z.number().nullable(),
  }),
  confidence_score: z.number().min(0).max(1),
  reasoning: z.string(),
  model_version: z.string(),
  inputs_hash: z.string(),
  model_action: Action,
  probabilities: z.object({ sell: z.number(), hold: z.number(), buy: z.number() }),
  vetoes: z.array(z.object({ rule: z.string(), message: z.string() })).readonly(),
  attributions: z
    .array(z.object({ feature: z.string(), value: z.number(), z: z.number(), contribution: z.number() }))
    .readonly(),
});

const StoredDecisionSchema = z.object({
  decision_id: z.uuid(),
  asset: z.string(),
  action: Action,
  size: z.string(),
  stop_loss: z.string().nullable(),
  take_profit: z.string().nullable(),
  confidence_score: z.number(),
  reasoning: z.string(),
  model_version: z.string(),
  inputs_hash: z.string(),
  created_at: z.string(),
});

/** A number as the decimal string a `numeric` column stores (at most 18 decimals, no exponent). */
const decimal = (x: number): string => (x === 0 ? "0" : x.toFixed(18).replace(/\.?0+$/, ""));

/**
 * `POST /api/v5/ai/agi-decision`: the decision engine (ONNX model + risk manager + reasoning); each
 * decision is stored in `ai_decisions` for the caller. `GET /api/v5/ai/decisions`: the caller's own.
 */
export const aiRoutes =
  (ctx: ApiContext): FastifyPluginAsync =>
  async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    const { db } = ctx.database;
    app.post(
      "/agi-decision",
      {
        onRequest: requireAuth(ctx),
        schema: {
          summary: "Buy, sell or hold one asset, with calibrated confidence and a plain-language reason",
          description:
            "Runs the committed ONNX decision model on the last 261 daily closes (sent, or a series of the shipped data set), applies your risk parameters (they can veto the model), and explains the result from the model's exact feature attributions. The decision is stored in your history.",
          security: BEARER,
          body: DecisionRequestSchema,
          response: { 200: DecisionResponseSchema },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const body = request.body;
        const input =
          "history" in body
            ? {
                asset: body.asset,
                closes: closesOf(body.history),
                risk: body.risk,
                ...(body.state ? { state: body.state } : {}),
              }
            : body;
        const result = await ctx.decisionEngine.decide(input);
        const now = ctx.now();
        const id = randomUUID();
        const createdAt = new Date(now);
        // Stored with its audit entry in the next group commit; answered once that has committed.
        await ctx.auditCommits.submit(storeDecisions, {
          id,
          userId: sub,
          actor: ctx.pseudonym(sub),
          asset: input.asset,
          action: result.decision.action,
          size: decimal(result.decision.size),
          stopLoss: result.decision.stop_loss === null ? null : decimal(result.decision.stop_loss),
          takeProfit: result.decision.take_profit === null ? null : decimal(result.decision.take_profit),
          confidenceScore: Math.round(result.confidence_score * 10_000) / 10_000,
          reasoning: result.reasoning,
          modelVersion: result.model_version,
          inputsHash: result.inputs_hash,
          risk: { vetoes: result.vetoes.map((v) => v.rule), model_action: result.model_action },
          createdAt,
        });
        return { decision_id: id, created_at: createdAt.toISOString(), ...result };
      },
    );

    app.get(
      "/decisions",
      {
        onRequest: requireAuth(ctx),
        schema: {
          summary: "Your stored decisions, newest first",
          security: BEARER,
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
          response: { 200: z.object({ decisions: z.array(StoredDecisionSchema) }) },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const rows = await db
          .select()
          .from(aiDecisions)
          .where(eq(aiDecisions.userId, sub))
          .orderBy(desc(aiDecisions.createdAt))
          .limit(request.query.limit);
        return {
          decisions: rows.map((r) => ({
            decision_id: r.id,
            asset: r.asset,
            action: r.action,
            size: r.size,
            stop_loss: r.stopLoss,
            take_profit: r.takeProfit,
            confidence_score: r.confidenceScore,
            reasoning: r.reasoning,
            model_version: r.modelVersion,
            inputs_hash: r.inputsHash,
            created_at: r.createdAt.toISOString(),
          })),
        };
      },
    );
  };
