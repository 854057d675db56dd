/**
 * White-label tenants (`/api/v5/tenants`): the API's shapes and the tenant form's checks, mirroring
 * the API's zod schema (offchain/src/api/routes/tenants.ts) rule for rule, so a form the API would
 * refuse is stopped here with a message on the field. Pure.
 */
import { ApiError } from "./apiClient.ts";

export const COLOUR_KEYS = ["primary", "secondary", "accent", "background", "surface", "text"] as const;
export type ColourKey = (typeof COLOUR_KEYS)[number];

/** The theme as the API stores and serves it (`ThemeSchema`). */
export interface Theme {
  colors: { primary: string } & Partial<Record<Exclude<ColourKey, "primary">, string>>;
  logo_url?: string;
  favicon_url?: string;
  font?: { family: string; url?: string };
  mode?: "light" | "dark";
}

/** GET /tenants/by-domain/:domain and /tenants/:slug (public). */
export interface PublicTenant {
  slug: string;
  name: string;
  theme: Theme;
}

/** The admin routes' view (POST/GET/PATCH /tenants). */
export interface AdminTenant extends PublicTenant {
  id: string;
  domain: string | null;
  created_at: string;
  updated_at: string;
}

// -------------------------------------------------------------------------------------------------
// The API's rules
// -------------------------------------------------------------------------------------------------

const COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const FONT_FAMILY = /^[A-Za-z0-9][A-Za-z0-9 -]{0,63}$/;
const URL_MAX = 2048;
const NAME_MAX = 100;

export const isColour = (s: string): boolean => COLOUR.test(s);

/**
 * Whether a host name can carry a tenant (the API's `Domain`: at least two labels, a top-level label
 * starting with a letter). "localhost" and IP addresses cannot, so the app is then served as Peper.
 */
export function isTenantDomain(host: string): boolean {
  const name = host.trim().toLowerCase();
  return name.length <= 253 && DOMAIN.test(name);
}

/** `z.string().max(2048).pipe(z.url({ protocol: /^https$/ }))`: what URL() accepts, with https. */
export function isHttpsUrl(s: string): boolean {
  if (s.length > URL_MAX) return false;
  try {
    return new URL(s.trim()).protocol === "https:";
  } catch {
    return false;
  }
}

// -------------------------------------------------------------------------------------------------
// The form
// -------------------------------------------------------------------------------------------------

/** What the form holds: text as typed. */
export interface TenantFormValues {
  slug: string;
  name: string;
  /** Empty: the tenant is on no domain. */
  domain: string;
  colors: Record<ColourKey, string>;
  logoUrl: string;
  faviconUrl: string;
  fontFamily: string;
  fontUrl: string;
  mode: "" | "light" | "dark";
}

export type TenantField =
  "slug" | "name" | "domain" | `colors.${ColourKey}` | "logoUrl" | "faviconUrl" | "fontFamily" | "fontUrl";

/** Keys of the `partnerships.tenantForm.errors` catalogue. */
export type TenantErrorKey =
  | "slugLength"
  | "slugFormat"
  | "nameEmpty"
  | "nameTooLong"
  | "domainFormat"
  | "colourRequired"
  | "colourFormat"
  | "urlHttps"
  | "fontFamilyFormat"
  | "fontFamilyMissing";

export const emptyTenantForm = (): TenantFormValues => ({
  slug: "",
  name: "",
  domain: "",
  colors: { primary: "#e8590c", secondary: "", accent: "", background: "", surface: "", text: "" },
  logoUrl: "",
  faviconUrl: "",
  fontFamily: "",
  fontUrl: "",
  mode: "",
});

/** A stored tenant as form values (for editing). */
export function tenantToForm(tenant: PublicTenant & { domain?: string | null }): TenantFormValues {
  const c = tenant.theme.colors;
  return {
    slug: tenant.slug,
    name: tenant.name,
    domain: tenant.domain ?? "",
    colors: {
      primary: c.primary,
      secondary: c.secondary ?? "",
      accent: c.accent ?? "",
      background: c.background ?? "",
      surface: c.surface ?? "",
      text: c.text ?? "",
    },
    logoUrl: tenant.theme.logo_url ?? "",
    faviconUrl: tenant.theme.favicon_url ?? "",
    fontFamily: tenant.theme.font?.family ?? "",
    fontUrl: tenant.theme.font?.url ?? "",
    mode: tenant.theme.mode ?? "",
  };
}

