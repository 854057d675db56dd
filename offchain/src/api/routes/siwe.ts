import type { FastifyPluginAsync } from "fastify";

import type { ApiContext } from "../context.ts";

/** Placeholder: routes under construction (see issue 8). */
export const siweRoutes =
  (_ctx: ApiContext): FastifyPluginAsync =>
  async () => {};
