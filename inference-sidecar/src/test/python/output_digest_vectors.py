#!/usr/bin/env python3
"""Independent reference for PROTOCOL.md §13.4 (outputDigest): writes
inference-sidecar/src/test/resources/output-digest-vectors.json.

Pure Python (struct + round()), hashing with foundry's `cast keccak` (node_modules/@foundry-rs).
The Java implementation (OutputDigest) is checked against the file by OutputDigestTest, so the
two implementations agree byte for byte. Run from the repository root:
    python3 inference-sidecar/src/test/python/output_digest_vectors.py
"""
import base64, json, math, struct, subprocess, sys
from pathlib import Path

DOMAIN = b"proofmesh.outputDigest.v1"
CODES = {"FLOAT32": 1, "UINT8": 2, "INT32": 6, "INT64": 7, "BOOL": 9, "FLOAT64": 11}
FMT = {"FLOAT32": "f", "FLOAT64": "d", "INT32": "i", "INT64": "q", "UINT8": "B", "BOOL": "B"}
LIMIT = 1 << 62


def quantize(x, tol):
    if math.isnan(x):
        return LIMIT + 2
    if x == math.inf:
        return LIMIT + 1
    if x == -math.inf:
        return -(LIMIT + 1)
    r = x / tol                      # IEEE binary64 division
    if math.isinf(r):
        return LIMIT if r > 0 else -LIMIT
    q = round(r)                     # Python rounds half to even
    return max(-LIMIT, min(LIMIT, q))


def values(t):
    n = math.prod(t["shape"])
    return list(struct.unpack("<%d%s" % (n, FMT[t["dtype"]]), t["raw"]))


def encoding(outputs, tol):
    out = bytearray(DOMAIN) + struct.pack(">I", len(outputs))
    for t in sorted(outputs, key=lambda t: t["name"].encode("utf-8")):
        name = t["name"].encode("utf-8")
        out += struct.pack(">I", len(name)) + name
        out += struct.pack(">BB", CODES[t["dtype"]], len(t["shape"]))
        out += b"".join(struct.pack(">q", d) for d in t["shape"])
        for v in values(t):
            if t["dtype"] in ("FLOAT32", "FLOAT64"):
                q = quantize(v, tol)
            elif t["dtype"] == "BOOL":
                q = 1 if v else 0
            else:
                q = v
            out += struct.pack(">q", q)
    return bytes(out)


def keccak(data):
    cast = Path("node_modules/@foundry-rs/cast-linux-amd64/bin/cast")
    return subprocess.run([str(cast), "keccak", "0x" + data.hex()], check=True, capture_output=True, text=True).stdout.strip()


def tensor(name, dtype, shape, vals):
    raw = struct.pack("<%d%s" % (len(vals), FMT[dtype]), *vals)
    return {"name": name, "dtype": dtype, "shape": shape, "raw": raw}


def show(v):
    return repr(v) if isinstance(v, float) else v


VECTORS = [
    ("mixed outputs: names sorted by UTF-8 bytes ('Label' < 'ids' < 'logits' < 'mask' < 'pixels' < 'prob'), every dtype", 0.001, [
        tensor("logits", "FLOAT32", [2, 3], [0.1234, -2.5, 0.0, 1e-4, -0.00049, 3.14159]),
        tensor("Label", "INT64", [2], [7, -1]),
        tensor("mask", "BOOL", [3], [1, 0, 1]),
        tensor("prob", "FLOAT64", [], [0.987654321]),
        tensor("pixels", "UINT8", [1, 2], [0, 255]),
        tensor("ids", "INT32", [2], [-2147483648, 42]),
    ]),
    ("round half to even on exact halves (tolerance 0.5: 0.25 -> 0, 0.75 -> 2, 1.25 -> 2, -0.25 -> 0, -0.75 -> -2)", 0.5, [
        tensor("y", "FLOAT64", [5], [0.25, 0.75, 1.25, -0.25, -0.75]),
    ]),
    ("non-finite and huge values: NaN -> 2^62+2, +Inf -> 2^62+1, -Inf -> -(2^62+1), |x/tol| > 2^62 clamps", 1e-6, [
        tensor("y", "FLOAT32", [4], [float("nan"), float("inf"), float("-inf"), 3.0e38]),
        tensor("z", "FLOAT64", [1], [-1e300]),
    ]),
    ("no outputs (a result whose status is not OK)", 0.001, []),
]


def main():
    vectors = []
    for about, tol, outputs in VECTORS:
        enc = encoding(outputs, tol)
        vectors.append({
            "about": about,
            "tolerance": tol,
            "outputs": [{"name": t["name"], "dtype": t["dtype"], "shape": t["shape"],
                         "data": base64.b64encode(t["raw"]).decode(),
                         "values": [str(show(v)) for v in values(t)]} for t in outputs],
            "encoding": "0x" + enc.hex(),
            "outputDigest": keccak(enc),
        })
    doc = {
        "description": "outputDigest test vectors (PROTOCOL.md §13.4). outputs[].data is the wire encoding "
                       "(standard base64 of little-endian row-major elements) and is authoritative; "
                       "outputs[].values is the same data for reading only.",
        "encoding": "keccak256 over: the 25 ASCII bytes 'proofmesh.outputDigest.v1'; u32 number of outputs; "
                    "per output in order of the names' UTF-8 bytes (unsigned lexicographic): u32 name byte length, "
                    "UTF-8 name, u8 dtype code (FLOAT32 1, UINT8 2, INT32 6, INT64 7, BOOL 9, FLOAT64 11), u8 rank, "
                    "i64 per dimension, i64 per element in row-major order. Integers big-endian. Element value: "
                    "FLOAT32/FLOAT64 q = roundHalfEven(x / tolerance) in binary64 (FLOAT32 widened exactly), "
                    "clamped to [-2^62, 2^62], NaN 2^62+2, +Inf 2^62+1, -Inf -(2^62+1); INT32/INT64 the value; "
                    "UINT8 0..255; BOOL 0 or 1.",
        "generator": "inference-sidecar/src/test/python/output_digest_vectors.py (independent of the Java code)",
        "vectors": vectors,
    }
    path = Path("inference-sidecar/src/test/resources/output-digest-vectors.json")
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    print("wrote", path, file=sys.stderr)


if __name__ == "__main__":
    main()
