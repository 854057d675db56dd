/** The browser's country (from its language, "de-DE" → "DE"), the sign-in's default region. */
export const defaultRegion = (): string => {
  if (typeof navigator === "undefined") return "US";
  return /-([A-Z]{2})$/.exec(navigator.language)?.[1] ?? "US";
};

export const regionValid = (region: string): boolean => /^[A-Z]{2}$/.test(region);
export const emailValid = (email: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);
