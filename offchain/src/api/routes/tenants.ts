import { asc, eq } from "drizzle-orm";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";

import { appendAudit } from "../../compliance/auditStore.ts";
import { whiteLabelTenants, type WhiteLabelTenant } from "../../db/schema.ts";
import { BEARER, caller, requireAuth } from "../auth/guard.ts";
import { ApiError, notFound, type ApiContext } from "../context.ts";

const Colour = z
  .string()
  .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/, "must be a hex colour like #1a2b3c")
  .toLowerCase();

/** An https URL of at most 2048 characters (assets the dApp loads; never http, javascript: or data:). */
const HttpsUrl = z
  .string()
  .max(2048)
  .pipe(z.url({ protocol: /^https$/, message: "must be an https:// URL" }));

/**
 * A tenant's theme, as the dApp loads it. Strict and bounded: unknown keys are refused, colours are
 * hex, assets are https URLs, the font family is a plain name (no CSS can be smuggled through it).
 */
export const ThemeSchema = z
  .object({
    colors: z
      .object({
        primary: Colour,
        secondary: Colour.optional(),
        accent: Colour.optional(),
        background: Colour.optional(),
        surface: Colour.optional(),
        text: Colour.optional(),
      })
      .strict(),
    logo_url: HttpsUrl.optional(),
    favicon_url: HttpsUrl.optional(),
    font: z
      .object({
        family: z
          .string()
          .regex(/^[A-Za-z0-9][A-Za-z0-9 -]{0,63}$/, "must be a font name of letters, digits, spaces and hyphens"),
        url: HttpsUrl.optional(),
      })
      .strict()
      .optional(),
    mode: z.enum(["light", "dark"]).optional(),
  })
  .strict();
/** A validated tenant theme. */
export type Theme = z.infer<typeof ThemeSchema>;

const Slug = z
  .string()
  .min(2)
  .max(48)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lower-case words joined by hyphens, like acme-bank");

/** A host name (no scheme, port or path), stored lower-case. */
const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/,
    "must be a host name like invest.acme.example (no scheme, port or path)",
  );

const TenantName = z.string().trim().min(1).max(100);

