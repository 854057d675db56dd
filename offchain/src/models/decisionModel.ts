import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

import { InferenceSession, Tensor } from "onnxruntime-node";
import { z } from "zod";

import { decide, prepareDecision, type Decision, type DecisionInput } from "../engines/decision/decide.ts";
import { ACTIONS, assertModelShape, type LinearSoftmaxModel } from "../engines/decision/model.ts";
import { BaseError } from "../errors/base.ts";

/** The committed model, written by `npm run train`. */
export const MODEL_DIR = new URL("./decision/", import.meta.url);

const ModelCardSchema = z.object({
  version: z.string().min(1),
  features: z.array(z.string()),
  classes: z.array(z.string()),
  mean: z.array(z.number()),
  std: z.array(z.number()),
  weights: z.array(z.array(z.number())),
  bias: z.array(z.number()),
  temperature: z.number().positive(),
  onnx: z.object({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
});
export type ModelCard = z.output<typeof ModelCardSchema> & LinearSoftmaxModel;

export class ModelFileError extends BaseError {
  override name = "ModelFileError";
}

/** Reads and checks the model card, and that the ONNX file is the one the card describes. */
export function loadModelCard(dir: URL = MODEL_DIR): { card: ModelCard; onnx: Uint8Array } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(new URL("model-card.json", dir), "utf8"));
  } catch (cause) {
    throw new ModelFileError("The decision model card is missing or not JSON.", {
      details: "Run `npm run train` to write offchain/src/models/decision/.",
      cause,
    });
  }
  const parsed = ModelCardSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ModelFileError("The decision model card is malformed.", { details: parsed.error.message });
  }
  const card = parsed.data as ModelCard;
  assertModelShape(card);
  const onnx = readFileSync(new URL(card.onnx.file, dir));
  const digest = createHash("sha256").update(onnx).digest("hex");
  if (digest !== card.onnx.sha256) {
    throw new ModelFileError("The ONNX file does not match its model card.", {
      details: `sha256 ${digest}, card says ${card.onnx.sha256}. Run \`npm run train\` to write both again.`,
    });
  }
  return { card, onnx };
}

/** The decision engine with the committed ONNX model running in onnxruntime-node. */
export interface DecisionEngine {
  readonly version: string;
  readonly card: ModelCard;
  /** Class probabilities (sell, hold, buy) for rows of features, from the ONNX graph. */
  predict(rows: readonly ArrayLike<number>[]): Promise<Float32Array[]>;
  /** A full decision (features → ONNX → risk manager → reasoning). */
  decide(input: DecisionInput): Promise<Decision>;
}

/** Loads the model once; reuse the engine for every decision (a session is ~1 ms to create). */
export async function createDecisionEngine(dir: URL = MODEL_DIR): Promise<DecisionEngine> {
  const { card, onnx } = loadModelCard(dir);
  const session = await InferenceSession.create(onnx, { executionMode: "sequential", intraOpNumThreads: 1 });
  const width = card.features.length;
  const predict = async (rows: readonly ArrayLike<number>[]) => {
    const data = new Float32Array(rows.length * width);
    rows.forEach((row, r) => data.set(Array.from(row), r * width));
    const output = await session.run({ features: new Tensor("float32", data, [rows.length, width]) });
    const probabilities = output.probabilities!.data as Float32Array;
    return rows.map((_, r) => probabilities.slice(r * ACTIONS.length, (r + 1) * ACTIONS.length));
  };
  return {
    version: card.version,
    card,
    predict,
    async decide(input) {
      const prepared = prepareDecision(input);
      const [probabilities] = await predict([prepared.features]);
      return decide(prepared, card, probabilities);
    },
  };
}
