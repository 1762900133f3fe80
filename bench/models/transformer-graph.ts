import { seededRandom } from '../lib/random.js';
import { DataType, model, node, tensor, valueInfo, type AttributeValue, type Message } from './onnx-proto.js';

/** The shape of a BERT-family encoder; the costs of inference depend on these, not on the weights. */
export interface EncoderShape {
  vocab: number;
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
  maxPositions: number;
  /** `classifier`: DistilBERT's sequence-classification head on [CLS] (logits); `encoder`: last_hidden_state, pooled by the caller. */
  head: { kind: 'classifier'; labels: number } | { kind: 'encoder' };
}

/**
 * A post-layer-norm BERT encoder as ONNX (opset 17): word and position embeddings, then per
 * layer multi-head self-attention (MatMul, Reshape/Transpose into heads, scaled scores plus
 * the padding mask, Softmax), an erf-GELU feed-forward block and LayerNormalization after
 * each. Weights are uniform noise from a fixed seed: the same file on every machine.
 * `q8` is what transformers.js ships as model_quantized.onnx (ONNX Runtime's dynamic
 * quantization): each linear layer's weights are int8, its input quantized at run time
 * (DynamicQuantizeLinear → MatMulInteger → rescale); embeddings stay fp32.
 */
export function encoderModel(shape: EncoderShape, seed: number, precision: 'fp32' | 'q8' = 'fp32'): Message {
  const random = seededRandom(seed);
  const nodes: Message[] = [];
  const initializers: Message[] = [];
  let counter = 0;
  const fresh = (hint: string) => `${hint}_${counter++}`;
  const op = (type: string, inputs: string[], attributes: Record<string, AttributeValue> = {}, output = fresh(type.toLowerCase())) => {
    nodes.push(node(type, inputs, [output], attributes));
    return output;
  };
  const weight = (name: string, dims: number[], fill: 'random' | 'ones' | 'zeros' = 'random') => {
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    // ±0.05 keeps activations of random layers finite through every LayerNorm.
    if (fill === 'random') for (let i = 0; i < data.length; i++) data[i] = (random() - 0.5) * 0.1;
    else if (fill === 'ones') data.fill(1);
    initializers.push(tensor(name, dims, data));
    return name;
  };
  const scalar = (name: string, value: number) => {
    initializers.push(tensor(name, [], Float32Array.of(value)));
    return name;
  };
  const int64s = (name: string, values: number[], dims: number[] = [values.length]) => {
    initializers.push(tensor(name, dims, BigInt64Array.from(values.map(BigInt))));
    return name;
  };
  const { hidden, heads, intermediate } = shape;
  const headSize = hidden / heads;
  const quantizedWeight = (name: string, dims: number[]) => {
    const data = new Int8Array(dims.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = Math.floor(random() * 255) - 127;
    initializers.push(tensor(name, dims, data));
    return name;
  };
  const int8Zero = (() => {
    initializers.push(tensor('int8_zero', [], Int8Array.of(0)));
    return 'int8_zero';
  })();
  const matMul = (input: string, name: string, inSize: number, outSize: number) => {
    if (precision === 'fp32') return op('MatMul', [input, weight(`${name}.weight`, [inSize, outSize])]);
    const [quantized, inputScale, inputZero] = [fresh('xq'), fresh('xscale'), fresh('xzero')];
    nodes.push(node('DynamicQuantizeLinear', [input], [quantized, inputScale, inputZero]));
    const product = op('MatMulInteger', [quantized, quantizedWeight(`${name}.weight_quantized`, [inSize, outSize]), inputZero, int8Zero]);
    const scale = op('Mul', [inputScale, scalar(`${name}.weight_scale`, 0.05 / 127)]);
    return op('Mul', [op('Cast', [product], { to: { i: DataType.FLOAT } }), scale]);
  };
  const linear = (input: string, name: string, inSize: number, outSize: number) => op('Add', [matMul(input, name, inSize, outSize), weight(`${name}.bias`, [outSize], 'zeros')]);
  const layerNorm = (input: string, name: string) =>
    op('LayerNormalization', [input, weight(`${name}.gamma`, [hidden], 'ones'), weight(`${name}.beta`, [hidden], 'zeros')], { axis: { i: -1 }, epsilon: { f: 1e-12 } });

  // Embeddings: word + position (positions 0..S-1 from the input's own length).
  const words = op('Gather', [weight('embeddings.word', [shape.vocab, hidden]), 'input_ids']);
  const sequence = op('Gather', [op('Shape', ['input_ids']), int64s('one_index', [1], [])]);
  const positions = op('Range', [int64s('zero_i64', [0], []), sequence, int64s('one_i64', [1], [])]);
  const positional = op('Gather', [weight('embeddings.position', [shape.maxPositions, hidden]), positions]);
  let x = layerNorm(op('Add', [words, positional]), 'embeddings.norm');

  // Padding mask as an additive bias over the key positions: [B, 1, 1, S].
  const mask = op('Cast', ['attention_mask'], { to: { i: DataType.FLOAT } });
  const maskBias = op('Unsqueeze', [op('Mul', [op('Sub', [scalar('one_f', 1), mask]), scalar('minus_large', -10000)]), int64s('mask_axes', [1, 2])]);
  const headsShape = int64s('heads_shape', [0, 0, heads, headSize]);
  const mergedShape = int64s('merged_shape', [0, 0, hidden]);
  const scale = scalar('attention_scale', 1 / Math.sqrt(headSize));
  const sqrt2 = scalar('sqrt2', Math.SQRT2);
  const half = scalar('half', 0.5);

  for (let layer = 0; layer < shape.layers; layer++) {
    const p = `layer${layer}`;
    const split = (name: string, perm: number[]) => op('Transpose', [op('Reshape', [linear(x, `${p}.${name}`, hidden, hidden), headsShape])], { perm: { ints: perm } });
    const q = split('query', [0, 2, 1, 3]);
    const k = split('key', [0, 2, 3, 1]);
    const v = split('value', [0, 2, 1, 3]);
    const scores = op('Add', [op('Mul', [op('MatMul', [q, k]), scale]), maskBias]);
    const context = op('MatMul', [op('Softmax', [scores], { axis: { i: -1 } }), v]);
    const merged = op('Reshape', [op('Transpose', [context], { perm: { ints: [0, 2, 1, 3] } }), mergedShape]);
    x = layerNorm(op('Add', [x, linear(merged, `${p}.attention_output`, hidden, hidden)]), `${p}.attention_norm`);
    const up = linear(x, `${p}.ffn_in`, hidden, intermediate);
    const gelu = op('Mul', [op('Mul', [up, half]), op('Add', [op('Erf', [op('Div', [up, sqrt2])]), scalar(`${p}.one`, 1)])]);
    const output = shape.head.kind === 'encoder' && layer === shape.layers - 1 ? 'last_hidden_state' : fresh('hidden');
    x = layerNorm(op('Add', [x, linear(gelu, `${p}.ffn_out`, intermediate, hidden)]), `${p}.output_norm`);
    if (output === 'last_hidden_state') nodes.push(node('Identity', [x], [output]));
  }

  const inputs = [valueInfo('input_ids', DataType.INT64, ['batch_size', 'sequence_length']), valueInfo('attention_mask', DataType.INT64, ['batch_size', 'sequence_length'])];
  let outputs: Message[];
  if (shape.head.kind === 'classifier') {
    // DistilBERT: [CLS] → pre_classifier (ReLU) → classifier.
    const cls = op('Gather', [x, int64s('zero_index', [0], [])], { axis: { i: 1 } });
    const pre = op('Relu', [linear(cls, 'pre_classifier', hidden, hidden)]);
    nodes.push(node('Add', [matMul(pre, 'classifier', hidden, shape.head.labels), weight('classifier.bias', [shape.head.labels], 'zeros')], ['logits']));
    outputs = [valueInfo('logits', DataType.FLOAT, ['batch_size', shape.head.labels])];
  } else {
    outputs = [valueInfo('last_hidden_state', DataType.FLOAT, ['batch_size', 'sequence_length', hidden])];
  }
  return model({ name: 'encoder', nodes, initializers, inputs, outputs }, 17);
}
