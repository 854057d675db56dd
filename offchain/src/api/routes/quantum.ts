import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";

import { optimizePortfolio, PortfolioRequestSchema } from "../../engines/portfolio/optimize.ts";
import { returnsMatrix } from "../../engines/portfolio/stats.ts";
import { BEARER, requireAuth } from "../auth/guard.ts";
import type { ApiContext } from "../context.ts";
import { EU_STOCK_ASSETS, loadEuStockMarkets } from "../../market/euStocks.ts";

const Options = PortfolioRequestSchema.omit({ assets: true, returns: true });

const OptimizationRequestSchema = z.union([
  PortfolioRequestSchema,
  Options.extend({
    markets: z
      .array(z.enum(EU_STOCK_ASSETS))
      .min(1)
      .max(4)
      .describe("Series of the shipped EuStockMarkets data set, used instead of sending returns."),
    lookbackDays: z.number().int().min(20).max(1859).default(250),
  }).strict(),
]);

const ResultSchema = z.object({
  optimal_weights: z.record(z.string(), z.number()),
  expected_return: z.number(),
  risk_metrics: z.object({
    volatility: z.number(),
    var_95: z.number(),
    cvar_95: z.number(),
    sharpe: z.number(),
    max_drawdown: z.number(),
  }),
  algorithm: z.string(),
  kkt_residual: z.number(),
  quantum_speedup: z.number().nullable(),
  quantum: z
    .object({
      selected: z.array(z.string()),
      approximation_ratio: z.number(),
      optimum_found: z.boolean(),
      qubits: z.number(),
      depth: z.number(),
      layers: z.number(),
      shots: z.number(),
      qaoa_ms: z.number(),
      classical_ms: z.number(),
    })
    .nullable(),
  frontier: z.array(z.object({ expected_return: z.number(), volatility: z.number() })),
});

/** `POST /api/v5/quantum/portfolio-optimization`: exact mean–variance, or QAOA selection + exact weights. */
export const quantumRoutes =
  (ctx: ApiContext): FastifyPluginAsync =>
  async (app) => {
    app.withTypeProvider<ZodTypeProvider>().post(
      "/portfolio-optimization",
      {
        onRequest: requireAuth(ctx),
        schema: {
          security: BEARER,
          summary: "Optimal weights, expected return, risk metrics and the measured quantum speedup",
          description:
            'Exact long-only mean–variance optimisation with bounds, or ("method": "qaoa") QAOA on a simulated quantum circuit choosing `cardinality` assets that are then weighted exactly. `quantum_speedup` is classical time / QAOA time as measured on the server — below 1 on a simulator.',
          body: OptimizationRequestSchema,
          response: { 200: ResultSchema },
        },
      },
      async (request) => {
        const body = request.body;
        if ("markets" in body) {
          const { markets, lookbackDays, ...options } = body;
          const data = loadEuStockMarkets();
          const prices = Object.fromEntries(markets.map((m) => [m, data.closes[m].slice(-(lookbackDays + 1))]));
          const { assets, returns } = returnsMatrix(prices);
          return optimizePortfolio({ ...options, assets, returns });
        }
        return optimizePortfolio(body);
      },
    );
  };
