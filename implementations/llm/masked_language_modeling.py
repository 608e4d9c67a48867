"""masked-language-modeling: BERT's 15% selection with 80/10/10 corruption and a loss on selected positions only.

Follows Devlin et al. (2019), Sec. 3.1 'Task #1: Masked LM': choose 15% of token positions;
replace the chosen token by [MASK] 80% of the time, by a random token 10%, keep it 10%; predict
the original token at the chosen positions with cross-entropy. Checks: empirical rates within
4 binomial standard errors of 15% selected, 80% [MASK], 0.1 (1 - 1/V) replaced by another token
and 0.1 + 0.1/V unchanged among the selected; the random replacements are uniform over the
vocabulary (chi-square test, scipy.stats.chisquare) and never [MASK]; the fraction of altered
input tokens matches the closed form 0.15 (0.8 + 0.1 (1 - 1/V)); the masked loss equals the
mean cross-entropy over the chosen positions (an explicit loop with np.logaddexp.reduce), stays
finite for huge logits, and ignores every other position.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import chisquare

from implementations._common import Report, main, solution

EXERCISE = ["mask_tokens", "mlm_loss"]

DOC_ZH = {
    "mask_tokens": """BERT 的掩码：以概率 p 独立地选中每个位置；被选中的位置 80% 换成 mask_id，
10% 换成从 0..V-1 均匀抽取的随机词，10% 保持不变。

输入：x，整数词元数组（任意形状，取值 0..V-1）；V，词表大小；mask_id，[MASK] 的编号；
rng，numpy 的 Generator；p，选中概率。
输出：(inp, chosen)：inp 是被改动后的输入（x 不被修改），chosen 是与 x 同形状的布尔数组。

>>> inp, chosen = mask_tokens(np.arange(8), 8, 8, np.random.default_rng(0), p=0.0)
>>> inp.tolist(), int(chosen.sum())
([0, 1, 2, 3, 4, 5, 6, 7], 0)
""",
    "mlm_loss": """掩码语言模型的损失：只在被选中的位置上计算交叉熵（自然对数），再对这些位置求平均。

