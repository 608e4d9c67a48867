"""Huffman coding that merges the two most likely nodes at each step.

The learner remembers "repeatedly merge two nodes" but merges the largest weights, so the
likely symbols end up deep in the tree with long codewords.
"""

import heapq
import itertools

BREAKS = [
    "H <= L < H + 1",
    "optimal expected length on the 6-symbol source (brute force)",
    "dyadic source: lengths are exactly -log2 p",
    "Huffman matches the brute-force optimum on 30 random sources",
]


def huffman_code(p):
    tie = itertools.count()
    # a max-heap through negated weights: pops the two LARGEST nodes
    heap = [(-float(w), next(tie), {i: ""}) for i, w in enumerate(p)]
    heapq.heapify(heap)
    while len(heap) > 1:
        w1, _, a = heapq.heappop(heap)
        w2, _, b = heapq.heappop(heap)
        merged = {s: "0" + c for s, c in a.items()}
        merged.update({s: "1" + c for s, c in b.items()})
        heapq.heappush(heap, (w1 + w2, next(tie), merged))
    return heap[0][2]


def encode(msg, code):
    return "".join(code[s] for s in msg)


def decode(bits, code):
    inverse = {w: s for s, w in code.items()}
    out, word = [], ""
    for b in bits:
        word += b
        if word in inverse:
            out.append(inverse[word])
            word = ""
    return out