/** The theme the form describes, or the errors per field (all of them, so each field can say). */
export function checkTheme(
  form: TenantFormValues,
): { ok: true; theme: Theme } | { ok: false; errors: Partial<Record<TenantField, TenantErrorKey>> } {
  const errors: Partial<Record<TenantField, TenantErrorKey>> = {};
  const colors: Record<string, string> = {};
  for (const key of COLOUR_KEYS) {
    const value = form.colors[key].trim();
    if (value === "") {
      if (key === "primary") errors[`colors.${key}`] = "colourRequired";
    } else if (!isColour(value)) errors[`colors.${key}`] = "colourFormat";
    else colors[key] = value.toLowerCase();
  }
  const url = (field: "logoUrl" | "faviconUrl" | "fontUrl"): string | undefined => {
    const value = form[field].trim();
    if (value === "") return undefined;
    if (!isHttpsUrl(value)) errors[field] = "urlHttps";
    return value;
  };
  const logo = url("logoUrl");
  const favicon = url("faviconUrl");
  const fontUrl = url("fontUrl");
  const family = form.fontFamily.trim();
  if (family !== "" && !FONT_FAMILY.test(family)) errors.fontFamily = "fontFamilyFormat";
  if (family === "" && fontUrl !== undefined) errors.fontFamily = "fontFamilyMissing";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const theme: Theme = {
    colors: colors as Theme["colors"],
    ...(logo ? { logo_url: logo } : {}),
    ...(favicon ? { favicon_url: favicon } : {}),
    ...(family ? { font: { family, ...(fontUrl ? { url: fontUrl } : {}) } } : {}),
    ...(form.mode ? { mode: form.mode } : {}),
  };
  return { ok: true, theme };
}

/** POST /tenants */
export interface CreateTenantBody {
  slug: string;
  name: string;
  theme: Theme;
  domain: string | null;
}

/** PATCH /tenants/:slug — the theme is replaced whole; `domain: null` takes the tenant off its domain. */
export interface UpdateTenantBody {
  name: string;
  theme: Theme;
  domain?: string | null;
}

/** An API error as the tenant form shows it: its message, and the field it names (when it names one). */
export const formError = (error: unknown): { message: string; field?: string | undefined } | undefined =>
  error instanceof ApiError
    ? { message: error.message, field: error.field }
    : error instanceof Error
      ? { message: error.message }
      : undefined;

export type TenantFormCheck<B> =
  { ok: true; body: B } | { ok: false; errors: Partial<Record<TenantField, TenantErrorKey>> };

function checkCommon(form: TenantFormValues, errors: Partial<Record<TenantField, TenantErrorKey>>) {
  const name = form.name.trim();
  if (name === "") errors.name = "nameEmpty";
  else if (name.length > NAME_MAX) errors.name = "nameTooLong";
  const domain = form.domain.trim().toLowerCase();
  if (domain !== "" && !isTenantDomain(domain)) errors.domain = "domainFormat";
  return { name, domain: domain === "" ? null : domain };
}

function slugError(slug: string): TenantErrorKey | undefined {
  if (slug.length < 2 || slug.length > 48) return "slugLength";
  if (!SLUG.test(slug)) return "slugFormat";
  return undefined;
}

/** The body of POST /tenants, or the fields' errors. */
export function checkCreateTenant(form: TenantFormValues): TenantFormCheck<CreateTenantBody> {
  const theme = checkTheme(form);
  const errors: Partial<Record<TenantField, TenantErrorKey>> = theme.ok ? {} : { ...theme.errors };
  const slug = form.slug.trim();
  const bad = slugError(slug);
  if (bad) errors.slug = bad;
  const { name, domain } = checkCommon(form, errors);
  if (!theme.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, body: { slug, name, theme: theme.theme, domain } };
}

/**
 * The body of PATCH /tenants/:slug, or the fields' errors. `withDomain: false` leaves the domain as it
 * is (the tenant edited from the domain it is served on).
 */
export function checkUpdateTenant(
  form: TenantFormValues,
  options: { withDomain: boolean } = { withDomain: true },
): TenantFormCheck<UpdateTenantBody> {
  const theme = checkTheme(form);
  const errors: Partial<Record<TenantField, TenantErrorKey>> = theme.ok ? {} : { ...theme.errors };
  const { name, domain } = checkCommon(options.withDomain ? form : { ...form, domain: "" }, errors);
  if (!theme.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, body: { name, theme: theme.theme, ...(options.withDomain ? { domain } : {}) } };
}

// -------------------------------------------------------------------------------------------------
// Preview
// -------------------------------------------------------------------------------------------------

export interface PreviewColours {
  primary: string;
  secondary: string;
  accent: string;
  background: string;
  surface: string;
  text: string;
}

const DEFAULTS: Record<"light" | "dark", Omit<PreviewColours, "primary">> = {
  dark: { secondary: "#ff8a3d", accent: "#40c057", background: "#15171c", surface: "#1d2027", text: "#e9ecf1" },
  light: { secondary: "#495057", accent: "#1c7ed6", background: "#ffffff", surface: "#f1f3f5", text: "#15171c" },
};

/**
 * The colours a preview paints with: each valid colour of the form, else the default of the mode
 * (dark unless light is chosen). Only hex colours ever reach a style.
 */
export function previewColours(form: Pick<TenantFormValues, "colors" | "mode">): PreviewColours {
  const base = DEFAULTS[form.mode === "light" ? "light" : "dark"];
  const pick = (key: ColourKey, fallback: string) => {
    const value = form.colors[key].trim();
    return isColour(value) ? value.toLowerCase() : fallback;
  };
  return {
    primary: pick("primary", "#e8590c"),
    secondary: pick("secondary", base.secondary),
    accent: pick("accent", base.accent),
    background: pick("background", base.background),
    surface: pick("surface", base.surface),
    text: pick("text", base.text),
  };
}