输入：logits，形状 x.shape + (V',)；x，原始词元；chosen，布尔数组。
输出：一个 float。

>>> round(float(mlm_loss(np.zeros((1, 2, 4)), np.array([[1, 2]]), np.array([[True, False]]))), 6)
1.386294
""",
}

HINTS = {
    "en": (
        "Draw one uniform number to decide whether a position is chosen and another to decide "
        "what happens to it; the loss is an average over the chosen positions only.",
        "chosen = rng.random(shape) < p; with u = rng.random(shape): u < 0.8 -> mask_id, "
        "0.8 <= u < 0.9 -> rng.integers(0, V), else keep. Loss: sum over positions of "
        "chosen * (logsumexp(z) - z[x]) divided by the number chosen.",
    ),
    "zh": (
        "用一个均匀随机数决定某个位置是否被选中，再用另一个决定它被怎样处理；损失只在被选中的位置上平均。",
        "chosen = rng.random(shape) < p；取 u = rng.random(shape)：u < 0.8 换成 mask_id，0.8 <= u < 0.9 换成 "
        "rng.integers(0, V)，否则不变。损失：对所有位置求 chosen * (logsumexp(z) - z[x]) 之和，再除以被选中的个数。",
    ),
}


def mask_tokens(x, V, mask_id, rng, p=0.15):
    """BERT masking: choose each position with probability p; a chosen position becomes
    mask_id 80% of the time, a token drawn uniformly from 0..V-1 10%, and stays 10%.

    Input: x, integer tokens (any shape, values 0..V-1); V, vocabulary size; mask_id, the
    [MASK] id; rng, a numpy Generator; p, the selection probability.
    Output: (inp, chosen): the corrupted input (x is not modified) and a boolean array
    shaped like x.

    >>> inp, chosen = mask_tokens(np.arange(8), 8, 8, np.random.default_rng(0), p=0.0)
    >>> inp.tolist(), int(chosen.sum())
    ([0, 1, 2, 3, 4, 5, 6, 7], 0)
    """
    chosen = rng.random(x.shape) < p
    u = rng.random(x.shape)
    inp = x.copy()
    inp[chosen & (u < 0.8)] = mask_id  # 80%: [MASK]
    rnd = chosen & (u >= 0.8) & (u < 0.9)  # 10%: random token
    inp[rnd] = rng.integers(0, V, size=rnd.sum())
    return inp, chosen  # remaining 10%: unchanged


def mlm_loss(logits, x, chosen):
    """Masked-LM loss: cross-entropy (nats) at the chosen positions only, averaged over them.

    Input: logits, shape x.shape + (V',); x, the original tokens; chosen, a boolean array.
    Output: a float.

    >>> round(float(mlm_loss(np.zeros((1, 2, 4)), np.array([[1, 2]]), np.array([[True, False]]))), 6)
    1.386294
    """
    z = logits - logits.max(-1, keepdims=True)
    lp = z - np.log(np.exp(z).sum(-1, keepdims=True))
    nll = -np.take_along_axis(lp, x[..., None], -1)[..., 0]
    return (nll * chosen).sum() / chosen.sum()


def run(f=None) -> Report:
    f = solution(f, __name__)
    rng = np.random.default_rng(0)
    r = Report("Masked language modelling (BERT)")
    V, MASK = 50, 50  # token ids 0..49, [MASK] = 50
    x = rng.integers(0, V, size=(400, 512))
    x0 = x.copy()
    out = {}

    with r.case("mask_tokens returns a corrupted copy and leaves x intact") as c:
        inp, chosen = f.mask_tokens(x, V, MASK, np.random.default_rng(1))
        out.update(inp=np.asarray(inp), chosen=np.asarray(chosen, bool))
        c.equal(x, x0)
        c.equal(out["inp"].shape, x.shape)
        # With a [MASK] id far from the vocabulary, any other out-of-vocabulary value would be
        # a random draw outside 0..V-1.
        inp99, ch99 = f.mask_tokens(x[:50], V, 99, np.random.default_rng(3), p=1.0)
        vals = set(np.unique(inp99).tolist())
        c.true(vals <= set(range(V)) | {99} and 99 in vals, "values in 0..V-1 or [MASK]")
        c.true(bool(np.all(ch99)), "p = 1 chooses every position")
    inp, chosen = out.get("inp", x), out.get("chosen", np.zeros(x.shape, bool))
    n, k = x.size, max(int(chosen.sum()), 1)
    sel_in, sel_x = inp[chosen], x[chosen]

    def within(name, count, total, p):
        with r.case(f"{name}: rate within 4 s.e. of {p:.4f}") as c:
            se = np.sqrt(p * (1 - p) / total)
            c.true("inp" in out, "mask_tokens ran")
            c.true(abs(count / total - p) < 4 * se, f"rate {count / total:.4f}")

    within("selected positions", chosen.sum(), n, 0.15)
    within("[MASK] among selected", np.sum(sel_in == MASK), k, 0.8)
    within("another token among selected", np.sum((sel_in != MASK) & (sel_in != sel_x)), k,
           0.1 * (1 - 1 / V))
    within("unchanged among selected", np.sum(sel_in == sel_x), k, 0.1 + 0.1 / V)

    with r.case("random replacements are uniform over 0..V-1 (chi-square p > 1e-3)") as c:
        rep = sel_in[(sel_in != MASK) & (sel_in != sel_x)]
        c.true(len(rep) > 1000, f"{len(rep)} replacements")
        c.true(bool(np.all((rep >= 0) & (rep < V))), "replacements are vocabulary tokens")
        # A replacement equal to the original is invisible, so token v is seen with
        # probability proportional to 1 - freq(v among the originals that were replaced).
        cnt = np.bincount(rep, minlength=V)[:V]
        orig = np.bincount(sel_x, minlength=V)[:V] / len(sel_x)
        exp = (1 - orig) / (1 - orig).sum() * cnt.sum()
        c.true(chisquare(cnt, exp).pvalue > 1e-3, f"p = {chisquare(cnt, exp).pvalue:.3g}")

    with r.case("altered fraction == 0.15 (0.8 + 0.1 (1 - 1/V))") as c:
        c.true("inp" in out, "mask_tokens ran")
        changed = np.mean(inp != x)
        r.figure("fraction of input tokens altered", float(changed))
        c.close(changed, 0.15 * (0.8 + 0.1 * (1 - 1 / V)), rtol=0.01)
    with r.case("no unselected position is altered") as c:
        c.equal(inp[~chosen], x[~chosen])
        c.true(bool(chosen.any() and not chosen.all()))
    with r.case("p = 0.5 selects half the positions") as c:
        _, ch = f.mask_tokens(x[:100], V, MASK, np.random.default_rng(2), p=0.5)
        c.close(np.mean(ch), 0.5, atol=4 * np.sqrt(0.25 / ch.size))

    # Loss on chosen positions only.
    xs, cs = x[:4, :64], chosen[:4, :64]
    logits = rng.standard_normal((4, 64, V + 1))
    ref = np.mean([np.logaddexp.reduce(logits[i, j]) - logits[i, j, xs[i, j]]
                   for i, j in zip(*np.nonzero(cs))])
    with r.case("masked loss == mean CE over chosen positions (explicit loop)") as c:
        L = f.mlm_loss(logits, xs, cs)
        c.close(L, ref, rtol=1e-12)
        c.close(f.mlm_loss(logits + 1000.0, xs, cs), ref, rtol=1e-10)  # huge logits
        wide = 300 * logits  # a spread of ~2000 between logits of one position
        c.close(f.mlm_loss(wide, xs, cs), np.mean(
            [np.logaddexp.reduce(wide[i, j]) - wide[i, j, xs[i, j]]
             for i, j in zip(*np.nonzero(cs))]), rtol=1e-12)
        c.close(f.mlm_loss(logits[0], xs[0], cs[0]), np.mean(
            [np.logaddexp.reduce(logits[0, j]) - logits[0, j, xs[0, j]]
             for j in np.flatnonzero(cs[0])]), rtol=1e-12)  # no batch axis
    with r.case("changing predictions at unchosen positions leaves the loss unchanged") as c:
        logits2 = logits.copy()
        logits2[~cs] = 100 * rng.standard_normal(((~cs).sum(), V + 1))
        c.close(f.mlm_loss(logits2, xs, cs), ref, rtol=1e-12)
    return r


if __name__ == "__main__":
    main(run)
