import countries from "i18n-iso-countries";
import { z } from "zod";

/** An ISO 3166-1 alpha-2 country code that exists (not just two letters): "DE", "BR", "JP". */
export const RegionSchema = z
  .string()
  .regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code in capitals, like DE or BR")
  .refine((code) => countries.isValid(code), "is not an ISO 3166-1 country code");
