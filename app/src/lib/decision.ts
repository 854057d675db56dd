/** The decision request form (POST /api/v5/ai/agi-decision with a shipped market series), checked first. */
export interface DecisionInputForm {
  market: string;
  maxPosition: string;
  stopLoss: string;
  takeProfit: string;
  maxDrawdown: string;
  minConfidence: string;
}

export type DecisionCheck =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; key: "maxPosition" | "stopLoss" | "takeProfit" | "maxDrawdown" | "minConfidence" };

/** Percent text → fraction, or undefined. */
const percent = (s: string): number | undefined => {
  const t = s.trim().replace(",", ".");
  return /^\d*\.?\d+$/.test(t) ? Number(t) / 100 : undefined;
};

export function checkDecision(input: DecisionInputForm): DecisionCheck {
  const maxPosition = percent(input.maxPosition);
  if (maxPosition === undefined || maxPosition <= 0 || maxPosition > 1) return { ok: false, key: "maxPosition" };
  const stopLoss = percent(input.stopLoss);
  if (stopLoss === undefined || stopLoss <= 0 || stopLoss >= 1) return { ok: false, key: "stopLoss" };
  const takeProfit = percent(input.takeProfit);
  if (takeProfit === undefined || takeProfit <= 0 || takeProfit > 100) return { ok: false, key: "takeProfit" };
  const maxDrawdown = percent(input.maxDrawdown);
  if (maxDrawdown === undefined || maxDrawdown <= 0 || maxDrawdown > 1) return { ok: false, key: "maxDrawdown" };
  const minConfidence = percent(input.minConfidence);
  if (minConfidence === undefined || minConfidence > 1) return { ok: false, key: "minConfidence" };
  return {
    ok: true,
    body: {
      asset: input.market,
      history: { market: input.market },
      risk: { maxPosition, stopLoss, takeProfit, maxDrawdown, minConfidence, allowedAssets: [input.market] },
    },
  };
}
