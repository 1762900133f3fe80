/**
 * Just enough of ONNX's protobuf encoding to write a model file: a few message types, each
 * kept as a list of byte chunks so half a gigabyte of weights is written straight from its
 * Float32Arrays without being copied into one buffer (which a generic protobuf writer does).
 * Field numbers are those of onnx.proto (ModelProto, GraphProto, NodeProto, TensorProto,
 * AttributeProto, ValueInfoProto).
 */

export interface Encoded {
  chunks: Uint8Array[];
  length: number;
}

function varint(value: number | bigint): Uint8Array {
  let n = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  do {
    let byte = Number(n & 0x7fn);
    n >>= 7n;
    if (n > 0n) byte |= 0x80;
    bytes.push(byte);
  } while (n > 0n);
  return Uint8Array.from(bytes);
}

const key = (field: number, wire: 0 | 2 | 5) => varint((field << 3) | wire);

export class Message {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  private push(...parts: Uint8Array[]): this {
    for (const part of parts) {
      this.parts.push(part);
      this.size += part.byteLength;
    }
    return this;
  }

  int(field: number, value: number | bigint): this {
    return this.push(key(field, 0), varint(value));
  }

  float(field: number, value: number): this {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    return this.push(key(field, 5), bytes);
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  bytes(field: number, value: Uint8Array): this {
    return this.push(key(field, 2), varint(value.byteLength), value);
  }

  message(field: number, value: Message): this {
    const encoded = value.encode();
    return this.push(key(field, 2), varint(encoded.length), ...encoded.chunks);
  }

  encode(): Encoded {
    return { chunks: this.parts, length: this.size };
  }
}

export const DataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT64: 7 } as const;

/** A TensorProto with raw little-endian data. */
export function tensor(name: string, dims: readonly number[], data: Float32Array | BigInt64Array | Int8Array): Message {
  const message = new Message();
  for (const dim of dims) message.int(1, dim);
  message.int(2, data instanceof Float32Array ? DataType.FLOAT : data instanceof Int8Array ? DataType.INT8 : DataType.INT64);
  message.string(8, name);
  return message.bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

export type AttributeValue = { f: number } | { i: number } | { ints: readonly number[] };

function attribute(name: string, value: AttributeValue): Message {
  const message = new Message().string(1, name);
  if ('f' in value) return message.float(2, value.f).int(20, 1);
  if ('i' in value) return message.int(3, value.i).int(20, 2);
  for (const v of value.ints) message.int(8, v);
  return message.int(20, 7);
}

export function node(opType: string, inputs: readonly string[], outputs: readonly string[], attributes: Record<string, AttributeValue> = {}): Message {
  const message = new Message();
  for (const input of inputs) message.string(1, input);
  for (const output of outputs) message.string(2, output);
  message.string(3, `${opType}_${outputs[0]}`).string(4, opType);
  for (const [name, value] of Object.entries(attributes)) message.message(5, attribute(name, value));
  return message;
}

/** A tensor input or output with symbolic (string) or fixed dimensions. */
export function valueInfo(name: string, elemType: number, dims: ReadonlyArray<string | number>): Message {
  const shape = new Message();
  for (const dim of dims) shape.message(1, typeof dim === 'string' ? new Message().string(2, dim) : new Message().int(1, dim));
  const tensorType = new Message().int(1, elemType).message(2, shape);
  return new Message().string(1, name).message(2, new Message().message(1, tensorType));
}

export function model(graph: { name: string; nodes: Message[]; initializers: Message[]; inputs: Message[]; outputs: Message[] }, opset: number): Message {
  const g = new Message();
  for (const n of graph.nodes) g.message(1, n);
  g.string(2, graph.name);
  for (const t of graph.initializers) g.message(5, t);
  for (const i of graph.inputs) g.message(11, i);
  for (const o of graph.outputs) g.message(12, o);
  return new Message()
    .int(1, 8) // ir_version 8 (ONNX 1.13, opset 17)
    .string(2, 'aftercare-bench')
    .message(7, g)
    .message(8, new Message().string(1, '').int(2, opset));
}
