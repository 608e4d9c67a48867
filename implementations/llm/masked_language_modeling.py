"""masked-language-modeling: BERT's 15% selection with 80/10/10 corruption and a loss on selected positions only.

Follows Devlin et al. (2019), Sec. 3.1 'Task #1: Masked LM': choose 15% of token positions;
replace the chosen token by [MASK] 80% of the time, by a random token 10%, keep it 10%; predict
the original token at the chosen positions with cross-entropy. Checks: empirical rates within
4 binomial standard errors of 15% / 80% / 10% / 10%; the fraction of input tokens that differ
from the original matches the closed form 0.15 (0.8 + 0.1 (1 - 1/V)); the masked loss equals
the mean cross-entropy over the chosen positions and ignores every other position.
"""

from __future__ import annotations

import numpy as np

from implementations._common import Report, main


def mask_tokens(x, V, mask_id, rng, p=0.15):
    chosen = rng.random(x.shape) < p
    u = rng.random(x.shape)
    inp = x.copy()
    inp[chosen & (u < 0.8)] = mask_id  # 80%: [MASK]
    rnd = chosen & (u >= 0.8) & (u < 0.9)  # 10%: random token
    inp[rnd] = rng.integers(0, V, size=rnd.sum())
    return inp, chosen, u  # remaining 10%: unchanged


def mlm_loss(logits, x, chosen):
    z = logits - logits.max(-1, keepdims=True)
    lp = z - np.log(np.exp(z).sum(-1, keepdims=True))
    nll = -np.take_along_axis(lp, x[..., None], -1)[..., 0]
    return (nll * chosen).sum() / chosen.sum()


def run() -> Report:
    rng = np.random.default_rng(0)
    r = Report("Masked language modelling (BERT)")
    V, MASK = 50, 50  # token ids 0..49, [MASK] = 50
    x = rng.integers(0, V, size=(400, 512))
    inp, chosen, u = mask_tokens(x, V, MASK, rng)
    n, k = x.size, chosen.sum()

    def within(name, count, total, p):
        se = np.sqrt(p * (1 - p) / total)
        r.check(
            f"{name}: rate {count / total:.4f} within 4 s.e. of {p}",
            abs(count / total - p) < 4 * se,
        )

    within("selected positions", k, n, 0.15)
    within("[MASK] among selected", np.sum(inp[chosen] == MASK), k, 0.8)
    within("random draw among selected", np.sum(chosen & (u >= 0.8) & (u < 0.9)), k, 0.1)
    within("kept as is among selected", np.sum(chosen & (u >= 0.9)), k, 0.1)
    changed = np.mean(inp != x)
    r.figure("fraction of input tokens altered", float(changed))
    expected = 0.15 * (0.8 + 0.1 * (1 - 1 / V))  # a random draw can hit the original token
    r.check_close("altered fraction == 0.15 (0.8 + 0.1 (1 - 1/V))", changed, expected, rtol=0.01)
    r.check("no unselected position is altered", np.all(inp[~chosen] == x[~chosen]))

    # Loss on chosen positions only.
    xs, cs = x[:4, :64], chosen[:4, :64]
    logits = rng.standard_normal((4, 64, V + 1))
    L = mlm_loss(logits, xs, cs)
    ref = np.mean(
        [
            np.log(np.exp(logits[i, j]).sum()) - logits[i, j, xs[i, j]]
            for i, j in zip(*np.nonzero(cs))
        ]
    )
    r.check_close(
        "masked loss == mean CE over chosen positions (explicit loop)", L, ref, rtol=1e-12
    )
    logits2 = logits.copy()
    logits2[~cs] = 100 * rng.standard_normal(((~cs).sum(), V + 1))
    r.check_close(
        "changing predictions at unchosen positions leaves the loss unchanged",
        mlm_loss(logits2, xs, cs),
        L,
        rtol=1e-14,
    )
    return r


if __name__ == "__main__":
    main(run)
