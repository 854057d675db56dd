import { asc, eq, gt } from "drizzle-orm";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";

import { appendAudit } from "../../compliance/auditStore.ts";
import { globalUsers, ROLES } from "../../db/schema.ts";
import { BEARER, caller, requireAuth } from "../auth/guard.ts";
import { ApiError, notFound, type ApiContext } from "../context.ts";

const UserRow = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(ROLES),
  region: z.string(),
  created_at: z.string(),
});

/**
 * `/api/v5/admin`: user administration (admins only). A role change ends the user's access tokens at
 * once (401 `token-expired`); the next refresh carries the new role.
 */
export const adminRoutes =
  (ctx: ApiContext): FastifyPluginAsync =>
  async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    const { db } = ctx.database;
    const admin = requireAuth(ctx, ["admin"]);

    app.get(
      "/users",
      {
        onRequest: admin,
        schema: {
          summary: "List accounts, 100 per page (pass the last id as `after` for the next page)",
          security: BEARER,
          querystring: z
            .object({ after: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(100).default(100) })
            .strict(),
          response: { 200: z.object({ users: z.array(UserRow) }) },
        },
      },
      async (request) => {
        const { after, limit } = request.query;
        const rows = await db
          .select()
          .from(globalUsers)
          .where(after ? gt(globalUsers.id, after) : undefined)
          .orderBy(asc(globalUsers.id))
          .limit(limit);
        return {
          users: rows.map((u) => ({
            id: u.id,
            email: u.email,
            role: u.role,
            region: u.region,
            created_at: u.createdAt.toISOString(),
          })),
        };
      },
    );

    app.put(
      "/users/:id/role",
      {
        onRequest: admin,
        schema: {
          summary: "Give an account a role",
          description:
            "The account's access tokens stop working at once (401 `token-expired`); refreshing gives a token with the new role.",
          security: BEARER,
          params: z.object({ id: z.uuid() }),
          body: z.object({ role: z.enum(ROLES) }).strict(),
          response: { 200: UserRow },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const { id } = request.params;
        if (id === sub && request.body.role !== "admin") {
          throw new ApiError(409, "last-admin-guard", "You cannot remove your own admin role; ask another admin.", {
            field: "role",
          });
        }
        const updated = await db.transaction(async (tx) => {
          const [row] = await tx
            .update(globalUsers)
            .set({ role: request.body.role })
            .where(eq(globalUsers.id, id))
            .returning();
          if (!row) throw notFound("The user");
          await appendAudit(
            tx,
            {
              actor: ctx.pseudonym(sub),
              action: "admin.role",
              target: ctx.pseudonym(id),
              details: { role: request.body.role },
            },
            ctx.now(),
          );
          return row;
        });
        // Tokens carrying the old role stop working now (401 token-expired: refresh for the new role).
        ctx.sessions.forgetUser(id);
        return {
          id: updated.id,
          email: updated.email,
          role: updated.role,
          region: updated.region,
          created_at: updated.createdAt.toISOString(),
        };
      },
    );
  };
