import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";

import { DecisionInputSchema } from "../../engines/decision/decide.ts";
import { ACTIONS } from "../../engines/decision/model.ts";
import { PositionStateSchema, RiskParametersSchema } from "../../engines/decision/risk.ts";
import type { ApiDependencies } from "../app.ts";
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

/** `POST /api/v5/ai/agi-decision`: the decision engine (ONNX model + risk manager + reasoning). */
export const aiRoutes =
  (deps: ApiDependencies): FastifyPluginAsync =>
  async (app) => {
    app.withTypeProvider<ZodTypeProvider>().post(
      "/agi-decision",
      {
        schema: {
          summary: "Buy, sell or hold one asset, with calibrated confidence and a plain-language reason",
          description:
            "Runs the committed ONNX decision model on the last 261 daily closes (sent, or a series of the shipped data set), applies your risk parameters (they can veto the model), and explains the result from the model's exact feature attributions.",
          body: DecisionRequestSchema,
          response: { 200: DecisionResponseSchema },
        },
      },
      async (request) => {
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
        return deps.decisionEngine.decide(input);
      },
    );
  };
