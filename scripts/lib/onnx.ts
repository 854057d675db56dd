// Writes the decision model as an ONNX graph with the ONNX protobuf schema (the `onnx-proto` package,
// protobufjs code generated from onnx.proto). Used only by `npm run train`.
import onnxProto from "onnx-proto";

const { onnx } = onnxProto;

export interface LinearSoftmaxExport {
  readonly version: string;
  readonly features: readonly string[];
  readonly classes: readonly string[];
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly weights: readonly (readonly number[])[];
  readonly bias: readonly number[];
  readonly temperature: number;
}

function tensor(name: string, dims: number[], values: readonly number[]) {
  return onnx.TensorProto.create({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, floatData: [...values] });
}

function valueInfo(name: string, dims: (number | string)[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: onnx.TensorShapeProto.create({
          dim: dims.map((d) =>
            typeof d === "number"
              ? onnx.TensorShapeProto.Dimension.create({ dimValue: d })
              : onnx.TensorShapeProto.Dimension.create({ dimParam: d }),
          ),
        }),
      }),
    }),
  });
}

/**
 * The graph: features [batch, F] → Sub(mean) → Div(std) → MatMul(W/T) → Add(b/T) → Softmax →
 * probabilities [batch, K]; the logits are a second output. The temperature is folded into W and b.
 * Opset 13, IR version 8.
 */
export function linearSoftmaxOnnx(model: LinearSoftmaxExport): Uint8Array {
  const f = model.features.length;
  const k = model.classes.length;
  const scaledWeights: number[] = [];
  for (let i = 0; i < f; i++) for (let c = 0; c < k; c++) scaledWeights.push(model.weights[i]![c]! / model.temperature);
  const graph = onnx.GraphProto.create({
    name: "peper_decision",
    node: [
      onnx.NodeProto.create({ opType: "Sub", input: ["features", "mean"], output: ["centered"], name: "center" }),
      onnx.NodeProto.create({ opType: "Div", input: ["centered", "std"], output: ["z"], name: "scale" }),
      onnx.NodeProto.create({ opType: "MatMul", input: ["z", "weights"], output: ["zw"], name: "project" }),
      onnx.NodeProto.create({ opType: "Add", input: ["zw", "bias"], output: ["logits"], name: "offset" }),
      onnx.NodeProto.create({
        opType: "Softmax",
        input: ["logits"],
        output: ["probabilities"],
        name: "softmax",
        attribute: [onnx.AttributeProto.create({ name: "axis", i: -1, type: onnx.AttributeProto.AttributeType.INT })],
      }),
    ],
    initializer: [
      tensor("mean", [f], model.mean),
      tensor("std", [f], model.std),
      tensor("weights", [f, k], scaledWeights),
      tensor(
        "bias",
        [k],
        model.bias.map((b) => b / model.temperature),
      ),
    ],
    input: [valueInfo("features", ["batch", f])],
    output: [valueInfo("probabilities", ["batch", k]), valueInfo("logits", ["batch", k])],
  });
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: "", version: 13 })],
    producerName: "peper-train",
    producerVersion: model.version,
    graph,
    metadataProps: [
      onnx.StringStringEntryProto.create({ key: "features", value: model.features.join(",") }),
      onnx.StringStringEntryProto.create({ key: "classes", value: model.classes.join(",") }),
      onnx.StringStringEntryProto.create({ key: "version", value: model.version }),
    ],
  });
  return onnx.ModelProto.encode(proto).finish();
}