const PublicTenant = z.object({ slug: z.string(), name: z.string(), theme: ThemeSchema });
const AdminTenant = PublicTenant.extend({
  id: z.uuid(),
  domain: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

/** The stored theme as the public config; a stored theme that no longer validates is a server bug. */
function publicView(row: WhiteLabelTenant): z.infer<typeof PublicTenant> {
  return { slug: row.slug, name: row.name, theme: ThemeSchema.parse(row.theme) };
}

function adminView(row: WhiteLabelTenant): z.infer<typeof AdminTenant> {
  return {
    id: row.id,
    ...publicView(row),
    domain: row.domain,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** The unique constraint a PostgreSQL error violated, if it is a unique violation (23505). */
function uniqueViolation(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error || (typeof e === "object" && e !== null);) {
    const { code, constraint, cause } = e as { code?: unknown; constraint?: unknown; cause?: unknown };
    if (code === "23505") return typeof constraint === "string" ? constraint : "";
    e = cause;
  }
  return undefined;
}

function conflict(error: unknown): never {
  const constraint = uniqueViolation(error);
  if (constraint === undefined) throw error;
  if (constraint.includes("domain")) {
    throw new ApiError(409, "domain-taken", "Another tenant is served on this domain.", { field: "domain" });
  }
  throw new ApiError(409, "slug-taken", "A tenant with this slug exists; choose another.", { field: "slug" });
}

/**
 * `/api/v5/tenants`: white-label tenants. Admins create, list, change and delete them; the dApp
 * loads a tenant's public config (name and theme, nothing internal) by slug or by the domain it is
 * served on, without signing in.
 */
export const tenantRoutes =
  (ctx: ApiContext): FastifyPluginAsync =>
  async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    const { db } = ctx.database;
    const admin = requireAuth(ctx, ["admin"]);

    app.post(
      "/",
      {
        onRequest: admin,
        schema: {
          summary: "Create a white-label tenant (admins)",
          security: BEARER,
          body: z
            .object({ slug: Slug, name: TenantName, theme: ThemeSchema, domain: Domain.nullable().optional() })
            .strict(),
          response: { 201: AdminTenant },
        },
      },
      async (request, reply) => {
        const { sub } = caller(request);
        const { slug, name, theme, domain } = request.body;
        const row = await db
          .transaction(async (tx) => {
            const [created] = await tx
              .insert(whiteLabelTenants)
              .values({ slug, name, theme, domain: domain ?? null, createdAt: new Date(ctx.now()) })
              .returning();
            await appendAudit(
              tx,
              { actor: ctx.pseudonym(sub), action: "tenant.create", target: created!.id, details: { slug } },
              ctx.now(),
            );
            return created!;
          })
          .catch(conflict);
        return reply.status(201).send(adminView(row));
      },
    );

    app.get(
      "/",
      {
        onRequest: admin,
        schema: {
          summary: "List every tenant with its internal fields (admins)",
          security: BEARER,
          response: { 200: z.object({ tenants: z.array(AdminTenant) }) },
        },
      },
      async () => {
        const rows = await db.select().from(whiteLabelTenants).orderBy(asc(whiteLabelTenants.slug));
        return { tenants: rows.map(adminView) };
      },
    );

    app.patch(
      "/:slug",
      {
        onRequest: admin,
        schema: {
          summary: "Change a tenant's name, theme or domain (admins); the slug stays",
          description: "The theme is replaced as a whole. `domain: null` takes the tenant off its domain.",
          security: BEARER,
          params: z.object({ slug: Slug }).strict(),
          body: z
            .object({
              name: TenantName.optional(),
              theme: ThemeSchema.optional(),
              domain: Domain.nullable().optional(),
            })
            .strict()
            .refine((b) => Object.keys(b).length > 0, "send at least one of name, theme, domain"),
          response: { 200: AdminTenant },
        },
      },
      async (request) => {
        const { sub } = caller(request);
        const body = request.body;
        const row = await db
          .transaction(async (tx) => {
            const [updated] = await tx
              .update(whiteLabelTenants)
              .set({
                ...(body.name !== undefined ? { name: body.name } : {}),
                ...(body.theme !== undefined ? { theme: body.theme } : {}),
                ...(body.domain !== undefined ? { domain: body.domain } : {}),
                updatedAt: new Date(ctx.now()),
              })
              .where(eq(whiteLabelTenants.slug, request.params.slug))
              .returning();
            if (!updated) throw notFound(`The tenant ${request.params.slug}`);
            await appendAudit(
              tx,
              {
                actor: ctx.pseudonym(sub),
                action: "tenant.update",
                target: updated.id,
                details: { slug: updated.slug, fields: Object.keys(body).sort() },
              },
              ctx.now(),
            );
            return updated;
          })
          .catch(conflict);
        return adminView(row);
      },
    );

    app.delete(
      "/:slug",
      {
        onRequest: admin,
        schema: {
          summary: "Delete a tenant (admins)",
          security: BEARER,
          params: z.object({ slug: Slug }).strict(),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const { sub } = caller(request);
        await db.transaction(async (tx) => {
          const [deleted] = await tx
            .delete(whiteLabelTenants)
            .where(eq(whiteLabelTenants.slug, request.params.slug))
            .returning();
          if (!deleted) throw notFound(`The tenant ${request.params.slug}`);
          await appendAudit(
            tx,
            { actor: ctx.pseudonym(sub), action: "tenant.delete", target: deleted.id, details: { slug: deleted.slug } },
            ctx.now(),
          );
        });
        return reply.status(204).send(null);
      },
    );

    app.get(
      "/by-domain/:domain",
      {
        schema: {
          summary: "The public config of the tenant served on a domain (what the dApp loads)",
          params: z.object({ domain: Domain }).strict(),
          response: { 200: PublicTenant },
        },
      },
      async (request) => {
        const [row] = await db
          .select()
          .from(whiteLabelTenants)
          .where(eq(whiteLabelTenants.domain, request.params.domain));
        if (!row) throw notFound(`A tenant on ${request.params.domain}`);
        return publicView(row);
      },
    );

    app.get(
      "/:slug",
      {
        schema: {
          summary: "The public config of a tenant, by slug (what the dApp loads)",
          params: z.object({ slug: Slug }).strict(),
          response: { 200: PublicTenant },
        },
      },
      async (request) => {
        const [row] = await db.select().from(whiteLabelTenants).where(eq(whiteLabelTenants.slug, request.params.slug));
        if (!row) throw notFound(`The tenant ${request.params.slug}`);
        return publicView(row);
      },
    );
  };
