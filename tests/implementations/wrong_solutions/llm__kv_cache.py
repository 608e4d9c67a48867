"""KV-cache decoding that gives every new token the position embedding P[0].

The learner sees that each step feeds a sequence of length one and takes its position as 0,
instead of the token's absolute position t in the whole sequence.
"""

import numpy as np

BREAKS = [
    "cached logits == full recomputation at every step",
    "cached keys and values equal those of the full pass, layer by layer",
]


def _softmax(s):
    e = np.exp(s - s.max())
    return e / e.sum()


def decode_step(tok, t, params, cache):
    E, P, W = params
    h = E[tok] + P[0]  # should be P[t]
    for layer, (Wq, Wk, Wv, Wo) in enumerate(W):
        q = h @ Wq
        cache[layer][0].append(h @ Wk)
        cache[layer][1].append(h @ Wv)
        K, Vv = np.array(cache[layer][0]), np.array(cache[layer][1])
        h = h + _softmax(K @ q / np.sqrt(len(Wq))) @ Vv @ Wo
    return h @ E.T


def generate(prompt, n_new, params):
    cache = [([], []) for _ in params[2]]
    ids = list(prompt)
    for t in range(len(prompt) + n_new - 1):
        logits = decode_step(ids[t], t, params, cache)
        if t >= len(prompt) - 1:
            ids.append(int(np.argmax(logits)))
    return ids, cache
