import type { FastifyPluginAsync } from "fastify";

import type { ApiContext } from "../context.ts";

/** Placeholder: routes under construction (see issue 8). */
export const institutionalRoutes =
  (_ctx: ApiContext): FastifyPluginAsync =>
  async () => {};
